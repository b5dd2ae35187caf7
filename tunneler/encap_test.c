// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: encapsulating and de-encapsulating TCP packets on skbs.
 *
 * Real IPv4 and IPv6 packets in every shape (linear, paged, headers in
 * frags, cloned, GSO) and checksum state go through baton_tunnel_encap()
 * and baton_tunnel_decap(): the tunnelled packet carries the flow ID and
 * the tunnel addresses with right checksums, and the restored packet is
 * the original byte for byte.  baton_tunnel_parse() reads the 4-tuple
 * and rejects every truncated or foreign packet without reading past it.
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/tcp.h>

#include <baton/encap.h>
#include <baton/flow.h>

#include "test_skb.h"

/**
 * struct encap_case - one packet to tunnel and restore
 * @pkt: the packet
 * @clone: tunnel it while a clone shares its data
 */
struct encap_case {
	struct baton_test_pkt pkt;
	bool clone;
};

#define ENCAP_CASE(fam, summed, shape, opt, len, id, clone)		\
	{ { fam, CHECKSUM_ ## summed, BATON_TEST_ ## shape, opt, len, id }, \
	  clone }

static const struct encap_case encap_cases[] = {
	ENCAP_CASE(4, NONE, LINEAR, false, 1001, 0xdeadbeef, false),
	ENCAP_CASE(4, NONE, LINEAR, true, 1448, 0xffffffff, true),
	ENCAP_CASE(4, NONE, PAGED, true, 2999, 0x8000ffff, false),
	ENCAP_CASE(4, NONE, MIXED, false, 1, 0x00010000, true),
	ENCAP_CASE(4, UNNECESSARY, PAGED, false, 7, 0x00000001, false),
	ENCAP_CASE(4, UNNECESSARY, MIXED, true, 1448, 0xffffffff, true),
	ENCAP_CASE(4, COMPLETE, LINEAR, true, 7, 0x00000001, false),
	ENCAP_CASE(4, COMPLETE, PAGED, false, 1001, 0xdeadbeef, true),
	ENCAP_CASE(4, PARTIAL, LINEAR, false, 2999, 0x8000ffff, false),
	ENCAP_CASE(4, PARTIAL, LINEAR, true, 1, 0x00010000, true),
	ENCAP_CASE(4, PARTIAL, PAGED, true, 1448, 0xffffffff, false),
	ENCAP_CASE(4, PARTIAL, MIXED, false, 7, 0x00000001, true),
	ENCAP_CASE(6, NONE, LINEAR, false, 1, 0x00010000, false),
	ENCAP_CASE(6, NONE, LINEAR, true, 1001, 0xdeadbeef, true),
	ENCAP_CASE(6, NONE, PAGED, false, 1448, 0xffffffff, true),
	ENCAP_CASE(6, NONE, MIXED, true, 2999, 0x8000ffff, false),
	ENCAP_CASE(6, UNNECESSARY, LINEAR, true, 1448, 0xffffffff, false),
	ENCAP_CASE(6, UNNECESSARY, PAGED, true, 7, 0x00000001, true),
	ENCAP_CASE(6, COMPLETE, MIXED, false, 2999, 0x8000ffff, false),
	ENCAP_CASE(6, COMPLETE, PAGED, true, 1, 0x00010000, true),
	ENCAP_CASE(6, PARTIAL, LINEAR, true, 2999, 0x8000ffff, false),
	ENCAP_CASE(6, PARTIAL, LINEAR, false, 7, 0x00000001, true),
	ENCAP_CASE(6, PARTIAL, PAGED, false, 1001, 0xdeadbeef, false),
	ENCAP_CASE(6, PARTIAL, MIXED, true, 1448, 0xffffffff, true),
	/* Pure ACKs: no payload. */
	ENCAP_CASE(4, PARTIAL, LINEAR, true, 0, 0xdeadbeef, true),
	ENCAP_CASE(6, COMPLETE, LINEAR, true, 0, 0xffffffff, true),
};

static void encap_case_desc(const struct encap_case *c, char *desc)
{
	baton_test_pkt_desc(&c->pkt, desc);
	if (c->clone)
		strlcat(desc, " cloned", KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(encap, encap_cases, encap_case_desc);

/* The flow of the test packets, and the balancer's tunnel address. */
static struct baton_flow *encap_flow(struct kunit *test, u8 family, u32 id,
				     struct in6_addr *local)
{
	struct baton_flow *flow;

	flow = kunit_kzalloc(test, sizeof(*flow), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, flow);
	if (family == 4) {
		baton_tuple_init4(&flow->tuple, htonl(BATON_TEST_CLIENT4),
				  htons(BATON_TEST_CPORT),
				  htonl(BATON_TEST_VIP4),
				  htons(BATON_TEST_VPORT));
		ipv6_addr_set_v4mapped(htonl(BATON_TEST_HOST4),
				       &flow->key.peer);
		ipv6_addr_set_v4mapped(htonl(BATON_TEST_BALANCER4), local);
	} else {
		baton_tuple_init6(&flow->tuple, &baton_test_client6,
				  htons(BATON_TEST_CPORT), &baton_test_vip6,
				  htons(BATON_TEST_VPORT));
		flow->key.peer = baton_test_host6;
		*local = baton_test_balancer6;
	}
	flow->key.id = id;
	return flow;
}

/* The packet's bytes are @orig. */
static void encap_expect_bytes(struct kunit *test, struct sk_buff *skb,
			       const u8 *orig, unsigned int len)
{
	KUNIT_ASSERT_EQ(test, skb->len, len);
	KUNIT_EXPECT_EQ(test, memcmp(baton_test_skb_bytes(test, skb), orig,
				     len), 0);
}

/* @skb is tunnelled: tunnel addresses, flow ID, right checksums. */
static void encap_expect_tunnelled(struct kunit *test, struct sk_buff *skb,
				   const struct baton_flow *flow,
				   const struct in6_addr *local)
{
	struct tcphdr *th = tcp_hdr(skb);

	if (ip_hdr(skb)->version == 4) {
		KUNIT_EXPECT_EQ(test, ntohl(ip_hdr(skb)->saddr),
				ntohl(local->s6_addr32[3]));
		KUNIT_EXPECT_EQ(test, ntohl(ip_hdr(skb)->daddr),
				ntohl(flow->key.peer.s6_addr32[3]));
	} else {
		KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&ipv6_hdr(skb)->saddr,
							local));
		KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&ipv6_hdr(skb)->daddr,
							&flow->key.peer));
	}
	KUNIT_EXPECT_EQ(test, ntohs(th->source), flow->key.id >> 16);
	KUNIT_EXPECT_EQ(test, ntohs(th->dest), flow->key.id & 0xffff);
	baton_test_skb_check_csum(test, skb);
}

static void baton_encap_test_round_trip(struct kunit *test)
{
	const struct encap_case *c = test->param_value;
	struct sk_buff *skb, *clone = NULL;
	struct baton_flow *flow;
	struct in6_addr local;
	struct baton_pkt pkt;
	unsigned int len;
	__wsum orig_csum;
	u8 *orig;

	skb = baton_test_skb_build(test, &c->pkt);
	flow = encap_flow(test, c->pkt.family, c->pkt.id, &local);
	orig = baton_test_skb_bytes(test, skb);
	orig_csum = skb->csum;
	len = skb->len;
	if (c->clone) {
		clone = skb_clone(skb, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, clone);
		KUNIT_ASSERT_TRUE(test, skb_header_cloned(skb));
	}

	/* Balancer: to the host, flow ID in the ports. */
	KUNIT_ASSERT_EQ(test, baton_tunnel_encap(skb, flow, &local), 0);
	KUNIT_EXPECT_EQ(test, skb->len, len);
	KUNIT_EXPECT_EQ(test, (u8)skb->ip_summed, c->pkt.ip_summed);
	encap_expect_tunnelled(test, skb, flow, &local);
	baton_test_skb_check_untouched(test, skb, orig);
	if (clone) {
		/* The header was unshared before it was written. */
		KUNIT_EXPECT_FALSE(test, skb_header_cloned(skb));
		encap_expect_bytes(test, clone, orig, len);
	}

	/* Host: find the flow by (forwarder, ID)... */
	KUNIT_ASSERT_EQ(test, baton_tunnel_parse(skb, &pkt), 0);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&pkt.saddr, &local));
	KUNIT_EXPECT_EQ(test, baton_pkt_flowid(&pkt), c->pkt.id);

	/* ...and restore the client's packet. */
	KUNIT_ASSERT_EQ(test, baton_tunnel_decap(skb, flow), 0);
	encap_expect_bytes(test, skb, orig, len);
	baton_test_skb_check_csum(test, skb);
	KUNIT_EXPECT_EQ(test, (u8)skb->ip_summed, c->pkt.ip_summed);
	if (c->pkt.ip_summed == CHECKSUM_COMPLETE)
		KUNIT_EXPECT_EQ(test, baton_test_sum16(csum_fold(skb->csum)),
				baton_test_sum16(csum_fold(orig_csum)));
	if (clone) {
		encap_expect_bytes(test, clone, orig, len);
		kfree_skb(clone);
	}
	kfree_skb(skb);
}

/*
 * The bytes of @skb, a CHECKSUM_NONE packet, moved into one page frag of
 * a new skb with an empty linear area.
 */
static struct sk_buff *encap_to_frags(struct kunit *test, struct sk_buff *skb)
{
	unsigned int nhoff = skb_transport_offset(skb);
	struct sk_buff *nskb;
	struct page *page;

	KUNIT_ASSERT_LT(test, skb->len, PAGE_SIZE);
	nskb = alloc_skb(BATON_TEST_HEADROOM, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, nskb);
	skb_reserve(nskb, BATON_TEST_HEADROOM);
	page = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, page_address(page) + 1,
					    skb->len), 0);
	skb_add_rx_frag(nskb, 0, page, 1, skb->len, PAGE_SIZE);
	skb_reset_network_header(nskb);
	skb_set_transport_header(nskb, nhoff);
	nskb->protocol = skb->protocol;
	kfree_skb(skb);
	return nskb;
}

/* Headers and all in frags: parse and encap pull just the headers. */
static void baton_encap_test_frags(struct kunit *test)
{
	static const struct baton_test_pkt pkts[] = {
		{ 4, CHECKSUM_NONE, BATON_TEST_LINEAR, true, 1001, 0xdeadbeef },
		{ 6, CHECKSUM_NONE, BATON_TEST_LINEAR, true, 999, 0x00010001 },
	};
	unsigned int i, thoff, len;
	struct baton_flow *flow;
	struct in6_addr local;
	struct baton_pkt pkt;
	struct sk_buff *skb;
	u8 *orig;

	for (i = 0; i < ARRAY_SIZE(pkts); i++) {
		skb = baton_test_skb_build(test, &pkts[i]);
		thoff = skb_transport_offset(skb);
		orig = baton_test_skb_bytes(test, skb);
		len = skb->len;
		skb = encap_to_frags(test, skb);
		flow = encap_flow(test, pkts[i].family, pkts[i].id, &local);
		KUNIT_ASSERT_EQ(test, skb_headlen(skb), 0U);

		KUNIT_ASSERT_EQ(test, baton_tunnel_parse(skb, &pkt), 0);
		KUNIT_EXPECT_EQ(test, pkt.thoff, thoff);
		KUNIT_EXPECT_GE(test, skb_headlen(skb),
				thoff + sizeof(struct tcphdr));
		KUNIT_EXPECT_EQ(test, skb->len, len);
		encap_expect_bytes(test, skb, orig, len);

		KUNIT_ASSERT_EQ(test, baton_tunnel_encap(skb, flow, &local), 0);
		KUNIT_EXPECT_EQ(test, skb->len, len);
		encap_expect_tunnelled(test, skb, flow, &local);
		baton_test_skb_check_untouched(test, skb, orig);

		KUNIT_ASSERT_EQ(test, baton_tunnel_decap(skb, flow), 0);
		encap_expect_bytes(test, skb, orig, len);
		baton_test_skb_check_csum(test, skb);
		kfree_skb(skb);
	}
}

/*
 * A GRO packet (CHECKSUM_PARTIAL, gso_size set) is tunnelled whole, then
 * segmented as on output, with and without checksum offload: every
 * segment is a right tunnelled packet and restores to its part of the
 * original.
 */
static void baton_encap_test_gso(struct kunit *test)
{
	static const struct baton_test_pkt pkts[] = {
		{ 4, CHECKSUM_PARTIAL, BATON_TEST_PAGED, true, 3000, 0xdeadbeef },
		{ 4, CHECKSUM_PARTIAL, BATON_TEST_MIXED, false, 2500, 0x1 },
		{ 6, CHECKSUM_PARTIAL, BATON_TEST_PAGED, true, 3000, 0xffff0000 },
		{ 6, CHECKSUM_PARTIAL, BATON_TEST_MIXED, false, 2500, 0xffff },
	};
	static const netdev_features_t features[] = {
		0, NETIF_F_SG | NETIF_F_HW_CSUM,
	};
	const unsigned int mss = 1000;
	struct sk_buff *skb, *segs, *seg, *next;
	unsigned int i, f, n, th, thoff, off, addr, alen;
	const struct baton_test_pkt *c;
	struct baton_flow *flow;
	struct in6_addr local;
	u8 *orig, *now;

	for (i = 0; i < ARRAY_SIZE(pkts) * ARRAY_SIZE(features); i++) {
		c = &pkts[i / ARRAY_SIZE(features)];
		f = i % ARRAY_SIZE(features);
		skb = baton_test_skb_build(test, c);
		skb_shinfo(skb)->gso_size = mss;
		skb_shinfo(skb)->gso_segs = DIV_ROUND_UP(c->payload, mss);
		skb_shinfo(skb)->gso_type = c->family == 4 ? SKB_GSO_TCPV4 :
							     SKB_GSO_TCPV6;
		flow = encap_flow(test, c->family, c->id, &local);
		th = skb_transport_offset(skb);
		thoff = th + tcp_hdrlen(skb);
		addr = c->family == 4 ? offsetof(struct iphdr, saddr) :
					offsetof(struct ipv6hdr, saddr);
		alen = c->family == 4 ? 2 * sizeof(__be32) :
					2 * sizeof(struct in6_addr);
		orig = baton_test_skb_bytes(test, skb);

		KUNIT_ASSERT_EQ(test, baton_tunnel_encap(skb, flow, &local), 0);
		encap_expect_tunnelled(test, skb, flow, &local);

		segs = skb_gso_segment(skb, features[f]);
		KUNIT_ASSERT_FALSE(test, IS_ERR_OR_NULL(segs));
		consume_skb(skb);

		n = 0;
		off = thoff;
		skb_list_walk_safe(segs, seg, next) {
			skb_mark_not_on_list(seg);
			KUNIT_EXPECT_EQ(test, seg->len,
					thoff + min(mss, c->payload - n * mss));
			encap_expect_tunnelled(test, seg, flow, &local);

			KUNIT_EXPECT_EQ(test, baton_tunnel_decap(seg, flow), 0);
			baton_test_skb_check_csum(test, seg);
			now = baton_test_skb_bytes(test, seg);
			/* This segment's part of the payload... */
			KUNIT_EXPECT_EQ(test, memcmp(now + thoff, orig + off,
						     seg->len - thoff), 0);
			/* ...from the client's addresses and ports. */
			KUNIT_EXPECT_EQ(test, memcmp(now + addr, orig + addr,
						     alen), 0);
			KUNIT_EXPECT_EQ(test, memcmp(now + th, orig + th, 4), 0);
			off += seg->len - thoff;
			n++;
			kfree_skb(seg);
		}
		KUNIT_EXPECT_EQ(test, n, DIV_ROUND_UP(c->payload, mss));
		KUNIT_EXPECT_EQ(test, off, thoff + c->payload);
	}
}

/* baton_tunnel_parse() reads the 4-tuple of a client's packet. */
static void baton_encap_test_parse(struct kunit *test)
{
	static const struct baton_test_pkt pkts[] = {
		{ 4, CHECKSUM_PARTIAL, BATON_TEST_PAGED, true, 100, 1 },
		{ 4, CHECKSUM_NONE, BATON_TEST_LINEAR, false, 0, 1 },
		{ 6, CHECKSUM_COMPLETE, BATON_TEST_MIXED, true, 100, 1 },
		{ 6, CHECKSUM_NONE, BATON_TEST_LINEAR, false, 0, 1 },
	};
	struct baton_tuple tuple, want;
	struct baton_flow *flow;
	struct in6_addr local;
	struct baton_pkt pkt;
	struct sk_buff *skb;
	unsigned int i;
	u8 *orig, family;

	for (i = 0; i < ARRAY_SIZE(pkts); i++) {
		skb = baton_test_skb_build(test, &pkts[i]);
		orig = baton_test_skb_bytes(test, skb);
		flow = encap_flow(test, pkts[i].family, 1, &local);

		memset(&pkt, 0xa5, sizeof(pkt));
		KUNIT_ASSERT_EQ(test, baton_tunnel_parse(skb, &pkt), 0);
		family = pkts[i].family == 4 ? AF_INET : AF_INET6;
		KUNIT_EXPECT_EQ(test, pkt.family, family);
		KUNIT_EXPECT_EQ(test, pkt.thoff, skb_transport_offset(skb));
		KUNIT_EXPECT_EQ(test, pkt.thlen, tcp_hdrlen(skb));
		KUNIT_EXPECT_EQ(test, pkt.tcp_flags, TCPHDR_ACK | TCPHDR_PSH);
		KUNIT_EXPECT_EQ(test, ntohs(pkt.sport), BATON_TEST_CPORT);
		KUNIT_EXPECT_EQ(test, ntohs(pkt.dport), BATON_TEST_VPORT);
		KUNIT_EXPECT_EQ(test, baton_pkt_flowid(&pkt),
				(u32)BATON_TEST_CPORT << 16 | BATON_TEST_VPORT);

		/* The tuple the forwarder looks up is the flow's. */
		memset(&tuple, 0x5a, sizeof(tuple));
		baton_pkt_tuple(&pkt, &tuple);
		want = flow->tuple;
		KUNIT_EXPECT_EQ(test, memcmp(&tuple, &want, sizeof(tuple)), 0);

		encap_expect_bytes(test, skb, orig, skb->len);
		kfree_skb(skb);
	}
}

enum encap_bad {
	BAD_EMPTY,
	BAD_ARP,
	BAD_V4_SHORT,
	BAD_V4_VERSION,
	BAD_V4_IHL4,
	BAD_V4_IHL_PAST_END,
	BAD_V4_TOTLEN_SHORT,
	BAD_V4_TOTLEN_PAST_END,
	BAD_V4_TCP_SHORT,
	BAD_V4_DOFF4,
	BAD_V4_DOFF_PAST_END,
	BAD_V4_UDP,
	BAD_V4_FRAG,
	BAD_V4_LATER_FRAG,
	BAD_V6_SHORT,
	BAD_V6_VERSION,
	BAD_V6_PLEN_PAST_END,
	BAD_V6_TCP_SHORT,
	BAD_V6_DOFF4,
	BAD_V6_DOFF_PAST_END,
	BAD_V6_UDP,
	BAD_V6_HOPOPTS,
	BAD_V6_ROUTING,
	BAD_V6_FRAG,
	BAD_V6_NONE,
	BAD_MAX,
};

/**
 * struct encap_bad_case - a packet baton_tunnel_parse() rejects
 * @bad: enum encap_bad, what is wrong with it
 * @frags: the whole packet in a page frag, nothing linear
 */
struct encap_bad_case {
	u8 bad;
	bool frags;
};

static const char * const encap_bad_names[] = {
	[BAD_EMPTY] = "empty",
	[BAD_ARP] = "arp",
	[BAD_V4_SHORT] = "ipv4 header truncated",
	[BAD_V4_VERSION] = "ipv4 version 6",
	[BAD_V4_IHL4] = "ipv4 ihl 4",
	[BAD_V4_IHL_PAST_END] = "ipv4 ihl past end",
	[BAD_V4_TOTLEN_SHORT] = "ipv4 tot_len < ihl",
	[BAD_V4_TOTLEN_PAST_END] = "ipv4 tot_len past end",
	[BAD_V4_TCP_SHORT] = "ipv4 tcp header truncated",
	[BAD_V4_DOFF4] = "ipv4 tcp doff 4",
	[BAD_V4_DOFF_PAST_END] = "ipv4 tcp doff past end",
	[BAD_V4_UDP] = "ipv4 udp",
	[BAD_V4_FRAG] = "ipv4 first fragment",
	[BAD_V4_LATER_FRAG] = "ipv4 later fragment",
	[BAD_V6_SHORT] = "ipv6 header truncated",
	[BAD_V6_VERSION] = "ipv6 version 4",
	[BAD_V6_PLEN_PAST_END] = "ipv6 payload_len past end",
	[BAD_V6_TCP_SHORT] = "ipv6 tcp header truncated",
	[BAD_V6_DOFF4] = "ipv6 tcp doff 4",
	[BAD_V6_DOFF_PAST_END] = "ipv6 tcp doff past end",
	[BAD_V6_UDP] = "ipv6 udp",
	[BAD_V6_HOPOPTS] = "ipv6 hop-by-hop options",
	[BAD_V6_ROUTING] = "ipv6 routing header",
	[BAD_V6_FRAG] = "ipv6 fragment header",
	[BAD_V6_NONE] = "ipv6 no next header",
};

static struct encap_bad_case encap_bad_cases[2 * BAD_MAX];

static const void *encap_bad_gen_params(const void *prev, char *desc)
{
	const struct encap_bad_case *c = prev;
	unsigned int i;

	if (!c) {
		for (i = 0; i < ARRAY_SIZE(encap_bad_cases); i++) {
			encap_bad_cases[i].bad = i / 2;
			encap_bad_cases[i].frags = i % 2;
		}
		c = encap_bad_cases;
	} else if (++c == encap_bad_cases + ARRAY_SIZE(encap_bad_cases)) {
		return NULL;
	}
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "%s%s", encap_bad_names[c->bad],
		 c->frags ? " in frags" : "");
	return c;
}

/* Build the bad packet of @bad; returns the error parse must give. */
static struct sk_buff *encap_bad_build(struct kunit *test, u8 bad, int *err)
{
	static const struct baton_test_pkt v4 = {
		4, CHECKSUM_NONE, BATON_TEST_LINEAR, false, 0, 1,
	};
	static const struct baton_test_pkt v6 = {
		6, CHECKSUM_NONE, BATON_TEST_LINEAR, false, 0, 1,
	};
	bool is_v4 = bad <= BAD_V4_LATER_FRAG;
	struct ipv6hdr *ip6h;
	struct sk_buff *skb;
	struct iphdr *iph;
	struct tcphdr *th;

	skb = baton_test_skb_build(test, is_v4 ? &v4 : &v6);
	iph = ip_hdr(skb);
	ip6h = ipv6_hdr(skb);
	th = tcp_hdr(skb);
	*err = -EINVAL;

	switch (bad) {
	case BAD_EMPTY:
		skb_trim(skb, 0);
		break;
	case BAD_ARP:
		skb->protocol = htons(ETH_P_ARP);
		*err = -EPROTONOSUPPORT;
		break;
	case BAD_V4_SHORT:
		skb_trim(skb, sizeof(*iph) - 1);
		break;
	case BAD_V4_VERSION:
		iph->version = 6;
		break;
	case BAD_V4_IHL4:
		iph->ihl = 4;
		break;
	case BAD_V4_IHL_PAST_END:
		iph->ihl = 15;
		break;
	case BAD_V4_TOTLEN_SHORT:
		iph->tot_len = htons(sizeof(*iph) - 1);
		break;
	case BAD_V4_TOTLEN_PAST_END:
		iph->tot_len = htons(skb->len + 1);
		break;
	case BAD_V4_TCP_SHORT:
		skb_trim(skb, sizeof(*iph) + sizeof(*th) - 1);
		iph->tot_len = htons(skb->len);
		break;
	case BAD_V4_DOFF4:
	case BAD_V6_DOFF4:
		th->doff = 4;
		break;
	case BAD_V4_DOFF_PAST_END:
	case BAD_V6_DOFF_PAST_END:
		th->doff = 6;
		break;
	case BAD_V4_UDP:
		iph->protocol = IPPROTO_UDP;
		*err = -EPROTONOSUPPORT;
		break;
	case BAD_V4_FRAG:
		iph->frag_off = htons(IP_MF);
		*err = -EPROTONOSUPPORT;
		break;
	case BAD_V4_LATER_FRAG:
		iph->frag_off = htons(1);
		*err = -EPROTONOSUPPORT;
		break;
	case BAD_V6_SHORT:
		skb_trim(skb, sizeof(*ip6h) - 1);
		break;
	case BAD_V6_VERSION:
		ip6h->version = 4;
		break;
	case BAD_V6_PLEN_PAST_END:
		ip6h->payload_len = htons(skb->len - sizeof(*ip6h) + 1);
		break;
	case BAD_V6_TCP_SHORT:
		skb_trim(skb, sizeof(*ip6h) + sizeof(*th) - 1);
		ip6h->payload_len = htons(skb->len - sizeof(*ip6h));
		break;
	case BAD_V6_UDP:
		ip6h->nexthdr = IPPROTO_UDP;
		*err = -EPROTONOSUPPORT;
		break;
	case BAD_V6_HOPOPTS:
		ip6h->nexthdr = NEXTHDR_HOP;
		*err = -EPROTONOSUPPORT;
		break;
	case BAD_V6_ROUTING:
		ip6h->nexthdr = NEXTHDR_ROUTING;
		*err = -EPROTONOSUPPORT;
		break;
	case BAD_V6_FRAG:
		ip6h->nexthdr = NEXTHDR_FRAGMENT;
		*err = -EPROTONOSUPPORT;
		break;
	case BAD_V6_NONE:
		ip6h->nexthdr = NEXTHDR_NONE;
		*err = -EPROTONOSUPPORT;
		break;
	}
	return skb;
}

/*
 * A bad packet is rejected by parse, encap and decap alike, and left as
 * it was: no byte and no length changes.  With the packet in a frag,
 * every header byte is reached through pskb_may_pull() only.
 */
static void baton_encap_test_parse_bad(struct kunit *test)
{
	const struct encap_bad_case *c = test->param_value;
	struct baton_flow *flow;
	struct in6_addr local;
	struct baton_pkt pkt;
	struct sk_buff *skb;
	unsigned int len;
	u8 *orig;
	int err;

	skb = encap_bad_build(test, c->bad, &err);
	flow = encap_flow(test, c->bad <= BAD_V4_LATER_FRAG ? 4 : 6, 1,
			  &local);
	if (c->frags && skb->len)
		skb = encap_to_frags(test, skb);
	len = skb->len;
	orig = len ? baton_test_skb_bytes(test, skb) : NULL;

	KUNIT_EXPECT_EQ(test, baton_tunnel_parse(skb, &pkt), err);
	KUNIT_EXPECT_EQ(test, baton_tunnel_encap(skb, flow, &local), err);
	KUNIT_EXPECT_EQ(test, baton_tunnel_decap(skb, flow), err);
	KUNIT_EXPECT_EQ(test, skb->len, len);
	if (len)
		encap_expect_bytes(test, skb, orig, len);
	kfree_skb(skb);
}

/* Flows, addresses and packets of different families do not mix. */
static void baton_encap_test_family(struct kunit *test)
{
	static const struct baton_test_pkt v4 = {
		4, CHECKSUM_NONE, BATON_TEST_PAGED, true, 100, 1,
	};
	static const struct baton_test_pkt v6 = {
		6, CHECKSUM_NONE, BATON_TEST_PAGED, true, 100, 1,
	};
	struct baton_flow *flow4, *flow6;
	struct in6_addr local4, local6;
	struct sk_buff *skb4, *skb6;
	u8 *orig4, *orig6;

	skb4 = baton_test_skb_build(test, &v4);
	skb6 = baton_test_skb_build(test, &v6);
	orig4 = baton_test_skb_bytes(test, skb4);
	orig6 = baton_test_skb_bytes(test, skb6);
	flow4 = encap_flow(test, 4, 1, &local4);
	flow6 = encap_flow(test, 6, 1, &local6);

	/* Packet of one family, flow of the other. */
	KUNIT_EXPECT_EQ(test, baton_tunnel_encap(skb4, flow6, &local6),
			-EAFNOSUPPORT);
	KUNIT_EXPECT_EQ(test, baton_tunnel_decap(skb4, flow6), -EAFNOSUPPORT);
	KUNIT_EXPECT_EQ(test, baton_tunnel_encap(skb6, flow4, &local4),
			-EAFNOSUPPORT);
	KUNIT_EXPECT_EQ(test, baton_tunnel_decap(skb6, flow4), -EAFNOSUPPORT);
	/* Tunnel addresses of the other family. */
	KUNIT_EXPECT_EQ(test, baton_tunnel_encap(skb4, flow4, &local6),
			-EAFNOSUPPORT);
	KUNIT_EXPECT_EQ(test, baton_tunnel_encap(skb6, flow6, &local4),
			-EAFNOSUPPORT);
	flow4->key.peer = baton_test_host6;
	KUNIT_EXPECT_EQ(test, baton_tunnel_encap(skb4, flow4, &local4),
			-EAFNOSUPPORT);

	encap_expect_bytes(test, skb4, orig4, skb4->len);
	encap_expect_bytes(test, skb6, orig6, skb6->len);
	kfree_skb(skb4);
	kfree_skb(skb6);
}

/* An offloaded checksum that is not the TCP header's is refused. */
static void baton_encap_test_partial_elsewhere(struct kunit *test)
{
	static const struct baton_test_pkt c = {
		4, CHECKSUM_PARTIAL, BATON_TEST_LINEAR, true, 100, 1,
	};
	struct baton_flow *flow;
	struct in6_addr local;
	struct sk_buff *skb;
	u8 *orig;

	skb = baton_test_skb_build(test, &c);
	orig = baton_test_skb_bytes(test, skb);
	flow = encap_flow(test, 4, 1, &local);

	skb->csum_offset = offsetof(struct tcphdr, urg_ptr);
	KUNIT_EXPECT_EQ(test, baton_tunnel_encap(skb, flow, &local), -EINVAL);
	skb->csum_offset = offsetof(struct tcphdr, check);
	skb->csum_start += 4;
	KUNIT_EXPECT_EQ(test, baton_tunnel_encap(skb, flow, &local), -EINVAL);
	KUNIT_EXPECT_EQ(test, baton_tunnel_decap(skb, flow), -EINVAL);
	encap_expect_bytes(test, skb, orig, skb->len);
	kfree_skb(skb);
}

static struct kunit_case baton_encap_test_cases[] = {
	KUNIT_CASE_PARAM(baton_encap_test_round_trip, encap_gen_params),
	KUNIT_CASE(baton_encap_test_frags),
	KUNIT_CASE(baton_encap_test_gso),
	KUNIT_CASE(baton_encap_test_parse),
	KUNIT_CASE_PARAM(baton_encap_test_parse_bad, encap_bad_gen_params),
	KUNIT_CASE(baton_encap_test_family),
	KUNIT_CASE(baton_encap_test_partial_elsewhere),
	{}
};

static struct kunit_suite baton_encap_test_suite = {
	.name = "baton_encap",
	.test_cases = baton_encap_test_cases,
};

kunit_test_suite(baton_encap_test_suite);
