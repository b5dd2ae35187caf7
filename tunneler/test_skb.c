// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit helpers of baton_tunnel_test: real IPv4/IPv6 TCP packets in any
 * skb shape and checksum state, and checks of their checksums and bytes.
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

#include "test_skb.h"

static const char * const test_summed_names[] = {
	[CHECKSUM_NONE] = "none",
	[CHECKSUM_UNNECESSARY] = "unnecessary",
	[CHECKSUM_COMPLETE] = "complete",
	[CHECKSUM_PARTIAL] = "partial",
};

static const char * const test_shape_names[] = {
	[BATON_TEST_LINEAR] = "linear",
	[BATON_TEST_PAGED] = "paged",
	[BATON_TEST_MIXED] = "mixed",
};

/* KUnit parameter description of a test packet. */
void baton_test_pkt_desc(const struct baton_test_pkt *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "ipv%u %s %s%s %u bytes id %08x",
		 c->family, test_summed_names[c->ip_summed],
		 test_shape_names[c->shape], c->options ? " options" : "",
		 c->payload, c->id);
}

const struct in6_addr baton_test_client6 = {{{
	0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01 }}};
const struct in6_addr baton_test_vip6 = {{{
	0x20, 0x01, 0x0d, 0xb8, 0, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10 }}};
const struct in6_addr baton_test_balancer6 = {{{
	0x20, 0x01, 0x0d, 0xb8, 0, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01 }}};
const struct in6_addr baton_test_host6 = {{{
	0x20, 0x01, 0x0d, 0xb8, 0, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0xab, 0xcd }}};

/* Byte @i of every test payload. */
u8 baton_test_pattern(unsigned int i)
{
	return i * 7 + 3;
}

static bool test_is_v4(struct sk_buff *skb)
{
	return ip_hdr(skb)->version == 4;
}

/* The pseudo-header checksum of the packet, folded with @sum. */
static __sum16 test_pseudo(struct sk_buff *skb, unsigned int len, __wsum sum)
{
	if (test_is_v4(skb))
		return csum_tcpudp_magic(ip_hdr(skb)->saddr, ip_hdr(skb)->daddr,
					 len, IPPROTO_TCP, sum);
	return csum_ipv6_magic(&ipv6_hdr(skb)->saddr, &ipv6_hdr(skb)->daddr,
			       len, IPPROTO_TCP, sum);
}

/* Checksum of the TCP segment as it stands: 0 when th->check is right. */
__sum16 baton_test_tcp_verify(struct sk_buff *skb)
{
	unsigned int off = skb_transport_offset(skb);
	unsigned int len = skb->len - off;

	return test_pseudo(skb, len, skb_checksum(skb, off, len, 0));
}

/* The TCP checksum computed from scratch. */
__sum16 baton_test_tcp_full(struct sk_buff *skb)
{
	struct tcphdr *th = tcp_hdr(skb);
	__sum16 saved = th->check;
	__sum16 sum;

	th->check = 0;
	sum = baton_test_tcp_verify(skb);
	th->check = saved;
	return sum;
}

/* Fill @len bytes at @p with the payload pattern from byte @from on. */
void baton_test_fill(u8 *p, unsigned int from, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		p[i] = baton_test_pattern(from + i);
}

/* Two frags, the first at an odd offset in its page. */
static void test_add_frags(struct kunit *test, struct sk_buff *skb,
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
		baton_test_fill(page_address(page) + off, from, chunk);
		skb_add_rx_frag(skb, i, page, off, chunk, PAGE_SIZE);
		from += chunk;
		len -= chunk;
	}
}

static void test_build_ip4(struct sk_buff *skb, unsigned int optlen)
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
	iph->saddr = htonl(BATON_TEST_CLIENT4);
	iph->daddr = htonl(BATON_TEST_VIP4);
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

static void test_build_ip6(struct sk_buff *skb)
{
	struct ipv6hdr *ip6h = ipv6_hdr(skb);

	ip6_flow_hdr(ip6h, 0, htonl(0x12345));
	ip6h->payload_len = htons(skb->len - sizeof(*ip6h));
	ip6h->nexthdr = IPPROTO_TCP;
	ip6h->hop_limit = 64;
	ip6h->saddr = baton_test_client6;
	ip6h->daddr = baton_test_vip6;
	skb->protocol = htons(ETH_P_IPV6);
}

static void test_build_tcp(struct tcphdr *th, unsigned int optlen)
{
	u8 *opt = (u8 *)(th + 1);

	th->source = htons(BATON_TEST_CPORT);
	th->dest = htons(BATON_TEST_VPORT);
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

/*
 * A packet as @c describes: client -> VIP, headers at skb->data, network
 * and transport headers set, checksums right for c->ip_summed.
 */
struct sk_buff *baton_test_skb_build(struct kunit *test,
				     const struct baton_test_pkt *c)
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
	linear = c->shape == BATON_TEST_LINEAR ? c->payload :
		 c->shape == BATON_TEST_MIXED ? c->payload / 3 : 0;

	skb = alloc_skb(BATON_TEST_HEADROOM + nhlen + thlen + linear, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_reserve(skb, BATON_TEST_HEADROOM);

	skb_reset_network_header(skb);
	skb_put_zero(skb, nhlen);
	skb_set_transport_header(skb, nhlen);
	th = skb_put_zero(skb, thlen);
	baton_test_fill(skb_put(skb, linear), 0, linear);
	test_add_frags(test, skb, linear, c->payload - linear);
	KUNIT_ASSERT_EQ(test, skb->len, nhlen + thlen + c->payload);

	if (c->family == 4)
		test_build_ip4(skb, ipopt);
	else
		test_build_ip6(skb);
	test_build_tcp(th, tcpopt);

	len = thlen + c->payload;
	if (c->ip_summed == CHECKSUM_PARTIAL) {
		/* As tcp_v4_send_check() and tcp_v6_send_check() leave it. */
		th->check = ~test_pseudo(skb, len, 0);
		ok = skb_partial_csum_set(skb, nhlen,
					  offsetof(struct tcphdr, check));
		KUNIT_ASSERT_TRUE(test, ok);
	} else {
		th->check = baton_test_tcp_full(skb);
		skb->ip_summed = c->ip_summed;
		/* As a NIC hands it over, minus the pulled MAC header. */
		if (c->ip_summed == CHECKSUM_COMPLETE)
			skb->csum = skb_checksum(skb, 0, skb->len, 0);
	}
	return skb;
}

/* Every checksum of the packet is what a full recompute gives. */
void baton_test_skb_check_csum(struct kunit *test, struct sk_buff *skb)
{
	unsigned int len = skb->len - skb_transport_offset(skb);
	struct tcphdr *th = tcp_hdr(skb);
	struct sk_buff *copy;
	__wsum sum;
	__sum16 saved;

	if (test_is_v4(skb)) {
		struct iphdr *iph = ip_hdr(skb);

		KUNIT_EXPECT_EQ(test, baton_test_sum16(ip_fast_csum(iph, iph->ihl)), 0);
		saved = iph->check;
		iph->check = 0;
		KUNIT_EXPECT_EQ(test, baton_test_sum16(saved),
				baton_test_sum16(ip_fast_csum(iph, iph->ihl)));
		iph->check = saved;
	}

	switch (skb->ip_summed) {
	case CHECKSUM_PARTIAL:
		/* Pseudo-header only; the payload is summed later. */
		KUNIT_EXPECT_EQ(test, baton_test_sum16(th->check),
				baton_test_sum16(~test_pseudo(skb, len, 0)));
		KUNIT_EXPECT_EQ(test, skb_checksum_start_offset(skb),
				skb_transport_offset(skb));
		KUNIT_EXPECT_EQ(test, skb->csum_offset,
				offsetof(struct tcphdr, check));

		/* A GSO packet is checked segment by segment. */
		if (skb_is_gso(skb))
			break;
		/* And finishing it as a device without offload would... */
		copy = skb_copy(skb, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, copy);
		KUNIT_EXPECT_EQ(test, skb_checksum_help(copy), 0);
		/* ...gives a packet the receiver accepts. */
		KUNIT_EXPECT_EQ(test, baton_test_sum16(baton_test_tcp_verify(copy)), 0);
		kfree_skb(copy);
		break;
	case CHECKSUM_COMPLETE:
		sum = skb_checksum(skb, 0, skb->len, 0);
		KUNIT_EXPECT_EQ(test, baton_test_sum16(csum_fold(skb->csum)),
				baton_test_sum16(csum_fold(sum)));
		fallthrough;
	default:
		KUNIT_EXPECT_EQ(test, baton_test_sum16(th->check),
				baton_test_sum16(baton_test_tcp_full(skb)));
		KUNIT_EXPECT_EQ(test, baton_test_sum16(baton_test_tcp_verify(skb)), 0);
		break;
	}
}

/* The bytes outside addresses, ports and checksums are as in @orig. */
void baton_test_skb_check_untouched(struct kunit *test, struct sk_buff *skb,
				    const u8 *orig)
{
	unsigned int thoff = skb_transport_offset(skb);
	u8 *now;

	now = kunit_kmalloc(test, skb->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, now);
	KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, now, skb->len), 0);

	if (test_is_v4(skb))
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

/* A copy of every byte of @skb, freed with the test. */
u8 *baton_test_skb_bytes(struct kunit *test, struct sk_buff *skb)
{
	u8 *bytes;

	bytes = kunit_kmalloc(test, skb->len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, bytes);
	KUNIT_ASSERT_EQ(test, skb_copy_bits(skb, 0, bytes, skb->len), 0);
	return bytes;
}
