/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The control-channel frame codec, implemented by baton_tunnel
 * (tunneler/ctlmsg.c) and built into userspace too (fuzz/): the frames
 * that a balancer and a host exchange on their TCP connection, to and
 * from the wire format of <uapi/linux/baton.h>.
 *
 * A frame, big-endian:
 *
 *	+-------+---------+------+-------+----------+--------+---------+-----+
 *	| magic | version | type | flags | sequence | length | payload | tag |
 *	|  u32  |   u8    |  u8  |  u16  |   u32    |  u32   | length  | 32  |
 *	+-------+---------+------+-------+----------+--------+---------+-----+
 *	 <------------- BATON_CTL_HDR_LEN (16) --------------->
 *	 <----------- authenticated: the tag's offset ------------------>
 *
 *	type		payload (length)
 *	BLOB		a migration blob (BATON_CTL_BLOB_MIN to _MAX)
 *	ACK		flow ID u32 (4)
 *	REFUSE		flow ID u32, reason u16, reserved u16 (8)
 *	END		flow ID u32, reason u16, reserved u16 (8)
 *	KEEPALIVE	none (0)
 *	HELLO		tunnel4 u8[4], tunnel6 u8[16] (20): at least one
 *			set, neither loopback nor multicast, tunnel4 not
 *			255.255.255.255, tunnel6 not IPv4-mapped
 *
 * Frames come from the network: every function here checks every length
 * and value, and never reads or writes outside the buffers it is given.
 * Encoding applies the same rules, so it never writes a frame that the
 * receiving side would refuse.  A BLOB's payload is opaque here: the
 * blob codec (<baton/blob.h>) reads it.  Sequence numbers are carried,
 * not checked: the channel holds the peer to them.
 *
 * The codec computes no HMAC.  A frame's tag is its last
 * BATON_CTL_TAG_LEN bytes, and the authenticated region is every byte
 * before it; encoding leaves the tag zero for the caller to fill in, and
 * decoding does not look at it.
 */
#ifndef _BATON_CTLMSG_H
#define _BATON_CTLMSG_H

#include <baton/compat.h>
#include <uapi/linux/baton.h>

/* Bit of a frame type in a set of types (struct baton_ctl_parser). */
#define BATON_CTL_TYPE_BIT(type)	(1U << (type))

/* The types a host receives, and those a balancer receives. */
#define BATON_CTL_HOST_RECEIVES		(BATON_CTL_TYPE_BIT(BATON_CTL_BLOB) | \
					 BATON_CTL_TYPE_BIT(BATON_CTL_KEEPALIVE))
#define BATON_CTL_BALANCER_RECEIVES	(BATON_CTL_TYPE_BIT(BATON_CTL_ACK) | \
					 BATON_CTL_TYPE_BIT(BATON_CTL_REFUSE) | \
					 BATON_CTL_TYPE_BIT(BATON_CTL_END) | \
					 BATON_CTL_TYPE_BIT(BATON_CTL_HELLO) | \
					 BATON_CTL_TYPE_BIT(BATON_CTL_KEEPALIVE))
#define BATON_CTL_ALL_TYPES		(BATON_CTL_HOST_RECEIVES | \
					 BATON_CTL_BALANCER_RECEIVES)

/*
 * Longest frame with a payload of fixed length (HELLO): the parser holds
 * these itself.
 */
#define BATON_CTL_SMALL_MAX		(BATON_CTL_HDR_LEN + \
					 BATON_CTL_HELLO_LEN + \
					 BATON_CTL_TAG_LEN)

/**
 * struct baton_ctl_msg - a control message, decoded or to encode
 * @type: BATON_CTL_BLOB .. BATON_CTL_HELLO
 * @seq: sequence number
 * @flow_id: ACK, END: flow ID, not 0; REFUSE: flow ID or 0; else 0
 * @reason: REFUSE: enum baton_ctl_refuse_reason; END: enum
 *	baton_ctl_end_reason; not 0 for either; else 0
 * @tunnel4: HELLO: the host's IPv4 tunnel address, network order, or
 *	0.0.0.0 for none; else 0
 * @tunnel6: HELLO: the host's IPv6 tunnel address, network order, or ::
 *	for none; else 0
 * @blob: BLOB: the blob; once decoded, it points into the frame
 * @blob_len: BLOB: bytes at @blob, BATON_CTL_BLOB_MIN to
 *	BATON_CTL_BLOB_MAX; else 0
 */
struct baton_ctl_msg {
	u8 type;
	u32 seq;
	u32 flow_id;
	u16 reason;
	u8 tunnel4[4];
	u8 tunnel6[16];
	const u8 *blob;
	u32 blob_len;
};

/**
 * struct baton_ctl_frame - a whole frame, and the message it carries
 * @msg: the message
 * @buf: the frame: header, payload and tag
 * @len: its length
 * @tag_off: offset of the tag in @buf, @len - BATON_CTL_TAG_LEN: the
 *	authenticated region is the @tag_off bytes before it
 */
struct baton_ctl_frame {
	struct baton_ctl_msg msg;
	const u8 *buf;
	size_t len;
	size_t tag_off;
};

/* What baton_ctl_parser_feed() says, when it does not fail. */
enum baton_ctl_feed {
	BATON_CTL_NEED_MORE,	/* every byte used: feed more */
	BATON_CTL_NEED_BUF,	/* call baton_ctl_parser_set_buf() */
	BATON_CTL_FRAME_READY,	/* a frame is in @frame */
};

/**
 * struct baton_ctl_parser - an incremental reader of a frame stream
 * @types: set of BATON_CTL_TYPE_BIT() of the types accepted
 * @state: where the parser is in the current frame (ctlmsg.c)
 * @err: the error the stream failed with, sticky; 0 while it has not
 * @why: a short static reason for @err, or NULL
 * @buf: where the current frame goes: @small, or the caller's buffer
 * @have: bytes of the current frame read into @buf
 * @frame_len: length of the current frame, once its header is read
 * @frame: the last frame, after BATON_CTL_FRAME_READY
 * @small: the header of every frame, and a whole frame of up to
 *	BATON_CTL_SMALL_MAX bytes
 *
 * The caller reads @err, @why, @frame_len and @frame, and changes none.
 */
struct baton_ctl_parser {
	unsigned int types;
	u8 state;
	int err;
	const char *why;
	u8 *buf;
	size_t have;
	size_t frame_len;
	struct baton_ctl_frame frame;
	u8 small[BATON_CTL_SMALL_MAX];
};

size_t baton_ctl_frame_size(const struct baton_ctl_msg *m);
int baton_ctl_frame_encode(const struct baton_ctl_msg *m, u8 *buf,
			   size_t len, size_t *tag_off);
int baton_ctl_frame_peek(const u8 *buf, size_t len, u8 *type,
			 size_t *frame_len, const char **why);
int baton_ctl_frame_decode(const u8 *buf, size_t len,
			   struct baton_ctl_frame *f, const char **why);
const char *baton_ctl_reason_name(u8 type, u16 reason);

void baton_ctl_parser_init(struct baton_ctl_parser *p, unsigned int types);
int baton_ctl_parser_feed(struct baton_ctl_parser *p, const u8 *data,
			  size_t len, size_t *used);
int baton_ctl_parser_set_buf(struct baton_ctl_parser *p, u8 *buf,
			     size_t len);

#endif /* _BATON_CTLMSG_H */
