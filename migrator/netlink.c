// SPDX-License-Identifier: GPL-2.0
/*
 * baton_migrator: generic netlink family: the control port and the
 * counters.  Writes need CAP_NET_ADMIN in the netns's user namespace.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <net/genetlink.h>

#include <uapi/linux/baton.h>
#include <baton/version.h>

#include "migrator.h"

static struct genl_family baton_mig_genl_family;

static struct netlink_range_validation baton_mig_hold_range = {
	.min = BATON_MIG_HOLD_MS_MIN,
	.max = BATON_MIG_HOLD_MS_MAX,
};

static const struct nla_policy baton_mig_a_policy[BATON_MIG_A_MAX + 1] = {
	[BATON_MIG_A_PORT] = { .type = NLA_U16 },
	[BATON_MIG_A_CHANNELS] = { .type = NLA_REJECT },
	[BATON_MIG_A_HOLD_MS] = NLA_POLICY_FULL_RANGE(NLA_U32,
						      &baton_mig_hold_range),
};

static const struct nla_policy baton_mig_cmd_policy[BATON_MIG_ATTR_MAX + 1] = {
	[BATON_MIG_ATTR_CONFIG] = NLA_POLICY_NESTED(baton_mig_a_policy),
	[BATON_MIG_ATTR_STATS] = { .type = NLA_REJECT },
};

static int baton_mig_nl_status(struct sk_buff *skb, struct genl_info *info)
{
	struct baton_mig_net *pn = baton_mig_pernet(genl_info_net(info));

	return baton_status_reply(info, &baton_mig_genl_family,
				  KBUILD_MODNAME, &pn->stamp);
}

static int baton_mig_nl_set(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *tb[BATON_MIG_A_MAX + 1];
	struct nlattr *nest = info->attrs[BATON_MIG_ATTR_CONFIG];
	int err;

	if (!nest) {
		NL_SET_ERR_MSG_MOD(extack, "missing migrator settings");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, BATON_MIG_A_MAX, nest, baton_mig_a_policy,
			       extack);
	if (err)
		return err;
	if (!tb[BATON_MIG_A_PORT] && !tb[BATON_MIG_A_HOLD_MS]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "nothing to set");
		return -EINVAL;
	}
	if (tb[BATON_MIG_A_HOLD_MS])
		WRITE_ONCE(baton_mig_pernet(genl_info_net(info))->hold_time,
			   msecs_to_jiffies(nla_get_u32(tb[BATON_MIG_A_HOLD_MS])));
	if (!tb[BATON_MIG_A_PORT])
		return 0;
	err = baton_mig_ctl_set_port(genl_info_net(info),
				     nla_get_u16(tb[BATON_MIG_A_PORT]));
	if (err == -EADDRINUSE)
		NL_SET_ERR_MSG_ATTR(extack, tb[BATON_MIG_A_PORT],
				    "control port already in use");
	else if (err)
		NL_SET_ERR_MSG_ATTR(extack, tb[BATON_MIG_A_PORT],
				    "cannot listen on the control port");
	return err;
}

/* Reply to @info with one nest of @attr, filled by @fill. */
static int baton_mig_nl_reply(struct genl_info *info, u8 cmd, int attr,
			      int (*fill)(struct sk_buff *msg,
					  struct baton_mig_net *pn))
{
	struct baton_mig_net *pn = baton_mig_pernet(genl_info_net(info));
	struct sk_buff *msg;
	struct nlattr *nest;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &baton_mig_genl_family, 0, cmd);
	if (!hdr)
		goto err;
	nest = nla_nest_start(msg, attr);
	if (!nest || fill(msg, pn))
		goto err;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
err:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int baton_mig_config_fill(struct sk_buff *msg, struct baton_mig_net *pn)
{
	int err;

	mutex_lock(&pn->lock);
	err = nla_put_u16(msg, BATON_MIG_A_PORT, pn->port) ?:
	      nla_put_u32(msg, BATON_MIG_A_CHANNELS, pn->n_chans) ?:
	      nla_put_u32(msg, BATON_MIG_A_HOLD_MS,
			  jiffies_to_msecs(READ_ONCE(pn->hold_time)));
	mutex_unlock(&pn->lock);
	return err;
}

static int baton_mig_nl_get(struct sk_buff *skb, struct genl_info *info)
{
	return baton_mig_nl_reply(info, BATON_MIG_CMD_GET,
				  BATON_MIG_ATTR_CONFIG, baton_mig_config_fill);
}

static const u8 baton_mig_stats_attr[] = {
	[BATON_MIG_RECEIVED] = BATON_MIG_STATS_A_RECEIVED,
	[BATON_MIG_INFUSED] = BATON_MIG_STATS_A_INFUSED,
	[BATON_MIG_HELD] = BATON_MIG_STATS_A_HELD,
	[BATON_MIG_HOLD_DROPPED] = BATON_MIG_STATS_A_HOLD_DROPPED,
	[BATON_MIG_CHANNELS_REFUSED] = BATON_MIG_STATS_A_CHANNELS_REFUSED,
	[BATON_MIG_ENDED] = BATON_MIG_STATS_A_ENDED,
	[BATON_MIG_HELD_EARLY] = BATON_MIG_STATS_A_HELD_EARLY,
};

static int baton_mig_stats_fill(struct sk_buff *msg, struct baton_mig_net *pn)
{
	u64 sum[BATON_MIG_NUM];

	baton_counters_read(pn->counters, BATON_MIG_NUM, sum);
	return baton_nl_put_counters(msg, baton_mig_stats_attr,
				     ARRAY_SIZE(baton_mig_stats_attr), sum,
				     BATON_MIG_STATS_A_PAD,
				     BATON_MIG_STATS_A_REFUSED,
				     sum + BATON_MIG_REFUSED);
}

static int baton_mig_nl_stats(struct sk_buff *skb, struct genl_info *info)
{
	return baton_mig_nl_reply(info, BATON_MIG_CMD_STATS_GET,
				  BATON_MIG_ATTR_STATS, baton_mig_stats_fill);
}

static const struct genl_ops baton_mig_genl_ops[] = {
	{
		.cmd = BATON_CMD_STATUS_GET,
		.validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
		.doit = baton_mig_nl_status,
	},
	{
		.cmd = BATON_MIG_CMD_SET,
		.flags = GENL_UNS_ADMIN_PERM,
		.policy = baton_mig_cmd_policy,
		.maxattr = BATON_MIG_ATTR_MAX,
		.doit = baton_mig_nl_set,
	},
	{
		.cmd = BATON_MIG_CMD_GET,
		.doit = baton_mig_nl_get,
	},
	{
		.cmd = BATON_MIG_CMD_STATS_GET,
		.doit = baton_mig_nl_stats,
	},
};

static struct genl_family baton_mig_genl_family __ro_after_init = {
	.name = BATON_MIG_GENL_NAME,
	.version = BATON_GENL_VERSION,
	.module = THIS_MODULE,
	.ops = baton_mig_genl_ops,
	.n_ops = ARRAY_SIZE(baton_mig_genl_ops),
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
