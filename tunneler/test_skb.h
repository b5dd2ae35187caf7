/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KUnit helpers of baton_tunnel_test (test_skb.c), shared by the
 * checksum (csum_test.c) and tunnel (encap_test.c) suites.
 */
#ifndef _BATON_TEST_SKB_H
#define _BATON_TEST_SKB_H

#include <kunit/test.h>
#include <linux/in6.h>
#include <linux/skbuff.h>
#include <linux/types.h>

#define BATON_TEST_HEADROOM	64

#define BATON_TEST_CLIENT4	0xc0000201U	/* 192.0.2.1 */
#define BATON_TEST_VIP4		0xc633640aU	/* 198.51.100.10 */
#define BATON_TEST_BALANCER4	0xcb007101U	/* 203.0.113.1 */
#define BATON_TEST_HOST4	0xcb007114U	/* 203.0.113.20 */
#define BATON_TEST_CPORT	40000
#define BATON_TEST_VPORT	80

extern const struct in6_addr baton_test_client6;
extern const struct in6_addr baton_test_vip6;
extern const struct in6_addr baton_test_balancer6;
extern const struct in6_addr baton_test_host6;

enum baton_test_shape {
	BATON_TEST_LINEAR,	/* everything in the linear area */
	BATON_TEST_PAGED,	/* headers linear, payload in two page frags */
	BATON_TEST_MIXED,	/* a third of the payload linear, the rest in frags */
};

/**
 * struct baton_test_pkt - one test packet, client -> VIP
 * @family: 4 or 6
 * @ip_summed: CHECKSUM_* state of the packet
 * @shape: enum baton_test_shape
 * @options: IPv4 options (8 bytes, IPv4 only) and TCP options (12 bytes)
 * @payload: TCP payload length
 * @id: flow ID to tunnel with
 */
struct baton_test_pkt {
	u8 family;
	u8 ip_summed;
	u8 shape;
	bool options;
	u16 payload;
	u32 id;
};

static inline u16 baton_test_sum16(__sum16 sum)
{
	return (__force u16)sum;
}

void baton_test_pkt_desc(const struct baton_test_pkt *c, char *desc);
u8 baton_test_pattern(unsigned int i);
void baton_test_fill(u8 *p, unsigned int from, unsigned int len);
__sum16 baton_test_tcp_verify(struct sk_buff *skb);
__sum16 baton_test_tcp_full(struct sk_buff *skb);
struct sk_buff *baton_test_skb_build(struct kunit *test,
				     const struct baton_test_pkt *c);
void baton_test_skb_check_csum(struct kunit *test, struct sk_buff *skb);
void baton_test_skb_check_untouched(struct kunit *test, struct sk_buff *skb,
				    const u8 *orig);
u8 *baton_test_skb_bytes(struct kunit *test, struct sk_buff *skb);

#endif /* _BATON_TEST_SKB_H */
