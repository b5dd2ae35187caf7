/* SPDX-License-Identifier: GPL-2.0 */
/* baton_tunnel: internal declarations. */
#ifndef _BATON_TUNNEL_H
#define _BATON_TUNNEL_H

#include <linux/mutex.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include <baton/config.h>
#include <baton/flow.h>
#include <baton/stats.h>
#include <baton/status.h>

/**
 * struct baton_tunnel_net - per-netns state of baton_tunnel
 * @stamp: creation time, reported by the status command
 * @encap: balancer side: client tuple -> (host, flow ID)
 * @decap: host side: (forwarder, flow ID) -> client tuple
 * @flowid: flow ID generator of the balancer side
 * @config: tunnel settings, published with RCU
 * @config_lock: serialises writers of @config and of the table limits
 * @stats: per-CPU datapath counters
 */
struct baton_tunnel_net {
	struct baton_netns_stamp stamp;
	struct baton_flow_table encap;
	struct baton_flow_table decap;
	struct baton_flowid_gen flowid;
	struct baton_tunnel_config __rcu *config;
	struct mutex config_lock;	/* writers of config */
	struct baton_tunnel_stats __percpu *stats;
};

extern unsigned int baton_tunnel_net_id;

static inline struct baton_tunnel_net *baton_tunnel_pernet(const struct net *net)
{
	return net_generic(net, baton_tunnel_net_id);
}

/* config.c */
int baton_tunnel_config_init(struct baton_tunnel_net *tn);
void baton_tunnel_config_destroy(struct baton_tunnel_net *tn);
void baton_tunnel_config_publish(struct baton_tunnel_net *tn,
				 struct baton_tunnel_config *conf);

/* stats.c */
int baton_tunnel_stats_init(struct baton_tunnel_net *tn);
void baton_tunnel_stats_destroy(struct baton_tunnel_net *tn);

/* netlink.c */
int baton_tunnel_genl_init(void);
void baton_tunnel_genl_uninit(void);

#endif /* _BATON_TUNNEL_H */
