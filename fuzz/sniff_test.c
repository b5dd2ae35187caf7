// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of the request sniffers (classifier/sniff.c) in userspace,
 * TAP on stdout:
 *   - every HTTP and TLS case of sniff_cases.c, among them requests and
 *     ClientHellos of real clients, and one case for each reason given;
 *   - each of them fed a byte at a time: NEED_MORE up to the byte where
 *     the answer is decided (for a complete head or ClientHello, its
 *     last byte), then the same answer for every longer prefix;
 *   - each sniffer on the other's inputs: NOT_THIS from the first byte;
 *   - the host name patterns of the content rules;
 *   - random corruption of valid requests and ClientHellos.
 * Every input is sniffed from a heap buffer of its exact length (each
 * prefix at the end of one), so that AddressSanitizer catches any read
 * past it.
 *
 *   sniff_test           run the tests; exit 1 if any failed
 *   sniff_test -c DIR    write the fuzz target's seed corpora into DIR/http
 *                        and DIR/tls
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <baton/sniff.h>

#include "sniff_cases.h"
#include "tap.h"

/* Corruptions of each valid input, each sniffed. */
#define FLIPS		20000

/* A heap copy of exactly @len bytes (malloc(0) may be NULL: one more). */
static u8 *dup_exact(const u8 *buf, size_t len)
{
	u8 *copy = malloc(len + !len);

	if (!copy)
		abort();
	return memcpy(copy, buf, len);
}

static const char *result_name(int ret)
{
	static const char * const names[] = {
		[BATON_SNIFF_NEED_MORE] = "NEED_MORE",
		[BATON_SNIFF_DONE] = "DONE",
		[BATON_SNIFF_NOT_THIS] = "NOT_THIS",
		[BATON_SNIFF_INVALID] = "INVALID",
	};

	return ret >= 0 && ret < (int)ARRAY_SIZE(names) ? names[ret] : "?";
}

static void test_http_cases(void)
{
	static u8 buf[BATON_SNIFF_HTTP_TEST_ROOM];
	const struct baton_sniff_http_case *c;
	struct baton_sniff_http out, two[2];
	const char *what;
	size_t len, where;
	unsigned int i;
	u8 *copy;
	int ret;

	for (i = 0; i < baton_sniff_http_nr_cases; i++) {
		c = &baton_sniff_http_cases[i];
		len = baton_sniff_http_case_build(c, buf, sizeof(buf));
		copy = dup_exact(buf, len);
		what = baton_sniff_http_case_run(c, copy, len, &out, &ret);
		if (!tap_ok(!what, "http: %s: %s%s%s", c->name,
			    result_name(c->ret), c->why ? " " : "",
			    c->why ? c->why : ""))
			tap_diag("%s: %s \"%s\" host \"%s\"", what,
				 result_name(ret), out.why ? out.why : "",
				 out.host);

		what = baton_sniff_http_prefixes(copy, len, c->head_max, buf,
						 two, &where);
		if (!tap_ok(!what, "http: %s: every prefix", c->name))
			tap_diag("%s, at %zu bytes", what, where);
		free(copy);
	}
}

static void test_tls_cases(void)
{
	static u8 buf[BATON_SNIFF_TLS_TEST_ROOM];
	const struct baton_sniff_tls_case *c;
	struct baton_sniff_tls out, two[2];
	const char *what;
	size_t len, where;
	unsigned int i;
	u8 *copy;
	int ret;

	for (i = 0; i < baton_sniff_tls_nr_cases; i++) {
		c = &baton_sniff_tls_cases[i];
		len = baton_sniff_tls_case_build(c, buf, sizeof(buf));
		copy = dup_exact(buf, len);
		what = baton_sniff_tls_case_run(c, copy, len, &out, &ret);
		if (!tap_ok(!what, "tls: %s: %s%s%s (%zu bytes, %u records)",
			    c->name, result_name(c->ret), c->why ? " " : "",
			    c->why ? c->why : "", len, out.records))
			tap_diag("%s: %s \"%s\" sni \"%s\"", what,
				 result_name(ret), out.why ? out.why : "",
				 out.sni);

		what = baton_sniff_tls_prefixes(copy, len, buf, two, &where);
		if (!tap_ok(!what, "tls: %s: every prefix", c->name))
			tap_diag("%s, at %zu bytes", what, where);
		free(copy);
	}
}

/* Each sniffer says NOT_THIS to the other's inputs, from the first byte. */
static void test_not_this(void)
{
	static u8 buf[BATON_SNIFF_TLS_TEST_ROOM];
	struct baton_sniff_http http;
	struct baton_sniff_tls tls;
	unsigned int i, n = 0, bad = 0;
	size_t len, cut;
	u8 *copy;

	for (i = 0; i < baton_sniff_tls_nr_cases; i++) {
		if (baton_sniff_tls_cases[i].ret == BATON_SNIFF_NOT_THIS)
			continue;
		len = baton_sniff_tls_case_build(&baton_sniff_tls_cases[i],
						 buf, sizeof(buf));
		for (cut = 1; cut <= len; cut += cut < 16 ? 1 : len) {
			copy = dup_exact(buf, cut);
			if (baton_sniff_http(copy, cut, 0, &http) !=
			    BATON_SNIFF_NOT_THIS)
				bad++;
			free(copy);
			n++;
		}
	}
	for (i = 0; i < baton_sniff_http_nr_cases; i++) {
		if (baton_sniff_http_cases[i].ret != BATON_SNIFF_DONE)
			continue;
		len = baton_sniff_http_case_build(&baton_sniff_http_cases[i],
						  buf, sizeof(buf));
		for (cut = 1; cut <= len; cut += cut < 16 ? 1 : len) {
			copy = dup_exact(buf, cut);
			if (baton_sniff_tls(copy, cut, &tls) !=
			    BATON_SNIFF_NOT_THIS)
				bad++;
			free(copy);
			n++;
		}
	}
	tap_ok(!bad, "each sniffer says NOT_THIS to the other's inputs (%u of %u wrong)",
	       bad, n);
}

static void test_match(void)
{
	const struct baton_sniff_match_case *m;
	unsigned int i;

	for (i = 0; i < baton_sniff_match_nr_cases; i++) {
		m = &baton_sniff_match_cases[i];
		tap_ok(baton_sniff_host_match(m->pattern, m->host) == m->match,
		       "match: \"%s\" %s \"%s\"", m->pattern,
		       m->match ? "matches" : "does not match", m->host);
	}
}

static u32 rand_state = 0x2545f491;

static u32 rand32(void)
{
	return baton_sniff_test_rand(&rand_state);
}

/* Flip 1 to 4 random bits, set a random byte, or cut @buf short. */
static size_t corrupt(u8 *buf, size_t len)
{
	u32 r = rand32();
	unsigned int n;

	if (r % 8 == 0)
		return rand32() % len;
	if (r & 8) {
		buf[rand32() % len] = rand32();
		return len;
	}
	for (n = 0; n <= (r >> 4) % 4; n++)
		buf[rand32() % len] ^= 1U << (rand32() % 8);
	return len;
}

/*
 * Corrupt each valid request and ClientHello in many ways: whatever the
 * sniffers answer holds up (baton_sniff_*_sane()).
 */
static void test_corruption(void)
{
	static u8 orig[BATON_SNIFF_TLS_TEST_ROOM];
	unsigned int i, k, n = 0, bad = 0, done = 0;
	struct baton_sniff_http http;
	struct baton_sniff_tls tls;
	size_t len, cut;
	const char *why;
	u8 *buf;
	int ret;

	for (i = 0; i < baton_sniff_http_nr_cases; i++) {
		if (baton_sniff_http_cases[i].ret != BATON_SNIFF_DONE)
			continue;
		len = baton_sniff_http_case_build(&baton_sniff_http_cases[i],
						  orig, sizeof(orig));
		if (len > 2048)
			continue;
		for (k = 0; k < FLIPS / 10; k++, n++) {
			buf = dup_exact(orig, len);
			cut = corrupt(buf, len);
			ret = baton_sniff_http(buf, cut, 0, &http);
			why = baton_sniff_http_sane(buf, cut, 0, ret, &http);
			done += ret == BATON_SNIFF_DONE;
			if (why) {
				tap_diag("http case %u, corruption %u: %s", i,
					 k, why);
				bad++;
			}
			free(buf);
		}
	}
	for (i = 0; i < baton_sniff_tls_nr_cases; i++) {
		if (baton_sniff_tls_cases[i].ret != BATON_SNIFF_DONE ||
		    baton_sniff_tls_cases[i].flags & BATON_SNIFF_TLS_TEST_HUGE)
			continue;
		len = baton_sniff_tls_case_build(&baton_sniff_tls_cases[i],
						 orig, sizeof(orig));
		for (k = 0; k < FLIPS / 10; k++, n++) {
			buf = dup_exact(orig, len);
			cut = corrupt(buf, len);
			ret = baton_sniff_tls(buf, cut, &tls);
			why = baton_sniff_tls_sane(cut, ret, &tls);
			done += ret == BATON_SNIFF_DONE;
			if (why) {
				tap_diag("tls case %u, corruption %u: %s", i,
					 k, why);
				bad++;
			}
			free(buf);
		}
	}
	tap_ok(!bad, "%u corruptions of valid inputs sniffed sanely (%u DONE)",
	       n, done);
}

static int write_file(const char *dir, const char *kind, unsigned int i,
		      const u8 *buf, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s/case-%03u", dir, kind, i);
	f = fopen(path, "wb");
	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		return 1;
	}
	return 0;
}

/* Write each case that is not too long into DIR/http and DIR/tls. */
static int write_corpus(const char *dir)
{
	static u8 buf[BATON_SNIFF_TLS_TEST_ROOM];
	unsigned int i;
	size_t len;

	for (i = 0; i < baton_sniff_http_nr_cases; i++) {
		len = baton_sniff_http_case_build(&baton_sniff_http_cases[i],
						  buf, sizeof(buf));
		if (len && len <= 4096 && write_file(dir, "http", i, buf, len))
			return 1;
	}
	for (i = 0; i < baton_sniff_tls_nr_cases; i++) {
		len = baton_sniff_tls_case_build(&baton_sniff_tls_cases[i],
						 buf, sizeof(buf));
		if (len && len <= 4096 && write_file(dir, "tls", i, buf, len))
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	bool corpus = argc == 3 && !strcmp(argv[1], "-c");

	if (argc != 1 && !corpus) {
		fputs("usage: sniff_test [-c DIR]\n", stderr);
		return 2;
	}
	if (corpus)
		return write_corpus(argv[2]);
	test_http_cases();
	test_tls_cases();
	test_not_this();
	test_match();
	test_corruption();
	return tap_done();
}
