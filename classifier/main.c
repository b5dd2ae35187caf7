// SPDX-License-Identifier: GPL-2.0
/*
 * baton_classifier: accepts client connections on the VIPs, reads the
 * start of each request, and migrates the connection out to a host.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include <uapi/linux/baton.h>
#include <baton/version.h>

#include "classifier.h"

unsigned int baton_cls_net_id __read_mostly;
struct workqueue_struct *baton_cls_wq;

static int __net_init baton_cls_net_init(struct net *net)
{
	struct baton_cls_net *pn = baton_cls_pernet(net);

	baton_netns_stamp_init(&pn->stamp);
	pn->net = net;
	mutex_init(&pn->lock);
	INIT_LIST_HEAD(&pn->services);
	INIT_LIST_HEAD(&pn->gp_list);
	INIT_RCU_WORK(&pn->gp_work, baton_migrate_work);
	pn->peek = kvmalloc(BATON_SVC_HEAD_MAX_MAX, GFP_KERNEL);
	if (!pn->peek)
		goto err_peek;
	pn->sniff = baton_rule_sniff_alloc();
	if (!pn->sniff)
		goto err_sniff;
	pn->counters = baton_counters_alloc(BATON_CLS_NUM);
	if (!pn->counters)
		goto err_counters;
	return 0;

err_counters:
	kfree(pn->sniff);
err_sniff:
	kvfree(pn->peek);
err_peek:
	return -ENOMEM;
}

static void __net_exit baton_cls_net_exit(struct net *net)
{
	struct baton_cls_net *pn = baton_cls_pernet(net);
	struct baton_conn *c, *tmp;

	mutex_lock(&pn->lock);
	baton_svc_flush(pn);
	list_for_each_entry_safe(c, tmp, &pn->gp_list, node) {
		struct baton_be *be = c->be;

		list_del(&c->node);
		c->be = NULL;
		baton_conn_reset(c);
		baton_chan_put(&be->ch);
	}
	mutex_unlock(&pn->lock);
	flush_rcu_work(&pn->gp_work);
	flush_workqueue(baton_cls_wq);
	free_percpu(pn->counters);
	kfree(pn->sniff);
	kvfree(pn->peek);
}

static struct pernet_operations baton_cls_net_ops = {
	.init = baton_cls_net_init,
	.exit = baton_cls_net_exit,
	.id = &baton_cls_net_id,
	.size = sizeof(struct baton_cls_net),
};

static int __init baton_cls_init(void)
{
	int ret;

	baton_cls_wq = alloc_workqueue("baton_cls", WQ_UNBOUND | WQ_MEM_RECLAIM,
				       0);
	if (!baton_cls_wq)
		return -ENOMEM;

	ret = register_pernet_subsys(&baton_cls_net_ops);
	if (ret)
		goto err_pernet;

	ret = baton_cls_genl_init();
	if (ret)
		goto err_genl;

	pr_info("baton " BATON_VERSION " loaded\n");
	return 0;

err_genl:
	unregister_pernet_subsys(&baton_cls_net_ops);
err_pernet:
	destroy_workqueue(baton_cls_wq);
	return ret;
}

static void __exit baton_cls_exit(void)
{
	baton_cls_genl_uninit();
	unregister_pernet_subsys(&baton_cls_net_ops);
	destroy_workqueue(baton_cls_wq);
}

module_init(baton_cls_init);
module_exit(baton_cls_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("baton classifier: accept, classify, migrate out");
MODULE_VERSION(BATON_VERSION);
MODULE_ALIAS_GENL_FAMILY(BATON_CLS_GENL_NAME);
/* Its mappings do nothing without the forwarder's hooks. */
MODULE_SOFTDEP("pre: baton_forwarder");
