// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: rewriting addresses and ports with incremental checksums.
 *
 * Each case builds a real IPv4 or IPv6 TCP packet with payload, in a
 * given skb shape and checksum state, tunnels it (balancer -> host, flow
 * ID in the ports), checks every checksum against a full recompute,
 * restores it as the host does, and checks that every byte is back.
 */
#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/tcp.h>
#include <asm/unaligned.h>

#include <baton/csum.h>
#include <baton/flow.h>

#define CSUM_HEADROOM	64

#define CLIENT4		0xc0000201U	/* 192.0.2.1 */
#define VIP4		0xc633640aU	/* 198.51.100.10 */
#define BALANCER4	0xcb007101U	/* 203.0.113.1 */
#define HOST4		0xcb007114U	/* 203.0.113.20 */
#define CPORT		40000
#define VPORT		80

enum csum_shape {
	CSUM_LINEAR,	/* everything in the linear area */
	CSUM_PAGED,	/* headers linear, payload in two page frags */
	CSUM_MIXED,	/* a third of the payload linear, the rest in frags */
};

/**
 * struct csum_case - one packet to tunnel and restore
 * @family: 4 or 6
 * @ip_summed: CHECKSUM_* state of the packet
 * @shape: enum csum_shape
 * @options: IPv4 options (8 bytes, IPv4 only) and TCP options (12 bytes)
 * @payload: TCP payload length
 * @id: flow ID to tunnel with
 */
struct csum_case {
	u8 family;
	u8 ip_summed;
	u8 shape;
	bool options;
	u16 payload;
	u32 id;
};

static const struct csum_case csum_cases[] = {
	{ 4, CHECKSUM_NONE, CSUM_LINEAR, false, 1001, 0xdeadbeef },
	{ 4, CHECKSUM_NONE, CSUM_LINEAR, true, 1448, 0xffffffff },
	{ 4, CHECKSUM_NONE, CSUM_PAGED, false, 7, 0x00000001 },
	{ 4, CHECKSUM_NONE, CSUM_PAGED, true, 2999, 0x8000ffff },
	{ 4, CHECKSUM_NONE, CSUM_MIXED, false, 1, 0x00010000 },
	{ 4, CHECKSUM_NONE, CSUM_MIXED, true, 1001, 0xdeadbeef },
	{ 4, CHECKSUM_UNNECESSARY, CSUM_LINEAR, false, 1448, 0xffffffff },
	{ 4, CHECKSUM_UNNECESSARY, CSUM_LINEAR, true, 7, 0x00000001 },
	{ 4, CHECKSUM_UNNECESSARY, CSUM_PAGED, false, 2999, 0x8000ffff },
	{ 4, CHECKSUM_UNNECESSARY, CSUM_PAGED, true, 1, 0x00010000 },
	{ 4, CHECKSUM_UNNECESSARY, CSUM_MIXED, false, 1001, 0xdeadbeef },
	{ 4, CHECKSUM_UNNECESSARY, CSUM_MIXED, true, 1448, 0xffffffff },
	{ 4, CHECKSUM_COMPLETE, CSUM_LINEAR, false, 7, 0x00000001 },
	{ 4, CHECKSUM_COMPLETE, CSUM_LINEAR, true, 2999, 0x8000ffff },
	{ 4, CHECKSUM_COMPLETE, CSUM_PAGED, false, 1, 0x00010000 },
	{ 4, CHECKSUM_COMPLETE, CSUM_PAGED, true, 1001, 0xdeadbeef },
	{ 4, CHECKSUM_COMPLETE, CSUM_MIXED, false, 1448, 0xffffffff },
	{ 4, CHECKSUM_COMPLETE, CSUM_MIXED, true, 7, 0x00000001 },
	{ 4, CHECKSUM_PARTIAL, CSUM_LINEAR, false, 2999, 0x8000ffff },
	{ 4, CHECKSUM_PARTIAL, CSUM_LINEAR, true, 1, 0x00010000 },
	{ 4, CHECKSUM_PARTIAL, CSUM_PAGED, false, 1001, 0xdeadbeef },
	{ 4, CHECKSUM_PARTIAL, CSUM_PAGED, true, 1448, 0xffffffff },
	{ 4, CHECKSUM_PARTIAL, CSUM_MIXED, false, 7, 0x00000001 },
	{ 4, CHECKSUM_PARTIAL, CSUM_MIXED, true, 2999, 0x8000ffff },
	{ 6, CHECKSUM_NONE, CSUM_LINEAR, false, 1, 0x00010000 },
	{ 6, CHECKSUM_NONE, CSUM_LINEAR, true, 1001, 0xdeadbeef },
	{ 6, CHECKSUM_NONE, CSUM_PAGED, false, 1448, 0xffffffff },
	{ 6, CHECKSUM_NONE, CSUM_PAGED, true, 7, 0x00000001 },
	{ 6, CHECKSUM_NONE, CSUM_MIXED, false, 2999, 0x8000ffff },
	{ 6, CHECKSUM_NONE, CSUM_MIXED, true, 1, 0x00010000 },
	{ 6, CHECKSUM_UNNECESSARY, CSUM_LINEAR, false, 1001, 0xdeadbeef },
	{ 6, CHECKSUM_UNNECESSARY, CSUM_LINEAR, true, 1448, 0xffffffff },
	{ 6, CHECKSUM_UNNECESSARY, CSUM_PAGED, false, 7, 0x00000001 },
	{ 6, CHECKSUM_UNNECESSARY, CSUM_PAGED, true, 2999, 0x8000ffff },
	{ 6, CHECKSUM_UNNECESSARY, CSUM_MIXED, false, 1, 0x00010000 },
	{ 6, CHECKSUM_UNNECESSARY, CSUM_MIXED, true, 1001, 0xdeadbeef },
	{ 6, CHECKSUM_COMPLETE, CSUM_LINEAR, false, 1448, 0xffffffff },
	{ 6, CHECKSUM_COMPLETE, CSUM_LINEAR, true, 7, 0x00000001 },
	{ 6, CHECKSUM_COMPLETE, CSUM_PAGED, false, 2999, 0x8000ffff },
	{ 6, CHECKSUM_COMPLETE, CSUM_PAGED, true, 1, 0x00010000 },
	{ 6, CHECKSUM_COMPLETE, CSUM_MIXED, false, 1001, 0xdeadbeef },
	{ 6, CHECKSUM_COMPLETE, CSUM_MIXED, true, 1448, 0xffffffff },
	{ 6, CHECKSUM_PARTIAL, CSUM_LINEAR, false, 7, 0x00000001 },
	{ 6, CHECKSUM_PARTIAL, CSUM_LINEAR, true, 2999, 0x8000ffff },
	{ 6, CHECKSUM_PARTIAL, CSUM_PAGED, false, 1, 0x00010000 },
	{ 6, CHECKSUM_PARTIAL, CSUM_PAGED, true, 1001, 0xdeadbeef },
	{ 6, CHECKSUM_PARTIAL, CSUM_MIXED, false, 1448, 0xffffffff },
	{ 6, CHECKSUM_PARTIAL, CSUM_MIXED, true, 7, 0x00000001 },
	/* Pure ACKs: no payload. */
	{ 4, CHECKSUM_COMPLETE, CSUM_LINEAR, true, 0, 0xdeadbeef },
	{ 6, CHECKSUM_PARTIAL, CSUM_LINEAR, true, 0, 0xffffffff },
};

static const char * const csum_summed_names[] = {
	[CHECKSUM_NONE] = "none",
	[CHECKSUM_UNNECESSARY] = "unnecessary",
	[CHECKSUM_COMPLETE] = "complete",
	[CHECKSUM_PARTIAL] = "partial",
};

static const char * const csum_shape_names[] = {
	[CSUM_LINEAR] = "linear",
	[CSUM_PAGED] = "paged",
	[CSUM_MIXED] = "mixed",
};

static void csum_case_desc(const struct csum_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "ipv%u %s %s%s %u bytes id %08x",
		 c->family, csum_summed_names[c->ip_summed],
		 csum_shape_names[c->shape], c->options ? " options" : "",
		 c->payload, c->id);
}

KUNIT_ARRAY_PARAM(csum, csum_cases, csum_case_desc);

static const struct in6_addr client6 = {{{
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01 }}};
static const struct in6_addr vip6 = {{{
	0x20, 0x01, 0x0d, 0xb8, 0, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10 }}};
static const struct in6_addr balancer6 = {{{
	0x20, 0x01, 0x0d, 0xb8, 0, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01 }}};
static const struct in6_addr host6 = {{{
	0x20, 0x01, 0x0d, 0xb8, 0, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0xab, 0xcd }}};

static u16 sum16(__sum16 sum)
{
	return (__force u16)sum;
}

static u8 csum_pattern(unsigned int i)
{
	return i * 7 + 3;
}

static bool csum_is_v4(struct sk_buff *skb)
{
	return ip_hdr(skb)->version == 4;
}

/* The pseudo-header checksum of the packet, folded with @sum. */
static __sum16 csum_pseudo(struct sk_buff *skb, unsigned int len, __wsum sum)
{
	if (csum_is_v4(skb))
		return csum_tcpudp_magic(ip_hdr(skb)->saddr, ip_hdr(skb)->daddr,
					 len, IPPROTO_TCP, sum);
	return csum_ipv6_magic(&ipv6_hdr(skb)->saddr, &ipv6_hdr(skb)->daddr,
			       len, IPPROTO_TCP, sum);
}

/* Checksum of the TCP segment as it stands: 0 when th->check is right. */
static __sum16 csum_tcp_verify(struct sk_buff *skb)
{
	unsigned int off = skb_transport_offset(skb);
	unsigned int len = skb->len - off;

	return csum_pseudo(skb, len, skb_checksum(skb, off, len, 0));
}

/* The TCP checksum computed from scratch. */
static __sum16 csum_tcp_full(struct sk_buff *skb)
{
	struct tcphdr *th = tcp_hdr(skb);
	__sum16 saved = th->check;
	__sum16 sum;

	th->check = 0;
	sum = csum_tcp_verify(skb);
	th->check = saved;
	return sum;
}

static void csum_fill(u8 *p, unsigned int from, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		p[i] = csum_pattern(from + i);
}

/* Two frags, the first at an odd offset in its page. */
static void csum_add_frags(struct kunit *test, struct sk_buff *skb,
			   unsigned int from, unsigned int len)
{
	unsigned int chunk, off;
	struct page *page;
	int i;

	for (i = 0; len; i++) {
		off = i ? 0 : 1;
		chunk = i ? len : (len + 1) / 2;
		page = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, page);
		csum_fill(page_address(page) + off, from, chunk);
		skb_add_rx_frag(skb, i, page, off, chunk, PAGE_SIZE);
		from += chunk;
		len -= chunk;
	}
}

static void csum_build_ip4(struct sk_buff *skb, unsigned int optlen)
{
	struct iphdr *iph = ip_hdr(skb);
	u8 *opt = (u8 *)(iph + 1);

	iph->version = 4;
	iph->ihl = (sizeof(*iph) + optlen) / 4;
	iph->tos = 0;
	iph->tot_len = htons(skb->len);
	iph->id = htons(0x1234);
	iph->frag_off = htons(IP_DF);
	iph->ttl = 64;
	iph->protocol = IPPROTO_TCP;
	iph->saddr = htonl(CLIENT4);
	iph->daddr = htonl(VIP4);
	if (optlen) {
		/* Router alert, then padding. */
		opt[0] = IPOPT_RA;
		opt[1] = 4;
		opt[2] = 0;
		opt[3] = 0;
		opt[4] = IPOPT_NOOP;
		opt[5] = IPOPT_NOOP;
		opt[6] = IPOPT_NOOP;
		opt[7] = IPOPT_END;
	}
	iph->check = 0;
	iph->check = ip_fast_csum(iph, iph->ihl);
	skb->protocol = htons(ETH_P_IP);
}

static void csum_build_ip6(struct sk_buff *skb)
{
	struct ipv6hdr *ip6h = ipv6_hdr(skb);

	ip6_flow_hdr(ip6h, 0, htonl(0x12345));
	ip6h->payload_len = htons(skb->len - sizeof(*ip6h));
	ip6h->nexthdr = IPPROTO_TCP;
	ip6h->hop_limit = 64;
	ip6h->saddr = client6;
	ip6h->daddr = vip6;
	skb->protocol = htons(ETH_P_IPV6);
}

static void csum_build_tcp(struct tcphdr *th, unsigned int optlen)
{
	u8 *opt = (u8 *)(th + 1);

	th->source = htons(CPORT);
	th->dest = htons(VPORT);
	th->seq = htonl(0x01020304);
	th->ack_seq = htonl(0xa0b0c0d0);
	th->doff = (sizeof(*th) + optlen) / 4;
	th->ack = 1;
	th->psh = 1;
	th->window = htons(501);
	if (optlen) {
		opt[0] = TCPOPT_NOP;
		opt[1] = TCPOPT_NOP;
		opt[2] = TCPOPT_TIMESTAMP;
		opt[3] = TCPOLEN_TIMESTAMP;
		put_unaligned_be32(0x11223344, opt + 4);
		put_unaligned_be32(0x55667788, opt + 8);
	}
}

static struct sk_buff *csum_build(struct kunit *test, const struct csum_case *c)
{
	unsigned int ipopt = c->options && c->family == 4 ? 8 : 0;
	unsigned int tcpopt = c->options ? 12 : 0;
	unsigned int nhlen, thlen, linear, len;
	struct sk_buff *skb;
	struct tcphdr *th;
	bool ok;

	nhlen = c->family == 4 ? sizeof(struct iphdr) + ipopt :
				 sizeof(struct ipv6hdr);
	thlen = sizeof(struct tcphdr) + tcpopt;
	linear = c->shape == CSUM_LINEAR ? c->payload :
		 c->shape == CSUM_MIXED ? c->payload / 3 : 0;

	skb = alloc_skb(CSUM_HEADROOM + nhlen + thlen + linear, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, CSUM_HEADROOM);

	skb_reset_network_header(skb);
	skb_put_zero(skb, nhlen);
	skb_set_transport_header(skb, nhlen);
	th = skb_put_zero(skb, thlen);
	csum_fill(skb_put(skb, linear), 0, linear);
	csum_add_frags(test, skb, linear, c->payload - linear);
	KUNIT_ASSERT_EQ(test, skb->len, nhlen + thlen + c->payload);

	if (c->family == 4)
		csum_build_ip4(skb, ipopt);
	else
		csum_build_ip6(skb);
	csum_build_tcp(th, tcpopt);

	len = thlen + c->payload;
	if (c->ip_summed == CHECKSUM_PARTIAL) {
		/* As tcp_v4_send_check() and tcp_v6_send_check() leave it. */
		th->check = ~csum_pseudo(skb, len, 0);
		ok = skb_partial_csum_set(skb, nhlen,
					  offsetof(struct tcphdr, check));
		KUNIT_ASSERT_TRUE(test, ok);
	} else {
		th->check = csum_tcp_full(skb);
		skb->ip_summed = c->ip_summed;
		/* As a NIC hands it over, minus the pulled MAC header. */
		if (c->ip_summed == CHECKSUM_COMPLETE)
			skb->csum = skb_checksum(skb, 0, skb->len, 0);
	}
	return skb;
}

/* Every checksum of the packet is what a full recompute gives. */
static void csum_check(struct kunit *test, struct sk_buff *skb)
{
	unsigned int len = skb->len - skb_transport_offset(skb);
	struct tcphdr *th = tcp_hdr(skb);
	struct sk_buff *copy;
	__sum16 saved;

	if (csum_is_v4(skb)) {
		struct iphdr *iph = ip_hdr(skb);

		KUNIT_EXPECT_EQ(test, sum16(ip_fast_csum(iph, iph->ihl)), 0);
		saved = iph->check;
		iph->check = 0;
		KUNIT_EXPECT_EQ(test, sum16(saved),
				sum16(ip_fast_csum(iph, iph->ihl)));
		iph->check = saved;
	}

	switch (skb->ip_summed) {
	case CHECKSUM_PARTIAL:
		/* Pseudo-header only; the payload is summed later. */
		KUNIT_EXPECT_EQ(test, sum16(th->check),
				sum16(~csum_pseudo(skb, len, 0)));
		KUNIT_EXPECT_EQ(test, skb_checksum_start_offset(skb),
				skb_transport_offset(skb));
		KUNIT_EXPECT_EQ(test, skb->csum_offset,
				offsetof(struct tcphdr, check));

		/* And finishing it as a device without offload would... */
		copy = skb_copy(skb, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, copy);
		KUNIT_EXPECT_EQ(test, skb_checksum_help(copy), 0);
		/* ...gives a packet the receiver accepts. */
		KUNIT_EXPECT_EQ(test, sum16(csum_tcp_verify(copy)), 0);
		kfree_skb(copy);
		break;
	case CHECKSUM_COMPLETE:
		KUNIT_EXPECT_EQ(test, sum16(csum_fold(skb->csum)),
				sum16(csum_fold(skb_checksum(skb, 0, skb->len,
							     0))));
		fallthrough;
	default:
		KUNIT_EXPECT_EQ(test, sum16(th->check),
				sum16(csum_tcp_full(skb)));
		KUNIT_EXPECT_EQ(test, sum16(csum_tcp_verify(skb)), 0);
		break;
	}
}

/* The bytes outside addresses, ports and checksums are as in @orig. */
static void csum_check_untouched(struct kunit *test, struct sk_buff *skb,
				 const u8 *orig)
{
	unsigned int thoff = skb_transport_offset(skb);
	u8 *now;

	now = kunit_kmalloc(test, skb->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, now);
	KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, now, skb->len), 0);

	if (csum_is_v4(skb))
		memcpy(now + offsetof(struct iphdr, check),
		       orig + offsetof(struct iphdr, check),
		       offsetof(struct iphdr, daddr) + 4 -
		       offsetof(struct iphdr, check));
	else
		memcpy(now + offsetof(struct ipv6hdr, saddr),
		       orig + offsetof(struct ipv6hdr, saddr),
		       2 * sizeof(struct in6_addr));
	memcpy(now + thoff, orig + thoff, 4);
	memcpy(now + thoff + offsetof(struct tcphdr, check),
	       orig + thoff + offsetof(struct tcphdr, check), 2);

	KUNIT_EXPECT_EQ(test, memcmp(now, orig, skb->len), 0);
	kunit_kfree(test, now);
}

static void baton_csum_test_round_trip(struct kunit *test)
{
	const struct csum_case *c = test->param_value;
	__be16 sport, dport;
	struct sk_buff *skb;
	struct tcphdr *th;
	__wsum orig_csum;
	u8 *orig, *now;

	skb = csum_build(test, c);
	csum_check(test, skb);

	orig = kunit_kmalloc(test, skb->len, GFP_KERNEL);
	now = kunit_kmalloc(test, skb->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, orig);
	KUNIT_ASSERT_NOT_NULL(test, now);
	KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, orig, skb->len), 0);
	orig_csum = skb->csum;

	/* Balancer: to the host, flow ID in the ports. */
	th = tcp_hdr(skb);
	baton_flowid_to_ports(c->id, &sport, &dport);
	if (c->family == 4) {
		baton_csum_rewrite4(skb, ip_hdr(skb), th, htonl(BALANCER4),
				    htonl(HOST4), sport, dport);
		KUNIT_EXPECT_EQ(test, ntohl(ip_hdr(skb)->saddr), BALANCER4);
		KUNIT_EXPECT_EQ(test, ntohl(ip_hdr(skb)->daddr), HOST4);
	} else {
		baton_csum_rewrite6(skb, ipv6_hdr(skb), th, &balancer6, &host6,
				    sport, dport);
		KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&ipv6_hdr(skb)->saddr,
							&balancer6));
		KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&ipv6_hdr(skb)->daddr,
							&host6));
	}
	KUNIT_EXPECT_EQ(test, baton_flowid_from_ports(th->source, th->dest),
			c->id);
	csum_check(test, skb);
	csum_check_untouched(test, skb, orig);

	/* Host: back to the client's 4-tuple. */
	if (c->family == 4)
		baton_csum_rewrite4(skb, ip_hdr(skb), th, htonl(CLIENT4),
				    htonl(VIP4), htons(CPORT), htons(VPORT));
	else
		baton_csum_rewrite6(skb, ipv6_hdr(skb), th, &client6, &vip6,
				    htons(CPORT), htons(VPORT));
	csum_check(test, skb);

	KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, now, skb->len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(now, orig, skb->len), 0);
	if (c->ip_summed == CHECKSUM_COMPLETE)
		KUNIT_EXPECT_EQ(test, sum16(csum_fold(skb->csum)),
				sum16(csum_fold(orig_csum)));
	KUNIT_EXPECT_EQ(test, (u8)skb->ip_summed, c->ip_summed);

	kfree_skb(skb);
}

/* New addresses taken from the packet being rewritten. */
static void baton_csum_test_alias6(struct kunit *test)
{
	static const struct csum_case c = {
		6, CHECKSUM_COMPLETE, CSUM_MIXED, true, 999, 1,
	};
	struct sk_buff *skb = csum_build(test, &c);
	struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct tcphdr *th = tcp_hdr(skb);

	baton_csum_rewrite6(skb, ip6h, th, &ip6h->daddr, &ip6h->saddr,
			    th->dest, th->source);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&ip6h->saddr, &vip6));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&ip6h->daddr, &client6));
	KUNIT_EXPECT_EQ(test, ntohs(th->source), VPORT);
	KUNIT_EXPECT_EQ(test, ntohs(th->dest), CPORT);
	csum_check(test, skb);
	kfree_skb(skb);
}

static struct kunit_case baton_csum_test_cases[] = {
	KUNIT_CASE_PARAM(baton_csum_test_round_trip, csum_gen_params),
	KUNIT_CASE(baton_csum_test_alias6),
	{}
};

static struct kunit_suite baton_csum_test_suite = {
	.name = "baton_csum",
	.test_cases = baton_csum_test_cases,
};

kunit_test_suite(baton_csum_test_suite);
