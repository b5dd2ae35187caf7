// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the migration blob codec.
 *
 * The IPv4 and IPv6 test connections go through baton_blob_encode() and
 * baton_blob_decode() unchanged, and encode to the bytes that the test
 * writer of blob_cases.c makes of the wire format.  Each case of
 * blob_cases.c, among them one for every reason decoding gives, is
 * decoded with the expected result, and so is every truncation of a
 * valid blob.  Blobs are decoded from allocations of their exact length,
 * so that KASAN sees any read past the end.
 */
#include <kunit/test.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <baton/blob.h>

#include "blob_cases.h"

static const u8 baton_blob_test_families[] = { AF_INET, AF_INET6 };

static void baton_blob_test_family_desc(const u8 *family, char *desc)
{
	strscpy(desc, *family == AF_INET ? "IPv4" : "IPv6",
		KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(baton_blob_test_family, baton_blob_test_families,
		  baton_blob_test_family_desc);

static const void *baton_blob_test_case_gen(const void *prev, char *desc)
{
	const struct baton_blob_case *c = prev;

	c = c ? c + 1 : baton_blob_cases;
	if (c == baton_blob_cases + baton_blob_nr_cases)
		return NULL;
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
	return c;
}

/* Decode @len bytes of @buf from a copy of exactly that length. */
static int baton_blob_test_decode(struct kunit *test, const u8 *buf,
				  size_t len, struct baton_blob *b,
				  size_t *tag_off, const char **why)
{
	u8 *copy = kmemdup(buf, len, GFP_KERNEL);
	int err;

	KUNIT_ASSERT_NOT_NULL(test, copy);
	err = baton_blob_decode(copy, len, b, tag_off, why);
	/* b->data points into the copy: it must not outlive it. */
	b->data = NULL;
	b->data_len = 0;
	kfree(copy);
	return err;
}

static void baton_blob_test_round_trip(struct kunit *test)
{
	const u8 *family = test->param_value;
	struct baton_blob b, d;
	size_t len, tag_off, tag_off2;
	const char *why;
	u8 *raw, *buf;
	int n;

	raw = kunit_kzalloc(test, BATON_BLOB_TEST_ROOM, GFP_KERNEL);
	buf = kunit_kzalloc(test, BATON_BLOB_TEST_ROOM, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, raw);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	baton_blob_test_fill(&b, *family);
	len = baton_blob_test_write(&b, raw, BATON_BLOB_TEST_ROOM);
	KUNIT_ASSERT_GT(test, len, 0);
	KUNIT_EXPECT_EQ(test, baton_blob_size(&b), len);

	n = baton_blob_encode(&b, buf, BATON_BLOB_TEST_ROOM, &tag_off);
	KUNIT_ASSERT_EQ(test, n, (int)len);
	KUNIT_EXPECT_EQ(test, tag_off, len - BATON_BLOB_TAG_LEN);
	KUNIT_EXPECT_EQ(test, memcmp(buf, raw, len), 0);

	KUNIT_ASSERT_EQ(test, baton_blob_decode(buf, len, &d, &tag_off2, &why),
			0);
	KUNIT_EXPECT_NULL(test, why);
	KUNIT_EXPECT_EQ(test, tag_off2, tag_off);
	KUNIT_EXPECT_TRUE(test, baton_blob_test_equal(&b, &d));
	if (d.data_len) {
		KUNIT_EXPECT_PTR_EQ(test, d.data,
				    (const u8 *)buf + tag_off -
				    BATON_BLOB_SEC_HDR_LEN -
				    round_up(d.data_len, BATON_BLOB_ALIGN));
	}
}

static void baton_blob_test_case(struct kunit *test)
{
	const struct baton_blob_case *c = test->param_value;
	size_t len, tag_off;
	struct baton_blob b, d;
	const char *why;
	int err, n;
	u8 *buf;

	buf = kunit_kzalloc(test, 2 * BATON_BLOB_TEST_ROOM, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	len = baton_blob_case_build(c, &b, buf, BATON_BLOB_TEST_ROOM);
	KUNIT_ASSERT_GT(test, len, 0);
	err = baton_blob_test_decode(test, buf, len, &d, &tag_off, &why);
	KUNIT_EXPECT_EQ(test, err, c->err);
	if (c->why)
		KUNIT_EXPECT_STREQ(test, why ?: "(none)", c->why);
	else
		KUNIT_EXPECT_NULL(test, why);
	if (!err) {
		KUNIT_EXPECT_EQ(test, tag_off, len - BATON_BLOB_TAG_LEN);
		/* baton_blob_test_decode() dropped the data. */
		b.data_len = 0;
		KUNIT_EXPECT_TRUE(test, baton_blob_test_equal(&b, &d));
	}

	if (!baton_blob_case_values_only(c))
		return;
	/* Encoding refuses the same values, or writes the same bytes. */
	baton_blob_case_build(c, &b, buf, BATON_BLOB_TEST_ROOM);
	n = baton_blob_encode(&b, buf + len, BATON_BLOB_TEST_ROOM, &tag_off);
	if (c->err) {
		KUNIT_EXPECT_EQ(test, n, c->err);
	} else {
		KUNIT_EXPECT_EQ(test, n, (int)len);
		KUNIT_EXPECT_EQ(test, memcmp(buf, buf + len, len), 0);
	}
}

static void baton_blob_test_encode_limits(struct kunit *test)
{
	size_t room, size, tag_off;
	struct baton_blob b;
	u8 *buf;

	buf = kunit_kzalloc(test, BATON_BLOB_TEST_ROOM, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	baton_blob_test_fill(&b, AF_INET);
	size = baton_blob_size(&b);
	for (room = 0; room < size; room++)
		KUNIT_EXPECT_EQ(test,
				baton_blob_encode(&b, buf, room, &tag_off),
				-ENOSPC);

	b.data_len = BATON_BLOB_DATA_MAX + 1;
	KUNIT_EXPECT_EQ(test, baton_blob_size(&b), 0);
	KUNIT_EXPECT_EQ(test, baton_blob_encode(&b, buf, BATON_BLOB_TEST_ROOM,
						&tag_off), -E2BIG);

	b.data = NULL;
	b.data_len = 1;
	KUNIT_EXPECT_EQ(test, baton_blob_encode(&b, buf, BATON_BLOB_TEST_ROOM,
						&tag_off), -EINVAL);
}

/* Every prefix of a valid blob is refused, with its length or not. */
static void baton_blob_test_truncations(struct kunit *test)
{
	const u8 *family = test->param_value;
	size_t len, cut, tag_off;
	struct baton_blob b;
	const char *why;
	int err;
	u8 *buf;

	buf = kunit_kzalloc(test, BATON_BLOB_TEST_ROOM, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	baton_blob_test_fill(&b, *family);
	len = baton_blob_test_write(&b, buf, BATON_BLOB_TEST_ROOM);
	for (cut = 0; cut < len; cut++) {
		err = baton_blob_test_decode(test, buf, cut, &b, &tag_off,
					     &why);
		KUNIT_EXPECT_EQ_MSG(test, err, -EINVAL, "cut at %zu", cut);
		if (cut < BATON_BLOB_HDR_LEN)
			continue;
		put_unaligned_be32(cut, buf + 8);
		err = baton_blob_test_decode(test, buf, cut, &b, &tag_off,
					     &why);
		put_unaligned_be32(len, buf + 8);
		KUNIT_EXPECT_EQ_MSG(test, err, -EINVAL,
				    "cut at %zu, in the header too", cut);
	}
}

static struct kunit_case baton_blob_test_cases[] = {
	KUNIT_CASE_PARAM(baton_blob_test_round_trip,
			 baton_blob_test_family_gen_params),
	KUNIT_CASE_PARAM(baton_blob_test_case, baton_blob_test_case_gen),
	KUNIT_CASE(baton_blob_test_encode_limits),
	KUNIT_CASE_PARAM(baton_blob_test_truncations,
			 baton_blob_test_family_gen_params),
	{}
};

static struct kunit_suite baton_blob_test_suite = {
	.name = "baton_blob",
	.test_cases = baton_blob_test_cases,
};

kunit_test_suite(baton_blob_test_suite);
