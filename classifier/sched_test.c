// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the schedulers (sched.c), on a service of five backends made
 * here, their channels never opened: up, with an IPv4 tunnel address,
 * unless a case says otherwise.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include "classifier.h"

#define NBE	5

struct sched_ctx {
	struct baton_svc svc;
	struct baton_be be[NBE];
};

static int baton_sched_test_init(struct kunit *test)
{
	struct sched_ctx *ctx;
	int i;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	INIT_LIST_HEAD(&ctx->svc.backends);
	ctx->svc.family = AF_INET;
	for (i = 0; i < NBE; i++) {
		struct baton_be *be = &ctx->be[i];

		/* 192.0.2.11 .. 15, control port 7280 */
		ipv6_addr_set_v4mapped(htonl(0xc000020bU + i), &be->addr);
		be->ctl_port = 7280;
		be->state = BATON_BE_STATE_UP;
		be->tun4 = htonl(0xcb00716fU);
		be->weight = 1;
		be->svc = &ctx->svc;
		list_add_tail(&be->node, &ctx->svc.backends);
		ctx->svc.n_backends++;
	}
	test->priv = ctx;
	return 0;
}

static void baton_sched_test_exit(struct kunit *test)
{
	struct sched_ctx *ctx = test->priv;

	baton_sched_free(&ctx->svc);
}

static struct baton_tuple client(u32 n, u16 port)
{
	struct baton_tuple t;

	baton_tuple_init4(&t, htonl(0xc0000200U + (n & 0xff)), htons(port),
			  htonl(0xc633640aU), htons(80));
	return t;
}

/* Pick @n times; count the picks per backend into @got. */
static void pick_n(struct kunit *test, struct sched_ctx *ctx, int n,
		   unsigned int *got)
{
	struct baton_tuple t;
	struct baton_be *be;
	int i;

	memset(got, 0, NBE * sizeof(*got));
	for (i = 0; i < n; i++) {
		t = client(i, 10000 + i);
		be = baton_sched_pick(&ctx->svc, &t, NULL);
		KUNIT_ASSERT_NOT_NULL(test, be);
		got[be - ctx->be]++;
	}
}

static void set_weights(struct sched_ctx *ctx, const u32 *w)
{
	int i;

	for (i = 0; i < NBE; i++)
		ctx->be[i].weight = w[i];
}

static void baton_sched_test_rr(struct kunit *test)
{
	struct sched_ctx *ctx = test->priv;
	unsigned int got[NBE];
	struct baton_tuple t = client(1, 1);
	int i;

	pick_n(test, ctx, 1000, got);
	for (i = 0; i < NBE; i++)
		KUNIT_EXPECT_EQ(test, got[i], 200);

	/* In order, and past a backend that is down or drained. */
	ctx->be[1].state = BATON_BE_STATE_DOWN;
	ctx->be[3].weight = 0;
	ctx->svc.rr = 0;
	KUNIT_EXPECT_PTR_EQ(test, baton_sched_pick(&ctx->svc, &t, NULL), &ctx->be[0]);
	KUNIT_EXPECT_PTR_EQ(test, baton_sched_pick(&ctx->svc, &t, NULL), &ctx->be[2]);
	KUNIT_EXPECT_PTR_EQ(test, baton_sched_pick(&ctx->svc, &t, NULL), &ctx->be[4]);
	KUNIT_EXPECT_PTR_EQ(test, baton_sched_pick(&ctx->svc, &t, NULL), &ctx->be[0]);
}

static void baton_sched_test_wrr(struct kunit *test)
{
	static const u32 w[NBE] = { 1, 2, 3, 4, 10 };
	struct sched_ctx *ctx = test->priv;
	unsigned int got[NBE], i, j, k;
	struct baton_tuple t = client(1, 1);

	ctx->svc.sched = BATON_SCHED_WRR;
	set_weights(ctx, w);
	KUNIT_ASSERT_EQ(test, baton_sched_update(&ctx->svc), 0);
	pick_n(test, ctx, 1000, got);
	for (i = 0; i < NBE; i++)
		KUNIT_EXPECT_EQ(test, got[i], 1000 * w[i] / 20);

	/* Smooth: in every run of 20 picks, each gets exactly its weight. */
	for (k = 0; k < 5; k++) {
		memset(got, 0, sizeof(got));
		for (j = 0; j < 20; j++)
			got[baton_sched_pick(&ctx->svc, &t, NULL) - ctx->be]++;
		for (i = 0; i < NBE; i++)
			KUNIT_EXPECT_EQ(test, got[i], w[i]);
	}
}

static void baton_sched_test_lc(struct kunit *test)
{
	static const u32 w[NBE] = { 1, 1, 2, 1, 0 };
	struct sched_ctx *ctx = test->priv;
	struct baton_tuple t = client(1, 1);
	struct baton_be *be;
	int i;

	ctx->svc.sched = BATON_SCHED_LC;
	set_weights(ctx, w);
	ctx->be[0].active = 4;
	ctx->be[1].active = 1;
	ctx->be[2].active = 3;	/* 1.5 per unit of weight */
	ctx->be[3].n_inflight = 2;
	/* be[4] is idle but drained. */
	be = baton_sched_pick(&ctx->svc, &t, NULL);
	KUNIT_EXPECT_PTR_EQ(test, be, &ctx->be[1]);

	/* Take connections as a real pick would; none ends. */
	for (i = 0; i < 20; i++) {
		be = baton_sched_pick(&ctx->svc, &t, NULL);
		KUNIT_ASSERT_NOT_NULL(test, be);
		KUNIT_EXPECT_PTR_NE(test, be, &ctx->be[4]);
		be->active++;
	}
	/* Loads end up level: per unit of weight, at most one apart. */
	for (i = 0; i < 4; i++) {
		u32 load = (ctx->be[i].active + ctx->be[i].n_inflight) /
			   ctx->be[i].weight;

		KUNIT_EXPECT_GE(test, load, 6);
		KUNIT_EXPECT_LE(test, load, 7);
	}
}

static void baton_sched_test_none(struct kunit *test)
{
	struct sched_ctx *ctx = test->priv;
	struct baton_tuple t = client(1, 1);
	u8 s;
	int i;

	/* No backend can take a connection: every scheduler says so. */
	for (i = 0; i < NBE; i++)
		ctx->be[i].state = i & 1 ? BATON_BE_STATE_DOWN :
					   BATON_BE_STATE_CONNECTING;
	for (s = 0; s <= BATON_SCHED_MAX; s++) {
		ctx->svc.sched = s;
		KUNIT_ASSERT_EQ(test, baton_sched_update(&ctx->svc), 0);
		KUNIT_EXPECT_NULL(test, baton_sched_pick(&ctx->svc, &t, NULL));
	}
	/* Up, but without an IPv6 tunnel address, for an IPv6 client. */
	for (i = 0; i < NBE; i++)
		ctx->be[i].state = BATON_BE_STATE_UP;
	baton_tuple_init6(&t, &in6addr_loopback, htons(1), &in6addr_loopback,
			  htons(80));
	for (s = 0; s <= BATON_SCHED_MAX; s++) {
		ctx->svc.sched = s;
		KUNIT_ASSERT_EQ(test, baton_sched_update(&ctx->svc), 0);
		KUNIT_EXPECT_NULL(test, baton_sched_pick(&ctx->svc, &t, NULL));
	}
}

static void baton_sched_test_maglev(struct kunit *test)
{
	struct sched_ctx *ctx = test->priv;
	struct baton_be **before;
	unsigned int got[NBE], moved = 0, needless = 0;
	struct baton_tuple t;
	struct baton_be *be;
	int i, n = 10000;

	before = kunit_kcalloc(test, n, sizeof(*before), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, before);
	ctx->svc.sched = BATON_SCHED_MAGLEV;
	KUNIT_ASSERT_EQ(test, baton_sched_update(&ctx->svc), 0);

	/* Spread evenly, and the same client always to the same backend. */
	pick_n(test, ctx, n, got);
	for (i = 0; i < NBE; i++) {
		KUNIT_EXPECT_GT(test, got[i], n / NBE * 9 / 10);
		KUNIT_EXPECT_LT(test, got[i], n / NBE * 11 / 10);
	}
	for (i = 0; i < n; i++) {
		t = client(i, 10000 + i);
		before[i] = baton_sched_pick(&ctx->svc, &t, NULL);
		KUNIT_EXPECT_PTR_EQ(test, baton_sched_lookup(&ctx->svc, &t, NULL),
				    before[i]);
	}

	/* A backend down: only its own clients move, and come back. */
	ctx->be[2].state = BATON_BE_STATE_DOWN;
	for (i = 0; i < n; i++) {
		t = client(i, 10000 + i);
		be = baton_sched_pick(&ctx->svc, &t, NULL);
		KUNIT_EXPECT_PTR_NE(test, be, &ctx->be[2]);
		if (before[i] != &ctx->be[2])
			KUNIT_EXPECT_PTR_EQ(test, be, before[i]);
	}
	ctx->be[2].state = BATON_BE_STATE_UP;

	/* Drained (removed from the table): about a fifth move. */
	ctx->be[4].weight = 0;
	KUNIT_ASSERT_EQ(test, baton_sched_update(&ctx->svc), 0);
	for (i = 0; i < n; i++) {
		t = client(i, 10000 + i);
		be = baton_sched_pick(&ctx->svc, &t, NULL);
		KUNIT_EXPECT_PTR_NE(test, be, &ctx->be[4]);
		moved += be != before[i];
		needless += be != before[i] && before[i] != &ctx->be[4];
	}
	kunit_info(test, "%u of %d moved, %u needlessly\n", moved, n,
		   needless);
	KUNIT_EXPECT_GE(test, moved, n * 15 / 100);
	KUNIT_EXPECT_LE(test, moved, n * 25 / 100);
	KUNIT_EXPECT_LE(test, needless, n * 5 / 100);
}

static void baton_sched_test_groups(struct kunit *test)
{
	struct sched_ctx *ctx = test->priv;
	unsigned int got[NBE];
	struct baton_tuple t;
	struct baton_be *be;
	u8 s;
	int i, n = 1000;

	/* Backends 0 and 3 are "api", the others "default". */
	for (i = 0; i < NBE; i++)
		strscpy(ctx->be[i].group, i % 3 ? BATON_GROUP_DEFAULT : "api",
			sizeof(ctx->be[i].group));
	for (s = 0; s <= BATON_SCHED_MAX; s++) {
		ctx->svc.sched = s;
		KUNIT_ASSERT_EQ(test, baton_sched_update(&ctx->svc), 0);
		memset(got, 0, sizeof(got));
		for (i = 0; i < n; i++) {
			t = client(i, 20000 + i);
			be = baton_sched_pick(&ctx->svc, &t, "api");
			KUNIT_ASSERT_NOT_NULL(test, be);
			got[be - ctx->be]++;
		}
		/* only the group's backends, and both of them */
		KUNIT_EXPECT_EQ(test, got[0] + got[3], n);
		KUNIT_EXPECT_GT(test, got[0], n / 4);
		KUNIT_EXPECT_GT(test, got[3], n / 4);
		/* a group without a backend able: none */
		KUNIT_EXPECT_NULL(test, baton_sched_pick(&ctx->svc, &t, "web"));
		ctx->be[0].state = BATON_BE_STATE_DOWN;
		ctx->be[3].weight = 0;
		KUNIT_ASSERT_EQ(test, baton_sched_update(&ctx->svc), 0);
		KUNIT_EXPECT_NULL(test, baton_sched_pick(&ctx->svc, &t, "api"));
		ctx->be[0].state = BATON_BE_STATE_UP;
		ctx->be[3].weight = 1;
	}
}

static void baton_sched_test_health(struct kunit *test)
{
	struct sched_ctx *ctx = test->priv;
	unsigned int got[NBE];
	u8 s;

	/* A health checker says backend 1 is down: no scheduler picks it. */
	ctx->be[1].health = BATON_BE_HEALTH_DOWN;
	ctx->be[2].health = BATON_BE_HEALTH_UP;
	for (s = 0; s <= BATON_SCHED_MAX; s++) {
		ctx->svc.sched = s;
		KUNIT_ASSERT_EQ(test, baton_sched_update(&ctx->svc), 0);
		pick_n(test, ctx, 500, got);
		KUNIT_EXPECT_EQ(test, got[1], 0);
		KUNIT_EXPECT_GT(test, got[2], 0);
	}
}

static struct kunit_case baton_sched_test_cases[] = {
	KUNIT_CASE(baton_sched_test_rr),
	KUNIT_CASE(baton_sched_test_wrr),
	KUNIT_CASE(baton_sched_test_lc),
	KUNIT_CASE(baton_sched_test_none),
	KUNIT_CASE(baton_sched_test_maglev),
	KUNIT_CASE(baton_sched_test_groups),
	KUNIT_CASE(baton_sched_test_health),
	{}
};

static struct kunit_suite baton_sched_test_suite = {
	.name = "baton_sched",
	.init = baton_sched_test_init,
	.exit = baton_sched_test_exit,
	.test_cases = baton_sched_test_cases,
};

kunit_test_suite(baton_sched_test_suite);
