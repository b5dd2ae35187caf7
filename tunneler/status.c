// SPDX-License-Identifier: GPL-2.0
/*
 * baton_tunnel: the BATON_CMD_STATUS_GET reply, shared by all families.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/module.h>
#include <net/genetlink.h>

#include <uapi/linux/baton.h>
#include <baton/status.h>
#include <baton/version.h>

/**
 * baton_status_reply() - answer BATON_CMD_STATUS_GET
 * @info: the request
 * @family: the family the request came in on
 * @module: name of the answering module
 * @stamp: that module's per-netns creation stamp
 *
 * Return: 0 or a negative errno.
 */
int baton_status_reply(struct genl_info *info,
		       const struct genl_family *family,
		       const char *module,
		       const struct baton_netns_stamp *stamp)
{
	struct net *net = genl_info_net(info);
	struct sk_buff *msg;
	void *hdr;
	u64 age;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	hdr = genlmsg_put_reply(msg, info, family, 0, BATON_CMD_STATUS_GET);
	if (!hdr)
		goto err_free;

	age = jiffies64_to_msecs(get_jiffies_64() - stamp->created);
	if (nla_put_string(msg, BATON_STATUS_A_MODULE, module) ||
	    nla_put_string(msg, BATON_STATUS_A_VERSION, BATON_VERSION) ||
	    nla_put_u64_64bit(msg, BATON_STATUS_A_NETNS_COOKIE,
			      net->net_cookie, BATON_STATUS_A_PAD) ||
	    nla_put_u64_64bit(msg, BATON_STATUS_A_UPTIME_MS, age,
			      BATON_STATUS_A_PAD))
		goto err_free;

	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_free:
	nlmsg_free(msg);
	return -EMSGSIZE;
}
EXPORT_SYMBOL_GPL(baton_status_reply);

/**
 * baton_nl_put_counters() - put counters, and a nest of refusals
 * @msg: the message, inside the family's stats nest
 * @attrs: the attribute type of each of the @n counters
 * @n: how many
 * @sum: the @n counters
 * @pad: the family's padding attribute type
 * @refused_attr: the type of the nest of refusals
 * @refused: a counter per enum baton_ctl_refuse_reason (index 0 unused),
 *	each put as a u64 of that type
 *
 * Return: 0 or -EMSGSIZE.
 */
int baton_nl_put_counters(struct sk_buff *msg, const u8 *attrs,
			  unsigned int n, const u64 *sum, int pad,
			  int refused_attr, const u64 *refused)
{
	struct nlattr *nest;
	unsigned int i;

	for (i = 0; i < n; i++)
		if (nla_put_u64_64bit(msg, attrs[i], sum[i], pad))
			return -EMSGSIZE;
	nest = nla_nest_start(msg, refused_attr);
	if (!nest)
		return -EMSGSIZE;
	for (i = 1; i <= BATON_CTL_REFUSE_MAX; i++)
		if (nla_put_u64_64bit(msg, i, refused[i],
				      BATON_CTL_REFUSE_UNSPEC))
			return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}
EXPORT_SYMBOL_GPL(baton_nl_put_counters);
