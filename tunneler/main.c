// SPDX-License-Identifier: GPL-2.0
/*
 * baton_tunnel: the flow-ID mapping table and zero-overhead
 * encapsulation shared by every baton node.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/init.h>
#include <linux/module.h>
#include <net/genetlink.h>

#include <uapi/linux/baton.h>
#include <baton/version.h>

#include "tunnel.h"

unsigned int baton_tunnel_net_id __read_mostly;

static int __net_init baton_tunnel_net_init(struct net *net)
{
	struct baton_tunnel_net *tn = baton_tunnel_pernet(net);
	int ret;

	baton_netns_stamp_init(&tn->stamp);
	baton_flowid_gen_init(&tn->flowid);

	ret = baton_tunnel_stats_init(tn);
	if (ret)
		goto err_stats;

	ret = baton_tunnel_config_init(tn);
	if (ret)
		goto err_config;

	ret = baton_flow_table_init(&tn->encap, false, 0);
	if (ret)
		goto err_encap;

	ret = baton_flow_table_init(&tn->decap, true, 0);
	if (ret)
		goto err_decap;

	return 0;

err_decap:
	baton_flow_table_destroy(&tn->encap);
err_encap:
	baton_tunnel_config_destroy(tn);
err_config:
	baton_tunnel_stats_destroy(tn);
err_stats:
	return ret;
}

/*
 * Runs after the grace period that follows the pre_exit methods, so no
 * packet path is still reading the tables.
 */
static void __net_exit baton_tunnel_net_exit(struct net *net)
{
	struct baton_tunnel_net *tn = baton_tunnel_pernet(net);

	baton_flow_table_destroy(&tn->decap);
	baton_flow_table_destroy(&tn->encap);
	baton_tunnel_config_destroy(tn);
	baton_tunnel_stats_destroy(tn);
}

static struct pernet_operations baton_tunnel_net_ops = {
	.init = baton_tunnel_net_init,
	.exit = baton_tunnel_net_exit,
	.id = &baton_tunnel_net_id,
	.size = sizeof(struct baton_tunnel_net),
};

static int __init baton_tunnel_init(void)
{
	int ret;

	ret = register_pernet_subsys(&baton_tunnel_net_ops);
	if (ret)
		goto err_pernet;

	ret = baton_tunnel_genl_init();
	if (ret)
		goto err_genl;

	pr_info("baton " BATON_VERSION " loaded\n");
	return 0;

err_genl:
	unregister_pernet_subsys(&baton_tunnel_net_ops);
err_pernet:
	return ret;
}

static void __exit baton_tunnel_exit(void)
{
	baton_tunnel_genl_uninit();
	unregister_pernet_subsys(&baton_tunnel_net_ops);
}

module_init(baton_tunnel_init);
module_exit(baton_tunnel_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("baton flow-ID tunnel and mapping table");
MODULE_VERSION(BATON_VERSION);
MODULE_ALIAS_GENL_FAMILY(BATON_TUNNEL_GENL_NAME);
