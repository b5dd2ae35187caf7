// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: content rules (rule.c) on real request heads and ClientHellos:
 * the first matching rule gives the group, its match is counted, and
 * what matches none goes to the service's default group.
 */
#include <kunit/test.h>
#include <linux/slab.h>

#include "classifier.h"
#include "sniff_cases.h"

struct rule_ctx {
	struct baton_cls_net pn;
	struct baton_svc svc;
	u8 buf[2048];
};

static int baton_rule_test_init(struct kunit *test)
{
	struct rule_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	ctx->pn.sniff = baton_rule_sniff_alloc();
	if (!ctx->pn.sniff)
		return -ENOMEM;
	ctx->svc.pn = &ctx->pn;
	ctx->svc.head_max = BATON_SVC_HEAD_MAX_DEFAULT;
	INIT_LIST_HEAD(&ctx->svc.rules);
	strscpy(ctx->svc.default_group, "fallback",
		sizeof(ctx->svc.default_group));
	test->priv = ctx;
	return 0;
}

static void baton_rule_test_exit(struct kunit *test)
{
	struct rule_ctx *ctx = test->priv;

	baton_rule_flush(&ctx->svc);
	kfree(ctx->pn.sniff);
}

/* Append a rule; NULL for a condition it does not have. */
static struct baton_rule *add(struct kunit *test, const char *group,
			      const char *host, const char *path,
			      const char *sni)
{
	struct rule_ctx *ctx = test->priv;
	struct baton_rule *r = kzalloc(sizeof(*r), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, r);
	strscpy(r->group, group, sizeof(r->group));
	r->host = host ? kstrdup(host, GFP_KERNEL) : NULL;
	r->sni = sni ? kstrdup(sni, GFP_KERNEL) : NULL;
	r->path = path ? kstrdup(path, GFP_KERNEL) : NULL;
	r->path_len = path ? strlen(path) : 0;
	baton_rule_insert(&ctx->svc, r, 0);
	return r;
}

static const char *http(struct kunit *test, const char *head)
{
	struct rule_ctx *ctx = test->priv;

	return baton_rule_select(&ctx->svc, (const u8 *)head, strlen(head));
}

static const char *tls(struct kunit *test, const char *sni)
{
	struct rule_ctx *ctx = test->priv;
	struct baton_sniff_tls_case c = { .name = "rule", .sni = sni };
	size_t n = baton_sniff_tls_case_build(&c, ctx->buf, sizeof(ctx->buf));

	KUNIT_ASSERT_GT(test, n, 0);
	return baton_rule_select(&ctx->svc, ctx->buf, n);
}

static void baton_rule_test_http(struct kunit *test)
{
	struct baton_rule *api, *www;

	/* No rules: the default group, without looking. */
	KUNIT_EXPECT_STREQ(test, http(test, "GET / HTTP/1.1\r\n\r\n"),
			   "fallback");

	api = add(test, "api", "*.example.com", "/api/", NULL);
	www = add(test, "web", "www.example.com", NULL, NULL);
	add(test, "tls", NULL, NULL, "*.example.com");

	KUNIT_EXPECT_STREQ(test,
			   http(test, "GET /api/v1 HTTP/1.1\r\nHost: www.example.com\r\n\r\n"),
			   "api");
	/* first match wins: www also matches the second */
	KUNIT_EXPECT_EQ(test, api->matched, 1);
	KUNIT_EXPECT_STREQ(test,
			   http(test, "GET /img HTTP/1.1\r\nHost: WWW.Example.COM:8080\r\n\r\n"),
			   "web");
	KUNIT_EXPECT_EQ(test, www->matched, 1);
	/* the wildcard takes one label, not the apex nor two */
	KUNIT_EXPECT_STREQ(test, http(test, "GET /api/ HTTP/1.1\r\nHost: example.com\r\n\r\n"),
			   "fallback");
	KUNIT_EXPECT_STREQ(test, http(test, "GET /api/ HTTP/1.1\r\nHost: a.b.example.com\r\n\r\n"),
			   "fallback");
	/* the path prefix is byte for byte, the query not part of it */
	KUNIT_EXPECT_STREQ(test, http(test, "GET /apix HTTP/1.1\r\nHost: a.example.com\r\n\r\n"),
			   "fallback");
	/* an absolute-form target's authority wins over Host */
	KUNIT_EXPECT_STREQ(test, http(test, "GET http://a.example.com/api/x?y HTTP/1.1\r\nHost: b.example.org\r\n\r\n"),
			   "api");
	/* an incomplete head, or no Host: no host rule matches */
	KUNIT_EXPECT_STREQ(test, http(test, "GET /api/ HTTP/1.1\r\nHost: a.example.com\r\n"),
			   "fallback");
	KUNIT_EXPECT_STREQ(test, http(test, "GET /api/ HTTP/1.0\r\n\r\n"),
			   "fallback");
	/* HTTP never matches an SNI rule */
	KUNIT_EXPECT_EQ(test, api->matched, 2);
}

static void baton_rule_test_tls(struct kunit *test)
{
	struct rule_ctx *ctx = test->priv;

	add(test, "web", "www.example.com", NULL, NULL);
	add(test, "secure", NULL, NULL, "*.example.com");
	add(test, "any", NULL, NULL, NULL);

	KUNIT_EXPECT_STREQ(test, tls(test, "shop.example.com"), "secure");
	/* a host rule never matches a ClientHello; the catch-all does */
	KUNIT_EXPECT_STREQ(test, tls(test, "www.example.org"), "any");
	KUNIT_EXPECT_STREQ(test, http(test, "GET / HTTP/1.1\r\nHost: www.example.com\r\n\r\n"),
			   "web");
	/* not HTTP, not TLS: only the catch-all matches */
	KUNIT_EXPECT_STREQ(test, baton_rule_select(&ctx->svc, (const u8 *)"\x00\x01", 2),
			   "any");
	/* deleting the catch-all (third) */
	KUNIT_EXPECT_EQ(test, baton_rule_delete(&ctx->svc, 3), 0);
	KUNIT_EXPECT_EQ(test, baton_rule_delete(&ctx->svc, 3), -ENOENT);
	KUNIT_EXPECT_STREQ(test, tls(test, "www.example.org"), "fallback");
}

static void baton_rule_test_order(struct kunit *test)
{
	struct rule_ctx *ctx = test->priv;
	struct baton_rule *r;

	add(test, "b", "www.example.com", NULL, NULL);
	/* inserted first: it now wins */
	r = kzalloc(sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	strscpy(r->group, "a", sizeof(r->group));
	r->path = kstrdup("/", GFP_KERNEL);
	r->path_len = 1;
	baton_rule_insert(&ctx->svc, r, 1);
	KUNIT_EXPECT_EQ(test, ctx->svc.n_rules, 2);
	KUNIT_EXPECT_STREQ(test, http(test, "GET / HTTP/1.1\r\nHost: www.example.com\r\n\r\n"),
			   "a");
	KUNIT_EXPECT_EQ(test, baton_rule_delete(&ctx->svc, 1), 0);
	KUNIT_EXPECT_STREQ(test, http(test, "GET / HTTP/1.1\r\nHost: www.example.com\r\n\r\n"),
			   "b");
}

static void baton_rule_test_group_names(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, baton_rule_group_valid("api-v2.eu_1"));
	KUNIT_EXPECT_FALSE(test, baton_rule_group_valid(""));
	KUNIT_EXPECT_FALSE(test, baton_rule_group_valid("a b"));
	KUNIT_EXPECT_FALSE(test, baton_rule_group_valid("a/b"));
	KUNIT_EXPECT_FALSE(test, baton_rule_group_valid("0123456789abcdef0123456789abcdef"));
}

static struct kunit_case baton_rule_test_cases[] = {
	KUNIT_CASE(baton_rule_test_http),
	KUNIT_CASE(baton_rule_test_tls),
	KUNIT_CASE(baton_rule_test_order),
	KUNIT_CASE(baton_rule_test_group_names),
	{}
};

static struct kunit_suite baton_rule_test_suite = {
	.name = "baton_rule",
	.init = baton_rule_test_init,
	.exit = baton_rule_test_exit,
	.test_cases = baton_rule_test_cases,
};

kunit_test_suite(baton_rule_test_suite);
