// SPDX-License-Identifier: GPL-2.0
/*
 * baton_forwarder: the encapsulation hooks.
 *
 * One netfilter hook per family at NF_INET_PRE_ROUTING, after
 * defragmentation and before conntrack.  A TCP packet whose client
 * tuple (saddr:sport -> daddr:dport) has a mapping in the netns's encap
 * table is rewritten in place into a tunnelled packet
 * (baton_tunnel_encap(): saddr = this node's tunnel address, daddr = the
 * host, ports = the flow ID), routed to the host and sent, and the hook
 * returns NF_STOLEN: the packet never reaches a local socket, conntrack
 * or the FORWARD chain.  Its TTL or hop limit is left alone, as
 * IPVS-DR does: the balancer re-originates the packet, it does not
 * route it.
 *
 * Everything else passes untouched: other protocols, TCP packets with
 * no mapping, and packets this node cannot parse (the stack drops those
 * itself).  A mapped packet that cannot be sent (no tunnel address of
 * its family, no route to the host, no memory) is dropped, counted by
 * reason and logged, rate-limited.
 *
 * The lookup is lockless: the hook runs under the RCU read lock that
 * nf_hook_slow() holds, and flows are freed after a grace period.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <linux/skbuff.h>
#include <net/dst.h>
#include <net/ip.h>
#include <net/ip6_route.h>
#include <net/route.h>

#include <baton/config.h>
#include <baton/encap.h>
#include <baton/flow.h>
#include <baton/hooks.h>
#include <baton/stats.h>
#include <baton/trace.h>

#include "forwarder.h"

/* Drop a mapped packet that cannot be tunnelled: count it, log it. */
static unsigned int baton_fwd_drop(struct net *net,
				   const struct baton_flow *flow,
				   enum baton_drop_reason reason, int err)
{
	static const char * const why[] = {
		[BATON_DROP_NO_ROUTE] = "no route to host",
		[BATON_DROP_NO_LOCAL_ADDR] = "no tunnel address",
		[BATON_DROP_MALFORMED] = "cannot rewrite packet",
	};

	const struct in6_addr *peer = &flow->key.peer;
	const char *text = why[reason] ? why[reason] : "?";

	baton_tunnel_stat_inc(net, BATON_STAT_DROP(reason));
	trace_baton_encap_drop(flow->key.id, peer, reason, err);
	if (ipv6_addr_v4mapped(peer))
		net_warn_ratelimited("flow %08x to %pI4 dropped: %s (%d)\n",
				     flow->key.id, &peer->s6_addr32[3], text,
				     err);
	else
		net_warn_ratelimited("flow %08x to %pI6c dropped: %s (%d)\n",
				     flow->key.id, peer, text, err);
	return NF_DROP;
}

/* Route an encapsulated IPv4 packet to its host and send it. */
static int baton_fwd_xmit4(struct net *net, struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);
	struct flowi4 fl4 = {
		.daddr = iph->daddr,
		.saddr = iph->saddr,
		.flowi4_tos = RT_TOS(iph->tos),
		.flowi4_proto = IPPROTO_TCP,
		.flowi4_mark = skb->mark,
	};
	struct rtable *rt;

	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return PTR_ERR(rt);
	if (rt->rt_type != RTN_UNICAST) {
		ip_rt_put(rt);
		return -EHOSTUNREACH;
	}
	skb_dst_drop(skb);
	skb_dst_set(skb, &rt->dst);
	return 0;
}

/* Route an encapsulated IPv6 packet to its host and send it. */
static int baton_fwd_xmit6(struct net *net, struct sk_buff *skb)
{
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct flowi6 fl6 = {
		.daddr = ip6h->daddr,
		.saddr = ip6h->saddr,
		.flowi6_proto = IPPROTO_TCP,
		.flowi6_mark = skb->mark,
	};
	struct dst_entry *dst;
	int err;

	dst = ip6_route_output(net, NULL, &fl6);
	err = dst->error;
	if (err) {
		dst_release(dst);
		return err;
	}
	skb_dst_drop(skb);
	skb_dst_set(skb, dst);
	return 0;
}

static unsigned int baton_fwd_hook(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	const struct baton_tunnel_config *conf;
	struct net *net = state->net;
	struct baton_flow_table *table;
	struct baton_tuple tuple;
	struct baton_flow *flow;
	struct in6_addr local;
	struct baton_pkt pkt;
	int err;

	table = baton_flow_table_encap(net);
	if (!baton_flow_table_count(table))
		return NF_ACCEPT;
	/* Not for this node: bridged with br_netfilter, or promiscuous. */
	if (skb->pkt_type != PACKET_HOST)
		return NF_ACCEPT;
	if (baton_tunnel_parse(skb, &pkt))
		return NF_ACCEPT;
	baton_pkt_tuple(&pkt, &tuple);
	flow = baton_flow_lookup_tuple(table, &tuple);
	if (!flow)
		return NF_ACCEPT;

	conf = baton_tunnel_config(net);
	if (pkt.family == AF_INET) {
		if (!conf->local4)
			return baton_fwd_drop(net, flow,
					      BATON_DROP_NO_LOCAL_ADDR, 0);
		ipv6_addr_set_v4mapped(conf->local4, &local);
	} else {
		if (ipv6_addr_any(&conf->local6))
			return baton_fwd_drop(net, flow,
					      BATON_DROP_NO_LOCAL_ADDR, 0);
		local = conf->local6;
	}

	err = baton_tunnel_encap(skb, flow, &local);
	if (unlikely(err))
		return baton_fwd_drop(net, flow, BATON_DROP_MALFORMED, err);

	if (pkt.family == AF_INET)
		err = baton_fwd_xmit4(net, skb);
	else
		err = baton_fwd_xmit6(net, skb);
	if (unlikely(err))
		return baton_fwd_drop(net, flow, BATON_DROP_NO_ROUTE, err);

	baton_flow_touch(flow, skb->len);
	baton_tunnel_stat_inc(net, BATON_STAT_ENCAP);

	/* Leave as a packet of this node: no conntrack, no receive clock. */
	nf_reset_ct(skb);
	skb_clear_tstamp(skb);
	skb->skb_iif = 0;
	dst_output(net, NULL, skb);
	return NF_STOLEN;
}

/**
 * baton_fwd_hooks_register() - start tunnelling in a netns
 * @net: the netns
 *
 * Return: 0 or a negative error.
 */
int baton_fwd_hooks_register(struct net *net)
{
	return baton_hooks_register(net, &baton_fwd_pernet(net)->hooks,
				    baton_fwd_hook);
}

/**
 * baton_fwd_hooks_unregister() - stop tunnelling in a netns
 * @net: the netns
 */
void baton_fwd_hooks_unregister(struct net *net)
{
	baton_hooks_unregister(net, &baton_fwd_pernet(net)->hooks);
}
