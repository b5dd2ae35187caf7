/* SPDX-License-Identifier: GPL-2.0 */
/* baton_migrator: internal declarations. */
#ifndef _BATON_MIGRATOR_H
#define _BATON_MIGRATOR_H

#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include <baton/hooks.h>
#include <baton/status.h>

/**
 * struct baton_mig_net - per-netns state of baton_migrator
 * @stamp: creation time, reported by the status command
 * @hooks: the datapath hooks
 */
struct baton_mig_net {
	struct baton_netns_stamp stamp;
	struct baton_hooks hooks;
};

extern unsigned int baton_mig_net_id;

static inline struct baton_mig_net *baton_mig_pernet(const struct net *net)
{
	return net_generic(net, baton_mig_net_id);
}

/* hook.c */
int baton_mig_hooks_register(struct net *net);
void baton_mig_hooks_unregister(struct net *net);

/* netlink.c */
int baton_mig_genl_init(void);
void baton_mig_genl_uninit(void);

#endif /* _BATON_MIGRATOR_H */
