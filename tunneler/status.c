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
