// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of the blob codec (tunneler/blob.c) in userspace, TAP on
 * stdout:
 *   - round trips of the test connections, byte for byte against the
 *     test writer of blob_cases.c;
 *   - every case of blob_cases.c: each reason decoding gives;
 *   - encoding's own refusals, and the longest receive queue;
 *   - every truncation of valid blobs, and random corruption of them.
 * Every blob is decoded from a heap buffer of its exact length, so that
 * AddressSanitizer catches any read past it.
 *
 *   blob_test            run the tests; exit 1 if any failed
 *   blob_test -c DIR     write the fuzz target's seed corpus into DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <baton/blob.h>

#include "blob_cases.h"
#include "tap.h"
#include "util.h"

/* Corruptions of a valid blob, each decoded. */
#define FLIPS		200000

/* Decode @len bytes of @buf from a heap copy of exactly @len bytes. */
static int decode_copy(const u8 *buf, size_t len, struct baton_blob *b,
		       size_t *tag_off, const char **why)
{
	u8 *copy = xmalloc(len);
	int err;

	memcpy(copy, buf, len);
	err = baton_blob_decode(copy, len, b, tag_off, why);
	/* b->data points into the copy: it must not outlive it. */
	b->data = NULL;
	b->data_len = 0;
	free(copy);
	return err;
}

/* A refusal is one of the three errors, with a reason. */
static bool refused_cleanly(int err, const char *why)
{
	return (err == -EINVAL || err == -EPROTONOSUPPORT || err == -E2BIG) &&
	       why && *why;
}

/* Encode @b and decode the result; both must agree with @b. */
static bool round_trip(const struct baton_blob *b, const char **what)
{
	size_t size = baton_blob_size(b), tag_off, tag_off2;
	struct baton_blob d;
	const char *why;
	bool ok = false;
	u8 *buf;
	int len;

	buf = xmalloc(size);
	len = baton_blob_encode(b, buf, size, &tag_off);
	if (len < 0 || (size_t)len != size ||
	    tag_off != size - BATON_BLOB_TAG_LEN) {
		*what = "encode";
	} else if (baton_blob_decode(buf, size, &d, &tag_off2, &why)) {
		*what = why;
	} else if (why || tag_off2 != tag_off) {
		*what = "decode: tag offset";
	} else if (!baton_blob_test_equal(b, &d)) {
		*what = "decode: another connection";
	} else if (d.data_len &&
		   (d.data < buf || d.data + d.data_len > buf + tag_off)) {
		*what = "decode: data outside the blob";
	} else {
		ok = true;
	}
	free(buf);
	return ok;
}

static void test_round_trips(void)
{
	static const u8 families[] = { AF_INET, AF_INET6 };
	u8 raw[BATON_BLOB_TEST_ROOM], enc[BATON_BLOB_TEST_ROOM];
	const char *what = "";
	struct baton_blob b;
	size_t len, tag_off;
	unsigned int i;
	int n;

	for (i = 0; i < ARRAY_SIZE(families); i++) {
		baton_blob_test_fill(&b, families[i]);
		len = baton_blob_test_write(&b, raw, sizeof(raw));
		n = baton_blob_encode(&b, enc, sizeof(enc), &tag_off);
		tap_ok(n > 0 && (size_t)n == len &&
		       len == baton_blob_size(&b) && !memcmp(raw, enc, len),
		       "IPv%c: encoding writes the wire format (%zu bytes)",
		       families[i] == AF_INET ? '4' : '6', len);
		if (!tap_ok(round_trip(&b, &what), "IPv%c: round trip",
			    families[i] == AF_INET ? '4' : '6'))
			tap_diag("%s", what);
	}
}

static void test_cases(void)
{
	const struct baton_blob_case *c;
	u8 buf[BATON_BLOB_TEST_ROOM];
	struct baton_blob b, d;
	size_t len, tag_off;
	const char *why;
	unsigned int i;
	int err, n;
	bool ok;

	for (i = 0; i < baton_blob_nr_cases; i++) {
		c = &baton_blob_cases[i];
		len = baton_blob_case_build(c, &b, buf, sizeof(buf));
		err = decode_copy(buf, len, &d, &tag_off, &why);
		ok = len && err == c->err &&
		     (c->why ? why && !strcmp(why, c->why) : !why);
		if (!err) {
			ok = ok && tag_off == len - BATON_BLOB_TAG_LEN;
			/* decode_copy() dropped the data: compare the rest. */
			b.data_len = 0;
			ok = ok && baton_blob_test_equal(&b, &d);
		}
		if (!tap_ok(ok, "decode: %s: %s", c->name,
			    c->why ? c->why : "accepted"))
			tap_diag("got %d \"%s\"", err, why ? why : "");

		if (!baton_blob_case_values_only(c))
			continue;
		baton_blob_case_build(c, &b, buf, sizeof(buf));
		n = baton_blob_encode(&b, buf + len, sizeof(buf) - len,
				      &tag_off);
		tap_ok(c->err ? n == c->err :
		       n > 0 && (size_t)n == len &&
		       !memcmp(buf, buf + len, len),
		       "encode: %s: %s", c->name,
		       c->why ? "refused" : "the same bytes");
	}
}

static void test_encode_limits(void)
{
	u8 buf[BATON_BLOB_TEST_ROOM];
	size_t room, size, tag_off;
	struct baton_blob b;
	bool ok = true;

	baton_blob_test_fill(&b, AF_INET);
	size = baton_blob_size(&b);
	for (room = 0; room < size; room++)
		if (baton_blob_encode(&b, buf, room, &tag_off) != -ENOSPC)
			ok = false;
	tap_ok(ok, "encode: -ENOSPC in every room under %zu bytes", size);

	b.data_len = BATON_BLOB_DATA_MAX + 1;
	tap_ok(baton_blob_size(&b) == 0 &&
	       baton_blob_encode(&b, buf, sizeof(buf), &tag_off) == -E2BIG,
	       "encode: -E2BIG for receive data over the limit");

	b.data = NULL;
	b.data_len = 1;
	tap_ok(baton_blob_encode(&b, buf, sizeof(buf), &tag_off) == -EINVAL,
	       "encode: -EINVAL for receive data without a buffer");
}

static void test_longest(void)
{
	const char *what = "";
	struct baton_blob b;
	u8 *data;

	baton_blob_test_fill(&b, AF_INET);
	data = xmalloc(BATON_BLOB_DATA_MAX);
	memset(data, 0xa5, BATON_BLOB_DATA_MAX);
	b.data = data;
	b.data_len = BATON_BLOB_DATA_MAX;
	if (!tap_ok(baton_blob_size(&b) <= BATON_BLOB_LEN_MAX &&
		    round_trip(&b, &what),
		    "round trip with %u bytes of data", BATON_BLOB_DATA_MAX))
		tap_diag("%s", what);
	free(data);
}

/*
 * Every prefix of a valid blob is refused as malformed, with the length
 * in its header left as it was or fixed up.
 */
static void test_truncations(u8 family)
{
	u8 buf[BATON_BLOB_TEST_ROOM];
	unsigned int bad = 0;
	struct baton_blob b;
	size_t len, cut, tag_off;
	const char *why;
	int err;

	baton_blob_test_fill(&b, family);
	len = baton_blob_test_write(&b, buf, sizeof(buf));
	for (cut = 0; cut < len; cut++) {
		err = decode_copy(buf, cut, &b, &tag_off, &why);
		if (err != -EINVAL || !why) {
			tap_diag("cut at %zu: %d", cut, err);
			bad++;
		}
		if (cut < BATON_BLOB_HDR_LEN)
			continue;
		/* The same, with the length in the header fixed up. */
		put_unaligned_be32(cut, buf + 8);
		err = decode_copy(buf, cut, &b, &tag_off, &why);
		put_unaligned_be32(len, buf + 8);
		if (err != -EINVAL || !why) {
			tap_diag("cut at %zu, in the header too: %d", cut,
				 err);
			bad++;
		}
	}
	tap_ok(!bad, "IPv%c: each of the %zu truncations is refused",
	       family == AF_INET ? '4' : '6', len);
}

static u32 rand_state = 0x2545f491;

/* xorshift32: the same sequence on every run. */
static u32 rand32(void)
{
	rand_state ^= rand_state << 13;
	rand_state ^= rand_state >> 17;
	rand_state ^= rand_state << 5;
	return rand_state;
}

/*
 * Flip 1 to 4 random bits, or set a random byte, of a valid blob: it is
 * refused cleanly, or accepted and then encodes to a blob that decodes
 * to the same connection.
 */
static void test_corruption(void)
{
	unsigned int i, n, bad = 0, accepted = 0;
	u8 orig[BATON_BLOB_TEST_ROOM], *buf;
	const char *why, *what;
	struct baton_blob b;
	size_t len, tag_off;
	int err;
	u32 r;

	baton_blob_test_fill(&b, AF_INET);
	len = baton_blob_test_write(&b, orig, sizeof(orig));
	for (i = 0; i < FLIPS; i++) {
		buf = xmalloc(len);
		memcpy(buf, orig, len);
		r = rand32();
		if (r & 1) {
			buf[rand32() % len] = rand32();
		} else {
			for (n = 0; n <= (r >> 1) % 4; n++)
				buf[rand32() % len] ^= 1U << (rand32() % 8);
		}
		err = baton_blob_decode(buf, len, &b, &tag_off, &why);
		if (err) {
			if (!refused_cleanly(err, why))
				bad++;
		} else {
			accepted++;
			if (why || !round_trip(&b, &what)) {
				tap_diag("corruption %u accepted, then: %s", i,
					 why ? why : what);
				bad++;
			}
		}
		free(buf);
	}
	tap_ok(!bad, "%u corruptions refused cleanly, %u accepted, re-encoded",
	       FLIPS - accepted, accepted);
}

/* Write each blob that the cases accept into @dir, for the fuzz target. */
static int write_corpus(const char *dir)
{
	const struct baton_blob_case *c;
	u8 buf[BATON_BLOB_TEST_ROOM];
	char path[4096];
	struct baton_blob b;
	unsigned int i;
	size_t len;
	FILE *f;

	for (i = 0; i < baton_blob_nr_cases; i++) {
		c = &baton_blob_cases[i];
		if (c->err)
			continue;
		len = baton_blob_case_build(c, &b, buf, sizeof(buf));
		snprintf(path, sizeof(path), "%s/case-%02u", dir, i);
		f = fopen(path, "wb");
		if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
			perror(path);
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "-c"))
		return write_corpus(argv[2]);
	if (argc != 1) {
		fprintf(stderr, "usage: %s [-c DIR]\n", argv[0]);
		return 2;
	}

	test_round_trips();
	test_cases();
	test_encode_limits();
	test_longest();
	test_truncations(AF_INET);
	test_truncations(AF_INET6);
	test_corruption();
	return tap_done();
}
