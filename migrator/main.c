// SPDX-License-Identifier: GPL-2.0
/*
 * baton_migrator: receives migrated connections on a host and infuses
 * them into the local stack, so the unmodified server accept()s them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <net/genetlink.h>

#include <uapi/linux/baton.h>
#include <baton/version.h>

#include "migrator.h"

unsigned int baton_mig_net_id __read_mostly;
struct workqueue_struct *baton_mig_wq;

static int __net_init baton_mig_net_init(struct net *net)
{
	struct baton_mig_net *pn = baton_mig_pernet(net);
	int err;

	baton_netns_stamp_init(&pn->stamp);
	pn->net = net;
	skb_queue_head_init(&pn->hold);
	pn->hold_time = msecs_to_jiffies(BATON_MIG_HOLD_MS_DEFAULT);
	baton_mig_ctl_init(pn);
	pn->counters = baton_counters_alloc(BATON_MIG_NUM);
	if (!pn->counters)
		return -ENOMEM;
	err = baton_mig_hooks_register(net);
	if (err) {
		free_percpu(pn->counters);
		return err;
	}
	baton_mig_end_start(pn);
	return 0;
}

static void __net_exit baton_mig_net_exit(struct net *net)
{
	struct baton_mig_net *pn = baton_mig_pernet(net);

	baton_mig_end_stop(pn);
	baton_mig_ctl_stop(net);
	baton_mig_hooks_unregister(net);
	baton_mig_hold_purge(net);
	free_percpu(pn->counters);
}

static struct pernet_operations baton_mig_net_ops = {
	.init = baton_mig_net_init,
	.exit = baton_mig_net_exit,
	.id = &baton_mig_net_id,
	.size = sizeof(struct baton_mig_net),
};

static int __init baton_mig_init(void)
{
	int ret;

	baton_mig_wq = alloc_workqueue("baton_mig", WQ_UNBOUND | WQ_MEM_RECLAIM,
				       0);
	if (!baton_mig_wq)
		return -ENOMEM;

	ret = register_pernet_subsys(&baton_mig_net_ops);
	if (ret)
		goto err_pernet;

	ret = baton_mig_genl_init();
	if (ret)
		goto err_genl;

	pr_info("baton " BATON_VERSION " loaded\n");
	return 0;

err_genl:
	unregister_pernet_subsys(&baton_mig_net_ops);
err_pernet:
	destroy_workqueue(baton_mig_wq);
	return ret;
}

static void __exit baton_mig_exit(void)
{
	baton_mig_genl_uninit();
	unregister_pernet_subsys(&baton_mig_net_ops);
	destroy_workqueue(baton_mig_wq);
}

module_init(baton_mig_init);
module_exit(baton_mig_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("baton migrator: infuse handed-off connections");
MODULE_VERSION(BATON_VERSION);
MODULE_ALIAS_GENL_FAMILY(BATON_MIG_GENL_NAME);
