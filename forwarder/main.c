// SPDX-License-Identifier: GPL-2.0
/*
 * baton_forwarder: netfilter hooks that send client packets of handed-off
 * connections into the zero-overhead flow-ID tunnel.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <net/genetlink.h>

#include <uapi/linux/baton.h>
#include <baton/version.h>

#include "forwarder.h"

unsigned int baton_fwd_net_id __read_mostly;

static int __net_init baton_fwd_net_init(struct net *net)
{
	struct baton_fwd_net *pn = baton_fwd_pernet(net);

	baton_netns_stamp_init(&pn->stamp);
	return baton_fwd_hooks_register(net);
}

static void __net_exit baton_fwd_net_exit(struct net *net)
{
	baton_fwd_hooks_unregister(net);
}

static struct pernet_operations baton_fwd_net_ops = {
	.init = baton_fwd_net_init,
	.exit = baton_fwd_net_exit,
	.id = &baton_fwd_net_id,
	.size = sizeof(struct baton_fwd_net),
};

static int __init baton_fwd_init(void)
{
	int ret;

	ret = register_pernet_subsys(&baton_fwd_net_ops);
	if (ret)
		goto err_pernet;

	ret = baton_fwd_genl_init();
	if (ret)
		goto err_genl;

	pr_info("baton " BATON_VERSION " loaded\n");
	return 0;

err_genl:
	unregister_pernet_subsys(&baton_fwd_net_ops);
err_pernet:
	return ret;
}

static void __exit baton_fwd_exit(void)
{
	baton_fwd_genl_uninit();
	unregister_pernet_subsys(&baton_fwd_net_ops);
}

module_init(baton_fwd_init);
module_exit(baton_fwd_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("baton forwarder: client packets into the flow-ID tunnel");
MODULE_VERSION(BATON_VERSION);
MODULE_ALIAS_GENL_FAMILY(BATON_FWD_GENL_NAME);
