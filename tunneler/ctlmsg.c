// SPDX-License-Identifier: GPL-2.0
/*
 * baton_tunnel: the control-channel frame codec.
 *
 * Plain C with no kernel-only calls: this file builds into baton_tunnel
 * and, with <baton/compat.h> standing in for the kernel, into the
 * userspace unit test and fuzz target (fuzz/).  The wire format is
 * described in <uapi/linux/baton.h>, and in short in <baton/ctlmsg.h>.
 *
 * The header of a frame says how long the frame is, and the type bounds
 * that length, so a reader checks the header before it keeps any more of
 * the frame: a peer can make it hold at most BATON_CTL_FRAME_MAX bytes,
 * and only with a header that passed every check.  The payload is then
 * checked by the same function that encoding runs first.
 */
#include <baton/ctlmsg.h>

#ifndef __KERNEL__
#include <assert.h>
#endif

/**
 * struct baton_ctl_type_info - a frame type known to this version
 * @min: shortest payload
 * @max: longest payload
 * @too_short: reason to refuse a payload under @min
 * @too_long: reason to refuse a payload over @max
 * @long_err: error for a payload over @max
 * @reserved: reason to refuse a payload with a reserved field set
 */
struct baton_ctl_type_info {
	u32 min;
	u32 max;
	const char *too_short;
	const char *too_long;
	int long_err;
	const char *reserved;
};

static const struct baton_ctl_type_info baton_ctl_types[] = {
	[BATON_CTL_BLOB] = {
		.min = BATON_CTL_BLOB_MIN,
		.max = BATON_CTL_BLOB_MAX,
		.too_short = "BLOB shorter than a blob header",
		.too_long = "BLOB too long",
		.long_err = -E2BIG,
	},
	[BATON_CTL_ACK] = {
		.min = BATON_CTL_ACK_LEN,
		.max = BATON_CTL_ACK_LEN,
		.too_short = "bad ACK length",
		.too_long = "bad ACK length",
		.long_err = -EINVAL,
	},
	[BATON_CTL_REFUSE] = {
		.min = BATON_CTL_REFUSE_LEN,
		.max = BATON_CTL_REFUSE_LEN,
		.too_short = "bad REFUSE length",
		.too_long = "bad REFUSE length",
		.long_err = -EINVAL,
		.reserved = "nonzero reserved field in REFUSE",
	},
	[BATON_CTL_END] = {
		.min = BATON_CTL_END_LEN,
		.max = BATON_CTL_END_LEN,
		.too_short = "bad END length",
		.too_long = "bad END length",
		.long_err = -EINVAL,
		.reserved = "nonzero reserved field in END",
	},
	[BATON_CTL_KEEPALIVE] = {
		.min = BATON_CTL_KEEPALIVE_LEN,
		.max = BATON_CTL_KEEPALIVE_LEN,
		.too_short = "bad KEEPALIVE length",
		.too_long = "bad KEEPALIVE length",
		.long_err = -EINVAL,
	},
	[BATON_CTL_HELLO] = {
		.min = BATON_CTL_HELLO_LEN,
		.max = BATON_CTL_HELLO_LEN,
		.too_short = "bad HELLO length",
		.too_long = "bad HELLO length",
		.long_err = -EINVAL,
	},
};

static_assert(ARRAY_SIZE(baton_ctl_types) == BATON_CTL_TYPE_MAX + 1,
	      "a type of the wire format without its entry");

static const char *const baton_ctl_refuse_names[] = {
	[BATON_CTL_REFUSE_MALFORMED] = "malformed blob",
	[BATON_CTL_REFUSE_VERSION] = "unsupported blob version",
	[BATON_CTL_REFUSE_TOO_LONG] = "blob too long",
	[BATON_CTL_REFUSE_AUTH] = "authentication failed",
	[BATON_CTL_REFUSE_REPLAY] = "replayed blob",
	[BATON_CTL_REFUSE_NOT_FORWARDER] = "forwarder not allowed",
	[BATON_CTL_REFUSE_NO_LISTENER] = "no listener on the VIP",
	[BATON_CTL_REFUSE_BACKLOG] = "accept queue full",
	[BATON_CTL_REFUSE_EXISTS] = "flow exists",
	[BATON_CTL_REFUSE_TABLE_FULL] = "flow table full",
	[BATON_CTL_REFUSE_NO_MEMORY] = "out of memory",
	[BATON_CTL_REFUSE_INFUSE] = "socket state refused",
	[BATON_CTL_REFUSE_SHUTDOWN] = "migrator shutting down",
};

static const char *const baton_ctl_end_names[] = {
	[BATON_CTL_END_CLOSED] = "closed",
	[BATON_CTL_END_RESET] = "reset",
	[BATON_CTL_END_TIMEOUT] = "timed out",
	[BATON_CTL_END_EXPIRED] = "mapping expired",
	[BATON_CTL_END_FLUSHED] = "mapping flushed",
};

/**
 * baton_ctl_reason_name() - what a reason code means
 * @type: BATON_CTL_REFUSE or BATON_CTL_END
 * @reason: an enum baton_ctl_refuse_reason or enum baton_ctl_end_reason
 *
 * Return: a short static name of @reason, or NULL if this version does
 * not know it (0 is never known), or if @type carries no reason.
 */
const char *baton_ctl_reason_name(u8 type, u16 reason)
{
	if (type == BATON_CTL_REFUSE && reason <= BATON_CTL_REFUSE_MAX)
		return baton_ctl_refuse_names[reason];
	if (type == BATON_CTL_END && reason <= BATON_CTL_END_MAX)
		return baton_ctl_end_names[reason];
	return NULL;
}
EXPORT_SYMBOL_GPL(baton_ctl_reason_name);

static bool baton_ctl_type_known(u8 type)
{
	return type && type <= BATON_CTL_TYPE_MAX;
}

static bool baton_ctl_all_zero(const u8 *p, size_t len)
{
	while (len--)
		if (*p++)
			return false;
	return true;
}

static bool baton_ctl_has_tunnel(const struct baton_ctl_msg *m)
{
	return !baton_ctl_all_zero(m->tunnel4, sizeof(m->tunnel4)) ||
	       !baton_ctl_all_zero(m->tunnel6, sizeof(m->tunnel6));
}

/* Why the tunnel addresses of a HELLO are refused, or NULL. */
static const char *baton_ctl_hello_why(const struct baton_ctl_msg *m)
{
	static const u8 loopback6[16] = { [15] = 1 };
	static const u8 mapped6[12] = { [10] = 0xff, [11] = 0xff };
	const u8 *a4 = m->tunnel4, *a6 = m->tunnel6;

	if (!baton_ctl_has_tunnel(m))
		return "HELLO without a tunnel address";
	/* 127.0.0.0/8, 224.0.0.0/4, 255.255.255.255 */
	if (a4[0] == 127)
		return "loopback IPv4 tunnel address";
	if ((a4[0] & 0xf0) == 0xe0)
		return "multicast IPv4 tunnel address";
	if (get_unaligned_be32(a4) == 0xffffffff)
		return "broadcast IPv4 tunnel address";
	/* ::1, ff00::/8, ::ffff:0:0/96 */
	if (!memcmp(a6, loopback6, sizeof(loopback6)))
		return "loopback IPv6 tunnel address";
	if (a6[0] == 0xff)
		return "multicast IPv6 tunnel address";
	if (!memcmp(a6, mapped6, sizeof(mapped6)))
		return "IPv4-mapped IPv6 tunnel address";
	return NULL;
}

/* The rules on values, for encoding and for what decoding has read. */
static int baton_ctl_check(const struct baton_ctl_msg *m, const char **why)
{
	const struct baton_ctl_type_info *t;
	bool has_flow, has_reason, has_tunnel;

	*why = NULL;
	if (!baton_ctl_type_known(m->type)) {
		*why = "unknown frame type";
		return -EINVAL;
	}
	t = &baton_ctl_types[m->type];
	has_flow = m->type == BATON_CTL_ACK || m->type == BATON_CTL_REFUSE ||
		   m->type == BATON_CTL_END;
	has_reason = m->type == BATON_CTL_REFUSE || m->type == BATON_CTL_END;
	has_tunnel = m->type == BATON_CTL_HELLO;

	if (m->type == BATON_CTL_BLOB) {
		if (m->blob_len > t->max) {
			*why = t->too_long;
			return t->long_err;
		}
		if (m->blob_len < t->min)
			*why = t->too_short;
		else if (!m->blob)
			*why = "BLOB without a buffer";
	} else if (m->blob_len) {
		*why = "blob in a frame of another type";
	}
	if (*why)
		return -EINVAL;

	if ((!has_flow && m->flow_id) || (!has_reason && m->reason) ||
	    (!has_tunnel && baton_ctl_has_tunnel(m)))
		*why = "field in a frame type without it";
	else if (has_tunnel)
		*why = baton_ctl_hello_why(m);
	else if (!m->flow_id && (m->type == BATON_CTL_ACK ||
				 m->type == BATON_CTL_END))
		*why = "flow ID 0";
	else if (has_reason && !baton_ctl_reason_name(m->type, m->reason))
		*why = m->type == BATON_CTL_REFUSE ? "unknown refusal reason" :
						     "unknown end reason";
	return *why ? -EINVAL : 0;
}

/* Length of the payload of @m, if its type is known. */
static u32 baton_ctl_payload_len(const struct baton_ctl_msg *m)
{
	return m->type == BATON_CTL_BLOB ? m->blob_len :
					   baton_ctl_types[m->type].min;
}

/**
 * baton_ctl_frame_size() - bytes needed to encode a frame
 * @m: the message
 *
 * Return: the size of the frame baton_ctl_frame_encode() writes for @m,
 * or 0 if its type is unknown or its blob is too short or too long.
 */
size_t baton_ctl_frame_size(const struct baton_ctl_msg *m)
{
	u32 len;

	if (!baton_ctl_type_known(m->type))
		return 0;
	len = baton_ctl_payload_len(m);
	if (len < baton_ctl_types[m->type].min ||
	    len > baton_ctl_types[m->type].max)
		return 0;
	return BATON_CTL_HDR_LEN + (size_t)len + BATON_CTL_TAG_LEN;
}
EXPORT_SYMBOL_GPL(baton_ctl_frame_size);

/**
 * baton_ctl_frame_encode() - write a frame
 * @m: the message; its values must follow the rules of the wire format
 * @buf: where to write the frame
 * @len: room at @buf, at least baton_ctl_frame_size(@m)
 * @tag_off: set to the offset of the tag, which is left zero: the caller
 *	computes it over the @tag_off bytes before it
 *
 * Return: the length of the frame written, -EINVAL if a value of @m is
 * invalid, -E2BIG if its blob is too long or -ENOSPC if @len is too
 * short.
 */
int baton_ctl_frame_encode(const struct baton_ctl_msg *m, u8 *buf,
			   size_t len, size_t *tag_off)
{
	u8 *v = buf + BATON_CTL_HDR_LEN;
	const char *why;
	size_t size;
	int err;

	err = baton_ctl_check(m, &why);
	if (err)
		return err;
	size = baton_ctl_frame_size(m);
	if (len < size)
		return -ENOSPC;

	memset(buf, 0, size);
	put_unaligned_be32(BATON_CTL_MAGIC, buf);
	buf[4] = BATON_CTL_VERSION;
	buf[5] = m->type;
	put_unaligned_be32(m->seq, buf + 8);
	put_unaligned_be32(baton_ctl_payload_len(m), buf + 12);
	switch (m->type) {
	case BATON_CTL_BLOB:
		memcpy(v, m->blob, m->blob_len);
		break;
	case BATON_CTL_ACK:
		put_unaligned_be32(m->flow_id, v);
		break;
	case BATON_CTL_REFUSE:
	case BATON_CTL_END:
		put_unaligned_be32(m->flow_id, v);
		put_unaligned_be16(m->reason, v + 4);
		break;
	case BATON_CTL_HELLO:
		memcpy(v, m->tunnel4, sizeof(m->tunnel4));
		memcpy(v + 4, m->tunnel6, sizeof(m->tunnel6));
		break;
	}
	*tag_off = size - BATON_CTL_TAG_LEN;
	return (int)size;
}
EXPORT_SYMBOL_GPL(baton_ctl_frame_encode);

/**
 * baton_ctl_frame_peek() - read and check the header of a frame
 * @buf: the start of a frame, untrusted
 * @len: bytes at @buf, at least BATON_CTL_HDR_LEN for a header to read
 * @type: set to the frame's type
 * @frame_len: set to the length of the whole frame, header and tag
 *	included: at most BATON_CTL_FRAME_MAX
 * @why: set to a short static reason if the header is refused, else NULL
 *
 * Only the header is read.  A header that passes says how many bytes
 * the frame takes, within the bounds of its type; its payload is still
 * to be checked, by baton_ctl_frame_decode().
 *
 * Return: 0, -EINVAL if the header is truncated or malformed or its
 * length is wrong for its type, -EPROTONOSUPPORT if it has another
 * version, a type or a flag that this version does not know, or -E2BIG
 * if its BLOB is too long.
 */
int baton_ctl_frame_peek(const u8 *buf, size_t len, u8 *type,
			 size_t *frame_len, const char **why)
{
	const struct baton_ctl_type_info *t;
	u32 plen;

	*why = NULL;
	if (len < BATON_CTL_HDR_LEN) {
		*why = "truncated header";
		return -EINVAL;
	}
	if (get_unaligned_be32(buf) != BATON_CTL_MAGIC) {
		*why = "bad magic";
		return -EINVAL;
	}
	if (buf[4] != BATON_CTL_VERSION) {
		*why = "unsupported version";
		return -EPROTONOSUPPORT;
	}
	if (!baton_ctl_type_known(buf[5])) {
		*why = "unknown frame type";
		return -EPROTONOSUPPORT;
	}
	if (get_unaligned_be16(buf + 6)) {
		*why = "unsupported frame flags";
		return -EPROTONOSUPPORT;
	}
	t = &baton_ctl_types[buf[5]];
	plen = get_unaligned_be32(buf + 12);
	if (plen > t->max) {
		*why = t->too_long;
		return t->long_err;
	}
	if (plen < t->min) {
		*why = t->too_short;
		return -EINVAL;
	}
	*type = buf[5];
	*frame_len = BATON_CTL_HDR_LEN + (size_t)plen + BATON_CTL_TAG_LEN;
	return 0;
}
EXPORT_SYMBOL_GPL(baton_ctl_frame_peek);

/**
 * baton_ctl_frame_decode() - read and check a whole frame
 * @buf: the frame, untrusted
 * @len: its length
 * @f: set to the frame and the message it carries; @f->msg.blob points
 *	into @buf.  Undefined if the frame is refused.
 * @why: set to a short static reason if the frame is refused, else NULL
 *
 * The tag is not checked: that is the caller's job.
 *
 * Return: 0, or an error of baton_ctl_frame_peek(), or -EINVAL if @len
 * is not the length the header says or a value of the payload is
 * invalid.
 */
int baton_ctl_frame_decode(const u8 *buf, size_t len,
			   struct baton_ctl_frame *f, const char **why)
{
	struct baton_ctl_msg *m = &f->msg;
	const u8 *v = buf + BATON_CTL_HDR_LEN;
	size_t frame_len;
	u8 type;
	int err;

	memset(f, 0, sizeof(*f));
	err = baton_ctl_frame_peek(buf, len, &type, &frame_len, why);
	if (err)
		return err;
	if (len != frame_len) {
		*why = "length in header does not match";
		return -EINVAL;
	}

	m->type = type;
	m->seq = get_unaligned_be32(buf + 8);
	switch (type) {
	case BATON_CTL_BLOB:
		m->blob = v;
		m->blob_len = get_unaligned_be32(buf + 12);
		break;
	case BATON_CTL_ACK:
		m->flow_id = get_unaligned_be32(v);
		break;
	case BATON_CTL_REFUSE:
	case BATON_CTL_END:
		m->flow_id = get_unaligned_be32(v);
		m->reason = get_unaligned_be16(v + 4);
		if (get_unaligned_be16(v + 6)) {
			*why = baton_ctl_types[type].reserved;
			return -EINVAL;
		}
		break;
	case BATON_CTL_HELLO:
		memcpy(m->tunnel4, v, sizeof(m->tunnel4));
		memcpy(m->tunnel6, v + 4, sizeof(m->tunnel6));
		break;
	}
	err = baton_ctl_check(m, why);
	if (err)
		return err;
	f->buf = buf;
	f->len = len;
	f->tag_off = len - BATON_CTL_TAG_LEN;
	return 0;
}
EXPORT_SYMBOL_GPL(baton_ctl_frame_decode);

/*
 * The parser.
 *
 * It is meant for a reader fed by tcp_read_sock() or kernel_recvmsg():
 * the bytes come in pieces of any size, and a piece may end anywhere in
 * a frame or hold several frames.  The parser takes what it needs of a
 * piece and says how much (*used), so that it stops after each frame,
 * or where it needs a buffer, and the caller feeds it the rest later;
 * under tcp_read_sock() the rest simply stays in the socket.
 *
 * Where the bytes go is the parser's choice for small frames, and the
 * caller's for large ones:
 *
 *  - Every frame but a BLOB is at most BATON_CTL_SMALL_MAX (68) bytes.
 *    The parser reads those into its own array, so that the frequent
 *    ACKs, REFUSEs, ENDs and KEEPALIVEs, and the HELLO, cost no
 *    allocation.
 *  - A BLOB can be 16 MiB.  A buffer that size for every connection
 *    would pin memory for frames that are mostly tiny, and any smaller
 *    fixed buffer would cap the blobs.  So the parser reads the header
 *    first, checks it, and then asks for a buffer of the frame's exact
 *    length (BATON_CTL_NEED_BUF): the caller allocates it, from process
 *    context (kvmalloc() in a worker; softirq could not get 16 MiB),
 *    and the parser copies the rest of the frame into it.  The frame
 *    then lies whole in one buffer, as the HMAC and baton_blob_decode()
 *    want it, after a single copy from the socket, and the caller can
 *    hand the buffer on (to the infusion) without copying it again.
 *
 * The parser itself never allocates, sleeps or locks, so it runs in any
 * context; the caller serialises the calls for one stream.  Memory grows
 * only by the length of a header that passed every check, and the
 * caller may refuse even that (by closing the connection).
 */

/* Where the parser is in the current frame. */
enum {
	BATON_CTL_P_HDR,	/* reading the header into @small */
	BATON_CTL_P_BUF,	/* waiting for the caller's buffer */
	BATON_CTL_P_BODY,	/* reading the rest of the frame into @buf */
	BATON_CTL_P_READY,	/* the frame in @frame was handed out */
};

/**
 * baton_ctl_parser_init() - start reading a stream of frames
 * @p: the parser
 * @types: BATON_CTL_TYPE_BIT() of each type to accept, such as
 *	BATON_CTL_HOST_RECEIVES; a frame of another type fails the stream
 */
void baton_ctl_parser_init(struct baton_ctl_parser *p, unsigned int types)
{
	memset(p, 0, sizeof(*p));
	p->types = types;
	p->state = BATON_CTL_P_HDR;
	p->buf = p->small;
}
EXPORT_SYMBOL_GPL(baton_ctl_parser_init);

static int baton_ctl_parser_fail(struct baton_ctl_parser *p, int err,
				 const char *why)
{
	p->err = err;
	p->why = why;
	return err;
}

/* The header is in @small: check it, and choose where the frame goes. */
static int baton_ctl_parser_header(struct baton_ctl_parser *p)
{
	const char *why;
	u8 type;
	int err;

	err = baton_ctl_frame_peek(p->small, BATON_CTL_HDR_LEN, &type,
				   &p->frame_len, &why);
	if (err)
		return baton_ctl_parser_fail(p, err, why);
	if (!(p->types & BATON_CTL_TYPE_BIT(type)))
		return baton_ctl_parser_fail(p, -EINVAL,
					     "frame type not accepted here");
	if (p->frame_len > sizeof(p->small)) {
		p->state = BATON_CTL_P_BUF;
		return BATON_CTL_NEED_BUF;
	}
	p->state = BATON_CTL_P_BODY;
	return BATON_CTL_NEED_MORE;
}

/**
 * baton_ctl_parser_feed() - read bytes of the stream
 * @p: the parser
 * @data: the next bytes of the stream, untrusted
 * @len: how many; 0 is allowed
 * @used: set to how many of them were read; the caller feeds the others
 *	again, after it handled what the parser returned
 *
 * The parser reads at most up to the end of the current frame, and stops
 * there or where it needs a buffer:
 *
 *  - BATON_CTL_NEED_MORE: every byte was used, and the frame is not
 *    complete yet.
 *  - BATON_CTL_NEED_BUF: the header of a frame longer than
 *    BATON_CTL_SMALL_MAX (a BLOB) passed; @p->frame_len bytes are needed
 *    for it, to give with baton_ctl_parser_set_buf().  Until then, feeding
 *    reads nothing and returns BATON_CTL_NEED_BUF again.
 *  - BATON_CTL_FRAME_READY: @p->frame holds a frame, checked but for its
 *    tag.  It lies in the caller's buffer, or for a small frame in @p,
 *    where it stays until the next call.
 *
 * Return: one of the above, or the error the stream failed with, from
 * baton_ctl_frame_decode(), or -EINVAL for a frame of a type not
 * accepted; @p->why says why.  Once failed, the stream stays failed.
 */
int baton_ctl_parser_feed(struct baton_ctl_parser *p, const u8 *data,
			  size_t len, size_t *used)
{
	size_t want, n;
	int ret;

	*used = 0;
	if (p->err)
		return p->err;
	if (p->state == BATON_CTL_P_BUF)
		return BATON_CTL_NEED_BUF;
	if (p->state == BATON_CTL_P_READY) {
		memset(&p->frame, 0, sizeof(p->frame));
		p->state = BATON_CTL_P_HDR;
		p->buf = p->small;
		p->have = 0;
		p->frame_len = 0;
	}

	for (;;) {
		want = p->state == BATON_CTL_P_HDR ? BATON_CTL_HDR_LEN :
						     p->frame_len;
		want -= p->have;
		n = len - *used < want ? len - *used : want;
		if (n) {
			memcpy(p->buf + p->have, data + *used, n);
			p->have += n;
			*used += n;
		}
		if (n < want)
			return BATON_CTL_NEED_MORE;

		if (p->state == BATON_CTL_P_HDR) {
			ret = baton_ctl_parser_header(p);
			if (ret != BATON_CTL_NEED_MORE)
				return ret;
			continue;
		}
		ret = baton_ctl_frame_decode(p->buf, p->frame_len, &p->frame,
					     &p->why);
		if (ret)
			return baton_ctl_parser_fail(p, ret, p->why);
		p->state = BATON_CTL_P_READY;
		return BATON_CTL_FRAME_READY;
	}
}
EXPORT_SYMBOL_GPL(baton_ctl_parser_feed);

/**
 * baton_ctl_parser_set_buf() - give the buffer for a large frame
 * @p: the parser, after BATON_CTL_NEED_BUF
 * @buf: where the frame goes; it stays the caller's, and must last
 *	until the frame is read, or the stream given up
 * @len: bytes at @buf, at least @p->frame_len
 *
 * Return: 0, the error the stream failed with, -EINVAL if the parser
 * did not ask for a buffer or -ENOSPC if @len is too short; nothing
 * changes on error.
 */
int baton_ctl_parser_set_buf(struct baton_ctl_parser *p, u8 *buf,
			     size_t len)
{
	if (p->err)
		return p->err;
	if (p->state != BATON_CTL_P_BUF)
		return -EINVAL;
	if (len < p->frame_len)
		return -ENOSPC;
	memcpy(buf, p->small, BATON_CTL_HDR_LEN);
	p->buf = buf;
	p->state = BATON_CTL_P_BODY;
	return 0;
}
EXPORT_SYMBOL_GPL(baton_ctl_parser_set_buf);
