/* SPDX-License-Identifier: GPL-2.0 */
/*
 * baton tunnel: encapsulation and de-encapsulation of a TCP packet,
 * implemented by baton_tunnel (tunneler/encap.c), used by the forwarder
 * (encap side) and the migrator (decap side).
 *
 * The tunnel adds no bytes: an encapsulated packet is the client's
 * packet with saddr, daddr, sport, dport and the checksums rewritten.
 * The ports carry the 32-bit flow ID, high 16 bits in sport.  The
 * tunnel is same-family: an IPv4 flow is tunnelled over IPv4.
 *
 * All three functions take an skb whose data starts at the network
 * header (as at NF_INET_PRE_ROUTING) and whose skb->protocol says
 * ETH_P_IP or ETH_P_IPV6.  They handle any skb shape: nonlinear,
 * cloned, any skb->ip_summed, GRO/GSO, IPv4 and TCP options.  They
 * never change skb->len, take no locks and allocate nothing unless the
 * headers must be pulled or unshared.
 */
#ifndef _BATON_ENCAP_H
#define _BATON_ENCAP_H

#include <linux/in6.h>
#include <linux/skbuff.h>
#include <linux/types.h>

#include <baton/flow.h>

/**
 * struct baton_pkt - the 4-tuple of a TCP packet, from baton_tunnel_parse()
 * @saddr: source address (IPv4 as v4-mapped ::ffff:a.b.c.d)
 * @daddr: destination address (IPv4 as v4-mapped)
 * @sport: TCP source port
 * @dport: TCP destination port
 * @thoff: offset of the TCP header from skb->data
 * @thlen: length of the TCP header, options included
 * @family: AF_INET or AF_INET6
 * @tcp_flags: the TCP flags byte (TCPHDR_FIN, TCPHDR_SYN, ...)
 */
struct baton_pkt {
	struct in6_addr saddr;
	struct in6_addr daddr;
	__be16 sport;
	__be16 dport;
	u16 thoff;
	u8 thlen;
	u8 family;
	u8 tcp_flags;
};

/**
 * baton_pkt_tuple() - the client tuple of a packet from a client
 * @pkt: the parsed packet (client -> VIP)
 * @tuple: tuple to fill, padding included, for baton_flow_lookup_tuple()
 */
static inline void baton_pkt_tuple(const struct baton_pkt *pkt,
				   struct baton_tuple *tuple)
{
	baton_tuple_init6(tuple, &pkt->saddr, pkt->sport,
			  &pkt->daddr, pkt->dport);
	tuple->family = pkt->family;
}

/**
 * baton_pkt_flowid() - the flow ID carried by a tunnelled packet
 * @pkt: the parsed packet (forwarder -> host); its peer is @pkt->saddr
 *
 * Return: the flow ID, for baton_flow_lookup_id().
 */
static inline u32 baton_pkt_flowid(const struct baton_pkt *pkt)
{
	return baton_flowid_from_ports(pkt->sport, pkt->dport);
}

/* tunneler/encap.c */
int baton_tunnel_parse(struct sk_buff *skb, struct baton_pkt *pkt);
int baton_tunnel_encap(struct sk_buff *skb, const struct baton_flow *flow,
		       const struct in6_addr *local);
int baton_tunnel_decap(struct sk_buff *skb, const struct baton_flow *flow);

#endif /* _BATON_ENCAP_H */
