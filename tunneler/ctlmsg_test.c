// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the control-channel frame codec.
 *
 * A message of each type goes through baton_ctl_frame_encode() and
 * baton_ctl_frame_decode() unchanged, and encodes to the bytes that the
 * test writer of ctlmsg_cases.c makes of the wire format; so does a
 * REFUSE of every reason and an END of every reason.  Each case of
 * ctlmsg_cases.c, among them one for every reason decoding gives, is
 * decoded with the expected result, and parsed alike.  The parser reads
 * a stream of every kind of frame split in two at every offset, byte by
 * byte, and cut short at every offset.  Frames are decoded from
 * allocations of their exact length, and the parser is given buffers of
 * the exact length it asks for, so that KASAN sees any access past them.
 */
#include <kunit/test.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <baton/ctlmsg.h>

#include "ctlmsg_cases.h"

static u8 *baton_ctl_test_alloc(size_t len)
{
	return kmalloc(len, GFP_KERNEL);
}

static void baton_ctl_test_free(u8 *buf)
{
	kfree(buf);
}

static const struct baton_ctl_test_io baton_ctl_test_io = {
	.alloc = baton_ctl_test_alloc,
	.free = baton_ctl_test_free,
};

static const u8 baton_ctl_test_types[] = {
	BATON_CTL_BLOB, BATON_CTL_ACK, BATON_CTL_REFUSE, BATON_CTL_END,
	BATON_CTL_KEEPALIVE, BATON_CTL_HELLO,
};

static void baton_ctl_test_type_desc(const u8 *type, char *desc)
{
	static const char *const names[] = {
		[BATON_CTL_BLOB] = "BLOB",
		[BATON_CTL_ACK] = "ACK",
		[BATON_CTL_REFUSE] = "REFUSE",
		[BATON_CTL_END] = "END",
		[BATON_CTL_KEEPALIVE] = "KEEPALIVE",
		[BATON_CTL_HELLO] = "HELLO",
	};

	strscpy(desc, names[*type], KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(baton_ctl_test_type, baton_ctl_test_types,
		  baton_ctl_test_type_desc);

static const void *baton_ctl_test_case_gen(const void *prev, char *desc)
{
	const struct baton_ctl_case *c = prev;

	c = c ? c + 1 : baton_ctl_cases;
	if (c == baton_ctl_cases + baton_ctl_nr_cases)
		return NULL;
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
	return c;
}

/* Feed @len bytes of @buf to a new parser, @step at a time. */
static void baton_ctl_test_run(const u8 *buf, size_t len, size_t step,
			       const size_t *cut,
			       const struct baton_ctl_msg *want,
			       unsigned int nr_want,
			       struct baton_ctl_test_run *run)
{
	*run = (struct baton_ctl_test_run){
		.data = buf, .len = len, .step = step,
		.cuts = cut, .nr_cuts = cut ? 1 : 0,
		.want = want, .nr_want = nr_want,
	};
	baton_ctl_test_feed(&baton_ctl_test_io, run);
}

/* Encode @m, check it against the test writer, and decode it again. */
static void baton_ctl_test_msg(struct kunit *test,
			       const struct baton_ctl_msg *m)
{
	struct baton_ctl_frame f;
	size_t len, tag_off, frame_len;
	const char *why;
	u8 *raw, *buf;
	u8 type;
	int n;

	raw = kunit_kzalloc(test, BATON_CTL_TEST_ROOM, GFP_KERNEL);
	buf = kunit_kzalloc(test, BATON_CTL_TEST_ROOM, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, raw);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	len = baton_ctl_test_write(m, raw, BATON_CTL_TEST_ROOM);
	KUNIT_ASSERT_GT(test, len, 0);
	KUNIT_EXPECT_EQ(test, baton_ctl_frame_size(m), len);

	n = baton_ctl_frame_encode(m, buf, BATON_CTL_TEST_ROOM, &tag_off);
	KUNIT_ASSERT_EQ(test, n, (int)len);
	KUNIT_EXPECT_EQ(test, tag_off, len - BATON_CTL_TAG_LEN);
	KUNIT_EXPECT_EQ(test, memcmp(buf, raw, len), 0);

	KUNIT_ASSERT_EQ(test, baton_ctl_frame_decode(buf, len, &f, &why), 0);
	KUNIT_EXPECT_NULL(test, why);
	KUNIT_EXPECT_PTR_EQ(test, f.buf, (const u8 *)buf);
	KUNIT_EXPECT_EQ(test, f.len, len);
	KUNIT_EXPECT_EQ(test, f.tag_off, tag_off);
	KUNIT_EXPECT_TRUE(test, baton_ctl_test_equal(m, &f.msg));
	if (f.msg.blob_len)
		KUNIT_EXPECT_PTR_EQ(test, f.msg.blob,
				    (const u8 *)buf + BATON_CTL_HDR_LEN);

	KUNIT_ASSERT_EQ(test, baton_ctl_frame_peek(buf, BATON_CTL_HDR_LEN,
						   &type, &frame_len, &why),
			0);
	KUNIT_EXPECT_EQ(test, type, m->type);
	KUNIT_EXPECT_EQ(test, frame_len, len);
}

static void baton_ctl_test_round_trip(struct kunit *test)
{
	const u8 *type = test->param_value;
	struct baton_ctl_msg m;

	baton_ctl_test_fill(&m, *type);
	baton_ctl_test_msg(test, &m);
}

static void baton_ctl_test_reasons(struct kunit *test)
{
	static const u8 types[] = { BATON_CTL_REFUSE, BATON_CTL_END };
	static const u16 max[] = { BATON_CTL_REFUSE_MAX, BATON_CTL_END_MAX };
	u8 buf[BATON_CTL_SMALL_MAX];
	struct baton_ctl_msg m;
	unsigned int i, j, r;
	size_t tag_off;

	for (i = 0; i < ARRAY_SIZE(types); i++) {
		const u32 unknown[] = { 0, max[i] + 1, 0xffff };

		baton_ctl_test_fill(&m, types[i]);
		for (r = 1; r <= max[i]; r++) {
			m.reason = r;
			KUNIT_EXPECT_NOT_NULL(test,
					      baton_ctl_reason_name(types[i],
								    r));
			baton_ctl_test_msg(test, &m);
		}
		for (j = 0; j < ARRAY_SIZE(unknown); j++) {
			m.reason = unknown[j];
			KUNIT_EXPECT_NULL(test,
					  baton_ctl_reason_name(types[i],
								unknown[j]));
			KUNIT_EXPECT_EQ(test,
					baton_ctl_frame_encode(&m, buf,
							       sizeof(buf),
							       &tag_off),
					-EINVAL);
		}
	}
	KUNIT_EXPECT_NULL(test, baton_ctl_reason_name(BATON_CTL_ACK, 1));
	KUNIT_EXPECT_NULL(test, baton_ctl_reason_name(BATON_CTL_HELLO, 1));
}

static void baton_ctl_test_case(struct kunit *test)
{
	const struct baton_ctl_case *c = test->param_value;
	struct baton_ctl_test_run run;
	struct baton_ctl_frame f;
	struct baton_ctl_msg m;
	size_t len, tag_off;
	const char *why;
	int err, n;
	u8 *buf;

	buf = kunit_kzalloc(test, 2 * BATON_CTL_TEST_ROOM, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	len = baton_ctl_case_build(c, &m, buf, BATON_CTL_TEST_ROOM);
	if (!c->err)
		KUNIT_ASSERT_GT(test, len, 0);
	err = baton_ctl_test_decode(&baton_ctl_test_io, buf, len, &f, &why);
	KUNIT_EXPECT_EQ(test, err, c->err);
	if (c->why)
		KUNIT_EXPECT_STREQ(test, why ?: "(none)", c->why);
	else
		KUNIT_EXPECT_NULL(test, why);
	if (!err) {
		KUNIT_EXPECT_EQ(test, f.tag_off, len - BATON_CTL_TAG_LEN);
		/* The copy and its blob are gone: compare the rest. */
		m.blob_len = 0;
		KUNIT_EXPECT_TRUE(test, baton_ctl_test_equal(&m, &f.msg));
	}

	if (baton_ctl_case_parses_alike(c)) {
		baton_ctl_case_build(c, &m, buf, BATON_CTL_TEST_ROOM);
		baton_ctl_test_run(buf, len, 1, NULL, &m, 1, &run);
		KUNIT_EXPECT_NULL(test, run.bad);
		KUNIT_EXPECT_EQ(test, run.err, c->err);
		KUNIT_EXPECT_EQ(test, run.frames, c->err ? 0U : 1U);
		if (c->why)
			KUNIT_EXPECT_STREQ(test, run.why ?: "(none)", c->why);
	}

	if (!baton_ctl_case_values_only(c))
		return;
	/* Encoding refuses the same values, or writes the same bytes. */
	baton_ctl_case_build(c, &m, buf, BATON_CTL_TEST_ROOM);
	n = baton_ctl_frame_encode(&m, buf + len, BATON_CTL_TEST_ROOM,
				   &tag_off);
	if (c->err) {
		KUNIT_EXPECT_EQ(test, n, c->err);
	} else {
		KUNIT_EXPECT_EQ(test, n, (int)len);
		KUNIT_EXPECT_EQ(test, memcmp(buf, buf + len, len), 0);
	}
}

static void baton_ctl_test_encode_limits(struct kunit *test)
{
	size_t room, size, tag_off;
	struct baton_ctl_msg m;
	u8 *buf;

	buf = kunit_kzalloc(test, BATON_CTL_TEST_ROOM, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	baton_ctl_test_fill(&m, BATON_CTL_BLOB);
	size = baton_ctl_frame_size(&m);
	for (room = 0; room < size; room++)
		KUNIT_EXPECT_EQ(test, baton_ctl_frame_encode(&m, buf, room,
							     &tag_off),
				-ENOSPC);

	m.blob_len = BATON_CTL_BLOB_MAX + 1;
	KUNIT_EXPECT_EQ(test, baton_ctl_frame_size(&m), 0);
	KUNIT_EXPECT_EQ(test, baton_ctl_frame_encode(&m, buf,
						     BATON_CTL_TEST_ROOM,
						     &tag_off), -E2BIG);
	m.blob_len = BATON_CTL_BLOB_MIN;
	m.blob = NULL;
	KUNIT_EXPECT_EQ(test, baton_ctl_frame_encode(&m, buf,
						     BATON_CTL_TEST_ROOM,
						     &tag_off), -EINVAL);

	baton_ctl_test_fill(&m, BATON_CTL_KEEPALIVE);
	m.flow_id = 1;
	KUNIT_EXPECT_EQ(test, baton_ctl_frame_encode(&m, buf,
						     BATON_CTL_TEST_ROOM,
						     &tag_off), -EINVAL);
	m.flow_id = 0;
	m.tunnel6[15] = 1;
	KUNIT_EXPECT_EQ(test, baton_ctl_frame_encode(&m, buf,
						     BATON_CTL_TEST_ROOM,
						     &tag_off), -EINVAL);

	/* Tunnel addresses only in a HELLO, and a HELLO has nothing else. */
	baton_ctl_test_fill(&m, BATON_CTL_ACK);
	m.tunnel4[0] = 192;
	KUNIT_EXPECT_EQ(test, baton_ctl_frame_encode(&m, buf,
						     BATON_CTL_TEST_ROOM,
						     &tag_off), -EINVAL);
	baton_ctl_test_fill(&m, BATON_CTL_HELLO);
	m.flow_id = 1;
	KUNIT_EXPECT_EQ(test, baton_ctl_frame_encode(&m, buf,
						     BATON_CTL_TEST_ROOM,
						     &tag_off), -EINVAL);
	baton_ctl_test_fill(&m, BATON_CTL_HELLO);
	m.reason = 1;
	KUNIT_EXPECT_EQ(test, baton_ctl_frame_encode(&m, buf,
						     BATON_CTL_TEST_ROOM,
						     &tag_off), -EINVAL);
	baton_ctl_test_fill(&m, BATON_CTL_HELLO);
	m.blob = buf;
	m.blob_len = BATON_CTL_BLOB_MIN;
	KUNIT_EXPECT_EQ(test, baton_ctl_frame_encode(&m, buf,
						     BATON_CTL_TEST_ROOM,
						     &tag_off), -EINVAL);

	baton_ctl_test_fill(&m, BATON_CTL_KEEPALIVE);
	m.type = BATON_CTL_TYPE_MAX + 1;
	KUNIT_EXPECT_EQ(test, baton_ctl_frame_size(&m), 0);
	KUNIT_EXPECT_EQ(test, baton_ctl_frame_encode(&m, buf,
						     BATON_CTL_TEST_ROOM,
						     &tag_off), -EINVAL);
}

/* A host parser refuses what only a balancer receives, and back. */
static void baton_ctl_test_roles(struct kunit *test)
{
	struct baton_ctl_parser p;
	struct baton_ctl_msg m;
	size_t len, used;
	u8 *buf;

	buf = kunit_kzalloc(test, BATON_CTL_TEST_ROOM, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);

	baton_ctl_test_fill(&m, BATON_CTL_ACK);
	len = baton_ctl_test_write(&m, buf, BATON_CTL_TEST_ROOM);
	baton_ctl_parser_init(&p, BATON_CTL_HOST_RECEIVES);
	KUNIT_EXPECT_EQ(test, baton_ctl_parser_feed(&p, buf, len, &used),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, used, BATON_CTL_HDR_LEN);
	KUNIT_EXPECT_STREQ(test, p.why, "frame type not accepted here");
	baton_ctl_parser_init(&p, BATON_CTL_BALANCER_RECEIVES);
	KUNIT_EXPECT_EQ(test, baton_ctl_parser_feed(&p, buf, len, &used),
			BATON_CTL_FRAME_READY);

	baton_ctl_test_fill(&m, BATON_CTL_BLOB);
	len = baton_ctl_test_write(&m, buf, BATON_CTL_TEST_ROOM);
	KUNIT_EXPECT_EQ(test, baton_ctl_parser_feed(&p, buf, len, &used),
			-EINVAL);
	baton_ctl_parser_init(&p, BATON_CTL_HOST_RECEIVES);
	KUNIT_EXPECT_EQ(test, baton_ctl_parser_feed(&p, buf, len, &used),
			BATON_CTL_NEED_BUF);
	KUNIT_EXPECT_EQ(test, p.frame_len, len);

	/* A HELLO goes to the balancer, and fits in the parser. */
	baton_ctl_test_fill(&m, BATON_CTL_HELLO);
	len = baton_ctl_test_write(&m, buf, BATON_CTL_TEST_ROOM);
	baton_ctl_parser_init(&p, BATON_CTL_HOST_RECEIVES);
	KUNIT_EXPECT_EQ(test, baton_ctl_parser_feed(&p, buf, len, &used),
			-EINVAL);
	KUNIT_EXPECT_STREQ(test, p.why, "frame type not accepted here");
	baton_ctl_parser_init(&p, BATON_CTL_BALANCER_RECEIVES);
	KUNIT_EXPECT_EQ(test, baton_ctl_parser_feed(&p, buf, len, &used),
			BATON_CTL_FRAME_READY);
	KUNIT_EXPECT_EQ(test, used, len);
	KUNIT_EXPECT_PTR_EQ(test, p.frame.buf, (const u8 *)p.small);
	KUNIT_EXPECT_TRUE(test, baton_ctl_test_equal(&m, &p.frame.msg));
}

/* The stream, split in two at every offset, and byte by byte. */
static void baton_ctl_test_splits(struct kunit *test)
{
	struct baton_ctl_test_stream *s;
	struct baton_ctl_test_run run;
	size_t cut;

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	baton_ctl_test_stream(s);

	for (cut = 0; cut <= s->len; cut++) {
		baton_ctl_test_run(s->buf, s->len, 0, &cut, s->msgs, s->nr,
				   &run);
		KUNIT_EXPECT_NULL_MSG(test, run.bad, "split at %zu", cut);
		KUNIT_EXPECT_EQ_MSG(test, run.err, 0, "split at %zu", cut);
		KUNIT_EXPECT_EQ_MSG(test, run.frames, s->nr, "split at %zu",
				    cut);
		/* Quadratic in the stream: minutes under KASAN and TCG. */
		cond_resched();
	}
	baton_ctl_test_run(s->buf, s->len, 1, NULL, s->msgs, s->nr, &run);
	KUNIT_EXPECT_NULL(test, run.bad);
	KUNIT_EXPECT_EQ(test, run.err, 0);
	KUNIT_EXPECT_EQ(test, run.frames, s->nr);
}

/*
 * The stream cut short at every offset: the frames before the cut are
 * read, and the parser waits for the rest.  Every prefix of each frame
 * is refused by decoding.
 */
static void baton_ctl_test_truncations(struct kunit *test)
{
	struct baton_ctl_test_stream *s;
	struct baton_ctl_test_run run;
	struct baton_ctl_frame f;
	unsigned int i, whole = 0;
	size_t cut, start;
	const char *why;
	int err;

	s = kunit_kzalloc(test, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	baton_ctl_test_stream(s);

	for (cut = 0; cut < s->len; cut++) {
		while (whole < s->nr && s->ends[whole] <= cut)
			whole++;
		baton_ctl_test_run(s->buf, cut, 0, NULL, s->msgs, s->nr, &run);
		KUNIT_EXPECT_NULL_MSG(test, run.bad, "cut at %zu", cut);
		KUNIT_EXPECT_EQ_MSG(test, run.err, 0, "cut at %zu", cut);
		KUNIT_EXPECT_EQ_MSG(test, run.frames, whole, "cut at %zu", cut);
		cond_resched();
	}

	for (i = 0, start = 0; i < s->nr; start = s->ends[i++]) {
		for (cut = start; cut < s->ends[i]; cut++) {
			err = baton_ctl_test_decode(&baton_ctl_test_io,
						    s->buf + start, cut - start,
						    &f, &why);
			KUNIT_EXPECT_EQ_MSG(test, err, -EINVAL,
					    "frame %u cut at %zu", i,
					    cut - start);
		}
	}
}

static struct kunit_case baton_ctl_test_cases[] = {
	KUNIT_CASE_PARAM(baton_ctl_test_round_trip,
			 baton_ctl_test_type_gen_params),
	KUNIT_CASE(baton_ctl_test_reasons),
	KUNIT_CASE_PARAM(baton_ctl_test_case, baton_ctl_test_case_gen),
	KUNIT_CASE(baton_ctl_test_encode_limits),
	KUNIT_CASE(baton_ctl_test_roles),
	KUNIT_CASE(baton_ctl_test_splits),
	KUNIT_CASE(baton_ctl_test_truncations),
	{}
};

static struct kunit_suite baton_ctl_test_suite = {
	.name = "baton_ctlmsg",
	.test_cases = baton_ctl_test_cases,
};

kunit_test_suite(baton_ctl_test_suite);
