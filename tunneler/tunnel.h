/* SPDX-License-Identifier: GPL-2.0 */
/* baton_tunnel: internal declarations. */
#ifndef _BATON_TUNNEL_H
#define _BATON_TUNNEL_H

#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include <baton/flow.h>
#include <baton/status.h>

/**
 * struct baton_tunnel_net - per-netns state of baton_tunnel
 * @stamp: creation time, reported by the status command
 * @encap: balancer side: client tuple -> (host, flow ID)
 * @decap: host side: (forwarder, flow ID) -> client tuple
 * @flowid: flow ID generator of the balancer side
 */
struct baton_tunnel_net {
	struct baton_netns_stamp stamp;
	struct baton_flow_table encap;
	struct baton_flow_table decap;
	struct baton_flowid_gen flowid;
};

extern unsigned int baton_tunnel_net_id;

static inline struct baton_tunnel_net *baton_tunnel_pernet(const struct net *net)
{
	return net_generic(net, baton_tunnel_net_id);
}

int baton_tunnel_genl_init(void);
void baton_tunnel_genl_uninit(void);

#endif /* _BATON_TUNNEL_H */
