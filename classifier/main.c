// SPDX-License-Identifier: GPL-2.0
/*
 * baton_classifier: accepts client connections on the VIPs, reads the
 * start of each request, and migrates the connection out to a host.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <net/genetlink.h>

#include <uapi/linux/baton.h>
#include <baton/version.h>

#include "classifier.h"

unsigned int baton_cls_net_id __read_mostly;

static int __net_init baton_cls_net_init(struct net *net)
{
	struct baton_cls_net *pn = baton_cls_pernet(net);

	baton_netns_stamp_init(&pn->stamp);
	return 0;
}

static void __net_exit baton_cls_net_exit(struct net *net)
{
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
	return ret;
}

static void __exit baton_cls_exit(void)
{
	baton_cls_genl_uninit();
	unregister_pernet_subsys(&baton_cls_net_ops);
}

module_init(baton_cls_init);
module_exit(baton_cls_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("baton classifier: accept, classify, migrate out");
MODULE_VERSION(BATON_VERSION);
MODULE_ALIAS_GENL_FAMILY(BATON_CLS_GENL_NAME);
