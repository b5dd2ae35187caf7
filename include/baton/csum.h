/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rewriting the addresses and ports of a TCP packet with incremental
 * checksum updates (RFC 1624), for every skb->ip_summed:
 *
 *   CHECKSUM_NONE, CHECKSUM_UNNECESSARY: th->check holds the full
 *	checksum and is updated for all four fields.
 *   CHECKSUM_COMPLETE: as above, and skb->csum follows the bytes that
 *	changed.  skb->csum must cover the IP header, as it does from
 *	PRE_ROUTING on (for IPv4 that does not matter).
 *   CHECKSUM_PARTIAL: th->check holds the pseudo-header sum only, so only
 *	the addresses are folded in; the device or skb_checksum_help()
 *	finishes the job.  GSO packets are CHECKSUM_PARTIAL too.
 *
 * The IPv4 header checksum is updated in every case.  The caller has made
 * the IP and TCP headers writable (skb_ensure_writable()) and linear.
 */
#ifndef _BATON_CSUM_H
#define _BATON_CSUM_H

#include <linux/in6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/checksum.h>

/**
 * baton_csum_rewrite4() - rewrite the 4-tuple of an IPv4 TCP packet
 * @skb: the packet
 * @iph: its IPv4 header, writable
 * @th: its TCP header, writable
 * @saddr: new source address
 * @daddr: new destination address
 * @sport: new source port
 * @dport: new destination port
 */
static inline void baton_csum_rewrite4(struct sk_buff *skb, struct iphdr *iph,
				       struct tcphdr *th,
				       __be32 saddr, __be32 daddr,
				       __be16 sport, __be16 dport)
{
	/* Addresses: in the pseudo-header, and in skb->csum's range. */
	inet_proto_csum_replace4(&th->check, skb, iph->saddr, saddr, true);
	inet_proto_csum_replace4(&th->check, skb, iph->daddr, daddr, true);
	/* Ports: TCP checksum only; skb->csum sees +delta -delta. */
	inet_proto_csum_replace2(&th->check, skb, th->source, sport, false);
	inet_proto_csum_replace2(&th->check, skb, th->dest, dport, false);
	csum_replace4(&iph->check, iph->saddr, saddr);
	csum_replace4(&iph->check, iph->daddr, daddr);

	iph->saddr = saddr;
	iph->daddr = daddr;
	th->source = sport;
	th->dest = dport;
}

/**
 * baton_csum_rewrite6() - rewrite the 4-tuple of an IPv6 TCP packet
 * @skb: the packet
 * @ip6h: its IPv6 header, writable
 * @th: its TCP header, writable
 * @saddr: new source address (may point into the packet)
 * @daddr: new destination address (may point into the packet)
 * @sport: new source port
 * @dport: new destination port
 */
static inline void baton_csum_rewrite6(struct sk_buff *skb,
				       struct ipv6hdr *ip6h, struct tcphdr *th,
				       const struct in6_addr *saddr,
				       const struct in6_addr *daddr,
				       __be16 sport, __be16 dport)
{
	const struct in6_addr new_saddr = *saddr;
	const struct in6_addr new_daddr = *daddr;

	/*
	 * The address change and the TCP checksum change cancel out in
	 * skb->csum (no IPv6 header checksum), so only th->check moves.
	 */
	inet_proto_csum_replace16(&th->check, skb, ip6h->saddr.s6_addr32,
				  new_saddr.s6_addr32, true);
	inet_proto_csum_replace16(&th->check, skb, ip6h->daddr.s6_addr32,
				  new_daddr.s6_addr32, true);
	inet_proto_csum_replace2(&th->check, skb, th->source, sport, false);
	inet_proto_csum_replace2(&th->check, skb, th->dest, dport, false);

	ip6h->saddr = new_saddr;
	ip6h->daddr = new_daddr;
	th->source = sport;
	th->dest = dport;
}

#endif /* _BATON_CSUM_H */
