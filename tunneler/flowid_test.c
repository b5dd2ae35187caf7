// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: flow ID permutation and allocation.
 */
#include <kunit/test.h>
#include <linux/bitops.h>
#include <linux/sort.h>
#include <linux/vmalloc.h>

#include <baton/flow.h>

/* Consecutive counter values checked for collisions. */
#define FLOWID_SPAN		BIT(20)

static const siphash_key_t flowid_key_a = {{
	0x0706050403020100ULL, 0x0f0e0d0c0b0a0908ULL,
}};

/* flowid_key_a with one bit flipped. */
static const siphash_key_t flowid_key_b = {{
	0x0706050403020100ULL, 0x0f0e0d0c0b0a0988ULL,
}};

static void baton_flowid_test_inverse(struct kunit *test)
{
	static const u32 edges[] = {
		0, 1, 2, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffffe,
		0xffffffff,
	};
	unsigned int bad = 0;
	unsigned int i;
	u32 x, y;

	for (i = 0; i < ARRAY_SIZE(edges); i++) {
		x = edges[i];
		y = baton_flowid_permute(&flowid_key_a, x);
		KUNIT_EXPECT_EQ(test, x, baton_flowid_unpermute(&flowid_key_a, y));
		y = baton_flowid_unpermute(&flowid_key_a, x);
		KUNIT_EXPECT_EQ(test, x, baton_flowid_permute(&flowid_key_a, y));
	}

	/* Spread over the whole space (golden-ratio stride), both ways. */
	for (i = 0; i < 65536; i++) {
		x = i * 0x9e3779b9U;
		if (baton_flowid_unpermute(&flowid_key_b,
					   baton_flowid_permute(&flowid_key_b, x)) != x)
			bad++;
		if (baton_flowid_permute(&flowid_key_b,
					 baton_flowid_unpermute(&flowid_key_b, x)) != x)
			bad++;
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
}

static int baton_flowid_cmp(const void *a, const void *b)
{
	u32 x = *(const u32 *)a;
	u32 y = *(const u32 *)b;

	return x < y ? -1 : x > y;
}

static void baton_flowid_test_no_collision(struct kunit *test)
{
	/* Counters that wrap past 2^32 half way through the span. */
	const u32 base = U32_MAX - FLOWID_SPAN / 2 + 1;
	unsigned int dups = 0;
	unsigned int i;
	u32 *ids;

	ids = vmalloc(array_size(FLOWID_SPAN, sizeof(*ids)));
	KUNIT_ASSERT_NOT_NULL(test, ids);

	for (i = 0; i < FLOWID_SPAN; i++)
		ids[i] = baton_flowid_permute(&flowid_key_a, base + i);
	sort(ids, FLOWID_SPAN, sizeof(*ids), baton_flowid_cmp, NULL);
	for (i = 1; i < FLOWID_SPAN; i++)
		if (ids[i] == ids[i - 1])
			dups++;
	vfree(ids);

	KUNIT_EXPECT_EQ(test, dups, 0);
}

static void baton_flowid_test_keys_differ(struct kunit *test)
{
	unsigned int same = 0;
	unsigned int bits = 0;
	u32 a, b;
	u32 i;

	for (i = 0; i < 4096; i++) {
		a = baton_flowid_permute(&flowid_key_a, i);
		b = baton_flowid_permute(&flowid_key_b, i);
		if (a == b)
			same++;
		bits += hweight32(a ^ b);
	}
	KUNIT_EXPECT_EQ(test, same, 0);
	/* About half the bits differ when one key bit does. */
	KUNIT_EXPECT_GE(test, bits / 4096, 14);
	KUNIT_EXPECT_LE(test, bits / 4096, 18);
}

static void baton_flowid_test_avalanche(struct kunit *test)
{
	unsigned int bits = 0;
	unsigned int fixed = 0;
	u32 prev, cur;
	u32 i;

	prev = baton_flowid_permute(&flowid_key_a, 0);
	for (i = 1; i <= 4096; i++) {
		cur = baton_flowid_permute(&flowid_key_a, i);
		bits += hweight32(prev ^ cur);
		if (cur == i)
			fixed++;
		prev = cur;
	}
	/* Consecutive counters give unrelated IDs. */
	KUNIT_EXPECT_GE(test, bits / 4096, 14);
	KUNIT_EXPECT_LE(test, bits / 4096, 18);
	KUNIT_EXPECT_LE(test, fixed, 1);
}

static void baton_flowid_test_next_skips_zero(struct kunit *test)
{
	struct baton_flowid_gen gen = { .key = flowid_key_a };
	u32 zero_at = baton_flowid_unpermute(&flowid_key_a, 0);
	u32 id;

	/* The next counter value is the one that maps to 0. */
	atomic_set(&gen.counter, (int)(zero_at - 1));
	id = baton_flowid_next(&gen);

	KUNIT_EXPECT_NE(test, id, BATON_FLOWID_INVALID);
	KUNIT_EXPECT_EQ(test, id, baton_flowid_permute(&flowid_key_a,
						       zero_at + 1));
	KUNIT_EXPECT_EQ(test, (u32)atomic_read(&gen.counter), zero_at + 1);
}

static void baton_flowid_test_next_sequence(struct kunit *test)
{
	struct baton_flowid_gen gen, other;
	unsigned int same = 0;
	unsigned int bad = 0;
	u32 id;
	u32 i;

	baton_flowid_gen_init(&gen);
	baton_flowid_gen_init(&other);
	KUNIT_EXPECT_NE(test, memcmp(&gen.key, &other.key, sizeof(gen.key)), 0);

	for (i = 1; i <= 4096; i++) {
		id = baton_flowid_next(&gen);
		if (id == BATON_FLOWID_INVALID ||
		    baton_flowid_unpermute(&gen.key, id) != i)
			bad++;
		if (id == baton_flowid_next(&other))
			same++;
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_LE(test, same, 1);
}

static void baton_flowid_test_ports(struct kunit *test)
{
	static const u32 ids[] = { 1, 0xffff, 0x10000, 0xdeadbeef, 0xffffffff };
	__be16 sport, dport;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		baton_flowid_to_ports(ids[i], &sport, &dport);
		KUNIT_EXPECT_EQ(test, ntohs(sport), ids[i] >> 16);
		KUNIT_EXPECT_EQ(test, ntohs(dport), ids[i] & 0xffff);
		KUNIT_EXPECT_EQ(test, baton_flowid_from_ports(sport, dport),
				ids[i]);
	}
}

static struct kunit_case baton_flowid_test_cases[] = {
	KUNIT_CASE(baton_flowid_test_inverse),
	KUNIT_CASE(baton_flowid_test_no_collision),
	KUNIT_CASE(baton_flowid_test_keys_differ),
	KUNIT_CASE(baton_flowid_test_avalanche),
	KUNIT_CASE(baton_flowid_test_next_skips_zero),
	KUNIT_CASE(baton_flowid_test_next_sequence),
	KUNIT_CASE(baton_flowid_test_ports),
	{}
};

static struct kunit_suite baton_flowid_test_suite = {
	.name = "baton_flowid",
	.test_cases = baton_flowid_test_cases,
};

kunit_test_suite(baton_flowid_test_suite);
