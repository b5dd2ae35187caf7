/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The request sniffers of baton_classifier (classifier/sniff.c), built
 * into userspace too (fuzz/): they look at the first bytes a client sent
 * on a new connection, and say whether they hold a complete HTTP/1.x
 * request head or a complete TLS ClientHello, and what the content rules
 * match on: the Host and path of a request, the server name of a
 * ClientHello.
 *
 * The bytes are the client's, untrusted: every length is checked, nothing
 * is read outside the buffer, and the work is linear in the bytes looked
 * at (for HTTP at most the head limit, for TLS the records that carry the
 * ClientHello).  A sniffer keeps no state between calls: the caller calls
 * it again on the whole buffer, grown, while it answers
 * BATON_SNIFF_NEED_MORE.  Its answer depends only on the bytes up to the
 * point where it decides, so once it answers anything else, it answers
 * the same on any longer buffer that starts with those bytes.
 */
#ifndef _BATON_SNIFF_H
#define _BATON_SNIFF_H

#include <baton/compat.h>

/**
 * enum baton_sniff_result - what a sniffer makes of the bytes so far
 * @BATON_SNIFF_NEED_MORE: a valid start of the protocol, not yet complete:
 *	call again once more bytes have arrived (the caller's byte limit and
 *	timeout bound the wait)
 * @BATON_SNIFF_DONE: complete; the sniffer's output is filled in
 * @BATON_SNIFF_NOT_THIS: the first bytes cannot start this protocol: try
 *	another sniffer.  Decided on the first bytes (for HTTP the method
 *	and the space after it, for TLS the first two bytes).
 * @BATON_SNIFF_INVALID: this protocol, but malformed or over a limit; the
 *	output's @why says why
 */
enum baton_sniff_result {
	BATON_SNIFF_NEED_MORE,
	BATON_SNIFF_DONE,
	BATON_SNIFF_NOT_THIS,
	BATON_SNIFF_INVALID,
};

/* Longest host name kept: a DNS name without its trailing dot. */
#define BATON_SNIFF_HOST_MAX		253
/* Longest label of a host name. */
#define BATON_SNIFF_LABEL_MAX		63

/* HTTP: the head limit of baton_sniff_http(), unless the caller sets one. */
#define BATON_SNIFF_HTTP_HEAD_DEFAULT	8192
/* HTTP: the largest head limit a caller can set. */
#define BATON_SNIFF_HTTP_HEAD_MAX	65536
/* HTTP: longest line, its CRLF included (nginx's default buffer). */
#define BATON_SNIFF_HTTP_LINE_MAX	8192
/* HTTP: most header fields in a head (Apache's LimitRequestFields). */
#define BATON_SNIFF_HTTP_FIELDS_MAX	100
/* HTTP: longest method token. */
#define BATON_SNIFF_HTTP_METHOD_MAX	20

/**
 * struct baton_sniff_http - an HTTP/1.0 or HTTP/1.1 request head
 * @why: why the bytes are NOT_THIS or INVALID: a short static string;
 *	NULL otherwise
 * @head_len: bytes of the head, from the request line to the empty line
 *	that ends it, included; a body or the next request may follow
 * @path_off: offset in the buffer of the path of the request target
 * @path_len: its length: the bytes from the '/' that starts it up to the
 *	first '?' or '#', or the end of the target, as sent (neither
 *	percent-decoded nor normalised).  0 for an absolute-form target
 *	without a path, which stands for "/"; "*" for OPTIONS *.
 * @port: the port of the host, 0 if it names none
 * @minor: the minor version: 0 for HTTP/1.0, 1 for HTTP/1.1 (or higher,
 *	which servers treat as 1.1)
 * @host_len: length of @host, 0 if the request names no host
 * @method: the method, a NUL-terminated token of A-Z, '-' and '_'
 * @host: the host the request is for, from the authority of an
 *	absolute-form target or else the Host header field: lowercase,
 *	without its port nor a trailing dot; an IPv6 literal keeps its
 *	brackets ("[2001:db8::1]").  NUL-terminated.
 *
 * Set only by BATON_SNIFF_DONE, but for @why.
 */
struct baton_sniff_http {
	const char *why;
	u32 head_len;
	u32 path_off;
	u32 path_len;
	u16 port;
	u8 minor;
	u8 host_len;
	char method[BATON_SNIFF_HTTP_METHOD_MAX + 1];
	char host[BATON_SNIFF_HOST_MAX + 1];
};

/* TLS: longest ClientHello, its handshake header included. */
#define BATON_SNIFF_TLS_HELLO_MAX	16384
/* TLS: longest record fragment (2^14, RFC 8446 5.1). */
#define BATON_SNIFF_TLS_RECORD_MAX	16384
/* TLS: longest ALPN protocol name. */
#define BATON_SNIFF_ALPN_MAX		255

/**
 * struct baton_sniff_tls - a TLS ClientHello
 * @why: why the bytes are NOT_THIS or INVALID: a short static string;
 *	NULL otherwise
 * @hello_end: offset in the buffer just past the last byte of the
 *	ClientHello (the records before it are all its own)
 * @records: how many records carry it
 * @version: its legacy_version (0x0303 for TLS 1.2 and 1.3)
 * @sni_len: length of @sni, 0 if the ClientHello has no server name
 * @alpn_len: length of @alpn, 0 if it has no ALPN extension
 * @sni: the host_name of the server_name extension: lowercase, without a
 *	trailing dot, NUL-terminated.  With Encrypted Client Hello, this is
 *	the outer (public) name.
 * @alpn: the first protocol of the ALPN extension, its @alpn_len bytes as
 *	sent, then a NUL
 *
 * Set only by BATON_SNIFF_DONE, but for @why.
 */
struct baton_sniff_tls {
	const char *why;
	u32 hello_end;
	u32 records;
	u16 version;
	u8 sni_len;
	u8 alpn_len;
	char sni[BATON_SNIFF_HOST_MAX + 1];
	char alpn[BATON_SNIFF_ALPN_MAX + 1];
};

int baton_sniff_http(const u8 *buf, size_t len, size_t head_max,
		     struct baton_sniff_http *out);
int baton_sniff_tls(const u8 *buf, size_t len, struct baton_sniff_tls *out);
bool baton_sniff_host_match(const char *pattern, const char *host);

#endif /* _BATON_SNIFF_H */
