// SPDX-License-Identifier: GPL-2.0
/*
 * baton_migrator: the de-encapsulation hooks.
 *
 * One netfilter hook per family at NF_INET_PRE_ROUTING, after
 * defragmentation and before conntrack (BATON_HOOK_PRIORITY).
 *
 * Which packets are tunnelled: a host's tunnel address (batonctl tunnel
 * set local ADDR, one per family) is reserved for the tunnel.  Every TCP
 * packet addressed to it is a tunnel packet and nothing else is:
 *  - from an allowed forwarder with a flow ID in the decap table: its
 *    client 4-tuple is restored (baton_tunnel_decap()) and it continues
 *    into the stack, which routes it to the VIP and delivers it to the
 *    connection's socket;
 *  - from an allowed forwarder with an unknown flow ID: dropped
 *    (unknown_flow), or, while the control port is open, held in case
 *    its blob is on the way (hold.c);
 *  - from anyone else: dropped (not_forwarder);
 *  - malformed (truncated or inconsistent headers): dropped (malformed).
 * Packets to any other address, the host's ordinary address included,
 * and anything but TCP right after the IP header (ICMP, neighbour
 * discovery, IPv6 extension headers), are never touched.  So the control channel and
 * ordinary traffic between the balancer and the host stay apart from
 * the tunnel as long as they do not use the host's tunnel address.
 *
 * A netns receives tunnelled packets only when it has both a tunnel
 * address and at least one allowed forwarder.  A balancer has a tunnel
 * address (the source of what it tunnels) but no forwarders, so the hook
 * leaves its traffic alone even when baton_migrator is loaded there.
 *
 * Flows in every state are restored; those of a PENDING flow, whose
 * socket is being infused, are then held (hold.c).  The flow lookup is
 * lockless, under
 * the RCU read lock that nf_hook_slow() holds.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <net/dst.h>
#include <net/ipv6.h>

#include <baton/config.h>
#include <baton/encap.h>
#include <baton/flow.h>
#include <baton/hooks.h>
#include <baton/stats.h>

#include "migrator.h"

static unsigned int baton_mig_drop(struct net *net,
				   enum baton_drop_reason reason)
{
	baton_tunnel_stat_inc(net, BATON_STAT_DROP(reason));
	return NF_DROP;
}

/*
 * Is this a TCP packet to the tunnel address of its family, in a netns
 * that receives tunnelled packets?
 */
static bool baton_mig_to_tunnel(const struct baton_tunnel_config *conf,
				const struct sk_buff *skb)
{
	/* A netns with no forwarder is no tunnel endpoint (a balancer). */
	if (!conf->n_forwarders)
		return false;
	if (skb->protocol == htons(ETH_P_IP)) {
		const struct iphdr *iph = ip_hdr(skb);

		return conf->local4 && iph->daddr == conf->local4 &&
		       iph->protocol == IPPROTO_TCP;
	}
	if (skb->protocol == htons(ETH_P_IPV6)) {
		const struct ipv6hdr *ip6h = ipv6_hdr(skb);

		return !ipv6_addr_any(&conf->local6) &&
		       ipv6_addr_equal(&ip6h->daddr, &conf->local6) &&
		       ip6h->nexthdr == IPPROTO_TCP;
	}
	return false;
}

static unsigned int baton_mig_hook(void *priv, struct sk_buff *skb,
				   const struct nf_hook_state *state)
{
	const struct baton_tunnel_config *conf;
	struct net *net = state->net;
	struct baton_flow *flow;
	struct baton_pkt pkt;
	unsigned int verdict;
	int err;

	/*
	 * ip_rcv() and ipv6_rcv() checked that the fixed IP header is
	 * linear, so reading its addresses is safe here.
	 */
	conf = baton_tunnel_config(net);
	if (likely(!baton_mig_to_tunnel(conf, skb)))
		return NF_ACCEPT;

	err = baton_tunnel_parse(skb, &pkt);
	if (err)
		return baton_mig_drop(net, BATON_DROP_MALFORMED);
	if (baton_tunnel_config_has_forwarder(conf, &pkt.saddr) < 0)
		return baton_mig_drop(net, BATON_DROP_NOT_FORWARDER);

	flow = baton_flow_lookup_id(baton_flow_table_decap(net), &pkt.saddr,
				    baton_pkt_flowid(&pkt));
	if (!flow) {
		if (!READ_ONCE(baton_mig_pernet(net)->port))
			return baton_mig_drop(net, BATON_DROP_UNKNOWN_FLOW);
		verdict = baton_mig_hold_early(net, skb, &pkt.saddr,
					       baton_pkt_flowid(&pkt), &flow);
		if (!flow)
			return verdict;
	}

	err = baton_tunnel_decap(skb, flow);
	if (unlikely(err))
		return baton_mig_drop(net, BATON_DROP_MALFORMED);

	baton_flow_touch(flow, skb->len);
	baton_tunnel_stat_inc(net, BATON_STAT_DECAP);
	/* Routed again, to the VIP, by the stack. */
	skb_dst_drop(skb);
	/* Its socket is being infused: held until it is live (hold.c). */
	if (unlikely(baton_flow_state(flow) == BATON_FLOW_STATE_PENDING))
		return baton_mig_hold(net, skb, flow);
	return NF_ACCEPT;
}

/**
 * baton_mig_hooks_register() - start de-encapsulating in a netns
 * @net: the netns
 *
 * Return: 0 or a negative error.
 */
int baton_mig_hooks_register(struct net *net)
{
	return baton_hooks_register(net, &baton_mig_pernet(net)->hooks,
				    baton_mig_hook);
}

/**
 * baton_mig_hooks_unregister() - stop de-encapsulating in a netns
 * @net: the netns
 */
void baton_mig_hooks_unregister(struct net *net)
{
	baton_hooks_unregister(net, &baton_mig_pernet(net)->hooks);
}
