/* SPDX-License-Identifier: GPL-2.0 */
/* baton_forwarder: internal declarations. */
#ifndef _BATON_FORWARDER_H
#define _BATON_FORWARDER_H

#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include <baton/status.h>

/**
 * struct baton_fwd_net - per-netns state of baton_forwarder
 * @stamp: creation time, reported by the status command
 */
struct baton_fwd_net {
	struct baton_netns_stamp stamp;
};

extern unsigned int baton_fwd_net_id;

static inline struct baton_fwd_net *baton_fwd_pernet(const struct net *net)
{
	return net_generic(net, baton_fwd_net_id);
}

int baton_fwd_genl_init(void);
void baton_fwd_genl_uninit(void);

#endif /* _BATON_FORWARDER_H */
