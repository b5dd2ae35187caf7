// SPDX-License-Identifier: GPL-2.0
/*
 * baton_tunnel: encapsulation and de-encapsulation of TCP packets.
 *
 * The balancer's forwarder rewrites a mapped client packet into a
 * tunnelled one (baton_tunnel_encap()), and the host's migrator rewrites
 * it back (baton_tunnel_decap()).  Both only rewrite saddr, daddr, sport
 * and dport, updating the checksums incrementally (baton/csum.h), so the
 * packet keeps its length and every other byte.
 *
 * Shapes of skb:
 *  - nonlinear: the IP header (options included) and the first 20 bytes
 *    of the TCP header are pulled into the linear area; TCP options and
 *    payload stay where they are.
 *  - cloned: skb_ensure_writable() unshares the header before it is
 *    written, so the other users of the data keep their bytes.
 *  - CHECKSUM_PARTIAL: th->check holds the pseudo-header sum, which must
 *    follow the addresses only; the checksum must start at our TCP header.
 *  - GRO/GSO: a GRO packet is CHECKSUM_PARTIAL with the pseudo-header of
 *    its full length in th->check (tcp_gro_complete()).  Segmentation
 *    (tcp4/6_gso_segment() -> tcp_gso_segment() -> skb_segment()) copies
 *    the head's rewritten headers into every segment, adjusts th->check
 *    from that pseudo-header sum for the segment length, and
 *    inet_gso_segment() or ipv6_gso_segment() rewrite the length and IPv4
 *    checksum of each segment.  So nothing beyond the CHECKSUM_PARTIAL
 *    rule is needed; the KUnit suite segments a rewritten GSO packet and
 *    checks every segment.  (Fraglist GSO, which 6.1 never builds for
 *    TCP on receive, fixes the addresses and ports of each segment from
 *    the head's in __tcpv4_gso_segment_list_csum().)
 *
 * skb->hash is left alone: it stays a per-connection value, and on the
 * host it is the hash RPS/RFS computes for the connection's next
 * tunnelled packet.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/errno.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/skbuff.h>
#include <linux/socket.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include <baton/csum.h>
#include <baton/encap.h>
#include <baton/flow.h>

/*
 * Make the first @len bytes of @skb linear: -EINVAL if the packet is
 * shorter, -ENOMEM if pulling them fails.
 */
static int baton_tunnel_pull(struct sk_buff *skb, unsigned int len)
{
	if (unlikely(skb->len < len))
		return -EINVAL;
	return likely(pskb_may_pull(skb, len)) ? 0 : -ENOMEM;
}

/* IPv4 header: its length, and the length of the IP datagram. */
static int baton_tunnel_pull4(struct sk_buff *skb, unsigned int *nhlen,
			      unsigned int *len)
{
	const struct iphdr *iph;
	int err;

	err = baton_tunnel_pull(skb, sizeof(*iph));
	if (err)
		return err;
	iph = (const struct iphdr *)skb->data;
	if (unlikely(iph->version != 4 || iph->ihl < 5))
		return -EINVAL;
	*nhlen = iph->ihl * 4;
	*len = ntohs(iph->tot_len);
	if (unlikely(*len < *nhlen || *len > skb->len))
		return -EINVAL;
	if (iph->protocol != IPPROTO_TCP || ip_is_fragment(iph))
		return -EPROTONOSUPPORT;
	return baton_tunnel_pull(skb, *nhlen);
}

/* IPv6 header, TCP as its next header only. */
static int baton_tunnel_pull6(struct sk_buff *skb, unsigned int *nhlen,
			      unsigned int *len)
{
	const struct ipv6hdr *ip6h;
	int err;

	err = baton_tunnel_pull(skb, sizeof(*ip6h));
	if (err)
		return err;
	ip6h = (const struct ipv6hdr *)skb->data;
	if (unlikely(ip6h->version != 6))
		return -EINVAL;
	/* Extension headers, jumbograms (hop-by-hop) included. */
	if (ip6h->nexthdr != IPPROTO_TCP)
		return -EPROTONOSUPPORT;
	*nhlen = sizeof(*ip6h);
	*len = sizeof(*ip6h) + ntohs(ip6h->payload_len);
	if (unlikely(*len > skb->len))
		return -EINVAL;
	return 0;
}

/*
 * Check the IP and TCP headers of @skb and make them linear, except the
 * TCP options.  Sets *@family and *@thoff, the TCP header's offset.
 */
static int baton_tunnel_headers(struct sk_buff *skb, u8 *family,
				unsigned int *thoff)
{
	unsigned int nhlen, len, thlen;
	const struct tcphdr *th;
	int err;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		*family = AF_INET;
		err = baton_tunnel_pull4(skb, &nhlen, &len);
		break;
	case htons(ETH_P_IPV6):
		*family = AF_INET6;
		err = baton_tunnel_pull6(skb, &nhlen, &len);
		break;
	default:
		return -EPROTONOSUPPORT;
	}
	if (err)
		return err;

	if (unlikely(len < nhlen + sizeof(*th)))
		return -EINVAL;
	err = baton_tunnel_pull(skb, nhlen + sizeof(*th));
	if (err)
		return err;
	th = (const struct tcphdr *)(skb->data + nhlen);
	thlen = th->doff * 4;
	if (unlikely(thlen < sizeof(*th) || len < nhlen + thlen))
		return -EINVAL;
	*thoff = nhlen;
	return 0;
}

/**
 * baton_tunnel_parse() - check a TCP packet and read its 4-tuple
 * @skb: the packet, data at the network header
 * @pkt: filled in on success
 *
 * Checks the IPv4 or IPv6 header and the TCP header against each other
 * and against the packet's length, and pulls both (TCP options excepted)
 * into the linear area: pointers into the skb taken before are stale.
 * Neither the packet nor its length change.
 *
 * Return: 0; -EINVAL for a truncated or malformed packet;
 * -EPROTONOSUPPORT for anything but TCP right after the IP header
 * (another protocol, an IPv4 fragment, IPv6 extension headers);
 * -ENOMEM if the headers could not be pulled.
 */
int baton_tunnel_parse(struct sk_buff *skb, struct baton_pkt *pkt)
{
	const struct tcphdr *th;
	unsigned int thoff;
	u8 family;
	int err;

	err = baton_tunnel_headers(skb, &family, &thoff);
	if (err)
		return err;

	if (family == AF_INET) {
		const struct iphdr *iph = (const struct iphdr *)skb->data;

		ipv6_addr_set_v4mapped(iph->saddr, &pkt->saddr);
		ipv6_addr_set_v4mapped(iph->daddr, &pkt->daddr);
	} else {
		const struct ipv6hdr *ip6h = (const struct ipv6hdr *)skb->data;

		pkt->saddr = ip6h->saddr;
		pkt->daddr = ip6h->daddr;
	}
	th = (const struct tcphdr *)(skb->data + thoff);
	pkt->sport = th->source;
	pkt->dport = th->dest;
	pkt->thoff = thoff;
	pkt->thlen = th->doff * 4;
	pkt->family = family;
	pkt->tcp_flags = tcp_flag_byte(th);
	return 0;
}
EXPORT_SYMBOL_GPL(baton_tunnel_parse);

/* The addresses of a tunnel hop suit a packet of @family. */
static bool baton_tunnel_addr_ok(u8 family, const struct in6_addr *addr)
{
	return ipv6_addr_v4mapped(addr) == (family == AF_INET);
}

/*
 * Rewrite the 4-tuple of @skb, a TCP packet of @family, with
 * incremental checksum updates.  Nothing is written unless all of it is.
 */
static int baton_tunnel_rewrite(struct sk_buff *skb, u8 family,
				const struct in6_addr *saddr,
				const struct in6_addr *daddr,
				__be16 sport, __be16 dport)
{
	unsigned int thoff;
	struct tcphdr *th;
	u8 pkt_family;
	int err;

	err = baton_tunnel_headers(skb, &pkt_family, &thoff);
	if (err)
		return err;
	if (unlikely(pkt_family != family))
		return -EAFNOSUPPORT;
	/* An offloaded checksum must be the TCP checksum we update. */
	if (skb->ip_summed == CHECKSUM_PARTIAL &&
	    unlikely(skb_checksum_start_offset(skb) != thoff ||
		     skb->csum_offset != offsetof(struct tcphdr, check)))
		return -EINVAL;
	/* Pulls, and unshares the header of a clone (GFP_ATOMIC). */
	err = skb_ensure_writable(skb, thoff + sizeof(*th));
	if (unlikely(err))
		return err;

	th = (struct tcphdr *)(skb->data + thoff);
	if (family == AF_INET)
		baton_csum_rewrite4(skb, (struct iphdr *)skb->data, th,
				    saddr->s6_addr32[3], daddr->s6_addr32[3],
				    sport, dport);
	else
		baton_csum_rewrite6(skb, (struct ipv6hdr *)skb->data, th,
				    saddr, daddr, sport, dport);
	return 0;
}

/**
 * baton_tunnel_encap() - tunnel a client packet to its host
 * @skb: the client's TCP packet, data at the network header
 * @flow: its flow: @flow->key.peer is the host, @flow->key.id the flow ID
 * @local: this node's tunnel address, of the flow's family (IPv4 as
 *	v4-mapped)
 *
 * saddr becomes @local, daddr the host, sport and dport the flow ID
 * (high 16 bits in sport); the checksums follow.  skb->len does not
 * change.  Pointers into the skb taken before are stale.
 *
 * Return: 0; -EINVAL, -EPROTONOSUPPORT as baton_tunnel_parse(), or for
 * a CHECKSUM_PARTIAL packet whose checksum is not the TCP one;
 * -EAFNOSUPPORT if the packet, the flow and the addresses are not all
 * of one family; -ENOMEM.  The packet is unchanged on error.
 */
int baton_tunnel_encap(struct sk_buff *skb, const struct baton_flow *flow,
		       const struct in6_addr *local)
{
	u8 family = flow->tuple.family;
	__be16 sport, dport;

	if (unlikely(!baton_tunnel_addr_ok(family, local) ||
		     !baton_tunnel_addr_ok(family, &flow->key.peer)))
		return -EAFNOSUPPORT;
	baton_flowid_to_ports(flow->key.id, &sport, &dport);
	return baton_tunnel_rewrite(skb, family, local, &flow->key.peer,
				    sport, dport);
}
EXPORT_SYMBOL_GPL(baton_tunnel_encap);

/**
 * baton_tunnel_decap() - restore a tunnelled packet
 * @skb: the tunnelled TCP packet, data at the network header
 * @flow: its flow, found by (forwarder address, flow ID)
 *
 * saddr becomes the client, daddr the VIP, sport the client port and
 * dport the VIP port, as the client sent it; the checksums follow.
 * skb->len does not change.  Pointers into the skb taken before are
 * stale.
 *
 * Return: 0, or an error as baton_tunnel_encap().  The packet is
 * unchanged on error.
 */
int baton_tunnel_decap(struct sk_buff *skb, const struct baton_flow *flow)
{
	const struct baton_tuple *tuple = &flow->tuple;

	return baton_tunnel_rewrite(skb, tuple->family, &tuple->client,
				    &tuple->vip, tuple->cport, tuple->vport);
}
EXPORT_SYMBOL_GPL(baton_tunnel_decap);
