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
#include <linux/skbuff.h>
#include <linux/tcp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include <baton/csum.h>
#include <baton/flow.h>

#include "test_skb.h"

static const struct baton_test_pkt csum_cases[] = {
	{ 4, CHECKSUM_NONE, BATON_TEST_LINEAR, false, 1001, 0xdeadbeef },
	{ 4, CHECKSUM_NONE, BATON_TEST_LINEAR, true, 1448, 0xffffffff },
	{ 4, CHECKSUM_NONE, BATON_TEST_PAGED, false, 7, 0x00000001 },
	{ 4, CHECKSUM_NONE, BATON_TEST_PAGED, true, 2999, 0x8000ffff },
	{ 4, CHECKSUM_NONE, BATON_TEST_MIXED, false, 1, 0x00010000 },
	{ 4, CHECKSUM_NONE, BATON_TEST_MIXED, true, 1001, 0xdeadbeef },
	{ 4, CHECKSUM_UNNECESSARY, BATON_TEST_LINEAR, false, 1448, 0xffffffff },
	{ 4, CHECKSUM_UNNECESSARY, BATON_TEST_LINEAR, true, 7, 0x00000001 },
	{ 4, CHECKSUM_UNNECESSARY, BATON_TEST_PAGED, false, 2999, 0x8000ffff },
	{ 4, CHECKSUM_UNNECESSARY, BATON_TEST_PAGED, true, 1, 0x00010000 },
	{ 4, CHECKSUM_UNNECESSARY, BATON_TEST_MIXED, false, 1001, 0xdeadbeef },
	{ 4, CHECKSUM_UNNECESSARY, BATON_TEST_MIXED, true, 1448, 0xffffffff },
	{ 4, CHECKSUM_COMPLETE, BATON_TEST_LINEAR, false, 7, 0x00000001 },
	{ 4, CHECKSUM_COMPLETE, BATON_TEST_LINEAR, true, 2999, 0x8000ffff },
	{ 4, CHECKSUM_COMPLETE, BATON_TEST_PAGED, false, 1, 0x00010000 },
	{ 4, CHECKSUM_COMPLETE, BATON_TEST_PAGED, true, 1001, 0xdeadbeef },
	{ 4, CHECKSUM_COMPLETE, BATON_TEST_MIXED, false, 1448, 0xffffffff },
	{ 4, CHECKSUM_COMPLETE, BATON_TEST_MIXED, true, 7, 0x00000001 },
	{ 4, CHECKSUM_PARTIAL, BATON_TEST_LINEAR, false, 2999, 0x8000ffff },
	{ 4, CHECKSUM_PARTIAL, BATON_TEST_LINEAR, true, 1, 0x00010000 },
	{ 4, CHECKSUM_PARTIAL, BATON_TEST_PAGED, false, 1001, 0xdeadbeef },
	{ 4, CHECKSUM_PARTIAL, BATON_TEST_PAGED, true, 1448, 0xffffffff },
	{ 4, CHECKSUM_PARTIAL, BATON_TEST_MIXED, false, 7, 0x00000001 },
	{ 4, CHECKSUM_PARTIAL, BATON_TEST_MIXED, true, 2999, 0x8000ffff },
	{ 6, CHECKSUM_NONE, BATON_TEST_LINEAR, false, 1, 0x00010000 },
	{ 6, CHECKSUM_NONE, BATON_TEST_LINEAR, true, 1001, 0xdeadbeef },
	{ 6, CHECKSUM_NONE, BATON_TEST_PAGED, false, 1448, 0xffffffff },
	{ 6, CHECKSUM_NONE, BATON_TEST_PAGED, true, 7, 0x00000001 },
	{ 6, CHECKSUM_NONE, BATON_TEST_MIXED, false, 2999, 0x8000ffff },
	{ 6, CHECKSUM_NONE, BATON_TEST_MIXED, true, 1, 0x00010000 },
	{ 6, CHECKSUM_UNNECESSARY, BATON_TEST_LINEAR, false, 1001, 0xdeadbeef },
	{ 6, CHECKSUM_UNNECESSARY, BATON_TEST_LINEAR, true, 1448, 0xffffffff },
	{ 6, CHECKSUM_UNNECESSARY, BATON_TEST_PAGED, false, 7, 0x00000001 },
	{ 6, CHECKSUM_UNNECESSARY, BATON_TEST_PAGED, true, 2999, 0x8000ffff },
	{ 6, CHECKSUM_UNNECESSARY, BATON_TEST_MIXED, false, 1, 0x00010000 },
	{ 6, CHECKSUM_UNNECESSARY, BATON_TEST_MIXED, true, 1001, 0xdeadbeef },
	{ 6, CHECKSUM_COMPLETE, BATON_TEST_LINEAR, false, 1448, 0xffffffff },
	{ 6, CHECKSUM_COMPLETE, BATON_TEST_LINEAR, true, 7, 0x00000001 },
	{ 6, CHECKSUM_COMPLETE, BATON_TEST_PAGED, false, 2999, 0x8000ffff },
	{ 6, CHECKSUM_COMPLETE, BATON_TEST_PAGED, true, 1, 0x00010000 },
	{ 6, CHECKSUM_COMPLETE, BATON_TEST_MIXED, false, 1001, 0xdeadbeef },
	{ 6, CHECKSUM_COMPLETE, BATON_TEST_MIXED, true, 1448, 0xffffffff },
	{ 6, CHECKSUM_PARTIAL, BATON_TEST_LINEAR, false, 7, 0x00000001 },
	{ 6, CHECKSUM_PARTIAL, BATON_TEST_LINEAR, true, 2999, 0x8000ffff },
	{ 6, CHECKSUM_PARTIAL, BATON_TEST_PAGED, false, 1, 0x00010000 },
	{ 6, CHECKSUM_PARTIAL, BATON_TEST_PAGED, true, 1001, 0xdeadbeef },
	{ 6, CHECKSUM_PARTIAL, BATON_TEST_MIXED, false, 1448, 0xffffffff },
	{ 6, CHECKSUM_PARTIAL, BATON_TEST_MIXED, true, 7, 0x00000001 },
	/* Pure ACKs: no payload. */
	{ 4, CHECKSUM_COMPLETE, BATON_TEST_LINEAR, true, 0, 0xdeadbeef },
	{ 6, CHECKSUM_PARTIAL, BATON_TEST_LINEAR, true, 0, 0xffffffff },
};

KUNIT_ARRAY_PARAM(csum, csum_cases, baton_test_pkt_desc);

static void baton_csum_test_round_trip(struct kunit *test)
{
	const struct baton_test_pkt *c = test->param_value;
	__be16 sport, dport;
	struct sk_buff *skb;
	struct tcphdr *th;
	__wsum orig_csum;
	u8 *orig, *now;

	skb = baton_test_skb_build(test, c);
	baton_test_skb_check_csum(test, skb);

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
		baton_csum_rewrite4(skb, ip_hdr(skb), th,
				    htonl(BATON_TEST_BALANCER4),
				    htonl(BATON_TEST_HOST4), sport, dport);
		KUNIT_EXPECT_EQ(test, ntohl(ip_hdr(skb)->saddr),
				BATON_TEST_BALANCER4);
		KUNIT_EXPECT_EQ(test, ntohl(ip_hdr(skb)->daddr),
				BATON_TEST_HOST4);
	} else {
		baton_csum_rewrite6(skb, ipv6_hdr(skb), th,
				    &baton_test_balancer6, &baton_test_host6,
				    sport, dport);
		KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&ipv6_hdr(skb)->saddr,
							&baton_test_balancer6));
		KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&ipv6_hdr(skb)->daddr,
							&baton_test_host6));
	}
	KUNIT_EXPECT_EQ(test, baton_flowid_from_ports(th->source, th->dest),
			c->id);
	baton_test_skb_check_csum(test, skb);
	baton_test_skb_check_untouched(test, skb, orig);

	/* Host: back to the client's 4-tuple. */
	if (c->family == 4)
		baton_csum_rewrite4(skb, ip_hdr(skb), th,
				    htonl(BATON_TEST_CLIENT4),
				    htonl(BATON_TEST_VIP4),
				    htons(BATON_TEST_CPORT),
				    htons(BATON_TEST_VPORT));
	else
		baton_csum_rewrite6(skb, ipv6_hdr(skb), th,
				    &baton_test_client6, &baton_test_vip6,
				    htons(BATON_TEST_CPORT),
				    htons(BATON_TEST_VPORT));
	baton_test_skb_check_csum(test, skb);

	KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, now, skb->len), 0);
	KUNIT_EXPECT_EQ(test, memcmp(now, orig, skb->len), 0);
	if (c->ip_summed == CHECKSUM_COMPLETE)
		KUNIT_EXPECT_EQ(test, baton_test_sum16(csum_fold(skb->csum)),
				baton_test_sum16(csum_fold(orig_csum)));
	KUNIT_EXPECT_EQ(test, (u8)skb->ip_summed, c->ip_summed);

	kfree_skb(skb);
}

/* New addresses taken from the packet being rewritten. */
static void baton_csum_test_alias6(struct kunit *test)
{
	static const struct baton_test_pkt c = {
		6, CHECKSUM_COMPLETE, BATON_TEST_MIXED, true, 999, 1,
	};
	struct sk_buff *skb = baton_test_skb_build(test, &c);
	struct ipv6hdr *ip6h = ipv6_hdr(skb);
	struct tcphdr *th = tcp_hdr(skb);

	baton_csum_rewrite6(skb, ip6h, th, &ip6h->daddr, &ip6h->saddr,
			    th->dest, th->source);
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&ip6h->saddr,
						&baton_test_vip6));
	KUNIT_EXPECT_TRUE(test, ipv6_addr_equal(&ip6h->daddr,
						&baton_test_client6));
	KUNIT_EXPECT_EQ(test, ntohs(th->source), BATON_TEST_VPORT);
	KUNIT_EXPECT_EQ(test, ntohs(th->dest), BATON_TEST_CPORT);
	baton_test_skb_check_csum(test, skb);
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
