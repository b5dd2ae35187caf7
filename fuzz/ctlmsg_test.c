// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of the control-channel frame codec (tunneler/ctlmsg.c) in
 * userspace, TAP on stdout:
 *   - round trips of a message of each type, byte for byte against the
 *     test writer of ctlmsg_cases.c, and of a real blob in a BLOB;
 *   - every refusal reason and end reason;
 *   - every case of ctlmsg_cases.c (each reason decoding gives), decoded
 *     and parsed whole and byte by byte;
 *   - the tunnel addresses of a HELLO, by their first byte and around
 *     the IPv4-mapped prefix;
 *   - encoding's own refusals, and the longest BLOB;
 *   - the parser: the types each side accepts, its calling rules, a
 *     stream of every kind of frame fed in every split into two pieces,
 *     byte by byte and in random pieces, cut at every offset, and
 *     randomly corrupted.
 * Frames are decoded from heap buffers of their exact length, and the
 * parser is given buffers of the exact length it asks for, so that
 * AddressSanitizer catches any access past them.
 *
 *   ctlmsg_test          run the tests; exit 1 if any failed
 *   ctlmsg_test -c DIR   write the fuzz target's seed corpus into DIR
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <baton/blob.h>
#include <baton/ctlmsg.h>

#include "blob_cases.h"
#include "ctlmsg_cases.h"
#include "tap.h"
#include "util.h"

/* Streams fed in random pieces, and corrupted streams. */
#define RANDOM_SPLITS	2000
#define CORRUPTIONS	20000

static const char *const type_names[] = {
	[BATON_CTL_BLOB] = "BLOB",
	[BATON_CTL_ACK] = "ACK",
	[BATON_CTL_REFUSE] = "REFUSE",
	[BATON_CTL_END] = "END",
	[BATON_CTL_KEEPALIVE] = "KEEPALIVE",
	[BATON_CTL_HELLO] = "HELLO",
};

static const struct baton_ctl_test_io io = BATON_CTL_TEST_LIBC_IO;

/* Feed @len bytes to a new parser, @step at a time. */
static void feed(const u8 *buf, size_t len, size_t step,
		 const struct baton_ctl_msg *want, unsigned int nr_want,
		 struct baton_ctl_test_run *run)
{
	*run = (struct baton_ctl_test_run){
		.data = buf, .len = len, .step = step,
		.want = want, .nr_want = nr_want,
	};
	baton_ctl_test_feed(&io, run);
}

/* Encode @m and decode the result; both must agree with @m. */
static bool round_trip(const struct baton_ctl_msg *m, const char **what)
{
	size_t size = baton_ctl_frame_size(m), tag_off;
	struct baton_ctl_frame f;
	size_t frame_len;
	const char *why;
	bool ok = false;
	u8 *buf, type;
	int len;

	buf = xmalloc(size);
	len = baton_ctl_frame_encode(m, buf, size, &tag_off);
	if (!size || len < 0 || (size_t)len != size ||
	    tag_off != size - BATON_CTL_TAG_LEN) {
		*what = "encode";
	} else if (baton_ctl_frame_decode(buf, size, &f, &why)) {
		*what = why;
	} else if (why || f.buf != buf || f.len != size ||
		   f.tag_off != tag_off) {
		*what = "decode: frame";
	} else if (!baton_ctl_test_equal(m, &f.msg)) {
		*what = "decode: another message";
	} else if (f.msg.blob_len &&
		   f.msg.blob != buf + BATON_CTL_HDR_LEN) {
		*what = "decode: blob elsewhere";
	} else if (baton_ctl_frame_peek(buf, BATON_CTL_HDR_LEN, &type,
					&frame_len, &why) ||
		   type != m->type || frame_len != size) {
		*what = "peek";
	} else {
		ok = true;
	}
	free(buf);
	return ok;
}

static void test_round_trips(void)
{
	u8 raw[BATON_CTL_TEST_ROOM], enc[BATON_CTL_TEST_ROOM];
	struct baton_ctl_msg m;
	const char *what = "";
	size_t len, tag_off;
	u8 type;
	int n;

	for (type = BATON_CTL_BLOB; type <= BATON_CTL_TYPE_MAX; type++) {
		baton_ctl_test_fill(&m, type);
		len = baton_ctl_test_write(&m, raw, sizeof(raw));
		n = baton_ctl_frame_encode(&m, enc, sizeof(enc), &tag_off);
		tap_ok(n > 0 && (size_t)n == len &&
		       len == baton_ctl_frame_size(&m) &&
		       !memcmp(raw, enc, len),
		       "%s: encoding writes the wire format (%zu bytes)",
		       type_names[type], len);
		if (!tap_ok(round_trip(&m, &what), "%s: round trip",
			    type_names[type]))
			tap_diag("%s", what);
	}
}

/* A real blob in a BLOB frame: the blob inside decodes as it was. */
static void test_blob_inside(void)
{
	u8 blob[BATON_BLOB_TEST_ROOM], frame[2 * BATON_BLOB_TEST_ROOM];
	struct baton_blob b, d;
	struct baton_ctl_frame f;
	struct baton_ctl_msg m;
	size_t tag_off, btag;
	const char *why;
	int n, len;
	bool ok;

	baton_blob_test_fill(&b, AF_INET);
	n = baton_blob_encode(&b, blob, sizeof(blob), &btag);
	baton_ctl_test_fill(&m, BATON_CTL_BLOB);
	m.blob = blob;
	m.blob_len = n;
	len = baton_ctl_frame_encode(&m, frame, sizeof(frame), &tag_off);
	ok = n > 0 && len == n + BATON_CTL_HDR_LEN + BATON_CTL_TAG_LEN &&
	     !baton_ctl_frame_decode(frame, len, &f, &why) &&
	     !baton_blob_decode(f.msg.blob, f.msg.blob_len, &d, &btag, &why) &&
	     baton_blob_test_equal(&b, &d);
	tap_ok(ok, "BLOB: carries a %d-byte blob that decodes as it was", n);
}

static void test_reasons(void)
{
	static const struct {
		u8 type;
		u16 max;
		const char *unknown;
	} kinds[] = {
		{ BATON_CTL_REFUSE, BATON_CTL_REFUSE_MAX,
		  "unknown refusal reason" },
		{ BATON_CTL_END, BATON_CTL_END_MAX, "unknown end reason" },
	};
	u8 buf[BATON_CTL_TEST_ROOM], enc[BATON_CTL_TEST_ROOM];
	const char *what, *name, *prev, *why;
	struct baton_ctl_frame f;
	struct baton_ctl_msg m;
	unsigned int k, r, other;
	size_t len, tag_off;
	bool ok;

	for (k = 0; k < ARRAY_SIZE(kinds); k++) {
		for (r = 1; r <= kinds[k].max; r++) {
			baton_ctl_test_fill(&m, kinds[k].type);
			m.reason = r;
			name = baton_ctl_reason_name(kinds[k].type, r);
			what = "no name";
			ok = name && *name && round_trip(&m, &what);
			/* Each name tells its reason apart. */
			for (other = 1; ok && other < r; other++) {
				prev = baton_ctl_reason_name(kinds[k].type,
							     other);
				ok = strcmp(name, prev);
			}
			if (!tap_ok(ok, "%s reason %u (%s): round trip",
				    type_names[kinds[k].type], r,
				    name ? name : "?"))
				tap_diag("%s", what);
		}
		/* Every other reason: no name, not encoded, not decoded. */
		baton_ctl_test_fill(&m, kinds[k].type);
		ok = true;
		for (r = 0; r <= 0xffff; r += r ? 1 : kinds[k].max + 1) {
			m.reason = r;
			len = baton_ctl_test_write(&m, buf, sizeof(buf));
			if (baton_ctl_reason_name(kinds[k].type, r) ||
			    baton_ctl_frame_encode(&m, enc, sizeof(enc),
						   &tag_off) != -EINVAL ||
			    baton_ctl_test_decode(&io, buf, len, &f, &why) != -EINVAL ||
			    strcmp(why, kinds[k].unknown))
				ok = false;
		}
		tap_ok(ok, "%s: reasons 0 and %u to 65535 are refused",
		       type_names[kinds[k].type], kinds[k].max + 1);
	}
	tap_ok(!baton_ctl_reason_name(BATON_CTL_ACK, 1) &&
	       !baton_ctl_reason_name(BATON_CTL_KEEPALIVE, 1) &&
	       !baton_ctl_reason_name(BATON_CTL_HELLO, 1),
	       "no reasons for ACK, KEEPALIVE and HELLO");
}

/* Feed the frame of a case to a parser @step bytes at a time. */
static bool parse_case(const struct baton_ctl_case *c,
		       const struct baton_ctl_msg *m, const u8 *buf,
		       size_t len, size_t step)
{
	struct baton_ctl_test_run run;

	feed(buf, len, step, m, 1, &run);
	if (run.bad) {
		tap_diag("step %zu: %s", step, run.bad);
		return false;
	}
	if (c->err)
		return !run.frames && run.err == c->err && run.why &&
		       !strcmp(run.why, c->why);
	return run.frames == 1 && !run.err;
}

static void test_cases(void)
{
	u8 buf[2 * BATON_CTL_TEST_ROOM];
	const struct baton_ctl_case *c;
	struct baton_ctl_msg m;
	struct baton_ctl_frame f;
	size_t len, tag_off;
	const char *why;
	unsigned int i;
	int err, n;
	bool ok;

	for (i = 0; i < baton_ctl_nr_cases; i++) {
		c = &baton_ctl_cases[i];
		len = baton_ctl_case_build(c, &m, buf, BATON_CTL_TEST_ROOM);
		err = baton_ctl_test_decode(&io, buf, len, &f, &why);
		ok = (len || c->err) && err == c->err &&
		     (c->why ? why && !strcmp(why, c->why) : !why);
		if (!err) {
			ok = ok && f.tag_off == len - BATON_CTL_TAG_LEN;
			/* baton_ctl_test_decode(&io, ) dropped the blob: compare the rest. */
			m.blob_len = 0;
			ok = ok && baton_ctl_test_equal(&m, &f.msg);
		}
		if (!tap_ok(ok, "decode: %s: %s", c->name,
			    c->why ? c->why : "accepted"))
			tap_diag("got %d \"%s\"", err, why ? why : "");

		if (baton_ctl_case_parses_alike(c)) {
			baton_ctl_case_build(c, &m, buf, BATON_CTL_TEST_ROOM);
			tap_ok(parse_case(c, &m, buf, len, 0) &&
			       parse_case(c, &m, buf, len, 1),
			       "parse: %s: %s, whole and byte by byte",
			       c->name, c->why ? c->why : "accepted");
		}

		if (!baton_ctl_case_values_only(c))
			continue;
		baton_ctl_case_build(c, &m, buf, BATON_CTL_TEST_ROOM);
		n = baton_ctl_frame_encode(&m, buf + len,
					   sizeof(buf) - len, &tag_off);
		tap_ok(c->err ? n == c->err :
		       n > 0 && (size_t)n == len &&
		       !memcmp(buf, buf + len, len),
		       "encode: %s: %s", c->name,
		       c->why ? "refused" : "the same bytes");
	}
}

/*
 * Whether decoding refuses the HELLO of @m for @want, or accepts it if
 * @want is NULL, and encoding agrees.
 */
static bool hello_is(const struct baton_ctl_msg *m, const char *want)
{
	u8 buf[BATON_CTL_TEST_ROOM], enc[BATON_CTL_TEST_ROOM];
	struct baton_ctl_frame f;
	size_t len, tag_off;
	const char *why;
	int err, n;

	len = baton_ctl_test_write(m, buf, sizeof(buf));
	err = baton_ctl_test_decode(&io, buf, len, &f, &why);
	n = baton_ctl_frame_encode(m, enc, sizeof(enc), &tag_off);
	if (want)
		return err == -EINVAL && why && !strcmp(why, want) &&
		       n == -EINVAL;
	return len && !err && !why && baton_ctl_test_equal(m, &f.msg) &&
	       n > 0 && (size_t)n == len && !memcmp(buf, enc, len);
}

static void hello_set(struct baton_ctl_msg *m, const u8 *tunnel4,
		      const u8 *tunnel6)
{
	baton_ctl_test_fill(m, BATON_CTL_HELLO);
	memset(m->tunnel4, 0, sizeof(m->tunnel4));
	memset(m->tunnel6, 0, sizeof(m->tunnel6));
	if (tunnel4)
		memcpy(m->tunnel4, tunnel4, sizeof(m->tunnel4));
	if (tunnel6)
		memcpy(m->tunnel6, tunnel6, sizeof(m->tunnel6));
}

/*
 * The tunnel addresses of a HELLO, each alone and beside a good address
 * of the other family: A.1.2.3 and 255.255.255.A for every byte A,
 * A01::1 and ::A for every byte A, and ::1 and ::ffff:192.0.2.1 with
 * each byte changed.  Decoding refuses exactly the loopback, multicast,
 * broadcast and IPv4-mapped ones, for that reason, and encoding agrees.
 */
static void test_hello_addresses(void)
{
	static const u8 good4[4] = { 192, 0, 2, 1 };
	static const u8 good6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const u8 loopback6[16] = { [15] = 1 };
	static const u8 mapped6[16] = { [10] = 0xff, 0xff, 192, 0, 2, 1 };
	unsigned int a, other, i, bad4 = 0, bad6 = 0, bad_near = 0;
	u8 addr4[4], addr6[16];
	struct baton_ctl_msg m;
	const char *want;

	for (a = 0; a < 256; a++) {
		for (other = 0; other < 2; other++) {
			addr4[0] = a;
			addr4[1] = 1;
			addr4[2] = 2;
			addr4[3] = 3;
			want = a == 127 ? "loopback IPv4 tunnel address" :
			       (a & 0xf0) == 0xe0 ?
			       "multicast IPv4 tunnel address" : NULL;
			hello_set(&m, addr4, other ? good6 : NULL);
			if (!hello_is(&m, want)) {
				tap_diag("%u.1.2.3%s", a,
					 other ? " and 2001:db8::1" : "");
				bad4++;
			}

			memset(addr4, 0xff, sizeof(addr4));
			addr4[3] = a;
			want = a == 255 ? "broadcast IPv4 tunnel address" :
					  NULL;
			hello_set(&m, addr4, other ? good6 : NULL);
			if (!hello_is(&m, want)) {
				tap_diag("255.255.255.%u%s", a,
					 other ? " and 2001:db8::1" : "");
				bad4++;
			}

			memset(addr6, 0, sizeof(addr6));
			addr6[0] = a;
			addr6[1] = 1;
			addr6[15] = 1;
			want = a == 0xff ? "multicast IPv6 tunnel address" :
					   NULL;
			hello_set(&m, other ? good4 : NULL, addr6);
			if (!hello_is(&m, want)) {
				tap_diag("%02x01::1%s", a,
					 other ? " and 192.0.2.1" : "");
				bad6++;
			}

			memset(addr6, 0, sizeof(addr6));
			addr6[15] = a;
			want = a == 1 ? "loopback IPv6 tunnel address" :
			       !a && !other ? "HELLO without a tunnel address" :
			       NULL;
			hello_set(&m, other ? good4 : NULL, addr6);
			if (!hello_is(&m, want)) {
				tap_diag("::%x%s", a,
					 other ? " and 192.0.2.1" : "");
				bad6++;
			}
		}
	}
	tap_ok(!bad4, "HELLO: A.1.2.3 and 255.255.255.A, for every A");
	tap_ok(!bad6, "HELLO: A01::1 and ::A, for every A");

	for (i = 0; i < 16; i++) {
		memcpy(addr6, loopback6, sizeof(addr6));
		addr6[i] ^= 0x02;
		hello_set(&m, NULL, addr6);
		if (!hello_is(&m, NULL)) {
			tap_diag("::1 with byte %u changed", i);
			bad_near++;
		}
		memcpy(addr6, mapped6, sizeof(addr6));
		addr6[i] ^= 0x02;
		hello_set(&m, NULL, addr6);
		if (!hello_is(&m, i < 12 ? NULL :
				  "IPv4-mapped IPv6 tunnel address")) {
			tap_diag("::ffff:192.0.2.1 with byte %u changed", i);
			bad_near++;
		}
	}
	tap_ok(!bad_near,
	       "HELLO: ::1 and ::ffff:192.0.2.1 with any byte changed");
}

static void test_encode_limits(void)
{
	static const struct {
		const char *name;
		u8 type;
		u32 flow_id;
		u16 reason;
		u32 blob_len;
		bool no_blob;
		u8 tunnel4_0;
		u8 tunnel6_15;
		int err;
	} bad[] = {
		{ "type 0", 0, .err = -EINVAL },
		{ "type past the last", BATON_CTL_TYPE_MAX + 1,
		  .err = -EINVAL },
		{ "BLOB without a buffer", BATON_CTL_BLOB,
		  .blob_len = BATON_CTL_BLOB_MIN, .no_blob = true,
		  .err = -EINVAL },
		{ "BLOB over the limit", BATON_CTL_BLOB,
		  .blob_len = BATON_CTL_BLOB_MAX + 1, .err = -E2BIG },
		{ "BLOB with a flow ID", BATON_CTL_BLOB, .flow_id = 1,
		  .blob_len = BATON_CTL_BLOB_MIN, .err = -EINVAL },
		{ "ACK with a blob", BATON_CTL_ACK, .flow_id = 1,
		  .blob_len = BATON_CTL_BLOB_MIN, .err = -EINVAL },
		{ "ACK with a reason", BATON_CTL_ACK, .flow_id = 1,
		  .reason = 1, .err = -EINVAL },
		{ "KEEPALIVE with a flow ID", BATON_CTL_KEEPALIVE,
		  .flow_id = 1, .err = -EINVAL },
		{ "KEEPALIVE with a reason", BATON_CTL_KEEPALIVE,
		  .reason = 1, .err = -EINVAL },
		{ "ACK with an IPv4 tunnel address", BATON_CTL_ACK,
		  .flow_id = 1, .tunnel4_0 = 192, .err = -EINVAL },
		{ "KEEPALIVE with an IPv6 tunnel address", BATON_CTL_KEEPALIVE,
		  .tunnel6_15 = 1, .err = -EINVAL },
		{ "HELLO with a flow ID", BATON_CTL_HELLO, .flow_id = 1,
		  .tunnel4_0 = 192, .err = -EINVAL },
		{ "HELLO with a reason", BATON_CTL_HELLO, .reason = 1,
		  .tunnel4_0 = 192, .err = -EINVAL },
		{ "HELLO with a blob", BATON_CTL_HELLO,
		  .blob_len = BATON_CTL_BLOB_MIN, .tunnel4_0 = 192,
		  .err = -EINVAL },
	};
	u8 buf[BATON_CTL_TEST_ROOM];
	struct baton_ctl_msg m;
	size_t room, size, tag_off;
	unsigned int i;
	u8 type;
	bool ok;

	for (type = BATON_CTL_BLOB; type <= BATON_CTL_TYPE_MAX; type++) {
		baton_ctl_test_fill(&m, type);
		size = baton_ctl_frame_size(&m);
		ok = true;
		for (room = 0; room < size; room++)
			if (baton_ctl_frame_encode(&m, buf, room, &tag_off) !=
			    -ENOSPC)
				ok = false;
		tap_ok(ok, "encode: %s: -ENOSPC in every room under %zu bytes",
		       type_names[type], size);
	}

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		baton_ctl_test_fill(&m, bad[i].type);
		m.type = bad[i].type;
		m.flow_id = bad[i].flow_id;
		m.reason = bad[i].reason;
		memset(m.tunnel4, 0, sizeof(m.tunnel4));
		memset(m.tunnel6, 0, sizeof(m.tunnel6));
		m.tunnel4[0] = bad[i].tunnel4_0;
		m.tunnel6[15] = bad[i].tunnel6_15;
		if (bad[i].blob_len) {
			m.blob_len = bad[i].blob_len;
			m.blob = bad[i].no_blob ? NULL : buf;
		}
		ok = baton_ctl_frame_encode(&m, buf, sizeof(buf), &tag_off) ==
		     bad[i].err;
		/* The size is 0 only if the type or the length is wrong. */
		if (bad[i].err == -E2BIG || !bad[i].type ||
		    bad[i].type > BATON_CTL_TYPE_MAX)
			ok = ok && !baton_ctl_frame_size(&m);
		tap_ok(ok, "encode: %s: %d", bad[i].name, bad[i].err);
	}
}

/* Feed the whole of @buf to a parser in pieces of @step bytes. */
static bool parse_one(const u8 *buf, size_t len, size_t step,
		      const struct baton_ctl_msg *m)
{
	struct baton_ctl_test_run run;

	feed(buf, len, step, m, 1, &run);
	if (run.bad)
		tap_diag("%s", run.bad);
	return !run.bad && !run.err && run.frames == 1;
}

static void test_longest(void)
{
	size_t size, tag_off;
	struct baton_ctl_msg m;
	const char *what = "";
	u8 *blob, *buf;
	bool ok;

	baton_ctl_test_fill(&m, BATON_CTL_BLOB);
	blob = xmalloc(BATON_CTL_BLOB_MAX);
	memset(blob, 0xa5, BATON_CTL_BLOB_MAX);
	m.blob = blob;
	m.blob_len = BATON_CTL_BLOB_MAX;
	size = baton_ctl_frame_size(&m);
	if (!tap_ok(size == BATON_CTL_FRAME_MAX && round_trip(&m, &what),
		    "round trip of a BLOB of %u bytes", BATON_CTL_BLOB_MAX))
		tap_diag("%s", what);

	buf = xmalloc(size);
	ok = baton_ctl_frame_encode(&m, buf, size, &tag_off) == (int)size &&
	     parse_one(buf, size, 65536, &m);
	tap_ok(ok, "parse: a BLOB of %u bytes, 64 KiB at a time",
	       BATON_CTL_BLOB_MAX);
	free(buf);
	free(blob);
}

/*
 * A host takes BLOB and KEEPALIVE, a balancer all but BLOB; the parser
 * asks for a buffer for a BLOB only, and holds the others itself.
 */
static void test_roles(void)
{
	static const struct {
		const char *name;
		unsigned int types;
	} roles[] = {
		{ "host", BATON_CTL_HOST_RECEIVES },
		{ "balancer", BATON_CTL_BALANCER_RECEIVES },
	};
	u8 buf[BATON_CTL_TEST_ROOM], *big = NULL;
	struct baton_ctl_parser p;
	struct baton_ctl_msg m;
	unsigned int i;
	size_t len, used;
	bool accept, asked;
	int ret;
	u8 type;

	for (i = 0; i < ARRAY_SIZE(roles); i++) {
		for (type = BATON_CTL_BLOB; type <= BATON_CTL_TYPE_MAX;
		     type++) {
			accept = roles[i].types & BATON_CTL_TYPE_BIT(type);
			baton_ctl_test_fill(&m, type);
			len = baton_ctl_test_write(&m, buf, sizeof(buf));
			baton_ctl_parser_init(&p, roles[i].types);
			ret = baton_ctl_parser_feed(&p, buf, len, &used);
			asked = ret == BATON_CTL_NEED_BUF;
			if (asked) {
				big = xmalloc(p.frame_len);
				baton_ctl_parser_set_buf(&p, big, p.frame_len);
				ret = baton_ctl_parser_feed(&p, buf + used,
							    len - used, &used);
			}
			tap_ok(accept ? ret == BATON_CTL_FRAME_READY &&
			       asked == (type == BATON_CTL_BLOB) &&
			       p.frame.buf == (asked ? big : p.small) :
			       ret == -EINVAL && used == BATON_CTL_HDR_LEN &&
			       !strcmp(p.why, "frame type not accepted here"),
			       "%s %s %s frames", roles[i].name,
			       accept ? "accepts" : "refuses",
			       type_names[type]);
			free(big);
			big = NULL;
		}
	}
}

/* The parser's rules for its callers. */
static void test_parser_api(void)
{
	u8 buf[BATON_CTL_TEST_ROOM], *big;
	struct baton_ctl_parser p;
	struct baton_ctl_msg m;
	size_t len, used;
	int ret;

	baton_ctl_parser_init(&p, BATON_CTL_ALL_TYPES);
	tap_ok(baton_ctl_parser_feed(&p, NULL, 0, &used) ==
	       BATON_CTL_NEED_MORE && !used && !p.err,
	       "parser: nothing fed, nothing read");
	tap_ok(baton_ctl_parser_set_buf(&p, buf, sizeof(buf)) == -EINVAL,
	       "parser: a buffer it did not ask for is refused");

	baton_ctl_test_fill(&m, BATON_CTL_BLOB);
	len = baton_ctl_test_write(&m, buf, sizeof(buf));
	ret = baton_ctl_parser_feed(&p, buf, len, &used);
	tap_ok(ret == BATON_CTL_NEED_BUF && used == BATON_CTL_HDR_LEN &&
	       p.frame_len == len,
	       "parser: asks for %zu bytes after the header of a BLOB", len);
	ret = baton_ctl_parser_feed(&p, buf + used, len - used, &used);
	tap_ok(ret == BATON_CTL_NEED_BUF && !used,
	       "parser: reads nothing until it has the buffer");
	big = xmalloc(len);
	tap_ok(baton_ctl_parser_set_buf(&p, big, len - 1) == -ENOSPC &&
	       baton_ctl_parser_set_buf(&p, big, len) == 0,
	       "parser: a buffer too short is refused, the right one taken");
	ret = baton_ctl_parser_feed(&p, buf + BATON_CTL_HDR_LEN,
				    len - BATON_CTL_HDR_LEN, &used);
	tap_ok(ret == BATON_CTL_FRAME_READY && p.frame.buf == big &&
	       p.frame.msg.blob == big + BATON_CTL_HDR_LEN &&
	       baton_ctl_test_equal(&m, &p.frame.msg),
	       "parser: the BLOB is read into that buffer");
	free(big);

	/* The same parser goes on with the next frame. */
	baton_ctl_test_fill(&m, BATON_CTL_ACK);
	len = baton_ctl_test_write(&m, buf, sizeof(buf));
	buf[0] ^= 0x80;
	ret = baton_ctl_parser_feed(&p, buf, len, &used);
	tap_ok(ret == -EINVAL && p.err == -EINVAL && used ==
	       BATON_CTL_HDR_LEN && !strcmp(p.why, "bad magic"),
	       "parser: the next frame is read, and fails on its magic");
	buf[0] ^= 0x80;
	tap_ok(baton_ctl_parser_feed(&p, buf, len, &used) == -EINVAL &&
	       !used && baton_ctl_parser_set_buf(&p, buf, len) == -EINVAL,
	       "parser: a failed stream stays failed");
}

static void test_stream_splits(const struct baton_ctl_test_stream *s)
{
	struct baton_ctl_test_run run;
	unsigned int bad = 0;
	size_t cut;

	for (cut = 0; cut <= s->len; cut++) {
		run = (struct baton_ctl_test_run){
			.data = s->buf, .len = s->len,
			.cuts = &cut, .nr_cuts = 1,
			.want = s->msgs, .nr_want = s->nr,
		};
		baton_ctl_test_feed(&io, &run);
		if (run.bad || run.err || run.frames != s->nr) {
			tap_diag("split at %zu: %s, %u frames", cut,
				 run.bad ? run.bad : "", run.frames);
			bad++;
		}
	}
	tap_ok(!bad, "stream of %u frames, %zu bytes: every one of its %zu splits in two",
	       s->nr, s->len, s->len + 1);

	feed(s->buf, s->len, 1, s->msgs, s->nr, &run);
	tap_ok(!run.bad && !run.err && run.frames == s->nr,
	       "stream: byte by byte");
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
 * Feed @len bytes of @buf to a new parser in random pieces, mostly short
 * ones, some empty.
 */
static void feed_random(const u8 *buf, size_t len,
			const struct baton_ctl_msg *want, unsigned int nr_want,
			struct baton_ctl_test_run *run)
{
	static size_t cuts[BATON_CTL_TEST_STREAM_ROOM];
	unsigned int nr = 0;
	size_t off = 0;
	u32 longest;

	for (;;) {
		longest = rand32() % 8 ? 20 : 300;
		off += rand32() % longest;
		if (off >= len || nr == ARRAY_SIZE(cuts))
			break;
		cuts[nr++] = off;
	}
	*run = (struct baton_ctl_test_run){
		.data = buf, .len = len, .cuts = cuts, .nr_cuts = nr,
		.want = want, .nr_want = nr_want,
	};
	baton_ctl_test_feed(&io, run);
}

static void test_stream_random(const struct baton_ctl_test_stream *s)
{
	struct baton_ctl_test_run run;
	unsigned int i, bad = 0;

	for (i = 0; i < RANDOM_SPLITS; i++) {
		feed_random(s->buf, s->len, s->msgs, s->nr, &run);
		if (run.bad || run.err || run.frames != s->nr) {
			tap_diag("random split %u: %s, %u frames", i,
				 run.bad ? run.bad : "", run.frames);
			bad++;
		}
	}
	tap_ok(!bad, "stream: %u random splits into pieces", RANDOM_SPLITS);
}

/*
 * The stream cut at every offset: the parser returns the frames before
 * the cut and waits for the rest, byte by byte or not.  Every prefix of
 * each frame is refused by decoding.
 */
static void test_truncations(const struct baton_ctl_test_stream *s)
{
	struct baton_ctl_test_run run;
	struct baton_ctl_frame f;
	unsigned int i, whole = 0, bad = 0;
	size_t cut, start;
	const char *why;

	for (cut = 0; cut < s->len; cut++) {
		while (whole < s->nr && s->ends[whole] <= cut)
			whole++;
		feed(s->buf, cut, cut % 2 ? 1 : 0, s->msgs, s->nr, &run);
		if (run.bad || run.err || run.frames != whole) {
			tap_diag("cut at %zu: %s, %u frames", cut,
				 run.bad ? run.bad : "", run.frames);
			bad++;
		}
	}
	tap_ok(!bad, "stream: cut at each of %zu offsets, %s", s->len,
	       "the frames before the cut are read");

	bad = 0;
	for (i = 0, start = 0; i < s->nr; start = s->ends[i++])
		for (cut = start; cut < s->ends[i]; cut++)
			if (baton_ctl_test_decode(&io, s->buf + start,
						  cut - start, &f,
						  &why) != -EINVAL)
				bad++;
	tap_ok(!bad, "decode: each prefix of each of the %u frames is refused",
	       s->nr);
}

/*
 * Flip 1 to 4 random bits, or set a random byte, of the stream, and feed
 * it in random pieces: it fails cleanly, or each frame it yields encodes
 * again to its own bytes.
 */
static void test_corruption(const struct baton_ctl_test_stream *s)
{
	unsigned int i, n, bad = 0, failed = 0;
	struct baton_ctl_test_run run;
	size_t at;
	u8 *buf;
	u32 r;

	for (i = 0; i < CORRUPTIONS; i++) {
		buf = xmalloc(s->len);
		memcpy(buf, s->buf, s->len);
		/* One call to rand32() a statement: the same on every build. */
		r = rand32();
		if (r & 1) {
			at = rand32() % s->len;
			buf[at] = rand32();
		} else {
			for (n = 0; n <= (r >> 1) % 4; n++) {
				at = rand32() % s->len;
				buf[at] ^= 1U << (rand32() % 8);
			}
		}
		feed_random(buf, s->len, NULL, 0, &run);
		if (run.bad) {
			tap_diag("corruption %u: %s", i, run.bad);
			bad++;
		}
		if (run.err)
			failed++;
		free(buf);
	}
	tap_ok(!bad, "%u corrupted streams: %u failed cleanly, the rest read",
	       CORRUPTIONS, failed);
}

static int write_file(const char *dir, const char *name, const u8 *head,
		      size_t head_len, const u8 *buf, size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || fwrite(head, 1, head_len, f) != head_len ||
	    fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		return 1;
	}
	return 0;
}

/*
 * Write the fuzz target's seeds into @dir: each an input of
 * ctlmsg_fuzz.c, a count of piece sizes, the sizes, then the stream.
 * The test stream in pieces of several sizes, and each case alone.
 */
static int write_corpus(const char *dir)
{
	static const u8 heads[][4] = {
		{ 0 }, { 1, 0 }, { 3, 6, 15, 99 }, { 2, 47, 255 },
	};
	static struct baton_ctl_test_stream s;
	u8 buf[BATON_CTL_TEST_ROOM];
	const u8 whole[1] = { 0 };
	struct baton_ctl_msg m;
	char name[64];
	unsigned int i;
	size_t len;

	baton_ctl_test_stream(&s);
	for (i = 0; i < ARRAY_SIZE(heads); i++) {
		snprintf(name, sizeof(name), "stream-%u", i);
		if (write_file(dir, name, heads[i], heads[i][0] + 1, s.buf,
			       s.len))
			return 1;
	}
	for (i = 0; i < baton_ctl_nr_cases; i++) {
		len = baton_ctl_case_build(&baton_ctl_cases[i], &m, buf,
					   sizeof(buf));
		snprintf(name, sizeof(name), "case-%02u", i);
		if (write_file(dir, name, whole, sizeof(whole), buf, len))
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct baton_ctl_test_stream s;

	if (argc == 3 && !strcmp(argv[1], "-c"))
		return write_corpus(argv[2]);
	if (argc != 1) {
		fprintf(stderr, "usage: %s [-c DIR]\n", argv[0]);
		return 2;
	}

	baton_ctl_test_stream(&s);
	test_round_trips();
	test_blob_inside();
	test_reasons();
	test_cases();
	test_hello_addresses();
	test_encode_limits();
	test_longest();
	test_roles();
	test_parser_api();
	test_stream_splits(&s);
	test_stream_random(&s);
	test_truncations(&s);
	test_corruption(&s);
	return tap_done();
}
