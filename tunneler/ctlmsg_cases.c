// SPDX-License-Identifier: GPL-2.0
/*
 * Test frames for the control-channel frame codec, shared by its KUnit
 * suite and its userspace tests (fuzz/).
 *
 * The frames are written here from the wire format of
 * <uapi/linux/baton.h> by a writer of their own, which shares no code
 * with the codec's encoder, so that the tests pin the format rather than
 * the encoder.  Each case starts from a valid message of one type and
 * breaks a field of it, bytes of its frame, or the frame's length.
 *
 * baton_ctl_test_feed() feeds a stream to the parser in the pieces it is
 * told, gives the parser a buffer of the exact length whenever it asks,
 * and checks every frame it returns: against the expected message, and
 * by encoding it again to the same bytes.
 */
#include <baton/ctlmsg.h>

#include "ctlmsg_cases.h"

/* Short names of the types, for the table of cases. */
#define BLOB		BATON_CTL_BLOB
#define ACK		BATON_CTL_ACK
#define REFUSE		BATON_CTL_REFUSE
#define END		BATON_CTL_END
#define KEEPALIVE	BATON_CTL_KEEPALIVE
#define HELLO		BATON_CTL_HELLO

#define HDR		BATON_CTL_HDR_LEN
#define TAG		BATON_CTL_TAG_LEN

/* The payload of test BLOBs: opaque to the codec, any bytes will do. */
static const u8 baton_ctl_test_blob[BATON_CTL_TEST_BLOB_MAX] =
	"BTNB: not a blob, but the frame codec does not look inside";

/* A test BLOB carries this much: not a multiple of 4. */
#define TEST_BLOB_LEN	37

/* The tunnel addresses of a HELLO, as cases name them (F_TUNNELS). */
enum {
	T_BOTH,			/* those of baton_ctl_test_fill() */
	T_V4_ONLY,
	T_V6_ONLY,
	T_V4_BELOW_LOOPBACK,
	T_V4_ABOVE_LOOPBACK,
	T_V4_BELOW_MULTICAST,
	T_V4_ABOVE_MULTICAST,
	T_V4_BELOW_BROADCAST,
	T_V6_ALMOST_LOOPBACK,
	T_V6_BELOW_MULTICAST,
	T_V6_ALMOST_MAPPED,
	T_NONE,
	T_V4_LOOPBACK,
	T_V4_LOOPBACK_LAST,
	T_V4_MULTICAST,
	T_V4_MULTICAST_LAST,
	T_V4_BROADCAST,
	T_V6_LOOPBACK,
	T_V6_LOOPBACK_AND_V4,
	T_V6_MULTICAST,
	T_V6_MULTICAST_FIRST,
	T_V6_MAPPED,
	T_V6_MAPPED_ZERO,
};

static const struct {
	u8 tunnel4[4];
	u8 tunnel6[16];
} baton_ctl_test_tunnels[] = {
	/* 192.0.2.1 and 2001:db8::1 */
	[T_BOTH] = { .tunnel4 = { 192, 0, 2, 1 },
		     .tunnel6 = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 } },
	[T_V4_ONLY] = { .tunnel4 = { 198, 51, 100, 7 } },
	/* 2001:db8:1::beef */
	[T_V6_ONLY] = { .tunnel6 = { 0x20, 0x01, 0x0d, 0xb8, 0, 1,
				     [14] = 0xbe, 0xef } },
	[T_V4_BELOW_LOOPBACK] = { .tunnel4 = { 126, 255, 255, 255 } },
	[T_V4_ABOVE_LOOPBACK] = { .tunnel4 = { 128, 0, 0, 0 } },
	[T_V4_BELOW_MULTICAST] = { .tunnel4 = { 223, 255, 255, 255 } },
	[T_V4_ABOVE_MULTICAST] = { .tunnel4 = { 240, 0, 0, 0 } },
	[T_V4_BELOW_BROADCAST] = { .tunnel4 = { 255, 255, 255, 254 } },
	/* ::2 */
	[T_V6_ALMOST_LOOPBACK] = { .tunnel6 = { [15] = 2 } },
	/* feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff */
	[T_V6_BELOW_MULTICAST] = { .tunnel6 = { 0xfe, 0xff, 0xff, 0xff,
						0xff, 0xff, 0xff, 0xff,
						0xff, 0xff, 0xff, 0xff,
						0xff, 0xff, 0xff, 0xff } },
	/* ::fffe:192.0.2.1 */
	[T_V6_ALMOST_MAPPED] = { .tunnel6 = { [10] = 0xff, 0xfe, 192, 0, 2,
					      1 } },
	/* 0.0.0.0 and :: */
	[T_NONE] = { .tunnel4 = { 0 } },
	[T_V4_LOOPBACK] = { .tunnel4 = { 127, 0, 0, 1 } },
	/* 127.255.255.255 and 2001:db8::1 */
	[T_V4_LOOPBACK_LAST] = {
		.tunnel4 = { 127, 255, 255, 255 },
		.tunnel6 = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 },
	},
	[T_V4_MULTICAST] = { .tunnel4 = { 224, 0, 0, 1 } },
	[T_V4_MULTICAST_LAST] = { .tunnel4 = { 239, 255, 255, 255 } },
	[T_V4_BROADCAST] = { .tunnel4 = { 255, 255, 255, 255 } },
	[T_V6_LOOPBACK] = { .tunnel6 = { [15] = 1 } },
	/* 192.0.2.1 and ::1 */
	[T_V6_LOOPBACK_AND_V4] = { .tunnel4 = { 192, 0, 2, 1 },
				   .tunnel6 = { [15] = 1 } },
	/* ff02::1 */
	[T_V6_MULTICAST] = { .tunnel6 = { 0xff, 0x02, [15] = 1 } },
	/* ff00:: */
	[T_V6_MULTICAST_FIRST] = { .tunnel6 = { 0xff } },
	/* ::ffff:192.0.2.1 */
	[T_V6_MAPPED] = { .tunnel6 = { [10] = 0xff, 0xff, 192, 0, 2, 1 } },
	/* 192.0.2.1 and ::ffff:0.0.0.0 */
	[T_V6_MAPPED_ZERO] = { .tunnel4 = { 192, 0, 2, 1 },
			       .tunnel6 = { [10] = 0xff, 0xff } },
};

static void baton_ctl_tunnels_set(struct baton_ctl_msg *m, u32 i)
{
	if (i >= ARRAY_SIZE(baton_ctl_test_tunnels))
		return;
	memcpy(m->tunnel4, baton_ctl_test_tunnels[i].tunnel4,
	       sizeof(m->tunnel4));
	memcpy(m->tunnel6, baton_ctl_test_tunnels[i].tunnel6,
	       sizeof(m->tunnel6));
}

/**
 * baton_ctl_test_fill() - a valid message
 * @m: set to the message
 * @type: its type; an unknown type gives a message of that type and
 *	nothing else
 */
void baton_ctl_test_fill(struct baton_ctl_msg *m, u8 type)
{
	memset(m, 0, sizeof(*m));
	m->type = type;
	m->seq = 0x81828380U + type;
	switch (type) {
	case BLOB:
		m->blob = baton_ctl_test_blob;
		m->blob_len = TEST_BLOB_LEN;
		break;
	case ACK:
		m->flow_id = 0x12345678;
		break;
	case REFUSE:
		m->flow_id = 0x12345678;
		m->reason = BATON_CTL_REFUSE_NO_LISTENER;
		break;
	case END:
		m->flow_id = 0xfedcba98;
		m->reason = BATON_CTL_END_RESET;
		break;
	case HELLO:
		baton_ctl_tunnels_set(m, T_BOTH);
		break;
	}
}

/* The fields of a message, as cases name them; 0 names none. */
enum {
	F_NONE,
	F_SEQ,
	F_FLOW_ID,
	F_REASON,
	F_BLOB_LEN,	/* at most BATON_CTL_TEST_BLOB_MAX */
	F_TUNNELS,	/* both tunnel addresses: T_* */
};

static void baton_ctl_field_set(struct baton_ctl_msg *m, u8 field, u32 value)
{
	switch (field) {
	case F_SEQ:
		m->seq = value;
		break;
	case F_FLOW_ID:
		m->flow_id = value;
		break;
	case F_REASON:
		m->reason = value;
		break;
	case F_BLOB_LEN:
		m->blob_len = value;
		break;
	case F_TUNNELS:
		baton_ctl_tunnels_set(m, value);
		break;
	}
}

static void baton_ctl_wire_put(u8 *p, u8 size, u32 value)
{
	if (size == 1)
		*p = value;
	else if (size == 2)
		put_unaligned_be16(value, p);
	else
		put_unaligned_be32(value, p);
}

/**
 * baton_ctl_test_write() - write a frame with the test writer
 * @m: the message, valid or not; a BLOB's at most
 *	BATON_CTL_TEST_BLOB_MAX bytes
 * @buf: where to write it
 * @room: bytes at @buf
 *
 * Return: the length of the frame, with a zero tag, or 0 if @room is
 * too short.  For a valid @m, baton_ctl_frame_encode() writes the same
 * bytes.
 */
size_t baton_ctl_test_write(const struct baton_ctl_msg *m, u8 *buf,
			    size_t room)
{
	u8 *v = buf + HDR;
	size_t len;
	u32 plen;

	switch (m->type) {
	case BLOB:
		plen = m->blob_len;
		break;
	case ACK:
		plen = 4;
		break;
	case REFUSE:
	case END:
		plen = 8;
		break;
	case HELLO:
		plen = 20;
		break;
	default:
		plen = 0;
		break;
	}
	len = HDR + plen + TAG;
	if (len > room || plen > BATON_CTL_TEST_BLOB_MAX)
		return 0;

	memset(buf, 0, len);
	buf[0] = 'B';
	buf[1] = 'T';
	buf[2] = 'N';
	buf[3] = 'C';
	buf[4] = 1;
	buf[5] = m->type;
	put_unaligned_be32(m->seq, buf + 8);
	put_unaligned_be32(plen, buf + 12);
	switch (m->type) {
	case BLOB:
		memcpy(v, m->blob, plen);
		break;
	case ACK:
		put_unaligned_be32(m->flow_id, v);
		break;
	case REFUSE:
	case END:
		put_unaligned_be32(m->flow_id, v);
		put_unaligned_be16(m->reason, v + 4);
		break;
	case HELLO:
		memcpy(v, m->tunnel4, 4);
		memcpy(v + 4, m->tunnel6, 16);
		break;
	}
	return len;
}

#define SET(f, v)		.field = (f), .value = (v)
#define PATCH(o, s, v)		.patch = { .off = (o), .size = (s), \
					   .value = (v) }
#define FAIL(e, w)		.err = (e), .why = (w)

/* Every reason baton_ctl_frame_decode() gives, and what it accepts. */
const struct baton_ctl_case baton_ctl_cases[] = {
	{ .name = "BLOB", .type = BLOB },
	{ .name = "shortest BLOB", .type = BLOB,
	  SET(F_BLOB_LEN, BATON_CTL_BLOB_MIN) },
	{ .name = "ACK", .type = ACK },
	{ .name = "REFUSE", .type = REFUSE },
	{ .name = "REFUSE of an unreadable blob, flow ID 0", .type = REFUSE,
	  SET(F_FLOW_ID, 0) },
	{ .name = "END", .type = END },
	{ .name = "KEEPALIVE", .type = KEEPALIVE },
	{ .name = "HELLO", .type = HELLO },
	{ .name = "HELLO, IPv4 only", .type = HELLO,
	  SET(F_TUNNELS, T_V4_ONLY) },
	{ .name = "HELLO, IPv6 only", .type = HELLO,
	  SET(F_TUNNELS, T_V6_ONLY) },
	{ .name = "HELLO of 126.255.255.255", .type = HELLO,
	  SET(F_TUNNELS, T_V4_BELOW_LOOPBACK) },
	{ .name = "HELLO of 128.0.0.0", .type = HELLO,
	  SET(F_TUNNELS, T_V4_ABOVE_LOOPBACK) },
	{ .name = "HELLO of 223.255.255.255", .type = HELLO,
	  SET(F_TUNNELS, T_V4_BELOW_MULTICAST) },
	{ .name = "HELLO of 240.0.0.0", .type = HELLO,
	  SET(F_TUNNELS, T_V4_ABOVE_MULTICAST) },
	{ .name = "HELLO of 255.255.255.254", .type = HELLO,
	  SET(F_TUNNELS, T_V4_BELOW_BROADCAST) },
	{ .name = "HELLO of ::2", .type = HELLO,
	  SET(F_TUNNELS, T_V6_ALMOST_LOOPBACK) },
	{ .name = "HELLO of feff:ffff:...", .type = HELLO,
	  SET(F_TUNNELS, T_V6_BELOW_MULTICAST) },
	{ .name = "HELLO of ::fffe:192.0.2.1", .type = HELLO,
	  SET(F_TUNNELS, T_V6_ALMOST_MAPPED) },
	{ .name = "sequence number 0", .type = ACK, SET(F_SEQ, 0) },
	{ .name = "largest sequence number", .type = BLOB,
	  SET(F_SEQ, 0xffffffff) },
	{ .name = "largest flow ID", .type = END, SET(F_FLOW_ID, 0xffffffff) },

	{ .name = "header cut short", .type = KEEPALIVE, .resize = -TAG - 1,
	  FAIL(-EINVAL, "truncated header") },
	{ .name = "empty", .type = KEEPALIVE, .resize = -TAG - HDR,
	  FAIL(-EINVAL, "truncated header") },
	{ .name = "a blob's magic", .type = BLOB, PATCH(0, 4, BATON_BLOB_MAGIC),
	  FAIL(-EINVAL, "bad magic") },
	{ .name = "an HTTP request", .type = KEEPALIVE,
	  PATCH(0, 4, 0x47455420), FAIL(-EINVAL, "bad magic") },
	{ .name = "version 0", .type = ACK, PATCH(4, 1, 0),
	  FAIL(-EPROTONOSUPPORT, "unsupported version") },
	{ .name = "version 2", .type = ACK, PATCH(4, 1, 2),
	  FAIL(-EPROTONOSUPPORT, "unsupported version") },
	{ .name = "type 0", .type = KEEPALIVE, PATCH(5, 1, 0),
	  FAIL(-EPROTONOSUPPORT, "unknown frame type") },
	{ .name = "type past the last", .type = KEEPALIVE,
	  PATCH(5, 1, BATON_CTL_TYPE_MAX + 1),
	  FAIL(-EPROTONOSUPPORT, "unknown frame type") },
	{ .name = "type 255", .type = KEEPALIVE, PATCH(5, 1, 255),
	  FAIL(-EPROTONOSUPPORT, "unknown frame type") },
	{ .name = "flag 0x0001", .type = END, PATCH(6, 2, 0x0001),
	  FAIL(-EPROTONOSUPPORT, "unsupported frame flags") },
	{ .name = "flag 0x8000", .type = BLOB, PATCH(6, 2, 0x8000),
	  FAIL(-EPROTONOSUPPORT, "unsupported frame flags") },

	{ .name = "BLOB over the limit", .type = BLOB,
	  PATCH(12, 4, BATON_CTL_BLOB_MAX + 1),
	  FAIL(-E2BIG, "BLOB too long") },
	{ .name = "BLOB of 4 GiB", .type = BLOB, PATCH(12, 4, 0xffffffff),
	  FAIL(-E2BIG, "BLOB too long") },
	{ .name = "BLOB shorter than a blob header", .type = BLOB,
	  SET(F_BLOB_LEN, BATON_CTL_BLOB_MIN - 1),
	  FAIL(-EINVAL, "BLOB shorter than a blob header") },
	{ .name = "empty BLOB", .type = BLOB, SET(F_BLOB_LEN, 0),
	  FAIL(-EINVAL, "BLOB shorter than a blob header") },
	{ .name = "ACK of 8 bytes", .type = ACK, PATCH(12, 4, 8), .resize = 4,
	  FAIL(-EINVAL, "bad ACK length") },
	{ .name = "ACK of 0 bytes", .type = ACK, PATCH(12, 4, 0), .resize = -4,
	  FAIL(-EINVAL, "bad ACK length") },
	{ .name = "REFUSE of 4 bytes", .type = REFUSE, PATCH(12, 4, 4),
	  .resize = -4, FAIL(-EINVAL, "bad REFUSE length") },
	{ .name = "END of 12 bytes", .type = END, PATCH(12, 4, 12),
	  .resize = 4, FAIL(-EINVAL, "bad END length") },
	{ .name = "KEEPALIVE of 4 bytes", .type = KEEPALIVE, PATCH(12, 4, 4),
	  .resize = 4, FAIL(-EINVAL, "bad KEEPALIVE length") },
	{ .name = "KEEPALIVE of 4 GiB", .type = KEEPALIVE,
	  PATCH(12, 4, 0xffffffff),
	  FAIL(-EINVAL, "bad KEEPALIVE length") },
	{ .name = "HELLO of 16 bytes", .type = HELLO, PATCH(12, 4, 16),
	  .resize = -4, FAIL(-EINVAL, "bad HELLO length") },
	{ .name = "HELLO of 24 bytes", .type = HELLO, PATCH(12, 4, 24),
	  .resize = 4, FAIL(-EINVAL, "bad HELLO length") },
	{ .name = "HELLO of 0 bytes", .type = HELLO, PATCH(12, 4, 0),
	  .resize = -20, FAIL(-EINVAL, "bad HELLO length") },
	{ .name = "HELLO of 4 GiB", .type = HELLO, PATCH(12, 4, 0xffffffff),
	  FAIL(-EINVAL, "bad HELLO length") },
	{ .name = "a KEEPALIVE as long as a HELLO", .type = HELLO,
	  PATCH(5, 1, KEEPALIVE), FAIL(-EINVAL, "bad KEEPALIVE length") },
	{ .name = "a byte after the tag", .type = ACK, .resize = 1,
	  FAIL(-EINVAL, "length in header does not match") },
	{ .name = "a byte short", .type = BLOB, .resize = -1,
	  FAIL(-EINVAL, "length in header does not match") },
	{ .name = "no tag", .type = KEEPALIVE, .resize = -TAG,
	  FAIL(-EINVAL, "length in header does not match") },

	{ .name = "REFUSE reserved field", .type = REFUSE,
	  PATCH(HDR + 6, 2, 1),
	  FAIL(-EINVAL, "nonzero reserved field in REFUSE") },
	{ .name = "END reserved field", .type = END, PATCH(HDR + 7, 1, 0x80),
	  FAIL(-EINVAL, "nonzero reserved field in END") },
	{ .name = "ACK of flow ID 0", .type = ACK, SET(F_FLOW_ID, 0),
	  FAIL(-EINVAL, "flow ID 0") },
	{ .name = "END of flow ID 0", .type = END, SET(F_FLOW_ID, 0),
	  FAIL(-EINVAL, "flow ID 0") },
	{ .name = "refusal reason 0", .type = REFUSE, SET(F_REASON, 0),
	  FAIL(-EINVAL, "unknown refusal reason") },
	{ .name = "refusal reason past the last", .type = REFUSE,
	  SET(F_REASON, BATON_CTL_REFUSE_MAX + 1),
	  FAIL(-EINVAL, "unknown refusal reason") },
	{ .name = "refusal reason 0xffff", .type = REFUSE,
	  SET(F_REASON, 0xffff),
	  FAIL(-EINVAL, "unknown refusal reason") },
	{ .name = "end reason 0", .type = END, SET(F_REASON, 0),
	  FAIL(-EINVAL, "unknown end reason") },
	{ .name = "end reason past the last", .type = END,
	  SET(F_REASON, BATON_CTL_END_MAX + 1),
	  FAIL(-EINVAL, "unknown end reason") },
	{ .name = "HELLO without an address", .type = HELLO,
	  SET(F_TUNNELS, T_NONE),
	  FAIL(-EINVAL, "HELLO without a tunnel address") },
	{ .name = "HELLO of 127.0.0.1", .type = HELLO,
	  SET(F_TUNNELS, T_V4_LOOPBACK),
	  FAIL(-EINVAL, "loopback IPv4 tunnel address") },
	{ .name = "HELLO of 127.255.255.255 and 2001:db8::1", .type = HELLO,
	  SET(F_TUNNELS, T_V4_LOOPBACK_LAST),
	  FAIL(-EINVAL, "loopback IPv4 tunnel address") },
	{ .name = "HELLO of 224.0.0.1", .type = HELLO,
	  SET(F_TUNNELS, T_V4_MULTICAST),
	  FAIL(-EINVAL, "multicast IPv4 tunnel address") },
	{ .name = "HELLO of 239.255.255.255", .type = HELLO,
	  SET(F_TUNNELS, T_V4_MULTICAST_LAST),
	  FAIL(-EINVAL, "multicast IPv4 tunnel address") },
	{ .name = "HELLO of 255.255.255.255", .type = HELLO,
	  SET(F_TUNNELS, T_V4_BROADCAST),
	  FAIL(-EINVAL, "broadcast IPv4 tunnel address") },
	{ .name = "HELLO of ::1", .type = HELLO,
	  SET(F_TUNNELS, T_V6_LOOPBACK),
	  FAIL(-EINVAL, "loopback IPv6 tunnel address") },
	{ .name = "HELLO of 192.0.2.1 and ::1", .type = HELLO,
	  SET(F_TUNNELS, T_V6_LOOPBACK_AND_V4),
	  FAIL(-EINVAL, "loopback IPv6 tunnel address") },
	{ .name = "HELLO of ff02::1", .type = HELLO,
	  SET(F_TUNNELS, T_V6_MULTICAST),
	  FAIL(-EINVAL, "multicast IPv6 tunnel address") },
	{ .name = "HELLO of ff00::", .type = HELLO,
	  SET(F_TUNNELS, T_V6_MULTICAST_FIRST),
	  FAIL(-EINVAL, "multicast IPv6 tunnel address") },
	{ .name = "HELLO of ::ffff:192.0.2.1", .type = HELLO,
	  SET(F_TUNNELS, T_V6_MAPPED),
	  FAIL(-EINVAL, "IPv4-mapped IPv6 tunnel address") },
	{ .name = "HELLO of 192.0.2.1 and ::ffff:0.0.0.0", .type = HELLO,
	  SET(F_TUNNELS, T_V6_MAPPED_ZERO),
	  FAIL(-EINVAL, "IPv4-mapped IPv6 tunnel address") },
	{ .name = "HELLO of 127.0.2.1 by its bytes", .type = HELLO,
	  PATCH(HDR, 1, 127),
	  FAIL(-EINVAL, "loopback IPv4 tunnel address") },
	{ .name = "HELLO of ff01:db8::1 by its bytes", .type = HELLO,
	  PATCH(HDR + 4, 2, 0xff01),
	  FAIL(-EINVAL, "multicast IPv6 tunnel address") },
};

const unsigned int baton_ctl_nr_cases = ARRAY_SIZE(baton_ctl_cases);

/**
 * baton_ctl_case_build() - write the frame of a case
 * @c: the case
 * @m: set to the message of the case
 * @buf: where to write its frame
 * @room: bytes at @buf, BATON_CTL_TEST_ROOM
 *
 * Return: the length of the frame, or 0 if @room is too short.
 */
size_t baton_ctl_case_build(const struct baton_ctl_case *c,
			    struct baton_ctl_msg *m, u8 *buf, size_t room)
{
	size_t len;

	baton_ctl_test_fill(m, c->type);
	baton_ctl_field_set(m, c->field, c->value);
	len = baton_ctl_test_write(m, buf, room);
	if (!len || (c->resize < 0 && (size_t)-c->resize > len) ||
	    (c->resize > 0 && (size_t)c->resize > room - len))
		return 0;
	if (c->patch.size)
		baton_ctl_wire_put(buf + c->patch.off, c->patch.size,
				   c->patch.value);
	if (c->resize > 0)
		memset(buf + len, 0, c->resize);
	return len + c->resize;
}

/**
 * baton_ctl_case_values_only() - whether a case changes only values
 * @c: the case
 *
 * Return: true if @c changes only the message, so that
 * baton_ctl_frame_encode() of it returns the error @c->err, or writes
 * the same frame as baton_ctl_case_build() if @c->err is 0.
 */
bool baton_ctl_case_values_only(const struct baton_ctl_case *c)
{
	return !c->patch.size && !c->resize;
}

/**
 * baton_ctl_case_parses_alike() - whether parsing agrees with decoding
 * @c: the case
 *
 * Return: true if a parser fed the frame of @c alone returns the frame
 * or fails as decoding does; false for the cases on the length of the
 * frame against its buffer, which a stream does not have: cut short,
 * the parser waits for more, and with bytes after it, the parser returns
 * the frame and waits for the next.
 */
bool baton_ctl_case_parses_alike(const struct baton_ctl_case *c)
{
	return !c->why || (strcmp(c->why, "truncated header") &&
			   strcmp(c->why, "length in header does not match"));
}

/**
 * baton_ctl_test_equal() - whether two messages are the same
 * @a: one
 * @b: the other
 *
 * Return: true if every field is equal, the tunnel addresses, and the
 * blob (not its address).
 */
bool baton_ctl_test_equal(const struct baton_ctl_msg *a,
			  const struct baton_ctl_msg *b)
{
	return a->type == b->type && a->seq == b->seq &&
	       a->flow_id == b->flow_id && a->reason == b->reason &&
	       !memcmp(a->tunnel4, b->tunnel4, sizeof(a->tunnel4)) &&
	       !memcmp(a->tunnel6, b->tunnel6, sizeof(a->tunnel6)) &&
	       a->blob_len == b->blob_len &&
	       (!a->blob_len || !memcmp(a->blob, b->blob, a->blob_len));
}

/**
 * baton_ctl_refused_cleanly() - whether a refusal is one the codec gives
 * @err: the error
 * @why: its reason
 *
 * Return: true if @err is one of the three errors of a refused frame,
 * with a reason.
 */
bool baton_ctl_refused_cleanly(int err, const char *why)
{
	return (err == -EINVAL || err == -EPROTONOSUPPORT || err == -E2BIG) &&
	       why && *why;
}

static void baton_ctl_stream_add(struct baton_ctl_test_stream *s,
				 const struct baton_ctl_msg *m)
{
	size_t len;

	if (s->nr == BATON_CTL_TEST_STREAM_MAX)
		return;
	len = baton_ctl_test_write(m, s->buf + s->len,
				   sizeof(s->buf) - s->len);
	if (!len)
		return;
	s->msgs[s->nr] = *m;
	s->len += len;
	s->ends[s->nr++] = s->len;
}

/**
 * baton_ctl_test_stream() - a stream of valid frames of every kind
 * @s: set to the stream: the message of every case that decoding
 *	accepts, then a REFUSE of each reason and an END of each reason
 */
void baton_ctl_test_stream(struct baton_ctl_test_stream *s)
{
	const struct baton_ctl_case *c;
	struct baton_ctl_msg m;
	unsigned int i;

	s->len = 0;
	s->nr = 0;
	for (i = 0; i < baton_ctl_nr_cases; i++) {
		c = &baton_ctl_cases[i];
		if (c->err)
			continue;
		baton_ctl_test_fill(&m, c->type);
		baton_ctl_field_set(&m, c->field, c->value);
		baton_ctl_stream_add(s, &m);
	}
	for (i = 1; i <= BATON_CTL_REFUSE_MAX; i++) {
		baton_ctl_test_fill(&m, REFUSE);
		m.reason = i;
		m.seq = i;
		baton_ctl_stream_add(s, &m);
	}
	for (i = 1; i <= BATON_CTL_END_MAX; i++) {
		baton_ctl_test_fill(&m, END);
		m.reason = i;
		m.flow_id = i;
		baton_ctl_stream_add(s, &m);
	}
}

/**
 * baton_ctl_test_decode() - decode a frame from a copy of its exact length
 * @io: how to get memory for the copy
 * @buf: the frame
 * @len: its length
 * @f: as baton_ctl_frame_decode() sets it, but with no pointer into the
 *	copy, which is gone
 * @why: as baton_ctl_frame_decode() sets it
 *
 * Return: what baton_ctl_frame_decode() returns, or -ENOMEM.
 */
int baton_ctl_test_decode(const struct baton_ctl_test_io *io, const u8 *buf,
			  size_t len, struct baton_ctl_frame *f,
			  const char **why)
{
	u8 *copy = io->alloc(len);
	int err;

	*why = "out of memory";
	if (!copy)
		return -ENOMEM;
	memcpy(copy, buf, len);
	err = baton_ctl_frame_decode(copy, len, f, why);
	f->buf = NULL;
	f->msg.blob = NULL;
	f->msg.blob_len = 0;
	io->free(copy);
	return err;
}

/**
 * struct baton_ctl_feeder - the state of baton_ctl_test_feed()
 * @p: the parser
 * @io: how to get memory
 * @run: the stream and the result
 * @big: the buffer given to the parser for the current frame, or NULL
 * @off: bytes of the stream fed
 */
struct baton_ctl_feeder {
	struct baton_ctl_parser *p;
	const struct baton_ctl_test_io *io;
	struct baton_ctl_test_run *run;
	u8 *big;
	size_t off;
};

/* Check a frame the parser returned, and let go of its buffer. */
static const char *baton_ctl_feeder_frame(struct baton_ctl_feeder *fd)
{
	const struct baton_ctl_frame *f = &fd->p->frame;
	struct baton_ctl_test_run *run = fd->run;
	const char *bad = NULL;
	size_t tag_off;
	u8 *enc;
	int n;

	if (f->len != fd->p->frame_len || f->tag_off != f->len - TAG ||
	    f->buf != (fd->big ? fd->big : fd->p->small))
		return "frame: wrong place or length";
	if (run->want && (run->frames >= run->nr_want ||
			  !baton_ctl_test_equal(&f->msg,
						&run->want[run->frames])))
		return "frame: not the message sent";
	run->frames++;

	/* It encodes again to the same bytes, but for the tag. */
	enc = fd->io->alloc(f->len);
	if (!enc)
		return "out of memory";
	n = baton_ctl_frame_encode(&f->msg, enc, f->len, &tag_off);
	if (baton_ctl_frame_size(&f->msg) != f->len || n < 0 ||
	    (size_t)n != f->len || tag_off != f->tag_off ||
	    memcmp(enc, f->buf, tag_off))
		bad = "frame: encodes to other bytes";
	fd->io->free(enc);
	if (fd->big) {
		fd->io->free(fd->big);
		fd->big = NULL;
	}
	return bad;
}

/* Feed the parser @len bytes of the stream; stop on any error. */
static const char *baton_ctl_feeder_piece(struct baton_ctl_feeder *fd,
					  size_t len)
{
	struct baton_ctl_parser *p = fd->p;
	const char *bad;
	size_t used;
	int ret;

	for (;;) {
		ret = baton_ctl_parser_feed(p, fd->run->data + fd->off, len,
					    &used);
		if (used > len)
			return "feed: used more than it was given";
		fd->off += used;
		len -= used;
		switch (ret) {
		case BATON_CTL_NEED_MORE:
			return len ? "feed: bytes left over" : NULL;
		case BATON_CTL_NEED_BUF:
			if (fd->big || p->frame_len <= BATON_CTL_SMALL_MAX ||
			    p->frame_len > BATON_CTL_FRAME_MAX)
				return "feed: asked for a buffer wrongly";
			fd->big = fd->io->alloc(p->frame_len);
			if (!fd->big)
				return "out of memory";
			if (baton_ctl_parser_set_buf(p, fd->big, p->frame_len))
				return "set_buf: refused";
			break;
		case BATON_CTL_FRAME_READY:
			bad = baton_ctl_feeder_frame(fd);
			if (bad)
				return bad;
			break;
		default:
			fd->run->err = ret;
			fd->run->why = p->why;
			if (!baton_ctl_refused_cleanly(ret, p->why) ||
			    p->err != ret)
				return "feed: failed without a reason";
			if (baton_ctl_parser_feed(p, fd->run->data, 1,
						  &used) != ret || used)
				return "feed: did not stay failed";
			return NULL;
		}
	}
}

/**
 * baton_ctl_test_feed() - feed a stream to a new parser, in pieces
 * @io: how to get memory
 * @run: the stream and its pieces; set to the result
 *
 * The parser accepts every type.  Each frame it returns is compared
 * with the next of @run->want, if given, and must encode again to the
 * bytes it came from, but for the tag.  A stream stops at its first
 * error.
 */
void baton_ctl_test_feed(const struct baton_ctl_test_io *io,
			 struct baton_ctl_test_run *run)
{
	struct baton_ctl_parser p;
	struct baton_ctl_feeder fd = { .p = &p, .io = io, .run = run };
	unsigned int i;
	size_t end, len;

	baton_ctl_parser_init(&p, BATON_CTL_ALL_TYPES);

	run->frames = 0;
	run->err = 0;
	run->why = NULL;
	run->bad = NULL;
	for (i = 0; i <= run->nr_cuts && !run->bad && !run->err; i++) {
		end = i < run->nr_cuts ? run->cuts[i] : run->len;
		if (end < fd.off || end > run->len) {
			run->bad = "test: cuts out of order";
			break;
		}
		while (fd.off < end && !run->bad && !run->err) {
			len = end - fd.off;
			if (run->step && len > run->step)
				len = run->step;
			run->bad = baton_ctl_feeder_piece(&fd, len);
		}
	}
	if (fd.big)
		io->free(fd.big);
}
