// SPDX-License-Identifier: GPL-2.0
/*
 * Test blobs for the blob codec, shared by its KUnit suite and its
 * userspace tests (fuzz/).
 *
 * The blobs are written here from the wire format of
 * <uapi/linux/baton.h> by a writer of their own, which shares no code
 * with the codec's encoder, so that the tests pin the format rather than
 * the encoder.  The writer takes the values of a connection field by
 * field (baton_blob_fields[]), and lets each case break the result: a
 * field of the connection, bytes of the header or of a section, or the
 * list of sections itself.
 */
#include <baton/blob.h>

#include "blob_cases.h"

/* Short names of the sections, for the tables below. */
#define HDR			BATON_BLOB_TEST_HDR
#define FLOW			BATON_BLOB_SEC_FLOW
#define IP			BATON_BLOB_SEC_IP
#define TCP			BATON_BLOB_SEC_TCP
#define RECV_DATA		BATON_BLOB_SEC_RECV_DATA
#define TAG			BATON_BLOB_SEC_TAG

/* The IPv4 connection carries this much data: not a multiple of 4. */
static const u8 baton_blob_test_data[] =
	"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";

#define V4_DATA_LEN	(sizeof(baton_blob_test_data) - 1)
#define V4_SND_UNA	0xfffffff0U	/* snd_nxt wraps past 2^32 */
#define V4_RCV_NXT	0x2a3b4c5dU
#define V4_RCV_WND	(3U << 20)
#define V4_SND_WSCALE	7
#define V4_RCV_WSCALE	9

#define V4MAPPED(a, b, c, d)	{ [10] = 0xff, [11] = 0xff, \
				  [12] = a, [13] = b, [14] = c, [15] = d }

/* Addresses cases put into a connection, by index. */
enum {
	ADDR_V4_ANY,
	ADDR_V4_MCAST,
	ADDR_V4_MAPPED,
	ADDR_V6,
	ADDR_V6_ANY,
	ADDR_V6_MCAST,
};

static const u8 baton_blob_test_addrs[][16] = {
	[ADDR_V4_ANY] = V4MAPPED(0, 0, 0, 0),
	[ADDR_V4_MCAST] = V4MAPPED(224, 0, 0, 1),
	[ADDR_V4_MAPPED] = V4MAPPED(192, 0, 2, 9),
	[ADDR_V6] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 9 },
	[ADDR_V6_ANY] = { 0 },
	[ADDR_V6_MCAST] = { 0xff, 0x02, [15] = 1 },
};

/**
 * baton_blob_test_fill() - a valid connection
 * @b: set to the connection
 * @family: AF_INET6 for an IPv6 connection with SACK and a received FIN,
 *	and no data; else an IPv4 one with every option but FIN, whose
 *	sequence numbers wrap, and with data
 */
void baton_blob_test_fill(struct baton_blob *b, u8 family)
{
	static const struct baton_blob_flow flow4 = {
		.id = 0x12345678, .client_port = 40001, .vip_port = 80,
		.family = AF_INET,
		.client = V4MAPPED(192, 0, 2, 1),
		.vip = V4MAPPED(198, 51, 100, 100),
		.forwarder = V4MAPPED(198, 51, 100, 3),
	};
	static const struct baton_blob_flow flow6 = {
		.id = 0xfedcba98, .client_port = 50000, .vip_port = 443,
		.family = AF_INET6,
		.client = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 },
		.vip = { 0x20, 0x01, 0x0d, 0xb8, [14] = 1 },
		.forwarder = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 3 },
	};
	static const struct baton_blob_tcp tcp4 = {
		.snd_una = V4_SND_UNA, .snd_nxt = V4_SND_UNA + 0x20,
		.rcv_nxt = V4_RCV_NXT,
		.snd_wl1 = V4_RCV_NXT - V4_DATA_LEN, .snd_wnd = 1U << 20,
		.max_window = 65535U << V4_SND_WSCALE, .rcv_wnd = V4_RCV_WND,
		.rcv_wup = V4_RCV_NXT - V4_DATA_LEN,
		.ts_offset = 0xdeadbeef, .ts_recent = 0x01020304,
		.mss_clamp = 1460,
		.snd_wscale = V4_SND_WSCALE, .rcv_wscale = V4_RCV_WSCALE,
		.options = BATON_BLOB_TCP_SACK_OK | BATON_BLOB_TCP_TIMESTAMPS |
			   BATON_BLOB_TCP_WSCALE,
	};
	static const struct baton_blob_tcp tcp6 = {
		.snd_una = 0x7fffffff, .snd_nxt = 0x7fffffff,
		.rcv_nxt = 0x80000001,
		.snd_wl1 = 0x80000000, .snd_wnd = 29200, .max_window = 65535,
		.rcv_wnd = 65535, .rcv_wup = 0x80000001,
		.mss_clamp = 1220,
		.options = BATON_BLOB_TCP_SACK_OK | BATON_BLOB_TCP_FIN_RCVD,
	};

	memset(b, 0, sizeof(*b));
	if (family == AF_INET6) {
		b->flow = flow6;
		b->ip.tos = 0x28;
		b->ip.ttl = 63;
		b->ip.flow_label = 0xabcde;
		b->tcp = tcp6;
	} else {
		b->flow = flow4;
		b->ip.tos = 0x10;
		b->ip.ttl = 64;
		b->tcp = tcp4;
		b->data = baton_blob_test_data;
		b->data_len = V4_DATA_LEN;
	}
}

/* The fields of a connection, as cases name them; 0 names none. */
enum {
	F_NONE,
	F_FLOW_ID,
	F_FLOW_CLIENT_PORT,
	F_FLOW_VIP_PORT,
	F_FLOW_FAMILY,
	F_FLOW_CLIENT,
	F_FLOW_VIP,
	F_FLOW_FORWARDER,
	F_IP_TOS,
	F_IP_TTL,
	F_IP_FLOW_LABEL,
	F_TCP_SND_UNA,
	F_TCP_SND_NXT,
	F_TCP_RCV_NXT,
	F_TCP_SND_WL1,
	F_TCP_SND_WND,
	F_TCP_MAX_WINDOW,
	F_TCP_RCV_WND,
	F_TCP_RCV_WUP,
	F_TCP_MSS_CLAMP,
	F_TCP_SND_WSCALE,
	F_TCP_RCV_WSCALE,
	F_TCP_OPTIONS,
	F_TCP_TS_OFFSET,
	F_TCP_TS_RECENT,
	NR_FIELDS,
};

/* Where each field of a connection goes on the wire, and its size. */
static const struct baton_blob_field {
	u16 sec;
	u8 off;
	u16 member;
	u8 size;
} baton_blob_fields[NR_FIELDS] = {
	[F_FLOW_ID] = { FLOW, 0,
		offsetof(struct baton_blob, flow.id), 4 },
	[F_FLOW_CLIENT_PORT] = { FLOW, 4,
		offsetof(struct baton_blob, flow.client_port), 2 },
	[F_FLOW_VIP_PORT] = { FLOW, 6,
		offsetof(struct baton_blob, flow.vip_port), 2 },
	[F_FLOW_FAMILY] = { FLOW, 8,
		offsetof(struct baton_blob, flow.family), 1 },
	[F_FLOW_CLIENT] = { FLOW, 12,
		offsetof(struct baton_blob, flow.client), 16 },
	[F_FLOW_VIP] = { FLOW, 28,
		offsetof(struct baton_blob, flow.vip), 16 },
	[F_FLOW_FORWARDER] = { FLOW, 44,
		offsetof(struct baton_blob, flow.forwarder), 16 },
	[F_IP_TOS] = { IP, 0,
		offsetof(struct baton_blob, ip.tos), 1 },
	[F_IP_TTL] = { IP, 1,
		offsetof(struct baton_blob, ip.ttl), 1 },
	[F_IP_FLOW_LABEL] = { IP, 4,
		offsetof(struct baton_blob, ip.flow_label), 4 },
	[F_TCP_SND_UNA] = { TCP, 0,
		offsetof(struct baton_blob, tcp.snd_una), 4 },
	[F_TCP_SND_NXT] = { TCP, 4,
		offsetof(struct baton_blob, tcp.snd_nxt), 4 },
	[F_TCP_RCV_NXT] = { TCP, 8,
		offsetof(struct baton_blob, tcp.rcv_nxt), 4 },
	[F_TCP_SND_WL1] = { TCP, 12,
		offsetof(struct baton_blob, tcp.snd_wl1), 4 },
	[F_TCP_SND_WND] = { TCP, 16,
		offsetof(struct baton_blob, tcp.snd_wnd), 4 },
	[F_TCP_MAX_WINDOW] = { TCP, 20,
		offsetof(struct baton_blob, tcp.max_window), 4 },
	[F_TCP_RCV_WND] = { TCP, 24,
		offsetof(struct baton_blob, tcp.rcv_wnd), 4 },
	[F_TCP_RCV_WUP] = { TCP, 28,
		offsetof(struct baton_blob, tcp.rcv_wup), 4 },
	[F_TCP_MSS_CLAMP] = { TCP, 32,
		offsetof(struct baton_blob, tcp.mss_clamp), 2 },
	[F_TCP_SND_WSCALE] = { TCP, 34,
		offsetof(struct baton_blob, tcp.snd_wscale), 1 },
	[F_TCP_RCV_WSCALE] = { TCP, 35,
		offsetof(struct baton_blob, tcp.rcv_wscale), 1 },
	[F_TCP_OPTIONS] = { TCP, 36,
		offsetof(struct baton_blob, tcp.options), 2 },
	[F_TCP_TS_OFFSET] = { TCP, 40,
		offsetof(struct baton_blob, tcp.ts_offset), 4 },
	[F_TCP_TS_RECENT] = { TCP, 44,
		offsetof(struct baton_blob, tcp.ts_recent), 4 },
};

static u32 baton_blob_field_get(const struct baton_blob *b, unsigned int i)
{
	const u8 *p = (const u8 *)b + baton_blob_fields[i].member;
	u16 v16;
	u32 v32;

	if (baton_blob_fields[i].size == 1)
		return *p;
	if (baton_blob_fields[i].size == 2) {
		memcpy(&v16, p, sizeof(v16));
		return v16;
	}
	memcpy(&v32, p, sizeof(v32));
	return v32;
}

/* Set field @i of @b to @value, or for an address to test address @value. */
static void baton_blob_field_set(struct baton_blob *b, unsigned int i,
				 u32 value)
{
	u8 *p = (u8 *)b + baton_blob_fields[i].member;
	u8 size = baton_blob_fields[i].size;
	u16 v16 = value;

	if (size == 16)
		memcpy(p, baton_blob_test_addrs[value], 16);
	else if (size == 1)
		*p = value;
	else if (size == 2)
		memcpy(p, &v16, sizeof(v16));
	else
		memcpy(p, &value, sizeof(value));
}

static void baton_blob_wire_put(u8 *p, u8 size, u32 value)
{
	if (size == 1)
		*p = value;
	else if (size == 2)
		put_unaligned_be16(value, p);
	else
		put_unaligned_be32(value, p);
}

#define RAW_MAX_SECS	8

/**
 * struct baton_blob_raw_sec - a section as the test writer writes it
 * @type: its type
 * @flags: its flags
 * @len: its length, as its header says
 * @val: its @len bytes of value, or NULL to write no value at all
 * @pad: the byte its padding is made of
 * @no_pad: write no padding
 */
struct baton_blob_raw_sec {
	u16 type;
	u16 flags;
	u32 len;
	const u8 *val;
	u8 pad;
	bool no_pad;
};

/**
 * struct baton_blob_raw - a blob as the test writer writes it
 * @hdr: its header; a length of 0 stands for the length written
 * @flow: the value of its FLOW section
 * @ip: the value of its IP section
 * @tcp: the value of its TCP section
 * @tag: the value of its TAG section
 * @secs: its sections, in order
 * @nr_secs: how many
 * @trailing: zero bytes after the last section
 * @cut: bytes kept of the blob, if not 0
 */
struct baton_blob_raw {
	u8 hdr[BATON_BLOB_HDR_LEN];
	u8 flow[BATON_BLOB_FLOW_LEN];
	u8 ip[BATON_BLOB_IP_LEN];
	u8 tcp[BATON_BLOB_TCP_LEN];
	u8 tag[BATON_BLOB_TAG_LEN];
	struct baton_blob_raw_sec secs[RAW_MAX_SECS];
	unsigned int nr_secs;
	size_t trailing;
	size_t cut;
};

static u8 *baton_blob_raw_value(struct baton_blob_raw *r, u16 where)
{
	switch (where) {
	case BATON_BLOB_SEC_FLOW:
		return r->flow;
	case BATON_BLOB_SEC_IP:
		return r->ip;
	case BATON_BLOB_SEC_TCP:
		return r->tcp;
	default:
		return r->hdr;
	}
}

static void baton_blob_raw_add(struct baton_blob_raw *r, unsigned int at,
			       u16 type, const u8 *val, u32 len)
{
	struct baton_blob_raw_sec *sec = &r->secs[at];

	memmove(sec + 1, sec, (r->nr_secs - at) * sizeof(*sec));
	memset(sec, 0, sizeof(*sec));
	sec->type = type;
	sec->val = val;
	sec->len = len;
	r->nr_secs++;
}

/* A valid blob of @b. */
static void baton_blob_raw_init(struct baton_blob_raw *r,
				const struct baton_blob *b)
{
	const struct baton_blob_field *f;
	unsigned int i;
	u8 *v;

	memset(r, 0, sizeof(*r));
	put_unaligned_be32(BATON_BLOB_MAGIC, r->hdr);
	put_unaligned_be16(BATON_BLOB_VERSION, r->hdr + 4);

	for (i = F_NONE + 1; i < NR_FIELDS; i++) {
		f = &baton_blob_fields[i];
		v = baton_blob_raw_value(r, f->sec) + f->off;
		if (f->size == 16)
			memcpy(v, (const u8 *)b + f->member, 16);
		else
			baton_blob_wire_put(v, f->size,
					    baton_blob_field_get(b, i));
	}
	/* The family goes on the wire as 4 or 6, any other as it is. */
	if (b->flow.family == AF_INET)
		r->flow[8] = BATON_BLOB_FAMILY_IPV4;
	else if (b->flow.family == AF_INET6)
		r->flow[8] = BATON_BLOB_FAMILY_IPV6;

	baton_blob_raw_add(r, 0, BATON_BLOB_SEC_FLOW, r->flow,
			   BATON_BLOB_FLOW_LEN);
	baton_blob_raw_add(r, 1, BATON_BLOB_SEC_IP, r->ip, BATON_BLOB_IP_LEN);
	baton_blob_raw_add(r, 2, BATON_BLOB_SEC_TCP, r->tcp,
			   BATON_BLOB_TCP_LEN);
	if (b->data_len)
		baton_blob_raw_add(r, 3, BATON_BLOB_SEC_RECV_DATA, b->data,
				   b->data_len);
	baton_blob_raw_add(r, r->nr_secs, BATON_BLOB_SEC_TAG, r->tag,
			   BATON_BLOB_TAG_LEN);
}

/* Write @r to @buf, zeroed beforehand, or only measure it if @buf is NULL. */
static size_t baton_blob_raw_put(const struct baton_blob_raw *r, u8 *buf)
{
	const struct baton_blob_raw_sec *sec;
	size_t off = BATON_BLOB_HDR_LEN;
	unsigned int i;

	for (i = 0; i < r->nr_secs; i++) {
		sec = &r->secs[i];
		if (buf) {
			put_unaligned_be16(sec->type, buf + off);
			put_unaligned_be16(sec->flags, buf + off + 2);
			put_unaligned_be32(sec->len, buf + off + 4);
		}
		off += BATON_BLOB_SEC_HDR_LEN;
		if (!sec->val)
			continue;
		if (buf)
			memcpy(buf + off, sec->val, sec->len);
		for (off += sec->len; !sec->no_pad && off % 4; off++)
			if (buf)
				buf[off] = sec->pad;
	}
	off += r->trailing;
	if (buf) {
		memcpy(buf, r->hdr, BATON_BLOB_HDR_LEN);
		if (!get_unaligned_be32(r->hdr + 8))
			put_unaligned_be32(off, buf + 8);
	}
	return off;
}

static size_t baton_blob_raw_write(const struct baton_blob_raw *r, u8 *buf,
				   size_t room)
{
	size_t len = baton_blob_raw_put(r, NULL);

	if (len > room)
		return 0;
	memset(buf, 0, len);
	baton_blob_raw_put(r, buf);
	return r->cut ? r->cut : len;
}

/**
 * baton_blob_test_write() - write a blob with the test writer
 * @b: the connection, valid or not
 * @buf: where to write it
 * @room: bytes at @buf
 *
 * Return: the length of the blob, with a zero tag, or 0 if @room is too
 * short.  For a valid @b, baton_blob_encode() writes the same bytes.
 */
size_t baton_blob_test_write(const struct baton_blob *b, u8 *buf,
			     size_t room)
{
	struct baton_blob_raw r;

	baton_blob_raw_init(&r, b);
	return baton_blob_raw_write(&r, buf, room);
}

static unsigned int baton_blob_raw_find(const struct baton_blob_raw *r,
					u16 type)
{
	unsigned int i;

	for (i = 0; i < r->nr_secs; i++)
		if (r->secs[i].type == type)
			break;
	return i;
}

/* The changes cases make to the sections of a blob. */

static void raw_cut(struct baton_blob_raw *r, u32 len)
{
	r->cut = len;
}

static void raw_drop(struct baton_blob_raw *r, u32 type)
{
	unsigned int i = baton_blob_raw_find(r, type);

	memmove(&r->secs[i], &r->secs[i + 1],
		(r->nr_secs - i - 1) * sizeof(r->secs[0]));
	r->nr_secs--;
}

/*
 * Four zero bytes at the end: after the TAG and left out of the length
 * in the header, or in their place if @counted.
 */
static void raw_trailing(struct baton_blob_raw *r, u32 counted)
{
	if (counted)
		raw_drop(r, BATON_BLOB_SEC_TAG);
	r->trailing = 4;
	if (!counted)
		put_unaligned_be32(baton_blob_raw_put(r, NULL) - 4, r->hdr + 8);
}

static void raw_flags(struct baton_blob_raw *r, u32 type)
{
	r->secs[baton_blob_raw_find(r, type)].flags = 1;
}

static const u8 raw_extra[] = "extra";

/* A section of @type, with a value of 5 bytes, before the TAG. */
static void raw_insert(struct baton_blob_raw *r, u32 type)
{
	baton_blob_raw_add(r, r->nr_secs - 1, type, raw_extra, 5);
}

/* The same, after the TAG. */
static void raw_append(struct baton_blob_raw *r, u32 type)
{
	baton_blob_raw_add(r, r->nr_secs, type, raw_extra, 5);
}

static void raw_dup(struct baton_blob_raw *r, u32 type)
{
	unsigned int i = baton_blob_raw_find(r, type);

	baton_blob_raw_add(r, i + 1, type, r->secs[i].val, r->secs[i].len);
}

static void raw_shorten(struct baton_blob_raw *r, u32 type)
{
	r->secs[baton_blob_raw_find(r, type)].len -= 4;
}

/* RECV_DATA says @len; with no value at all if longer than it was. */
static void raw_recv_len(struct baton_blob_raw *r, u32 len)
{
	struct baton_blob_raw_sec *sec;

	sec = &r->secs[baton_blob_raw_find(r, BATON_BLOB_SEC_RECV_DATA)];
	if (len > sec->len)
		sec->val = NULL;
	sec->len = len;
}

static void raw_bad_pad(struct baton_blob_raw *r, u32 type)
{
	r->secs[baton_blob_raw_find(r, type)].pad = 0xff;
}

/* The first section and section @i change places. */
static void raw_swap(struct baton_blob_raw *r, u32 i)
{
	struct baton_blob_raw_sec sec = r->secs[0];

	r->secs[0] = r->secs[i];
	r->secs[i] = sec;
}

/*
 * No TAG, and a last section of @len bytes without padding: 3 bytes of
 * value if @len is 3 at most, else none.
 */
static void raw_tail(struct baton_blob_raw *r, u32 len)
{
	raw_drop(r, BATON_BLOB_SEC_TAG);
	raw_append(r, 0x0077);
	r->secs[r->nr_secs - 1].len = len;
	r->secs[r->nr_secs - 1].no_pad = true;
	if (len > 3)
		r->secs[r->nr_secs - 1].val = NULL;
}

#define V6			.family = AF_INET6
#define SET(f, v)		.field = (f), .value = (v)
#define PATCH(w, o, s, v)	.patch = { .where = (w), .off = (o), \
					   .size = (s), .value = (v) }
#define RAW(f, a)		.raw = (f), .arg = (a)
#define REFUSE(e, w)		.err = (e), .why = (w)

/* Every reason baton_blob_decode() gives, and what it accepts at the edges. */
const struct baton_blob_case baton_blob_cases[] = {
	{ .name = "IPv4 with data, every option, wrapping sequence numbers" },
	{ .name = "IPv6 without data, SACK and FIN", V6 },
	{ .name = "unknown non-critical section", RAW(raw_insert, 0x0077) },
	{ .name = "sections in another order", RAW(raw_swap, 2) },
	{ .name = "smallest MSS clamp",
	  SET(F_TCP_MSS_CLAMP, BATON_BLOB_MSS_MIN) },
	{ .name = "most bytes in flight",
	  SET(F_TCP_SND_NXT, V4_SND_UNA + BATON_BLOB_INFLIGHT_MAX) },
	{ .name = "widest receive window",
	  SET(F_TCP_RCV_WND, 65535U << V4_RCV_WSCALE) },
	{ .name = "snd_wl1 at the receive window's edge",
	  SET(F_TCP_SND_WL1, V4_RCV_NXT + V4_RCV_WND) },
	{ .name = "rcv_wup at rcv_nxt", SET(F_TCP_RCV_WUP, V4_RCV_NXT) },
	{ .name = "widest flow label", V6, SET(F_IP_FLOW_LABEL, 0xfffff) },

	{ .name = "header cut short", RAW(raw_cut, BATON_BLOB_HDR_LEN - 1),
	  REFUSE(-EINVAL, "truncated header") },
	{ .name = "bad magic", PATCH(HDR, 0, 4, 0x42544e41),
	  REFUSE(-EINVAL, "bad magic") },
	{ .name = "version 2", PATCH(HDR, 4, 2, 2),
	  REFUSE(-EPROTONOSUPPORT, "unsupported version") },
	{ .name = "version 0", PATCH(HDR, 4, 2, 0),
	  REFUSE(-EPROTONOSUPPORT, "unsupported version") },
	{ .name = "header flags", PATCH(HDR, 6, 2, 0x8000),
	  REFUSE(-EPROTONOSUPPORT, "unsupported header flags") },
	{ .name = "header reserved field", PATCH(HDR, 12, 4, 1),
	  REFUSE(-EINVAL, "nonzero reserved field in header") },
	{ .name = "header length over the limit",
	  PATCH(HDR, 8, 4, BATON_BLOB_LEN_MAX + 1),
	  REFUSE(-E2BIG, "blob too long") },
	{ .name = "header length short", PATCH(HDR, 8, 4, BATON_BLOB_HDR_LEN),
	  REFUSE(-EINVAL, "length in header does not match") },
	{ .name = "trailing bytes", RAW(raw_trailing, false),
	  REFUSE(-EINVAL, "length in header does not match") },
	{ .name = "trailing bytes instead of TAG", RAW(raw_trailing, true),
	  REFUSE(-EINVAL, "truncated section header") },

	{ .name = "section flags", RAW(raw_flags, IP),
	  REFUSE(-EINVAL, "nonzero section flags") },
	{ .name = "unknown critical section", RAW(raw_insert, 0x8077),
	  REFUSE(-EPROTONOSUPPORT, "unknown critical section") },
	{ .name = "FLOW twice", RAW(raw_dup, FLOW),
	  REFUSE(-EINVAL, "duplicate FLOW section") },
	{ .name = "IP twice", RAW(raw_dup, IP),
	  REFUSE(-EINVAL, "duplicate IP section") },
	{ .name = "TCP twice", RAW(raw_dup, TCP),
	  REFUSE(-EINVAL, "duplicate TCP section") },
	{ .name = "RECV_DATA twice", RAW(raw_dup, RECV_DATA),
	  REFUSE(-EINVAL, "duplicate RECV_DATA section") },
	{ .name = "short FLOW", RAW(raw_shorten, FLOW),
	  REFUSE(-EINVAL, "bad FLOW section length") },
	{ .name = "short IP", RAW(raw_shorten, IP),
	  REFUSE(-EINVAL, "bad IP section length") },
	{ .name = "short TCP", RAW(raw_shorten, TCP),
	  REFUSE(-EINVAL, "bad TCP section length") },
	{ .name = "short TAG", RAW(raw_shorten, TAG),
	  REFUSE(-EINVAL, "bad TAG section length") },
	{ .name = "empty RECV_DATA", RAW(raw_recv_len, 0),
	  REFUSE(-EINVAL, "empty RECV_DATA section") },
	{ .name = "RECV_DATA over the limit",
	  RAW(raw_recv_len, BATON_BLOB_DATA_MAX + 1),
	  REFUSE(-E2BIG, "receive data too long") },
	{ .name = "RECV_DATA longer than the blob", RAW(raw_recv_len, 64),
	  REFUSE(-EINVAL, "truncated section") },
	{ .name = "last section cut short", RAW(raw_tail, 64),
	  REFUSE(-EINVAL, "truncated section") },
	{ .name = "last section without padding", RAW(raw_tail, 3),
	  REFUSE(-EINVAL, "truncated padding") },
	{ .name = "nonzero padding", RAW(raw_bad_pad, RECV_DATA),
	  REFUSE(-EINVAL, "nonzero padding") },
	{ .name = "section after TAG", RAW(raw_append, 0x0077),
	  REFUSE(-EINVAL, "section after TAG") },
	{ .name = "no FLOW", RAW(raw_drop, FLOW),
	  REFUSE(-EINVAL, "missing FLOW section") },
	{ .name = "no IP", RAW(raw_drop, IP),
	  REFUSE(-EINVAL, "missing IP section") },
	{ .name = "no TCP", RAW(raw_drop, TCP),
	  REFUSE(-EINVAL, "missing TCP section") },
	{ .name = "no TAG", RAW(raw_drop, TAG),
	  REFUSE(-EINVAL, "missing TAG section") },
	{ .name = "FLOW reserved field", PATCH(FLOW, 11, 1, 1),
	  REFUSE(-EINVAL, "nonzero reserved field in FLOW section") },
	{ .name = "IP reserved field", PATCH(IP, 2, 2, 1),
	  REFUSE(-EINVAL, "nonzero reserved field in IP section") },
	{ .name = "TCP reserved field", PATCH(TCP, 38, 2, 1),
	  REFUSE(-EINVAL, "nonzero reserved field in TCP section") },
	{ .name = "family 0 on the wire", PATCH(FLOW, 8, 1, 0),
	  REFUSE(-EINVAL, "bad address family") },

	{ .name = "family 5", SET(F_FLOW_FAMILY, 5),
	  REFUSE(-EINVAL, "bad address family") },
	{ .name = "flow ID 0", SET(F_FLOW_ID, 0),
	  REFUSE(-EINVAL, "flow ID 0") },
	{ .name = "client port 0", SET(F_FLOW_CLIENT_PORT, 0),
	  REFUSE(-EINVAL, "port 0") },
	{ .name = "VIP port 0", SET(F_FLOW_VIP_PORT, 0),
	  REFUSE(-EINVAL, "port 0") },
	{ .name = "IPv6 client in an IPv4 flow", SET(F_FLOW_CLIENT, ADDR_V6),
	  REFUSE(-EINVAL, "IPv4 flow with an IPv6 address") },
	{ .name = "v4-mapped VIP in an IPv6 flow", V6,
	  SET(F_FLOW_VIP, ADDR_V4_MAPPED),
	  REFUSE(-EINVAL, "IPv6 flow with a v4-mapped address") },
	{ .name = "IPv4 forwarder 0.0.0.0", SET(F_FLOW_FORWARDER, ADDR_V4_ANY),
	  REFUSE(-EINVAL, "unspecified address") },
	{ .name = "IPv6 client ::", V6, SET(F_FLOW_CLIENT, ADDR_V6_ANY),
	  REFUSE(-EINVAL, "unspecified address") },
	{ .name = "IPv4 multicast VIP", SET(F_FLOW_VIP, ADDR_V4_MCAST),
	  REFUSE(-EINVAL, "multicast address") },
	{ .name = "IPv6 multicast forwarder", V6,
	  SET(F_FLOW_FORWARDER, ADDR_V6_MCAST),
	  REFUSE(-EINVAL, "multicast address") },
	{ .name = "TTL 0", SET(F_IP_TTL, 0), REFUSE(-EINVAL, "TTL 0") },
	{ .name = "IPv4 flow label", SET(F_IP_FLOW_LABEL, 1),
	  REFUSE(-EINVAL, "flow label on an IPv4 flow") },
	{ .name = "21-bit flow label", V6, SET(F_IP_FLOW_LABEL, 0x100000),
	  REFUSE(-EINVAL, "flow label over 20 bits") },
	{ .name = "unknown TCP option", SET(F_TCP_OPTIONS, 0x0017),
	  REFUSE(-EINVAL, "unknown TCP option flags") },
	{ .name = "snd_wscale 15", SET(F_TCP_SND_WSCALE, 15),
	  REFUSE(-EINVAL, "window scale over 14") },
	{ .name = "rcv_wscale 15", SET(F_TCP_RCV_WSCALE, 15),
	  REFUSE(-EINVAL, "window scale over 14") },
	{ .name = "window scales without WSCALE",
	  SET(F_TCP_OPTIONS,
	      BATON_BLOB_TCP_SACK_OK | BATON_BLOB_TCP_TIMESTAMPS),
	  REFUSE(-EINVAL, "window scale without window scaling") },
	{ .name = "rcv_wscale without WSCALE", V6, SET(F_TCP_RCV_WSCALE, 3),
	  REFUSE(-EINVAL, "window scale without window scaling") },
	{ .name = "timestamps without TIMESTAMPS",
	  SET(F_TCP_OPTIONS, BATON_BLOB_TCP_SACK_OK | BATON_BLOB_TCP_WSCALE),
	  REFUSE(-EINVAL, "timestamp values without timestamps") },
	{ .name = "ts_recent without TIMESTAMPS", V6, SET(F_TCP_TS_RECENT, 1),
	  REFUSE(-EINVAL, "timestamp values without timestamps") },
	{ .name = "MSS clamp under the minimum",
	  SET(F_TCP_MSS_CLAMP, BATON_BLOB_MSS_MIN - 1),
	  REFUSE(-EINVAL, "MSS clamp too small") },
	{ .name = "snd_nxt before snd_una", SET(F_TCP_SND_NXT, V4_SND_UNA - 1),
	  REFUSE(-EINVAL, "sequence numbers out of order") },
	{ .name = "too much in flight",
	  SET(F_TCP_SND_NXT, V4_SND_UNA + BATON_BLOB_INFLIGHT_MAX + 1),
	  REFUSE(-EINVAL, "too many bytes in flight") },
	{ .name = "snd_wnd over max_window",
	  SET(F_TCP_SND_WND, (65535U << V4_SND_WSCALE) + 1),
	  REFUSE(-EINVAL, "snd_wnd over max_window") },
	{ .name = "max_window over its scale",
	  SET(F_TCP_MAX_WINDOW, (65535U << V4_SND_WSCALE) + 1),
	  REFUSE(-EINVAL, "send window over its scale") },
	{ .name = "rcv_wnd over its scale",
	  SET(F_TCP_RCV_WND, (65535U << V4_RCV_WSCALE) + 1),
	  REFUSE(-EINVAL, "receive window over its scale") },
	{ .name = "snd_wl1 past the receive window",
	  SET(F_TCP_SND_WL1, V4_RCV_NXT + V4_RCV_WND + 1),
	  REFUSE(-EINVAL, "snd_wl1 beyond the receive window") },
	{ .name = "rcv_wup after rcv_nxt", SET(F_TCP_RCV_WUP, V4_RCV_NXT + 1),
	  REFUSE(-EINVAL, "rcv_wup after rcv_nxt") },
};

const unsigned int baton_blob_nr_cases = ARRAY_SIZE(baton_blob_cases);

/**
 * baton_blob_case_build() - write the blob of a case
 * @c: the case
 * @b: set to the connection of the case
 * @buf: where to write its blob
 * @room: bytes at @buf, BATON_BLOB_TEST_ROOM
 *
 * Return: the length of the blob, or 0 if @room is too short.
 */
size_t baton_blob_case_build(const struct baton_blob_case *c,
			     struct baton_blob *b, u8 *buf, size_t room)
{
	struct baton_blob_raw r;

	baton_blob_test_fill(b, c->family);
	if (c->field)
		baton_blob_field_set(b, c->field, c->value);
	baton_blob_raw_init(&r, b);
	if (c->patch.size)
		baton_blob_wire_put(baton_blob_raw_value(&r, c->patch.where) +
				    c->patch.off, c->patch.size,
				    c->patch.value);
	if (c->raw)
		c->raw(&r, c->arg);
	return baton_blob_raw_write(&r, buf, room);
}

/**
 * baton_blob_case_values_only() - whether a case changes only values
 * @c: the case
 *
 * Return: true if @c changes only the connection, so that
 * baton_blob_encode() of it returns the error @c->err, or writes the
 * same blob as baton_blob_case_build() if @c->err is 0.
 */
bool baton_blob_case_values_only(const struct baton_blob_case *c)
{
	return !c->patch.size && !c->raw;
}

/**
 * baton_blob_test_equal() - whether two connections are the same
 * @a: one
 * @b: the other
 *
 * Return: true if every field is equal, and the data (not its address).
 */
bool baton_blob_test_equal(const struct baton_blob *a,
			   const struct baton_blob *b)
{
	const struct baton_blob_field *f;
	unsigned int i;

	for (i = F_NONE + 1; i < NR_FIELDS; i++) {
		f = &baton_blob_fields[i];
		if (f->size == 16 ?
		    memcmp((const u8 *)a + f->member,
			   (const u8 *)b + f->member, 16) :
		    baton_blob_field_get(a, i) != baton_blob_field_get(b, i))
			return false;
	}
	return a->data_len == b->data_len &&
	       (!a->data_len || !memcmp(a->data, b->data, a->data_len));
}
