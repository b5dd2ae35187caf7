// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target of the request sniffers (classifier/sniff.c).
 *
 * Both sniffers run on any input, and what they say must hold up
 * (baton_sniff_*_sane()); at least one of them says NOT_THIS to a
 * non-empty input.  Then, for both, on prefixes of the input picked by a
 * hash of it, each in a buffer of its exact length: a prefix is NEED_MORE
 * or gets the same answer as the whole input, and for a complete head or
 * ClientHello exactly the prefixes that hold it are DONE.  The whole
 * input with bytes appended gets the same answer too, unless that was
 * NEED_MORE.  A head DONE within a smaller head limit is the same within
 * the default one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <baton/sniff.h>

#include "sniff_cases.h"

static void check(bool ok, int line, const char *what)
{
	if (ok)
		return;
	fprintf(stderr, "sniff_fuzz.c:%d: %s\n", line, what);
	abort();
}

#define CHECK(cond)	check(cond, __LINE__, #cond)

/* Prefixes tried for each input, and bytes appended to it. */
#define PREFIXES	8
#define APPENDED	16

static u32 fnv1a(const u8 *data, size_t size)
{
	u32 h = 2166136261U;
	size_t i;

	for (i = 0; i < size; i++)
		h = (h ^ data[i]) * 16777619U;
	return h;
}

static u32 next(u32 *state)
{
	return baton_sniff_test_rand(state);
}

static bool http_same(int ret, const struct baton_sniff_http *a, int ret2,
		      const struct baton_sniff_http *b)
{
	return ret == ret2 && a->why == b->why &&
	       (ret != BATON_SNIFF_DONE || !memcmp(a, b, sizeof(*a)));
}

static bool tls_same(int ret, const struct baton_sniff_tls *a, int ret2,
		     const struct baton_sniff_tls *b)
{
	return ret == ret2 && a->why == b->why &&
	       (ret != BATON_SNIFF_DONE || !memcmp(a, b, sizeof(*a)));
}

/* Sniff the first @cut bytes of @data from a copy of exactly that length. */
static void check_prefix(const u8 *data, size_t cut, int ret_http,
			 const struct baton_sniff_http *http, int ret_tls,
			 const struct baton_sniff_tls *tls)
{
	struct baton_sniff_http h;
	struct baton_sniff_tls t;
	u8 *buf = malloc(cut ? cut : 1);
	int ret;

	CHECK(buf);
	memcpy(buf, data, cut);

	ret = baton_sniff_http(buf, cut, 0, &h);
	CHECK(ret == BATON_SNIFF_NEED_MORE ||
	      http_same(ret_http, http, ret, &h));
	if (ret_http == BATON_SNIFF_DONE)
		CHECK((ret == BATON_SNIFF_DONE) == (cut >= http->head_len));

	ret = baton_sniff_tls(buf, cut, &t);
	CHECK(ret == BATON_SNIFF_NEED_MORE || tls_same(ret_tls, tls, ret, &t));
	if (ret_tls == BATON_SNIFF_DONE)
		CHECK((ret == BATON_SNIFF_DONE) == (cut >= tls->hello_end));
	free(buf);
}

/* The whole input and more: the same answer, once there is one. */
static void check_longer(const u8 *data, size_t size, u32 *state,
			 int ret_http, const struct baton_sniff_http *http,
			 int ret_tls, const struct baton_sniff_tls *tls)
{
	struct baton_sniff_http h;
	struct baton_sniff_tls t;
	u8 *buf = malloc(size + APPENDED);
	size_t i;
	int ret;

	CHECK(buf);
	memcpy(buf, data, size);
	for (i = 0; i < APPENDED; i++)
		buf[size + i] = next(state);
	ret = baton_sniff_http(buf, size + APPENDED, 0, &h);
	if (ret_http != BATON_SNIFF_NEED_MORE)
		CHECK(http_same(ret_http, http, ret, &h));
	ret = baton_sniff_tls(buf, size + APPENDED, &t);
	if (ret_tls != BATON_SNIFF_NEED_MORE)
		CHECK(tls_same(ret_tls, tls, ret, &t));
	free(buf);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct baton_sniff_http http, small;
	u32 state = fnv1a(data, size) | 1;
	struct baton_sniff_tls tls;
	int ret_http, ret_tls, ret;
	size_t head_max;
	unsigned int i;

	ret_http = baton_sniff_http(data, size, 0, &http);
	CHECK(!baton_sniff_http_sane(data, size, 0, ret_http, &http));
	ret_tls = baton_sniff_tls(data, size, &tls);
	CHECK(!baton_sniff_tls_sane(size, ret_tls, &tls));
	CHECK(!size || ret_http == BATON_SNIFF_NOT_THIS ||
	      ret_tls == BATON_SNIFF_NOT_THIS);

	for (i = 0; i < PREFIXES; i++)
		check_prefix(data, next(&state) % (size + 1), ret_http, &http,
			     ret_tls, &tls);
	check_longer(data, size, &state, ret_http, &http, ret_tls, &tls);

	head_max = next(&state) % BATON_SNIFF_HTTP_HEAD_DEFAULT + 1;
	ret = baton_sniff_http(data, size, head_max, &small);
	CHECK(!baton_sniff_http_sane(data, size, head_max, ret, &small));
	if (ret == BATON_SNIFF_DONE)
		CHECK(http_same(ret_http, &http, ret, &small));
	return 0;
}
