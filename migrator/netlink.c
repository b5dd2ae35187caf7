// SPDX-License-Identifier: GPL-2.0
/*
 * baton_migrator: generic netlink family.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <net/genetlink.h>

#include <uapi/linux/baton.h>
#include <baton/version.h>

#include "migrator.h"

static struct genl_family baton_mig_genl_family;

static int baton_mig_nl_status(struct sk_buff *skb, struct genl_info *info)
{
	struct baton_mig_net *pn = baton_mig_pernet(genl_info_net(info));

	return baton_status_reply(info, &baton_mig_genl_family,
				  KBUILD_MODNAME, &pn->stamp);
}

static const struct genl_small_ops baton_mig_genl_ops[] = {
	{
		.cmd = BATON_CMD_STATUS_GET,
		.validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
		.doit = baton_mig_nl_status,
	},
};

static struct genl_family baton_mig_genl_family __ro_after_init = {
	.name = BATON_MIG_GENL_NAME,
	.version = BATON_GENL_VERSION,
	.module = THIS_MODULE,
	.small_ops = baton_mig_genl_ops,
	.n_small_ops = ARRAY_SIZE(baton_mig_genl_ops),
	.resv_start_op = BATON_CMD_FAMILY_BASE,
	.netnsok = true,
};

int __init baton_mig_genl_init(void)
{
	return genl_register_family(&baton_mig_genl_family);
}

void baton_mig_genl_uninit(void)
{
	genl_unregister_family(&baton_mig_genl_family);
}
