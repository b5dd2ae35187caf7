// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the request sniffers.
 *
 * Each HTTP and TLS case of sniff_cases.c, among them requests and
 * ClientHellos of real clients and one case for each reason given, is
 * sniffed with the expected result, and so is every prefix of it: NEED_MORE
 * up to the byte where the answer is decided, then the same answer.  Inputs
 * are sniffed from allocations of their exact length (each prefix at the
 * end of one), so that KASAN sees any read past the end.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <baton/sniff.h>

#include "sniff_cases.h"

/*
 * The case after @prev in @nr cases of @size bytes at @cases, each of
 * which starts with its name.
 */
static const void *baton_sniff_test_next(const void *prev, char *desc,
					 const void *cases, unsigned int nr,
					 size_t size)
{
	const u8 *c = prev ? (const u8 *)prev + size : cases;

	if (c == (const u8 *)cases + nr * size)
		return NULL;
	strscpy(desc, *(const char * const *)c, KUNIT_PARAM_DESC_SIZE);
	return c;
}

static const void *baton_sniff_test_http_gen(const void *prev, char *desc)
{
	return baton_sniff_test_next(prev, desc, baton_sniff_http_cases,
				     baton_sniff_http_nr_cases,
				     sizeof(baton_sniff_http_cases[0]));
}

static const void *baton_sniff_test_tls_gen(const void *prev, char *desc)
{
	return baton_sniff_test_next(prev, desc, baton_sniff_tls_cases,
				     baton_sniff_tls_nr_cases,
				     sizeof(baton_sniff_tls_cases[0]));
}

static void baton_sniff_test_http(struct kunit *test)
{
	const struct baton_sniff_http_case *c = test->param_value;
	struct baton_sniff_http *out;
	size_t len, where;
	const char *what;
	u8 *buf, *copy;
	int ret;

	buf = kunit_kzalloc(test, BATON_SNIFF_HTTP_TEST_ROOM, GFP_KERNEL);
	out = kunit_kcalloc(test, 2, sizeof(*out), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, out);
	len = baton_sniff_http_case_build(c, buf, BATON_SNIFF_HTTP_TEST_ROOM);
	copy = kmemdup(buf, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);

	what = baton_sniff_http_case_run(c, copy, len, out, &ret);
	KUNIT_EXPECT_NULL_MSG(test, what, "%s: got %d \"%s\" host \"%s\"",
			      what, ret, out->why ?: "", out->host);

	/* The prefixes go at the end of buf, shrunk to the request's size. */
	kfree(copy);
	copy = kmalloc(len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	what = baton_sniff_http_prefixes(buf, len, c->head_max, copy, out,
					 &where);
	KUNIT_EXPECT_NULL_MSG(test, what, "%s, at %zu bytes", what, where);
	kfree(copy);
}

static void baton_sniff_test_tls(struct kunit *test)
{
	const struct baton_sniff_tls_case *c = test->param_value;
	struct baton_sniff_tls *out;
	size_t len, where;
	const char *what;
	u8 *buf, *copy;
	int ret;

	buf = kunit_kzalloc(test, BATON_SNIFF_TLS_TEST_ROOM, GFP_KERNEL);
	out = kunit_kcalloc(test, 2, sizeof(*out), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, out);
	len = baton_sniff_tls_case_build(c, buf, BATON_SNIFF_TLS_TEST_ROOM);
	KUNIT_ASSERT_GT(test, len, 0);
	copy = kmemdup(buf, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);

	what = baton_sniff_tls_case_run(c, copy, len, out, &ret);
	KUNIT_EXPECT_NULL_MSG(test, what, "%s: got %d \"%s\" sni \"%s\"",
			      what, ret, out->why ?: "", out->sni);

	kfree(copy);
	copy = kmalloc(len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	what = baton_sniff_tls_prefixes(buf, len, copy, out, &where);
	KUNIT_EXPECT_NULL_MSG(test, what, "%s, at %zu bytes", what, where);
	kfree(copy);
}

/* Each sniffer says NOT_THIS to the first byte of the other's inputs. */
static void baton_sniff_test_not_this(struct kunit *test)
{
	struct baton_sniff_http *http;
	struct baton_sniff_tls *tls;
	unsigned int i;
	u8 *buf;

	buf = kunit_kzalloc(test, BATON_SNIFF_TLS_TEST_ROOM, GFP_KERNEL);
	http = kunit_kzalloc(test, sizeof(*http), GFP_KERNEL);
	tls = kunit_kzalloc(test, sizeof(*tls), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, http);
	KUNIT_ASSERT_NOT_NULL(test, tls);
	for (i = 0; i < baton_sniff_tls_nr_cases; i++) {
		if (baton_sniff_tls_cases[i].ret == BATON_SNIFF_NOT_THIS)
			continue;
		baton_sniff_tls_case_build(&baton_sniff_tls_cases[i], buf,
					   BATON_SNIFF_TLS_TEST_ROOM);
		KUNIT_EXPECT_EQ_MSG(test, baton_sniff_http(buf, 1, 0, http),
				    BATON_SNIFF_NOT_THIS, "%s",
				    baton_sniff_tls_cases[i].name);
	}
	for (i = 0; i < baton_sniff_http_nr_cases; i++) {
		if (baton_sniff_http_cases[i].ret != BATON_SNIFF_DONE)
			continue;
		baton_sniff_http_case_build(&baton_sniff_http_cases[i], buf,
					    BATON_SNIFF_TLS_TEST_ROOM);
		KUNIT_EXPECT_EQ_MSG(test, baton_sniff_tls(buf, 1, tls),
				    BATON_SNIFF_NOT_THIS, "%s",
				    baton_sniff_http_cases[i].name);
	}
}

static void baton_sniff_test_match(struct kunit *test)
{
	const struct baton_sniff_match_case *m;
	unsigned int i;

	for (i = 0; i < baton_sniff_match_nr_cases; i++) {
		m = &baton_sniff_match_cases[i];
		KUNIT_EXPECT_EQ_MSG(test,
				    baton_sniff_host_match(m->pattern, m->host),
				    m->match, "\"%s\" against \"%s\"",
				    m->pattern, m->host);
	}
}

static struct kunit_case baton_sniff_test_cases[] = {
	KUNIT_CASE_PARAM(baton_sniff_test_http, baton_sniff_test_http_gen),
	KUNIT_CASE_PARAM(baton_sniff_test_tls, baton_sniff_test_tls_gen),
	KUNIT_CASE(baton_sniff_test_not_this),
	KUNIT_CASE(baton_sniff_test_match),
	{}
};

static struct kunit_suite baton_sniff_test_suite = {
	.name = "baton_sniff",
	.test_cases = baton_sniff_test_cases,
};

kunit_test_suite(baton_sniff_test_suite);
