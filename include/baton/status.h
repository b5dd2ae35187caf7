/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The status command every baton generic netlink family answers, and the
 * way the control-plane families report their counters.  Implemented
 * once in baton_tunnel, which the other modules depend on.
 */
#ifndef _BATON_STATUS_H
#define _BATON_STATUS_H

#include <linux/types.h>
#include <net/genetlink.h>

/**
 * struct baton_netns_stamp - when a module's per-netns state was created
 * @created: get_jiffies_64() at pernet init
 */
struct baton_netns_stamp {
	u64 created;
};

static inline void baton_netns_stamp_init(struct baton_netns_stamp *stamp)
{
	stamp->created = get_jiffies_64();
}

int baton_status_reply(struct genl_info *info,
		       const struct genl_family *family,
		       const char *module,
		       const struct baton_netns_stamp *stamp);
int baton_nl_put_counters(struct sk_buff *msg, const u8 *attrs,
			  unsigned int n, const u64 *sum, int pad,
			  int refused_attr, const u64 *refused);

#endif /* _BATON_STATUS_H */
