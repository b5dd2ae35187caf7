/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The migration blob codec, implemented by baton_tunnel (tunneler/blob.c)
 * and built into userspace too (fuzz/): one connection's TCP/IP state and
 * received bytes, to and from the wire format of <uapi/linux/baton.h>.
 *
 * A blob comes from the network: baton_blob_decode() checks every length
 * and value and never reads outside the buffer it is given.
 * baton_blob_encode() applies the same rules, so it never writes a blob
 * that decoding would refuse.
 *
 * The codec computes no HMAC.  Both functions give the offset of the
 * BATON_BLOB_TAG_LEN-byte tag, always the last bytes of the blob; the
 * authenticated region is every byte before it.  Encoding leaves the tag
 * zero for the caller to fill in, and decoding does not look at it.
 */
#ifndef _BATON_BLOB_H
#define _BATON_BLOB_H

#include <baton/compat.h>
#include <uapi/linux/baton.h>

/**
 * struct baton_blob_flow - the flow ID mapping of a connection
 * @id: flow ID, not 0
 * @client_port: client port, host order
 * @vip_port: virtual service port, host order
 * @family: AF_INET or AF_INET6
 * @client: client address (IPv4 as v4-mapped ::ffff:a.b.c.d)
 * @vip: virtual service address (IPv4 as v4-mapped)
 * @forwarder: the balancer's tunnel address (IPv4 as v4-mapped)
 */
struct baton_blob_flow {
	u32 id;
	u16 client_port;
	u16 vip_port;
	u8 family;
	u8 client[16];
	u8 vip[16];
	u8 forwarder[16];
};

/**
 * struct baton_blob_ip - IP state of a connection
 * @tos: IPv4 TOS or IPv6 traffic class
 * @ttl: IPv4 TTL or IPv6 hop limit, not 0
 * @flow_label: IPv6 flow label (20 bits), host order; 0 for IPv4
 */
struct baton_blob_ip {
	u8 tos;
	u8 ttl;
	u32 flow_label;
};

/**
 * struct baton_blob_tcp - TCP state of a connection
 * @snd_una: oldest unacknowledged sequence number
 * @snd_nxt: next sequence number to send
 * @rcv_nxt: next sequence number expected
 * @snd_wl1: sequence number of the last window update (repair window)
 * @snd_wnd: send window, bytes (repair window)
 * @max_window: largest send window seen, bytes (repair window)
 * @rcv_wnd: receive window, bytes (repair window)
 * @rcv_wup: rcv_nxt at the last window update (repair window)
 * @ts_offset: TSval offset (TCP_TIMESTAMP), with BATON_BLOB_TCP_TIMESTAMPS
 * @ts_recent: last TSval received, with BATON_BLOB_TCP_TIMESTAMPS
 * @mss_clamp: MSS clamp, at least BATON_BLOB_MSS_MIN
 * @snd_wscale: the peer's window shift, with BATON_BLOB_TCP_WSCALE
 * @rcv_wscale: our window shift, with BATON_BLOB_TCP_WSCALE
 * @options: BATON_BLOB_TCP_* flags
 *
 * The rules on each field are those of the wire format, in
 * <uapi/linux/baton.h>.
 */
struct baton_blob_tcp {
	u32 snd_una;
	u32 snd_nxt;
	u32 rcv_nxt;
	u32 snd_wl1;
	u32 snd_wnd;
	u32 max_window;
	u32 rcv_wnd;
	u32 rcv_wup;
	u32 ts_offset;
	u32 ts_recent;
	u16 mss_clamp;
	u8 snd_wscale;
	u8 rcv_wscale;
	u16 options;
};

/**
 * struct baton_blob - a connection in transit, decoded or to encode
 * @flow: flow ID mapping
 * @ip: IP state
 * @tcp: TCP state
 * @data: the receive queue; once decoded, it points into the blob
 * @data_len: bytes at @data, at most BATON_BLOB_DATA_MAX; 0 for none
 */
struct baton_blob {
	struct baton_blob_flow flow;
	struct baton_blob_ip ip;
	struct baton_blob_tcp tcp;
	const u8 *data;
	u32 data_len;
};

size_t baton_blob_size(const struct baton_blob *b);
int baton_blob_encode(const struct baton_blob *b, u8 *buf, size_t len,
		      size_t *tag_off);
int baton_blob_decode(const u8 *buf, size_t len, struct baton_blob *b,
		      size_t *tag_off, const char **why);

#endif /* _BATON_BLOB_H */
