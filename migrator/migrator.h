/* SPDX-License-Identifier: GPL-2.0 */
/* baton_migrator: internal declarations. */
#ifndef _BATON_MIGRATOR_H
#define _BATON_MIGRATOR_H

#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include <baton/status.h>

/**
 * struct baton_mig_net - per-netns state of baton_migrator
 * @stamp: creation time, reported by the status command
 */
struct baton_mig_net {
	struct baton_netns_stamp stamp;
};

extern unsigned int baton_mig_net_id;

static inline struct baton_mig_net *baton_mig_pernet(const struct net *net)
{
	return net_generic(net, baton_mig_net_id);
}

int baton_mig_genl_init(void);
void baton_mig_genl_uninit(void);

#endif /* _BATON_MIGRATOR_H */
