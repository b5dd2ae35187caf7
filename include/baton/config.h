/* SPDX-License-Identifier: GPL-2.0 */
/*
 * baton_tunnel per-netns tunnel settings: the local tunnel addresses and
 * the forwarders a host accepts tunnelled packets from.  Set through
 * BATON_TUNNEL_CMD_TUNNEL_SET; read locklessly by the datapath.
 */
#ifndef _BATON_CONFIG_H
#define _BATON_CONFIG_H

#include <linux/in6.h>
#include <linux/rcupdate.h>
#include <linux/types.h>

#include <uapi/linux/baton.h>

struct net;

/**
 * struct baton_tunnel_config - tunnel settings of a netns, immutable
 *	once published
 * @rcu: for kfree_rcu()
 * @local4: local IPv4 tunnel address, or 0
 * @local6: local IPv6 tunnel address, or ::
 * @n_forwarders: entries in @forwarders
 * @forwarders: allowed forwarders (IPv4 as v4-mapped)
 */
struct baton_tunnel_config {
	struct rcu_head rcu;
	__be32 local4;
	struct in6_addr local6;
	unsigned int n_forwarders;
	struct in6_addr forwarders[BATON_TUNNEL_FORWARDERS_MAX];
};

/* tunneler/config.c */
const struct baton_tunnel_config *baton_tunnel_config(const struct net *net);
int baton_tunnel_config_has_forwarder(const struct baton_tunnel_config *conf,
				      const struct in6_addr *addr);
bool baton_tunnel_forwarder_allowed(const struct net *net,
				    const struct in6_addr *addr);

#endif /* _BATON_CONFIG_H */
