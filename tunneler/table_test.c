// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the flow mapping table.
 *
 * Every case gets a fresh balancer-side table (IDs unique per netns) and
 * host-side table (IDs scoped per peer), destroyed with whatever they
 * still hold when the case ends.
 *
 * Times handed to the collector are fake clocks set well in the future,
 * so the tables' own periodic GC, which uses the real jiffies, never
 * expires a flow a case is looking at.
 */
#include <kunit/test.h>
#include <linux/jiffies.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

#include <baton/flow.h>

#define CLIENT4(n)	(0xc0000200U + (n))	/* 192.0.2.n */
#define VIP4		0xc633640aU		/* 198.51.100.10 */
#define HOST4(n)	(0xcb007100U + (n))	/* 203.0.113.n */

struct table_ctx {
	struct baton_flow_table enc;
	struct baton_flow_table dec;
};

static int baton_table_test_init(struct kunit *test)
{
	struct table_ctx *ctx;
	int err;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;

	err = baton_flow_table_init(&ctx->enc, false, 0);
	if (err)
		return err;
	err = baton_flow_table_init(&ctx->dec, true, 0);
	if (err) {
		baton_flow_table_destroy(&ctx->enc);
		return err;
	}
	test->priv = ctx;
	return 0;
}

static void baton_table_test_exit(struct kunit *test)
{
	struct table_ctx *ctx = test->priv;

	baton_flow_table_destroy(&ctx->dec);
	baton_flow_table_destroy(&ctx->enc);
}

static struct in6_addr peer4(u32 addr)
{
	struct in6_addr peer;

	ipv6_addr_set_v4mapped(htonl(addr), &peer);
	return peer;
}

static struct in6_addr addr6(u16 w6, u16 w7)
{
	struct in6_addr a = {};

	a.s6_addr16[0] = htons(0x2001);
	a.s6_addr16[1] = htons(0x0db8);
	a.s6_addr16[6] = htons(w6);
	a.s6_addr16[7] = htons(w7);
	return a;
}

static struct baton_flow *flow_new(struct kunit *test,
				   const struct baton_tuple *tuple,
				   const struct in6_addr *peer, u32 id)
{
	struct baton_flow *flow;

	flow = baton_flow_alloc(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, flow);
	flow->tuple = *tuple;
	flow->key.peer = *peer;
	flow->key.id = id;
	return flow;
}

/* 192.0.2.@n:@cport -> 198.51.100.10:80 */
static struct baton_tuple tuple4(u32 n, u16 cport)
{
	struct baton_tuple tuple;

	baton_tuple_init4(&tuple, htonl(CLIENT4(n)), htons(cport),
			  htonl(VIP4), htons(80));
	return tuple;
}

/* Insert a new flow, expecting @expect; on failure free the flow. */
static struct baton_flow *flow_add(struct kunit *test,
				   struct baton_flow_table *table,
				   const struct baton_tuple *tuple,
				   const struct in6_addr *peer, u32 id,
				   int expect)
{
	struct baton_flow *flow = flow_new(test, tuple, peer, id);
	int err;

	err = baton_flow_insert(table, flow);
	KUNIT_EXPECT_EQ(test, err, expect);
	if (err) {
		baton_flow_free(flow);
		return NULL;
	}
	return flow;
}

static bool has_tuple(struct baton_flow_table *table,
		      const struct baton_tuple *tuple,
		      const struct baton_flow *flow)
{
	bool found;

	rcu_read_lock();
	found = baton_flow_lookup_tuple(table, tuple) == flow;
	rcu_read_unlock();
	return found;
}

static bool has_id(struct baton_flow_table *table, const struct in6_addr *peer,
		   u32 id, const struct baton_flow *flow)
{
	bool found;

	rcu_read_lock();
	found = baton_flow_lookup_id(table, peer, id) == flow;
	rcu_read_unlock();
	return found;
}

static void baton_table_test_insert_v4(struct kunit *test)
{
	struct table_ctx *ctx = test->priv;
	struct in6_addr host = peer4(HOST4(20));
	struct baton_tuple t = tuple4(1, 40000);
	struct baton_tuple other = tuple4(1, 40001);
	struct baton_flow *flow;

	flow = flow_add(test, &ctx->enc, &t, &host, 0x12345678, 0);
	KUNIT_ASSERT_NOT_NULL(test, flow);
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(&ctx->enc), 1);
	KUNIT_EXPECT_EQ(test, baton_flow_state(flow), BATON_FLOW_STATE_PENDING);

	KUNIT_EXPECT_TRUE(test, has_tuple(&ctx->enc, &t, flow));
	KUNIT_EXPECT_TRUE(test, has_id(&ctx->enc, &host, 0x12345678, flow));
	KUNIT_EXPECT_TRUE(test, has_tuple(&ctx->enc, &other, NULL));
	KUNIT_EXPECT_TRUE(test, has_id(&ctx->enc, &host, 0x12345679, NULL));

	/* The v4-mapped form is what goes in the tuple. */
	KUNIT_EXPECT_TRUE(test, ipv6_addr_v4mapped(&flow->tuple.client));
	KUNIT_EXPECT_EQ(test, ntohl(flow->tuple.client.s6_addr32[3]),
			CLIENT4(1));
}

static void baton_table_test_insert_v6(struct kunit *test)
{
	struct table_ctx *ctx = test->priv;
	struct in6_addr client = addr6(0, 1);
	struct in6_addr vip = addr6(0xff, 0x10);
	struct in6_addr fwd = addr6(0xfe, 1);
	struct baton_tuple t, other;
	struct baton_flow *flow;

	baton_tuple_init6(&t, &client, htons(50000), &vip, htons(443));
	baton_tuple_init6(&other, &client, htons(50000), &vip, htons(80));

	flow = flow_add(test, &ctx->dec, &t, &fwd, 0xdeadbeef, 0);
	KUNIT_ASSERT_NOT_NULL(test, flow);
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(&ctx->dec), 1);
	KUNIT_EXPECT_TRUE(test, has_tuple(&ctx->dec, &t, flow));
	KUNIT_EXPECT_TRUE(test, has_id(&ctx->dec, &fwd, 0xdeadbeef, flow));
	KUNIT_EXPECT_TRUE(test, has_tuple(&ctx->dec, &other, NULL));
	KUNIT_EXPECT_TRUE(test, has_id(&ctx->dec, &client, 0xdeadbeef, NULL));
}

static void baton_table_test_families(struct kunit *test)
{
	struct table_ctx *ctx = test->priv;
	struct in6_addr host = peer4(HOST4(20));
	struct baton_tuple t4 = tuple4(1, 40000);
	struct baton_tuple t6;
	struct baton_flow *f4, *f6;

	/* The same addresses written as an IPv6 connection. */
	baton_tuple_init6(&t6, &t4.client, t4.cport, &t4.vip, t4.vport);

	f4 = flow_add(test, &ctx->enc, &t4, &host, 1, 0);
	f6 = flow_add(test, &ctx->enc, &t6, &host, 2, 0);
	KUNIT_ASSERT_NOT_NULL(test, f4);
	KUNIT_ASSERT_NOT_NULL(test, f6);
	KUNIT_EXPECT_TRUE(test, has_tuple(&ctx->enc, &t4, f4));
	KUNIT_EXPECT_TRUE(test, has_tuple(&ctx->enc, &t6, f6));
}

static void baton_table_test_dup_tuple(struct kunit *test)
{
	struct table_ctx *ctx = test->priv;
	struct in6_addr host = peer4(HOST4(20));
	struct baton_tuple t = tuple4(1, 40000);
	struct baton_flow *flow;

	flow = flow_add(test, &ctx->enc, &t, &host, 1, 0);
	KUNIT_ASSERT_NOT_NULL(test, flow);

	/* Same tuple, new ID: refused, and the new ID is not left behind. */
	KUNIT_EXPECT_NULL(test, flow_add(test, &ctx->enc, &t, &host, 2,
					 -EEXIST));
	KUNIT_EXPECT_TRUE(test, has_id(&ctx->enc, &host, 2, NULL));
	KUNIT_EXPECT_TRUE(test, has_tuple(&ctx->enc, &t, flow));
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(&ctx->enc), 1);
}

static void baton_table_test_dup_id(struct kunit *test)
{
	struct table_ctx *ctx = test->priv;
	struct in6_addr host = peer4(HOST4(20));
	struct baton_tuple t = tuple4(1, 40000);
	struct baton_tuple t2 = tuple4(2, 40000);
	struct baton_flow *flow;

	flow = flow_add(test, &ctx->dec, &t, &host, 7, 0);
	KUNIT_ASSERT_NOT_NULL(test, flow);

	/* Same (peer, ID), new tuple: refused, the tuple is not left behind. */
	KUNIT_EXPECT_NULL(test, flow_add(test, &ctx->dec, &t2, &host, 7,
					 -EEXIST));
	KUNIT_EXPECT_TRUE(test, has_tuple(&ctx->dec, &t2, NULL));
	KUNIT_EXPECT_TRUE(test, has_id(&ctx->dec, &host, 7, flow));
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(&ctx->dec), 1);
}

/* baton_flow_insert_new() draws IDs from init_net's counter. */
static void baton_table_test_insert_new(struct kunit *test)
{
	struct table_ctx *ctx = test->priv;
	struct in6_addr host = peer4(HOST4(20));
	struct baton_tuple t = tuple4(1, 40000);
	struct baton_tuple t2 = tuple4(2, 40000);
	struct baton_flow *a, *b, *c;
	u32 id_a = 0, id_c = 0;
	int err;

	a = flow_new(test, &t, &host, 0);
	rcu_read_lock();
	err = baton_flow_insert_new(&ctx->enc, a, &init_net);
	if (!err)
		id_a = a->key.id;
	rcu_read_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_NE(test, id_a, BATON_FLOWID_INVALID);
	KUNIT_EXPECT_TRUE(test, has_id(&ctx->enc, &host, id_a, a));

	/* The same tuple again: refused at once, nothing left behind. */
	b = flow_new(test, &t, &host, 0);
	KUNIT_EXPECT_EQ(test, baton_flow_insert_new(&ctx->enc, b, &init_net),
			-EEXIST);
	baton_flow_free(b);
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(&ctx->enc), 1);

	c = flow_new(test, &t2, &host, 0);
	rcu_read_lock();
	err = baton_flow_insert_new(&ctx->enc, c, &init_net);
	if (!err)
		id_c = c->key.id;
	rcu_read_unlock();
	KUNIT_ASSERT_EQ(test, err, 0);
	KUNIT_EXPECT_NE(test, id_c, id_a);
	KUNIT_EXPECT_TRUE(test, has_tuple(&ctx->enc, &t2, c));
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(&ctx->enc), 2);

	/* A tuple of no family is refused before any ID is drawn. */
	b = flow_new(test, &t2, &host, 0);
	b->tuple.family = AF_UNSPEC;
	KUNIT_EXPECT_EQ(test, baton_flow_insert_new(&ctx->enc, b, &init_net),
			-EINVAL);
	baton_flow_free(b);
}

static void baton_table_test_id_per_peer(struct kunit *test)
{
	struct table_ctx *ctx = test->priv;
	struct in6_addr a = peer4(HOST4(1));
	struct in6_addr b = peer4(HOST4(2));
	struct in6_addr c = peer4(HOST4(3));
	struct baton_tuple t1 = tuple4(1, 40000);
	struct baton_tuple t2 = tuple4(2, 40000);
	struct baton_flow *fa, *fb;

	/* Host side: two forwarders may both use ID 7. */
	fa = flow_add(test, &ctx->dec, &t1, &a, 7, 0);
	fb = flow_add(test, &ctx->dec, &t2, &b, 7, 0);
	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_ASSERT_NOT_NULL(test, fb);
	KUNIT_EXPECT_TRUE(test, has_id(&ctx->dec, &a, 7, fa));
	KUNIT_EXPECT_TRUE(test, has_id(&ctx->dec, &b, 7, fb));
	KUNIT_EXPECT_TRUE(test, has_id(&ctx->dec, &c, 7, NULL));
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(&ctx->dec), 2);

	/* Balancer side: an ID is unique whatever the host. */
	fa = flow_add(test, &ctx->enc, &t1, &a, 7, 0);
	KUNIT_ASSERT_NOT_NULL(test, fa);
	KUNIT_EXPECT_NULL(test, flow_add(test, &ctx->enc, &t2, &b, 7,
					 -EEXIST));
	KUNIT_EXPECT_TRUE(test, has_tuple(&ctx->enc, &t2, NULL));
	KUNIT_EXPECT_TRUE(test, has_id(&ctx->enc, &a, 7, fa));
	KUNIT_EXPECT_TRUE(test, has_id(&ctx->enc, &c, 7, fa));
	KUNIT_EXPECT_TRUE(test, has_id(&ctx->enc, NULL, 7, fa));
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(&ctx->enc), 1);
}

static void baton_table_test_invalid(struct kunit *test)
{
	struct table_ctx *ctx = test->priv;
	struct in6_addr host = peer4(HOST4(20));
	struct baton_tuple t = tuple4(1, 40000);
	struct baton_tuple bad = t;
	struct baton_flow_table *table;
	int err;

	KUNIT_EXPECT_NULL(test, flow_add(test, &ctx->enc, &t, &host,
					 BATON_FLOWID_INVALID, -EINVAL));
	bad.family = AF_UNSPEC;
	KUNIT_EXPECT_NULL(test, flow_add(test, &ctx->enc, &bad, &host, 1,
					 -EINVAL));
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(&ctx->enc), 0);

	table = kunit_kzalloc(test, sizeof(*table), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, table);
	err = baton_flow_table_init(table, false, BATON_FLOW_MAX_LIMIT + 1);
	KUNIT_EXPECT_EQ(test, err, -EINVAL);

	KUNIT_EXPECT_EQ(test, baton_flow_table_set_timeout(&ctx->enc, 0),
			-EINVAL);
	err = baton_flow_table_set_timeout(&ctx->enc,
					   BATON_FLOW_TIMEOUT_MAX + 1);
	KUNIT_EXPECT_EQ(test, err, -EINVAL);
	KUNIT_EXPECT_EQ(test, baton_flow_table_timeout(&ctx->enc),
			BATON_FLOW_TIMEOUT_DEFAULT);
}

static void baton_table_test_limit(struct kunit *test)
{
	struct table_ctx *ctx = test->priv;
	struct in6_addr host = peer4(HOST4(20));
	struct baton_flow *flows[4];
	struct baton_tuple t;
	unsigned int i;
	int err;

	KUNIT_EXPECT_EQ(test, baton_flow_table_max(&ctx->enc),
			BATON_FLOW_MAX_DEFAULT);
	KUNIT_EXPECT_EQ(test, baton_flow_table_set_max(&ctx->enc, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, baton_flow_table_set_max(&ctx->enc,
						       BATON_FLOW_MAX_LIMIT + 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, baton_flow_table_set_max(&ctx->enc, BIT(20)), 0);
	KUNIT_EXPECT_EQ(test, baton_flow_table_set_max(&ctx->enc,
						       BATON_FLOW_MAX_LIMIT),
			0);
	KUNIT_ASSERT_EQ(test, baton_flow_table_set_max(&ctx->enc, 4), 0);

	for (i = 0; i < ARRAY_SIZE(flows); i++) {
		t = tuple4(1, 40000 + i);
		flows[i] = flow_add(test, &ctx->enc, &t, &host, 100 + i, 0);
		KUNIT_ASSERT_NOT_NULL(test, flows[i]);
	}

	/* Full: refused, and nothing of it left behind. */
	t = tuple4(1, 50000);
	KUNIT_EXPECT_NULL(test, flow_add(test, &ctx->enc, &t, &host, 200,
					 -ENOSPC));
	KUNIT_EXPECT_TRUE(test, has_tuple(&ctx->enc, &t, NULL));
	KUNIT_EXPECT_TRUE(test, has_id(&ctx->enc, &host, 200, NULL));
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(&ctx->enc), 4);

	/* A duplicate is still reported as such when full. */
	t = tuple4(1, 40000);
	KUNIT_EXPECT_NULL(test, flow_add(test, &ctx->enc, &t, &host, 201,
					 -EEXIST));

	rcu_read_lock();
	err = baton_flow_remove(&ctx->enc, flows[2]);
	rcu_read_unlock();
	KUNIT_EXPECT_EQ(test, err, 0);

	t = tuple4(1, 50000);
	KUNIT_EXPECT_NOT_NULL(test, flow_add(test, &ctx->enc, &t, &host, 200,
					     0));
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(&ctx->enc), 4);

	/* Lowering the limit below the count keeps what is there. */
	KUNIT_EXPECT_EQ(test, baton_flow_table_set_max(&ctx->enc, 2), 0);
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(&ctx->enc), 4);
	t = tuple4(1, 50001);
	KUNIT_EXPECT_NULL(test, flow_add(test, &ctx->enc, &t, &host, 202,
					 -ENOSPC));
}

static void baton_table_test_remove(struct kunit *test)
{
	struct table_ctx *ctx = test->priv;
	struct in6_addr host = peer4(HOST4(20));
	struct baton_tuple t = tuple4(1, 40000);
	struct baton_flow *flow;
	int first, again;

	flow = flow_add(test, &ctx->dec, &t, &host, 9, 0);
	KUNIT_ASSERT_NOT_NULL(test, flow);

	/* Two removers racing: the flow stays valid until unlock. */
	rcu_read_lock();
	first = baton_flow_remove(&ctx->dec, flow);
	again = baton_flow_remove(&ctx->dec, flow);
	rcu_read_unlock();

	KUNIT_EXPECT_EQ(test, first, 0);
	KUNIT_EXPECT_EQ(test, again, -ENOENT);
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(&ctx->dec), 0);
	KUNIT_EXPECT_TRUE(test, has_tuple(&ctx->dec, &t, NULL));
	KUNIT_EXPECT_TRUE(test, has_id(&ctx->dec, &host, 9, NULL));

	/* The tuple and the ID can be used again. */
	KUNIT_EXPECT_NOT_NULL(test, flow_add(test, &ctx->dec, &t, &host, 9, 0));
}

static void baton_table_test_gc(struct kunit *test)
{
	const unsigned long t0 = jiffies + 1000 * HZ;
	struct table_ctx *ctx = test->priv;
	struct in6_addr host = peer4(HOST4(20));
	struct baton_tuple ta = tuple4(1, 1);
	struct baton_tuple tb = tuple4(1, 2);
	struct baton_tuple tc = tuple4(1, 3);
	struct baton_flow *a, *b, *c;
	const unsigned long timeout = BATON_FLOW_TIMEOUT_DEFAULT * HZ;

	a = flow_add(test, &ctx->enc, &ta, &host, 1, 0);
	b = flow_add(test, &ctx->enc, &tb, &host, 2, 0);
	c = flow_add(test, &ctx->enc, &tc, &host, 3, 0);
	KUNIT_ASSERT_TRUE(test, a && b && c);
	WRITE_ONCE(a->last_seen, t0);
	WRITE_ONCE(b->last_seen, t0);
	WRITE_ONCE(c->last_seen, t0);

	/* Idle for exactly the timeout: kept. */
	KUNIT_EXPECT_EQ(test, baton_flow_table_gc(&ctx->enc, t0 + timeout), 0);
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(&ctx->enc), 3);

	/* b saw a packet 200 s in; a and c idle out first. */
	WRITE_ONCE(b->last_seen, t0 + 200 * HZ);
	KUNIT_EXPECT_EQ(test, baton_flow_table_gc(&ctx->enc, t0 + timeout + 1),
			2);
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(&ctx->enc), 1);
	KUNIT_EXPECT_TRUE(test, has_tuple(&ctx->enc, &ta, NULL));
	KUNIT_EXPECT_TRUE(test, has_tuple(&ctx->enc, &tb, b));
	KUNIT_EXPECT_TRUE(test, has_tuple(&ctx->enc, &tc, NULL));
	KUNIT_EXPECT_TRUE(test, has_id(&ctx->enc, &host, 1, NULL));
	KUNIT_EXPECT_TRUE(test, has_id(&ctx->enc, &host, 2, b));
	KUNIT_EXPECT_TRUE(test, has_id(&ctx->enc, &host, 3, NULL));

	KUNIT_EXPECT_EQ(test, baton_flow_table_gc(&ctx->enc,
						  t0 + 200 * HZ + timeout), 0);
	KUNIT_EXPECT_EQ(test, baton_flow_table_gc(&ctx->enc,
						  t0 + 200 * HZ + timeout + 1),
			1);
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(&ctx->enc), 0);
}

static void baton_table_test_gc_timeout(struct kunit *test)
{
	const unsigned long t0 = jiffies + 1000 * HZ;
	struct table_ctx *ctx = test->priv;
	struct in6_addr host = peer4(HOST4(20));
	struct baton_tuple t = tuple4(1, 1);
	struct baton_flow *flow;

	flow = flow_add(test, &ctx->dec, &t, &host, 1, 0);
	KUNIT_ASSERT_NOT_NULL(test, flow);
	WRITE_ONCE(flow->last_seen, t0);

	KUNIT_ASSERT_EQ(test, baton_flow_table_set_timeout(&ctx->dec, 10), 0);
	KUNIT_EXPECT_EQ(test, baton_flow_table_timeout(&ctx->dec), 10);
	KUNIT_EXPECT_EQ(test, baton_flow_table_gc(&ctx->dec, t0 + 10 * HZ), 0);
	KUNIT_EXPECT_EQ(test, baton_flow_table_gc(&ctx->dec, t0 + 10 * HZ + 1),
			1);
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(&ctx->dec), 0);
}

static void baton_table_test_touch(struct kunit *test)
{
	struct table_ctx *ctx = test->priv;
	struct in6_addr host = peer4(HOST4(20));
	struct baton_tuple t = tuple4(1, 1);
	const unsigned long timeout = BATON_FLOW_TIMEOUT_DEFAULT * HZ;
	struct baton_flow *flow;
	unsigned long before, seen;

	flow = flow_add(test, &ctx->enc, &t, &host, 1, 0);
	KUNIT_ASSERT_NOT_NULL(test, flow);

	before = jiffies;
	baton_flow_touch(flow, 1500);
	baton_flow_touch(flow, 40);
	seen = READ_ONCE(flow->last_seen);
	KUNIT_EXPECT_EQ(test, atomic64_read(&flow->packets), 2);
	KUNIT_EXPECT_EQ(test, atomic64_read(&flow->bytes), 1540);
	KUNIT_EXPECT_TRUE(test, time_after_eq(seen, before));
	KUNIT_EXPECT_TRUE(test, time_before_eq(seen, jiffies));

	KUNIT_EXPECT_EQ(test, baton_flow_table_gc(&ctx->enc, seen + timeout), 0);
	KUNIT_EXPECT_EQ(test, baton_flow_table_gc(&ctx->enc, seen + timeout + 1),
			1);
}

/* Enough flows to make both indexes grow, then shrink, under the walk. */
#define MANY	4096

static void baton_table_test_many(struct kunit *test)
{
	struct table_ctx *ctx = test->priv;
	struct in6_addr host = peer4(HOST4(20));
	unsigned int lost = 0;
	unsigned int total = 0;
	unsigned int removed;
	struct baton_flow *flow;
	struct baton_tuple t;
	unsigned long now;
	unsigned int i;

	for (i = 0; i < MANY; i++) {
		t = tuple4(i >> 8, 1024 + (i & 0xff));
		flow = flow_add(test, &ctx->dec, &t, &host, i + 1, 0);
		KUNIT_ASSERT_NOT_NULL(test, flow);
	}
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(&ctx->dec), MANY);

	/* Every flow by both keys; remove the odd ones. */
	for (i = 0; i < MANY; i++) {
		t = tuple4(i >> 8, 1024 + (i & 0xff));
		rcu_read_lock();
		flow = baton_flow_lookup_tuple(&ctx->dec, &t);
		if (!flow || flow->key.id != i + 1 ||
		    baton_flow_lookup_id(&ctx->dec, &host, i + 1) != flow)
			lost++;
		else if (i & 1)
			baton_flow_remove(&ctx->dec, flow);
		rcu_read_unlock();
	}
	KUNIT_EXPECT_EQ(test, lost, 0);
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(&ctx->dec), MANY / 2);

	/* The rest idles out; a pass may leave a few for the next one. */
	now = jiffies + (BATON_FLOW_TIMEOUT_DEFAULT + 1) * HZ;
	for (i = 0; i < 8; i++) {
		removed = baton_flow_table_gc(&ctx->dec, now);
		if (!removed)
			break;
		total += removed;
	}
	KUNIT_EXPECT_EQ(test, total, MANY / 2);
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(&ctx->dec), 0);
}

static void baton_table_test_destroy_full(struct kunit *test)
{
	struct in6_addr host = peer4(HOST4(20));
	struct baton_flow_table *table;
	struct baton_flow *flow;
	struct baton_tuple t;
	unsigned int i;

	table = kunit_kzalloc(test, sizeof(*table), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, table);
	KUNIT_ASSERT_EQ(test, baton_flow_table_init(table, true, BIT(20)), 0);

	for (i = 0; i < 1000; i++) {
		t = tuple4(i >> 8, 1024 + (i & 0xff));
		flow = flow_new(test, &t, &host, i + 1);
		if (baton_flow_insert(table, flow)) {
			baton_flow_free(flow);
			break;
		}
	}
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(table), 1000);

	/* kmemleak and KASAN watch this one. */
	baton_flow_table_destroy(table);
	KUNIT_EXPECT_EQ(test, baton_flow_table_count(table), 0);
}

/*
 * The tables of every netns, as baton_tunnel set them up.  The flows put
 * there stay: deleting the netns, or unloading baton_tunnel, must then
 * free them (the VM run checks that with KASAN and kmemleak).
 */
static void baton_table_test_pernet(struct kunit *test)
{
	struct in6_addr host = peer4(HOST4(20));
	struct baton_flow_table *enc, *dec;
	unsigned int bad = 0;
	struct baton_flow *flow;
	struct baton_tuple t;
	struct net *net;
	unsigned int i;
	int err;
	u32 id;

	down_read(&net_rwsem);
	for_each_net(net) {
		enc = baton_flow_table_encap(net);
		dec = baton_flow_table_decap(net);
		KUNIT_EXPECT_FALSE(test, enc->id_per_peer);
		KUNIT_EXPECT_TRUE(test, dec->id_per_peer);
		KUNIT_EXPECT_EQ(test, baton_flow_table_max(enc),
				BATON_FLOW_MAX_DEFAULT);
		KUNIT_EXPECT_EQ(test, baton_flow_table_timeout(dec),
				BATON_FLOW_TIMEOUT_DEFAULT);

		for (i = 0; i < 64; i++) {
			id = baton_flowid_alloc(net);
			t = tuple4(200 + (i >> 4), 60000 + (i & 15));
			flow = baton_flow_alloc(GFP_KERNEL);
			if (!flow) {
				bad++;
				break;
			}
			flow->tuple = t;
			flow->key.peer = host;
			flow->key.id = id;
			err = baton_flow_insert(i & 1 ? dec : enc, flow);
			/* Already there from an earlier run of the suite. */
			if (err) {
				baton_flow_free(flow);
				if (err != -EEXIST)
					bad++;
				continue;
			}
			if (!has_id(i & 1 ? dec : enc, &host, id, flow))
				bad++;
		}
	}
	up_read(&net_rwsem);

	KUNIT_EXPECT_EQ(test, bad, 0);
}

static struct kunit_case baton_table_test_cases[] = {
	KUNIT_CASE(baton_table_test_insert_v4),
	KUNIT_CASE(baton_table_test_insert_v6),
	KUNIT_CASE(baton_table_test_families),
	KUNIT_CASE(baton_table_test_dup_tuple),
	KUNIT_CASE(baton_table_test_dup_id),
	KUNIT_CASE(baton_table_test_insert_new),
	KUNIT_CASE(baton_table_test_id_per_peer),
	KUNIT_CASE(baton_table_test_invalid),
	KUNIT_CASE(baton_table_test_limit),
	KUNIT_CASE(baton_table_test_remove),
	KUNIT_CASE(baton_table_test_gc),
	KUNIT_CASE(baton_table_test_gc_timeout),
	KUNIT_CASE(baton_table_test_touch),
	KUNIT_CASE(baton_table_test_many),
	KUNIT_CASE(baton_table_test_destroy_full),
	KUNIT_CASE(baton_table_test_pernet),
	{}
};

static struct kunit_suite baton_table_test_suite = {
	.name = "baton_table",
	.init = baton_table_test_init,
	.exit = baton_table_test_exit,
	.test_cases = baton_table_test_cases,
};

kunit_test_suite(baton_table_test_suite);
