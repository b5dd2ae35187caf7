// SPDX-License-Identifier: GPL-2.0
/*
 * baton_tunnel: the migration blob codec.
 *
 * Plain C with no kernel-only calls: this file builds into baton_tunnel
 * and, with <baton/compat.h> standing in for the kernel, into the
 * userspace unit test and fuzz target (fuzz/).  The wire format is
 * described in <uapi/linux/baton.h>.
 *
 * Decoding walks the sections once.  Each one is checked for its length,
 * its padding and its reserved fields as it is read; once all are read,
 * the values are checked against each other by the same function that
 * encoding runs first.  Every read is within a length checked against
 * the buffer, and every section moves the walk forward by at least its
 * own header.
 */
#include <baton/blob.h>

/* Index of each section of version 1, in the order encoding writes them. */
enum {
	BATON_BLOB_FLOW,
	BATON_BLOB_IP,
	BATON_BLOB_TCP,
	BATON_BLOB_RECV_DATA,
	BATON_BLOB_TAG,
	BATON_BLOB_NR_SECS,
};

/**
 * struct baton_blob_sec - a section type known to this version
 * @type: BATON_BLOB_SEC_*
 * @len: length of its value, or 0 if it varies (RECV_DATA)
 * @dup: reason to refuse a second one (TAG ends the blob: none)
 * @bad_len: reason to refuse a value of another length
 * @reserved: reason to refuse a value with a reserved field set
 * @missing: reason to refuse a blob without one, or NULL if optional
 */
struct baton_blob_sec {
	u16 type;
	u32 len;
	const char *dup;
	const char *bad_len;
	const char *reserved;
	const char *missing;
};

static const struct baton_blob_sec baton_blob_secs[BATON_BLOB_NR_SECS] = {
	[BATON_BLOB_FLOW] = {
		.type = BATON_BLOB_SEC_FLOW,
		.len = BATON_BLOB_FLOW_LEN,
		.dup = "duplicate FLOW section",
		.bad_len = "bad FLOW section length",
		.reserved = "nonzero reserved field in FLOW section",
		.missing = "missing FLOW section",
	},
	[BATON_BLOB_IP] = {
		.type = BATON_BLOB_SEC_IP,
		.len = BATON_BLOB_IP_LEN,
		.dup = "duplicate IP section",
		.bad_len = "bad IP section length",
		.reserved = "nonzero reserved field in IP section",
		.missing = "missing IP section",
	},
	[BATON_BLOB_TCP] = {
		.type = BATON_BLOB_SEC_TCP,
		.len = BATON_BLOB_TCP_LEN,
		.dup = "duplicate TCP section",
		.bad_len = "bad TCP section length",
		.reserved = "nonzero reserved field in TCP section",
		.missing = "missing TCP section",
	},
	[BATON_BLOB_RECV_DATA] = {
		.type = BATON_BLOB_SEC_RECV_DATA,
		.dup = "duplicate RECV_DATA section",
		.bad_len = "empty RECV_DATA section",
	},
	[BATON_BLOB_TAG] = {
		.type = BATON_BLOB_SEC_TAG,
		.len = BATON_BLOB_TAG_LEN,
		.bad_len = "bad TAG section length",
		.missing = "missing TAG section",
	},
};

/* The prefix of an IPv4-mapped IPv6 address, ::ffff:0.0.0.0/96. */
static const u8 baton_blob_v4mapped[12] = { [10] = 0xff, [11] = 0xff };

static const u8 baton_blob_zero[16];

/* Bytes a value of @len takes on the wire, with its padding. */
static size_t baton_blob_padded(size_t len)
{
	return (len + BATON_BLOB_ALIGN - 1) & ~(size_t)(BATON_BLOB_ALIGN - 1);
}

/* Sequence number @a is after @b, modulo 2^32 (the stack's after()). */
static bool baton_blob_seq_after(u32 a, u32 b)
{
	return (s32)(b - a) < 0;
}

static const char *baton_blob_check_addr(const u8 *addr, u8 family)
{
	bool mapped = !memcmp(addr, baton_blob_v4mapped,
			      sizeof(baton_blob_v4mapped));

	if (family == AF_INET) {
		if (!mapped)
			return "IPv4 flow with an IPv6 address";
		if (!get_unaligned_be32(addr + 12))
			return "unspecified address";
		if ((addr[12] & 0xf0) == 0xe0)
			return "multicast address";
	} else {
		if (mapped)
			return "IPv6 flow with a v4-mapped address";
		if (!memcmp(addr, baton_blob_zero, sizeof(baton_blob_zero)))
			return "unspecified address";
		if (addr[0] == 0xff)
			return "multicast address";
	}
	return NULL;
}

static const char *baton_blob_check_flow(const struct baton_blob_flow *f)
{
	const char *why;

	if (f->family != AF_INET && f->family != AF_INET6)
		return "bad address family";
	if (!f->id)
		return "flow ID 0";
	if (!f->client_port || !f->vip_port)
		return "port 0";
	why = baton_blob_check_addr(f->client, f->family);
	if (!why)
		why = baton_blob_check_addr(f->vip, f->family);
	if (!why)
		why = baton_blob_check_addr(f->forwarder, f->family);
	return why;
}

static const char *baton_blob_check_ip(const struct baton_blob_ip *ip,
				       u8 family)
{
	if (!ip->ttl)
		return "TTL 0";
	if (family == AF_INET && ip->flow_label)
		return "flow label on an IPv4 flow";
	if (ip->flow_label > 0xfffff)
		return "flow label over 20 bits";
	return NULL;
}

static const char *baton_blob_check_tcp(const struct baton_blob_tcp *t)
{
	const u16 known = BATON_BLOB_TCP_SACK_OK | BATON_BLOB_TCP_TIMESTAMPS |
			  BATON_BLOB_TCP_WSCALE | BATON_BLOB_TCP_FIN_RCVD;

	if (t->options & ~known)
		return "unknown TCP option flags";
	if (t->snd_wscale > BATON_BLOB_WSCALE_MAX ||
	    t->rcv_wscale > BATON_BLOB_WSCALE_MAX)
		return "window scale over 14";
	if (!(t->options & BATON_BLOB_TCP_WSCALE) &&
	    (t->snd_wscale || t->rcv_wscale))
		return "window scale without window scaling";
	if (!(t->options & BATON_BLOB_TCP_TIMESTAMPS) &&
	    (t->ts_offset || t->ts_recent))
		return "timestamp values without timestamps";
	if (t->mss_clamp < BATON_BLOB_MSS_MIN)
		return "MSS clamp too small";
	if (baton_blob_seq_after(t->snd_una, t->snd_nxt))
		return "sequence numbers out of order";
	if (t->snd_nxt - t->snd_una > BATON_BLOB_INFLIGHT_MAX)
		return "too many bytes in flight";
	/* As tcp_repair_set_window() checks, and the window shifts allow. */
	if (t->snd_wnd > t->max_window)
		return "snd_wnd over max_window";
	if (t->max_window > 65535U << t->snd_wscale)
		return "send window over its scale";
	if (t->rcv_wnd > 65535U << t->rcv_wscale)
		return "receive window over its scale";
	if (baton_blob_seq_after(t->snd_wl1, t->rcv_nxt + t->rcv_wnd))
		return "snd_wl1 beyond the receive window";
	if (baton_blob_seq_after(t->rcv_wup, t->rcv_nxt))
		return "rcv_wup after rcv_nxt";
	return NULL;
}

/* The rules on values, for encoding and for what decoding has read. */
static int baton_blob_check(const struct baton_blob *b, const char **why)
{
	if (b->data_len > BATON_BLOB_DATA_MAX) {
		*why = "receive data too long";
		return -E2BIG;
	}
	if (b->data_len && !b->data) {
		*why = "receive data without a buffer";
		return -EINVAL;
	}
	*why = baton_blob_check_flow(&b->flow);
	if (!*why)
		*why = baton_blob_check_ip(&b->ip, b->flow.family);
	if (!*why)
		*why = baton_blob_check_tcp(&b->tcp);
	return *why ? -EINVAL : 0;
}

static void baton_blob_put_flow(u8 *v, const struct baton_blob_flow *f)
{
	put_unaligned_be32(f->id, v);
	put_unaligned_be16(f->client_port, v + 4);
	put_unaligned_be16(f->vip_port, v + 6);
	v[8] = f->family == AF_INET ? BATON_BLOB_FAMILY_IPV4 :
				      BATON_BLOB_FAMILY_IPV6;
	memcpy(v + 12, f->client, 16);
	memcpy(v + 28, f->vip, 16);
	memcpy(v + 44, f->forwarder, 16);
}

/* Return: false if a reserved field is set. */
static bool baton_blob_get_flow(const u8 *v, struct baton_blob_flow *f)
{
	f->id = get_unaligned_be32(v);
	f->client_port = get_unaligned_be16(v + 4);
	f->vip_port = get_unaligned_be16(v + 6);
	/* Any other family stays 0, which baton_blob_check() refuses. */
	if (v[8] == BATON_BLOB_FAMILY_IPV4)
		f->family = AF_INET;
	else if (v[8] == BATON_BLOB_FAMILY_IPV6)
		f->family = AF_INET6;
	memcpy(f->client, v + 12, 16);
	memcpy(f->vip, v + 28, 16);
	memcpy(f->forwarder, v + 44, 16);
	return !(v[9] | v[10] | v[11]);
}

static void baton_blob_put_ip(u8 *v, const struct baton_blob_ip *ip)
{
	v[0] = ip->tos;
	v[1] = ip->ttl;
	put_unaligned_be32(ip->flow_label, v + 4);
}

static bool baton_blob_get_ip(const u8 *v, struct baton_blob_ip *ip)
{
	ip->tos = v[0];
	ip->ttl = v[1];
	ip->flow_label = get_unaligned_be32(v + 4);
	return !get_unaligned_be16(v + 2);
}

static void baton_blob_put_tcp(u8 *v, const struct baton_blob_tcp *t)
{
	put_unaligned_be32(t->snd_una, v);
	put_unaligned_be32(t->snd_nxt, v + 4);
	put_unaligned_be32(t->rcv_nxt, v + 8);
	put_unaligned_be32(t->snd_wl1, v + 12);
	put_unaligned_be32(t->snd_wnd, v + 16);
	put_unaligned_be32(t->max_window, v + 20);
	put_unaligned_be32(t->rcv_wnd, v + 24);
	put_unaligned_be32(t->rcv_wup, v + 28);
	put_unaligned_be16(t->mss_clamp, v + 32);
	v[34] = t->snd_wscale;
	v[35] = t->rcv_wscale;
	put_unaligned_be16(t->options, v + 36);
	put_unaligned_be32(t->ts_offset, v + 40);
	put_unaligned_be32(t->ts_recent, v + 44);
}

static bool baton_blob_get_tcp(const u8 *v, struct baton_blob_tcp *t)
{
	t->snd_una = get_unaligned_be32(v);
	t->snd_nxt = get_unaligned_be32(v + 4);
	t->rcv_nxt = get_unaligned_be32(v + 8);
	t->snd_wl1 = get_unaligned_be32(v + 12);
	t->snd_wnd = get_unaligned_be32(v + 16);
	t->max_window = get_unaligned_be32(v + 20);
	t->rcv_wnd = get_unaligned_be32(v + 24);
	t->rcv_wup = get_unaligned_be32(v + 28);
	t->mss_clamp = get_unaligned_be16(v + 32);
	t->snd_wscale = v[34];
	t->rcv_wscale = v[35];
	t->options = get_unaligned_be16(v + 36);
	t->ts_offset = get_unaligned_be32(v + 40);
	t->ts_recent = get_unaligned_be32(v + 44);
	return !get_unaligned_be16(v + 38);
}

/* Bytes a section with a value of @len takes, header and padding included. */
static size_t baton_blob_sec_size(size_t len)
{
	return BATON_BLOB_SEC_HDR_LEN + baton_blob_padded(len);
}

/**
 * baton_blob_size() - bytes needed to encode a blob
 * @b: the connection
 *
 * Return: the size of the blob baton_blob_encode() writes for @b, or 0
 * if its receive data is longer than BATON_BLOB_DATA_MAX.
 */
size_t baton_blob_size(const struct baton_blob *b)
{
	size_t size;

	if (b->data_len > BATON_BLOB_DATA_MAX)
		return 0;
	size = BATON_BLOB_HDR_LEN + baton_blob_sec_size(BATON_BLOB_FLOW_LEN) +
	       baton_blob_sec_size(BATON_BLOB_IP_LEN) +
	       baton_blob_sec_size(BATON_BLOB_TCP_LEN) +
	       baton_blob_sec_size(BATON_BLOB_TAG_LEN);
	if (b->data_len)
		size += baton_blob_sec_size(b->data_len);
	return size;
}
EXPORT_SYMBOL_GPL(baton_blob_size);

/* Write a section header at *@off; return its value, and move past it. */
static u8 *baton_blob_put_sec(u8 *buf, size_t *off, unsigned int i, u32 len)
{
	u8 *hdr = buf + *off;

	put_unaligned_be16(baton_blob_secs[i].type, hdr);
	put_unaligned_be32(len, hdr + 4);
	*off += baton_blob_sec_size(len);
	return hdr + BATON_BLOB_SEC_HDR_LEN;
}

/**
 * baton_blob_encode() - write a blob
 * @b: the connection; its values must follow the rules of the wire format
 * @buf: where to write the blob
 * @len: room at @buf, at least baton_blob_size(@b)
 * @tag_off: set to the offset of the tag, which is left zero: the caller
 *	computes it over the @tag_off bytes before it
 *
 * Return: the length of the blob written, -EINVAL if a value of @b is
 * invalid, -E2BIG if its receive data is too long or -ENOSPC if @len is
 * too short.
 */
int baton_blob_encode(const struct baton_blob *b, u8 *buf, size_t len,
		      size_t *tag_off)
{
	size_t size, off = BATON_BLOB_HDR_LEN;
	const char *why;
	int err;

	err = baton_blob_check(b, &why);
	if (err)
		return err;
	size = baton_blob_size(b);
	if (len < size)
		return -ENOSPC;

	memset(buf, 0, size);
	put_unaligned_be32(BATON_BLOB_MAGIC, buf);
	put_unaligned_be16(BATON_BLOB_VERSION, buf + 4);
	put_unaligned_be32((u32)size, buf + 8);
	baton_blob_put_flow(baton_blob_put_sec(buf, &off, BATON_BLOB_FLOW,
					       BATON_BLOB_FLOW_LEN), &b->flow);
	baton_blob_put_ip(baton_blob_put_sec(buf, &off, BATON_BLOB_IP,
					     BATON_BLOB_IP_LEN), &b->ip);
	baton_blob_put_tcp(baton_blob_put_sec(buf, &off, BATON_BLOB_TCP,
					      BATON_BLOB_TCP_LEN), &b->tcp);
	if (b->data_len)
		memcpy(baton_blob_put_sec(buf, &off, BATON_BLOB_RECV_DATA,
					  b->data_len), b->data, b->data_len);
	*tag_off = baton_blob_put_sec(buf, &off, BATON_BLOB_TAG,
				      BATON_BLOB_TAG_LEN) - buf;
	return (int)size;
}
EXPORT_SYMBOL_GPL(baton_blob_encode);

/**
 * struct baton_blob_reader - the state of a decoding walk
 * @buf: the blob
 * @len: its length, as its header says
 * @off: offset of the next section
 * @seen: bit i set once section baton_blob_secs[i] has been read
 * @tag_off: offset of the tag, once TAG has been read
 * @why: reason for refusing the blob
 */
struct baton_blob_reader {
	const u8 *buf;
	size_t len;
	size_t off;
	unsigned int seen;
	size_t tag_off;
	const char *why;
};

static int baton_blob_refuse(struct baton_blob_reader *r, int err,
			     const char *why)
{
	r->why = why;
	return err;
}

static int baton_blob_read_header(struct baton_blob_reader *r)
{
	const u8 *hdr = r->buf;
	u32 total;

	if (r->len < BATON_BLOB_HDR_LEN)
		return baton_blob_refuse(r, -EINVAL, "truncated header");
	if (get_unaligned_be32(hdr) != BATON_BLOB_MAGIC)
		return baton_blob_refuse(r, -EINVAL, "bad magic");
	if (get_unaligned_be16(hdr + 4) != BATON_BLOB_VERSION)
		return baton_blob_refuse(r, -EPROTONOSUPPORT,
					 "unsupported version");
	if (get_unaligned_be16(hdr + 6))
		return baton_blob_refuse(r, -EPROTONOSUPPORT,
					 "unsupported header flags");
	if (get_unaligned_be32(hdr + 12))
		return baton_blob_refuse(r, -EINVAL,
					 "nonzero reserved field in header");
	total = get_unaligned_be32(hdr + 8);
	if (total > BATON_BLOB_LEN_MAX)
		return baton_blob_refuse(r, -E2BIG, "blob too long");
	if (total != r->len)
		return baton_blob_refuse(r, -EINVAL,
					 "length in header does not match");
	r->off = BATON_BLOB_HDR_LEN;
	return 0;
}

static unsigned int baton_blob_sec_index(u16 type)
{
	unsigned int i;

	for (i = 0; i < BATON_BLOB_NR_SECS; i++)
		if (baton_blob_secs[i].type == type)
			break;
	return i;
}

/* Refuse a section of type @i before reading its value of @len. */
static int baton_blob_check_sec(struct baton_blob_reader *r, unsigned int i,
				u32 len)
{
	const struct baton_blob_sec *sec = &baton_blob_secs[i];

	if (r->seen & 1U << i)
		return baton_blob_refuse(r, -EINVAL, sec->dup);
	if (sec->len ? len != sec->len : !len)
		return baton_blob_refuse(r, -EINVAL, sec->bad_len);
	/* Only the length of RECV_DATA varies, up to its limit. */
	if (len > BATON_BLOB_DATA_MAX)
		return baton_blob_refuse(r, -E2BIG, "receive data too long");
	return 0;
}

/* Read the section at r->off into @b, and move r->off past it. */
static int baton_blob_read_sec(struct baton_blob_reader *r,
			       struct baton_blob *b)
{
	const u8 *hdr = r->buf + r->off;
	size_t left = r->len - r->off;
	unsigned int i;
	bool ok = true;
	size_t padded;
	const u8 *v;
	u16 type;
	u32 len;
	int err;

	if (left < BATON_BLOB_SEC_HDR_LEN)
		return baton_blob_refuse(r, -EINVAL,
					 "truncated section header");
	type = get_unaligned_be16(hdr);
	len = get_unaligned_be32(hdr + 4);
	if (get_unaligned_be16(hdr + 2))
		return baton_blob_refuse(r, -EINVAL, "nonzero section flags");

	i = baton_blob_sec_index(type);
	if (i < BATON_BLOB_NR_SECS) {
		err = baton_blob_check_sec(r, i, len);
		if (err)
			return err;
	} else if (type & BATON_BLOB_SEC_CRITICAL) {
		return baton_blob_refuse(r, -EPROTONOSUPPORT,
					 "unknown critical section");
	}

	/* @left is at most BATON_BLOB_LEN_MAX: no overflow below. */
	left -= BATON_BLOB_SEC_HDR_LEN;
	if (len > left)
		return baton_blob_refuse(r, -EINVAL, "truncated section");
	padded = baton_blob_padded(len);
	if (padded > left)
		return baton_blob_refuse(r, -EINVAL, "truncated padding");
	v = hdr + BATON_BLOB_SEC_HDR_LEN;
	if (memcmp(v + len, baton_blob_zero, padded - len))
		return baton_blob_refuse(r, -EINVAL, "nonzero padding");
	r->off += BATON_BLOB_SEC_HDR_LEN + padded;

	switch (i) {
	case BATON_BLOB_FLOW:
		ok = baton_blob_get_flow(v, &b->flow);
		break;
	case BATON_BLOB_IP:
		ok = baton_blob_get_ip(v, &b->ip);
		break;
	case BATON_BLOB_TCP:
		ok = baton_blob_get_tcp(v, &b->tcp);
		break;
	case BATON_BLOB_RECV_DATA:
		b->data = v;
		b->data_len = len;
		break;
	case BATON_BLOB_TAG:
		if (r->off != r->len)
			return baton_blob_refuse(r, -EINVAL,
						 "section after TAG");
		r->tag_off = v - r->buf;
		break;
	default:
		/* Unknown and not critical: skipped. */
		return 0;
	}
	if (!ok)
		return baton_blob_refuse(r, -EINVAL,
					 baton_blob_secs[i].reserved);
	r->seen |= 1U << i;
	return 0;
}

/**
 * baton_blob_decode() - read and check a blob
 * @buf: the blob, untrusted
 * @len: its length
 * @b: set to the connection it carries; @b->data points into @buf.
 *	Undefined if the blob is refused.
 * @tag_off: set to the offset of the tag, for the caller to check it
 *	against the @tag_off bytes before it
 * @why: set to a short static reason if the blob is refused, else NULL
 *
 * The tag is not checked: that is the caller's job.
 *
 * Return: 0, -EINVAL if the blob is malformed or carries an invalid value,
 * -EPROTONOSUPPORT if it has another version, a header flag or a critical
 * section that this version does not know, or -E2BIG if it or its receive
 * data is too long.
 */
int baton_blob_decode(const u8 *buf, size_t len, struct baton_blob *b,
		      size_t *tag_off, const char **why)
{
	struct baton_blob_reader r = { .buf = buf, .len = len };
	unsigned int i;
	int err;

	memset(b, 0, sizeof(*b));
	err = baton_blob_read_header(&r);
	while (!err && r.off < r.len)
		err = baton_blob_read_sec(&r, b);
	for (i = 0; !err && i < BATON_BLOB_NR_SECS; i++)
		if (baton_blob_secs[i].missing && !(r.seen & 1U << i))
			err = baton_blob_refuse(&r, -EINVAL,
						baton_blob_secs[i].missing);
	if (!err)
		err = baton_blob_check(b, &r.why);
	*why = r.why;
	if (!err)
		*tag_off = r.tag_off;
	return err;
}
EXPORT_SYMBOL_GPL(baton_blob_decode);
