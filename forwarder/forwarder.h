/* SPDX-License-Identifier: GPL-2.0 */
/* baton_forwarder: internal declarations. */
#ifndef _BATON_FORWARDER_H
#define _BATON_FORWARDER_H

#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include <baton/hooks.h>
#include <baton/status.h>

/**
 * struct baton_fwd_net - per-netns state of baton_forwarder
 * @stamp: creation time, reported by the status command
 * @hooks: the datapath hooks
 */
struct baton_fwd_net {
	struct baton_netns_stamp stamp;
	struct baton_hooks hooks;
};

extern unsigned int baton_fwd_net_id;

static inline struct baton_fwd_net *baton_fwd_pernet(const struct net *net)
{
	return net_generic(net, baton_fwd_net_id);
}

/* hook.c */
int baton_fwd_hooks_register(struct net *net);
void baton_fwd_hooks_unregister(struct net *net);

/* netlink.c */
int baton_fwd_genl_init(void);
void baton_fwd_genl_uninit(void);

#endif /* _BATON_FORWARDER_H */
