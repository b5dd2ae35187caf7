// SPDX-License-Identifier: GPL-2.0
/*
 * baton_classifier: the request sniffers.
 *
 * Plain C with no kernel-only calls: this file builds into
 * baton_classifier and, with <baton/compat.h> standing in for the kernel,
 * into the userspace unit test and fuzz target (fuzz/).
 *
 * HTTP is read line by line, each line from left to right, the last one
 * as far as it has arrived: a byte that no request can hold is refused
 * as soon as it is seen, not once its line is complete.  A line ends at
 * LF, and a CR just before the LF belongs to the line ending (a bare LF
 * ends a line, as nginx and RFC 9112 2.2 allow; a bare CR is refused).
 * The limits (head, line, header fields) are checked where they are
 * crossed, so that the answer depends on the bytes up to there only.
 *
 * TLS is read in two passes.  The first walks the record headers until
 * the records hold the whole ClientHello, checking each record header and
 * the handshake header as they arrive.  The second walks the ClientHello
 * through a reader that steps over record boundaries, every length checked
 * against the one of the structure that holds it before it is read.
 */
#include <baton/sniff.h>

/* What the parsing steps return: no decision yet, go on. */
#define BATON_SNIFF_GO		(-1)

/* ASCII case folding, whatever the locale. */
static u8 baton_sniff_lower(u8 c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static bool baton_sniff_digit(u8 c)
{
	return c >= '0' && c <= '9';
}

static bool baton_sniff_alpha(u8 c)
{
	c = baton_sniff_lower(c);
	return c >= 'a' && c <= 'z';
}

static bool baton_sniff_hex(u8 c)
{
	c = baton_sniff_lower(c);
	return baton_sniff_digit(c) || (c >= 'a' && c <= 'f');
}

/* @a and the NUL-terminated @b are the same, ASCII case aside. */
static bool baton_sniff_ieq(const u8 *a, size_t len, const char *b)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!b[i] || baton_sniff_lower(a[i]) != baton_sniff_lower(b[i]))
			return false;
	return !b[len];
}

/*
 * Check the host name at @src, @len bytes, and copy it to @dst in
 * lowercase, NUL-terminated, without one trailing dot; @dst may be NULL
 * to check only.  A name is made of labels of 1 to 63 letters, digits,
 * '-' and '_' (seen in the wild), joined by dots.
 *
 * Return: NULL, or why the name is refused.
 */
static const char *baton_sniff_copy_name(char *dst, u8 *dst_len,
					 const u8 *src, size_t len)
{
	size_t i, label = 0;
	u8 c;

	if (len && src[len - 1] == '.')
		len--;
	if (!len)
		return "empty host name";
	if (len > BATON_SNIFF_HOST_MAX)
		return "host name too long";
	for (i = 0; i < len; i++) {
		c = baton_sniff_lower(src[i]);
		if (c == '.') {
			if (!label)
				return "empty label in host name";
			label = 0;
		} else if (baton_sniff_alpha(c) || baton_sniff_digit(c) ||
			   c == '-' || c == '_') {
			if (++label > BATON_SNIFF_LABEL_MAX)
				return "label too long in host name";
		} else {
			return "bad character in host name";
		}
		if (dst)
			dst[i] = c;
	}
	if (!label)
		return "empty label in host name";
	if (dst) {
		dst[len] = '\0';
		*dst_len = len;
	}
	return NULL;
}

/* ---------------------------------------------------------------- HTTP */

/**
 * struct baton_sniff_http_rd - the state of an HTTP head walk
 * @buf: the bytes
 * @end: how many of them are looked at: the buffer's length, or the head
 *	limit if that is less
 * @capped: @end is the head limit
 * @fields: header field lines so far
 * @host_seen: a Host header field was seen
 * @absolute: the request target is in absolute form, and named the host
 * @out: the result
 */
struct baton_sniff_http_rd {
	const u8 *buf;
	size_t end;
	bool capped;
	unsigned int fields;
	bool host_seen;
	bool absolute;
	struct baton_sniff_http *out;
};

static int baton_sniff_http_refuse(struct baton_sniff_http_rd *r, int ret,
				   const char *why)
{
	r->out->why = why;
	return ret;
}

/* The characters of a method: RFC 9110 allows any token, nginx these. */
static bool baton_sniff_method_char(u8 c)
{
	return (c >= 'A' && c <= 'Z') || c == '-' || c == '_';
}

/* Visible ASCII and obs-text (nginx takes raw UTF-8 too). */
static bool baton_sniff_target_char(u8 c)
{
	return c > ' ' && c != 0x7f;
}

/* RFC 9110 5.6.2 tchar. */
static bool baton_sniff_tchar(u8 c)
{
	if (baton_sniff_alpha(c) || baton_sniff_digit(c))
		return true;
	switch (c) {
	case '!': case '#': case '$': case '%': case '&': case '\'':
	case '*': case '+': case '-': case '.': case '^': case '_':
	case '`': case '|': case '~':
		return true;
	}
	return false;
}

/* RFC 9110 5.5 field-vchar, SP and HTAB. */
static bool baton_sniff_value_char(u8 c)
{
	return c == '\t' || (c >= ' ' && c != 0x7f);
}

/*
 * Parse the host of a Host header field or an absolute-form target,
 * @len bytes at @s: uri-host [ ":" port ], uri-host being a host name, an
 * IPv4 address (which is one too) or a bracketed IPv6 address (checked
 * for its characters only).  If @out is not NULL, set its host and port.
 *
 * Return: NULL, or why the host is refused.
 */
static const char *baton_sniff_http_host(struct baton_sniff_http *out,
					 const u8 *s, size_t len)
{
	size_t i, host_len;
	const char *why;
	u32 port = 0;

	if (len && s[0] == '[') {
		for (i = 1; i < len && s[i] != ']'; i++)
			if (!baton_sniff_hex(s[i]) && s[i] != ':' &&
			    s[i] != '.')
				return "bad character in IPv6 literal";
		if (i == len)
			return "unterminated IPv6 literal";
		host_len = i + 1;
		/* From "::" to a full address with an IPv4 tail. */
		if (host_len < 4 || host_len > 47 || !memchr(s, ':', host_len))
			return "bad IPv6 literal";
		if (out) {
			for (i = 0; i < host_len; i++)
				out->host[i] = baton_sniff_lower(s[i]);
			out->host[host_len] = '\0';
			out->host_len = host_len;
		}
	} else {
		for (host_len = 0; host_len < len && s[host_len] != ':';
		     host_len++)
			;
		why = baton_sniff_copy_name(out ? out->host : NULL,
					    out ? &out->host_len : NULL,
					    s, host_len);
		if (why)
			return why;
	}
	if (host_len < len) {
		if (s[host_len] != ':')
			return "bad character after IPv6 literal";
		if (len - host_len - 1 > 5)
			return "bad port";
		for (i = host_len + 1; i < len; i++) {
			if (!baton_sniff_digit(s[i]))
				return "bad port";
			port = port * 10 + s[i] - '0';
		}
		if (port > 65535)
			return "bad port";
	}
	if (out)
		out->port = port;
	return NULL;
}

/* Length of the path at @s, @len bytes: up to a query or a fragment. */
static size_t baton_sniff_path_len(const u8 *s, size_t len)
{
	size_t i;

	for (i = 0; i < len && s[i] != '?' && s[i] != '#'; i++)
		;
	return i;
}

/*
 * The request target, from @s to @e: origin form ("/path?query"),
 * absolute form ("http://host:port/path?query", http or https only),
 * or "*" for OPTIONS.  The authority form of CONNECT is refused: this is
 * no proxy.
 */
static int baton_sniff_http_target(struct baton_sniff_http_rd *r, size_t s,
				   size_t e)
{
	struct baton_sniff_http *out = r->out;
	const u8 *buf = r->buf;
	const char *why;
	size_t a, ae;

	if (buf[s] == '/') {
		out->path_off = s;
		out->path_len = baton_sniff_path_len(buf + s, e - s);
		return BATON_SNIFF_GO;
	}
	if (buf[s] == '*' && e - s == 1) {
		if (strcmp(out->method, "OPTIONS"))
			return baton_sniff_http_refuse(r, BATON_SNIFF_INVALID,
						       "'*' target without OPTIONS");
		out->path_off = s;
		out->path_len = 1;
		return BATON_SNIFF_GO;
	}
	if (e - s >= 7 && baton_sniff_ieq(buf + s, 7, "http://"))
		a = s + 7;
	else if (e - s >= 8 && baton_sniff_ieq(buf + s, 8, "https://"))
		a = s + 8;
	else
		return baton_sniff_http_refuse(r, BATON_SNIFF_INVALID,
					       "bad request target");
	for (ae = a; ae < e && buf[ae] != '/' && buf[ae] != '?' &&
	     buf[ae] != '#'; ae++)
		;
	if (ae == a)
		return baton_sniff_http_refuse(r, BATON_SNIFF_INVALID,
					       "no host in request target");
	why = baton_sniff_http_host(out, buf + a, ae - a);
	if (why)
		return baton_sniff_http_refuse(r, BATON_SNIFF_INVALID, why);
	r->absolute = true;
	out->path_off = ae;
	out->path_len = ae < e && buf[ae] == '/' ?
			baton_sniff_path_len(buf + ae, e - ae) : 0;
	return BATON_SNIFF_GO;
}

/*
 * The request line, from @s to @e (its line ending left out; @complete if
 * it has one): method SP request-target SP HTTP-version.  Anything but
 * a method and a space is NOT_THIS; after that, HTTP or INVALID.  Bad
 * bytes are refused as they come, the form of the target once the line is
 * complete.
 */
static int baton_sniff_http_request(struct baton_sniff_http_rd *r, size_t s,
				    size_t e, bool complete)
{
	static const char proto[] = "HTTP/1.";
	struct baton_sniff_http *out = r->out;
	const u8 *buf = r->buf;
	size_t i, t, v;

	for (i = s; i < e && baton_sniff_method_char(buf[i]); i++)
		if (i - s == BATON_SNIFF_HTTP_METHOD_MAX)
			return baton_sniff_http_refuse(r, BATON_SNIFF_NOT_THIS,
						       "method too long");
	if (i == e && !complete)
		return BATON_SNIFF_GO;
	if (i == e || buf[i] != ' ')
		return baton_sniff_http_refuse(r, BATON_SNIFF_NOT_THIS,
					       "no method");
	memcpy(out->method, buf + s, i - s);

	for (t = ++i; i < e && baton_sniff_target_char(buf[i]); i++)
		;
	if (i == e && !complete)
		return BATON_SNIFF_GO;
	if (i == t)
		return baton_sniff_http_refuse(r, BATON_SNIFF_INVALID,
					       "no request target");
	if (i == e)
		return baton_sniff_http_refuse(r, BATON_SNIFF_INVALID,
					       "no HTTP version");
	if (buf[i] != ' ')
		return baton_sniff_http_refuse(r, BATON_SNIFF_INVALID,
					       "bad character in request target");

	for (v = ++i; i < e && i - v < sizeof(proto) - 1; i++) {
		if (buf[i] == proto[i - v])
			continue;
		return baton_sniff_http_refuse(r, BATON_SNIFF_INVALID,
					       i - v == 5 &&
					       baton_sniff_digit(buf[i]) ?
					       "unsupported HTTP version" :
					       "bad HTTP version");
	}
	if (i < e) {
		if (!baton_sniff_digit(buf[i]))
			return baton_sniff_http_refuse(r, BATON_SNIFF_INVALID,
						       "bad HTTP version");
		out->minor = buf[i++] - '0';
	}
	/* "HTTP/1." and a digit: as long as proto[], its NUL included. */
	if (i < e || (complete && i - v != sizeof(proto)))
		return baton_sniff_http_refuse(r, BATON_SNIFF_INVALID,
					       "bad HTTP version");
	/* The form of the target, once the version says this is HTTP/1. */
	return complete ? baton_sniff_http_target(r, t, v - 1) : BATON_SNIFF_GO;
}

/* A header field line, from @s to @e, not empty: name ":" OWS value OWS. */
static int baton_sniff_http_field(struct baton_sniff_http_rd *r, size_t s,
				  size_t e, bool complete)
{
	const u8 *buf = r->buf;
	size_t i, n, vs, ve;
	const char *why;

	if (++r->fields > BATON_SNIFF_HTTP_FIELDS_MAX)
		return baton_sniff_http_refuse(r, BATON_SNIFF_INVALID,
					       "too many header fields");
	if (buf[s] == ' ' || buf[s] == '\t')
		return baton_sniff_http_refuse(r, BATON_SNIFF_INVALID,
					       r->fields == 1 ?
					       "whitespace before the header fields" :
					       "obsolete line folding");
	for (n = s; n < e && baton_sniff_tchar(buf[n]); n++)
		;
	if (n == e)
		return complete ?
		       baton_sniff_http_refuse(r, BATON_SNIFF_INVALID,
					       "header field without a colon") :
		       BATON_SNIFF_GO;
	if (buf[n] != ':')
		return baton_sniff_http_refuse(r, BATON_SNIFF_INVALID,
					       "bad character in header field name");
	if (n == s)
		return baton_sniff_http_refuse(r, BATON_SNIFF_INVALID,
					       "empty header field name");
	for (i = n + 1; i < e; i++)
		if (!baton_sniff_value_char(buf[i]))
			return baton_sniff_http_refuse(r, BATON_SNIFF_INVALID,
						       "bad character in header field value");
	if (!complete || !baton_sniff_ieq(buf + s, n - s, "host"))
		return BATON_SNIFF_GO;

	/* RFC 9112 3.2: a second Host, or a bad one, is a bad request. */
	if (r->host_seen)
		return baton_sniff_http_refuse(r, BATON_SNIFF_INVALID,
					       "duplicate Host");
	r->host_seen = true;
	for (vs = n + 1; vs < e && (buf[vs] == ' ' || buf[vs] == '\t'); vs++)
		;
	for (ve = e; ve > vs && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t');
	     ve--)
		;
	/* An empty Host is allowed: the target URI has no authority. */
	if (vs == ve)
		return BATON_SNIFF_GO;
	/* RFC 9112 3.2.2: the host of an absolute-form target wins. */
	why = baton_sniff_http_host(r->absolute ? NULL : r->out, buf + vs,
				    ve - vs);
	if (why)
		return baton_sniff_http_refuse(r, BATON_SNIFF_INVALID, why);
	return BATON_SNIFF_GO;
}

/**
 * baton_sniff_http() - sniff an HTTP/1.x request head
 * @buf: the first bytes of the connection, untrusted
 * @len: how many
 * @head_max: the longest head to wait for, BATON_SNIFF_HTTP_HEAD_MAX at
 *	most; 0 for BATON_SNIFF_HTTP_HEAD_DEFAULT
 * @out: set to the request once its head is complete; @out->why to the
 *	reason for NOT_THIS or INVALID
 *
 * The head must start at the first byte (no empty line before the request
 * line) and end with an empty line.  Lines end with CRLF or a bare LF.
 * Refused as INVALID: a line of over BATON_SNIFF_HTTP_LINE_MAX bytes, a
 * head of over @head_max bytes or BATON_SNIFF_HTTP_FIELDS_MAX header
 * fields, a control character other than HTAB in a header field, a
 * header field folded over lines, an HTTP version other than 1.x, two Host
 * header fields or a bad one, and an HTTP/1.1 request without one.
 *
 * Return: an enum baton_sniff_result.
 */
int baton_sniff_http(const u8 *buf, size_t len, size_t head_max,
		     struct baton_sniff_http *out)
{
	struct baton_sniff_http_rd r = { .buf = buf, .out = out };
	size_t off = 0, stop, e, next;
	const u8 *nl;
	bool complete;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!head_max)
		head_max = BATON_SNIFF_HTTP_HEAD_DEFAULT;
	else if (head_max > BATON_SNIFF_HTTP_HEAD_MAX)
		head_max = BATON_SNIFF_HTTP_HEAD_MAX;
	r.capped = len >= head_max;
	r.end = r.capped ? head_max : len;
	if (len && !(buf[0] >= 'A' && buf[0] <= 'Z'))
		return baton_sniff_http_refuse(&r, BATON_SNIFF_NOT_THIS,
					       "no method");

	for (;;) {
		stop = r.end - off > BATON_SNIFF_HTTP_LINE_MAX ?
		       off + BATON_SNIFF_HTTP_LINE_MAX : r.end;
		nl = stop > off ? memchr(buf + off, '\n', stop - off) : NULL;
		complete = !!nl;
		e = complete ? (size_t)(nl - buf) : stop;
		next = e + 1;
		/* A CR at the end of a partial line may start its CRLF. */
		if (e > off && buf[e - 1] == '\r')
			e--;

		/* The empty line that ends the head. */
		if (off && e == off && complete)
			break;
		if (!off)
			ret = baton_sniff_http_request(&r, off, e, complete);
		else if (e > off)
			ret = baton_sniff_http_field(&r, off, e, complete);
		else
			ret = BATON_SNIFF_GO;
		if (ret != BATON_SNIFF_GO)
			return ret;
		if (!complete) {
			if (stop - off == BATON_SNIFF_HTTP_LINE_MAX)
				return baton_sniff_http_refuse(&r, BATON_SNIFF_INVALID,
							       "line too long");
			if (r.capped)
				return baton_sniff_http_refuse(&r, BATON_SNIFF_INVALID,
							       "request head too long");
			return BATON_SNIFF_NEED_MORE;
		}
		off = next;
	}

	/* RFC 9112 3.2, and nginx, even with an absolute-form target. */
	if (out->minor && !r.host_seen)
		return baton_sniff_http_refuse(&r, BATON_SNIFF_INVALID,
					       "HTTP/1.1 request without Host");
	out->head_len = next;
	return BATON_SNIFF_DONE;
}
EXPORT_SYMBOL_GPL(baton_sniff_http);

/* ----------------------------------------------------------------- TLS */

#define BATON_SNIFF_TLS_HANDSHAKE	22
#define BATON_SNIFF_TLS_CLIENT_HELLO	1
#define BATON_SNIFF_TLS_RECORD_HDR	5
#define BATON_SNIFF_TLS_HS_HDR		4
#define BATON_SNIFF_TLS_EXT_SNI		0
#define BATON_SNIFF_TLS_EXT_ALPN	16
#define BATON_SNIFF_TLS_SNI_HOST	0

/**
 * struct baton_sniff_tls_rd - a reader of the handshake message
 * @buf: the records
 * @pos: offset in @buf of the next byte
 * @rec_left: bytes of the record at @pos left; at 0, a record header
 *	comes next
 * @off: offset of the next byte in the handshake message
 * @end: length of the handshake message; the first pass made sure that
 *	the records hold all of it
 */
struct baton_sniff_tls_rd {
	const u8 *buf;
	size_t pos;
	u32 rec_left;
	u32 off;
	u32 end;
};

/* Whether @n more bytes are within @end, the end of their structure. */
static bool baton_sniff_tls_fits(const struct baton_sniff_tls_rd *r, u32 end,
				 u32 n)
{
	return n <= end - r->off;
}

/*
 * Read @n bytes to @dst, or skip them if @dst is NULL, if they are within
 * @end (at most r->end): the message may span records.
 */
static bool baton_sniff_tls_take(struct baton_sniff_tls_rd *r, u32 end,
				 u8 *dst, u32 n)
{
	u32 k;

	if (end > r->end || r->off > end || !baton_sniff_tls_fits(r, end, n))
		return false;
	while (n) {
		if (!r->rec_left) {
			r->rec_left = get_unaligned_be16(r->buf + r->pos + 3);
			r->pos += BATON_SNIFF_TLS_RECORD_HDR;
		}
		k = n < r->rec_left ? n : r->rec_left;
		if (dst) {
			memcpy(dst, r->buf + r->pos, k);
			dst += k;
		}
		r->pos += k;
		r->rec_left -= k;
		r->off += k;
		n -= k;
	}
	return true;
}

static int baton_sniff_tls_refuse(struct baton_sniff_tls *out, int ret,
				  const char *why)
{
	out->why = why;
	return ret;
}

/*
 * Check the header of a record at @pos, as much of it as has arrived;
 * @first for the first record, whose type and version decide whether
 * this is TLS at all.  Set *@rlen to its length.
 */
static int baton_sniff_tls_record(const u8 *buf, size_t len, size_t pos,
				  bool first, u32 *rlen,
				  struct baton_sniff_tls *out)
{
	const u8 *h = buf + pos;
	size_t have = len - pos;

	if (have >= 1 && h[0] != BATON_SNIFF_TLS_HANDSHAKE)
		return baton_sniff_tls_refuse(out, first ?
					      BATON_SNIFF_NOT_THIS :
					      BATON_SNIFF_INVALID,
					      "not a handshake record");
	if (have >= 2 && h[1] != 3)
		return baton_sniff_tls_refuse(out, first ?
					      BATON_SNIFF_NOT_THIS :
					      BATON_SNIFF_INVALID,
					      "bad record version");
	if (have >= 3 && (h[2] < 1 || h[2] > 4))
		return baton_sniff_tls_refuse(out, BATON_SNIFF_INVALID,
					      "unsupported record version");
	if (have < BATON_SNIFF_TLS_RECORD_HDR)
		return BATON_SNIFF_NEED_MORE;
	*rlen = get_unaligned_be16(h + 3);
	if (!*rlen)
		return baton_sniff_tls_refuse(out, BATON_SNIFF_INVALID,
					      "empty record");
	if (*rlen > BATON_SNIFF_TLS_RECORD_MAX)
		return baton_sniff_tls_refuse(out, BATON_SNIFF_INVALID,
					      "record too long");
	return BATON_SNIFF_GO;
}

/*
 * First pass: walk the records until they hold the whole ClientHello.
 * Set *@need to its length, handshake header included.
 */
static int baton_sniff_tls_records(const u8 *buf, size_t len, u32 *need,
				   struct baton_sniff_tls *out)
{
	u32 rlen, avail, got = 0, hs_have = 0, i;
	u8 hs[BATON_SNIFF_TLS_HS_HDR];
	size_t pos = 0;
	int ret;

	*need = 0;
	for (;;) {
		ret = baton_sniff_tls_record(buf, len, pos, !out->records,
					     &rlen, out);
		if (ret != BATON_SNIFF_GO)
			return ret;
		out->records++;
		pos += BATON_SNIFF_TLS_RECORD_HDR;
		avail = len - pos < rlen ? len - pos : rlen;
		for (i = 0; hs_have < sizeof(hs) && i < avail; i++)
			hs[hs_have++] = buf[pos + i];
		if (hs_have && hs[0] != BATON_SNIFF_TLS_CLIENT_HELLO)
			return baton_sniff_tls_refuse(out, BATON_SNIFF_INVALID,
						      "not a ClientHello");
		if (hs_have == sizeof(hs) && !*need) {
			*need = BATON_SNIFF_TLS_HS_HDR + (hs[1] << 16 |
							  hs[2] << 8 | hs[3]);
			if (*need > BATON_SNIFF_TLS_HELLO_MAX)
				return baton_sniff_tls_refuse(out,
							      BATON_SNIFF_INVALID,
							      "ClientHello too long");
		}
		if (*need && *need - got <= avail) {
			out->hello_end = pos + (*need - got);
			return BATON_SNIFF_GO;
		}
		if (avail < rlen)
			return BATON_SNIFF_NEED_MORE;
		got += avail;
		pos += rlen;
	}
}

/* The server_name extension (RFC 6066 3), up to @end. */
static const char *baton_sniff_tls_sni(struct baton_sniff_tls_rd *r, u32 end,
				       struct baton_sniff_tls *out)
{
	u8 b[3], name[BATON_SNIFF_HOST_MAX + 1];
	bool host = false;
	const char *why;
	u32 n;

	if (!baton_sniff_tls_take(r, end, b, 2))
		return "truncated server_name";
	n = get_unaligned_be16(b);
	if (!n || n != end - r->off)
		return "bad server_name list length";
	while (r->off < end) {
		if (!baton_sniff_tls_take(r, end, b, 3))
			return "truncated server_name";
		n = get_unaligned_be16(b + 1);
		if (b[0] != BATON_SNIFF_TLS_SNI_HOST) {
			/* Unknown name types carry a 16-bit length too. */
			if (!baton_sniff_tls_take(r, end, NULL, n))
				return "truncated server_name";
			continue;
		}
		if (host)
			return "two host names in server_name";
		host = true;
		/* Room for a trailing dot, which is dropped. */
		if (n > sizeof(name))
			return "server name too long";
		if (!baton_sniff_tls_take(r, end, name, n))
			return "truncated server_name";
		why = baton_sniff_copy_name(out->sni, &out->sni_len, name, n);
		if (why)
			return why;
	}
	return NULL;
}

/* The ALPN extension (RFC 7301 3.1), up to @end: keep the first name. */
static const char *baton_sniff_tls_alpn(struct baton_sniff_tls_rd *r,
					u32 end, struct baton_sniff_tls *out)
{
	u8 b[2];
	u32 n;

	if (!baton_sniff_tls_take(r, end, b, 2))
		return "truncated ALPN";
	n = get_unaligned_be16(b);
	if (n < 2 || n != end - r->off)
		return "bad ALPN list length";
	while (r->off < end) {
		if (!baton_sniff_tls_take(r, end, b, 1))
			return "truncated ALPN";
		if (!b[0])
			return "empty ALPN protocol";
		if (!baton_sniff_tls_take(r, end, out->alpn_len ? NULL :
					  (u8 *)out->alpn, b[0]))
			return "truncated ALPN";
		if (!out->alpn_len)
			out->alpn_len = b[0];
	}
	return NULL;
}

/* Walk the extensions, from r->off to r->end. */
static const char *baton_sniff_tls_exts(struct baton_sniff_tls_rd *r,
					struct baton_sniff_tls *out)
{
	bool sni = false, alpn = false;
	const char *why;
	u16 type;
	u8 b[4];
	u32 n;

	if (!baton_sniff_tls_take(r, r->end, b, 2))
		return "truncated extensions";
	if (get_unaligned_be16(b) != r->end - r->off)
		return "bad extensions length";
	while (r->off < r->end) {
		if (!baton_sniff_tls_take(r, r->end, b, 4))
			return "truncated extension";
		type = get_unaligned_be16(b);
		n = get_unaligned_be16(b + 2);
		if (!baton_sniff_tls_fits(r, r->end, n))
			return "truncated extension";
		why = NULL;
		if (type == BATON_SNIFF_TLS_EXT_SNI) {
			if (sni)
				return "duplicate server_name";
			sni = true;
			why = baton_sniff_tls_sni(r, r->off + n, out);
		} else if (type == BATON_SNIFF_TLS_EXT_ALPN) {
			if (alpn)
				return "duplicate ALPN";
			alpn = true;
			why = baton_sniff_tls_alpn(r, r->off + n, out);
		} else {
			baton_sniff_tls_take(r, r->end, NULL, n);
		}
		if (why)
			return why;
	}
	return NULL;
}

/* Second pass: the ClientHello (RFC 8446 4.1.2, RFC 5246 7.4.1.2). */
static const char *baton_sniff_tls_hello(struct baton_sniff_tls_rd *r,
					 struct baton_sniff_tls *out)
{
	u8 b[2];
	u32 n;

	if (!baton_sniff_tls_take(r, r->end, NULL, BATON_SNIFF_TLS_HS_HDR) ||
	    !baton_sniff_tls_take(r, r->end, b, 2))
		return "truncated ClientHello";
	out->version = get_unaligned_be16(b);
	if (b[0] != 3 || !b[1])
		return "unsupported ClientHello version";
	if (!baton_sniff_tls_take(r, r->end, NULL, 32) ||
	    !baton_sniff_tls_take(r, r->end, b, 1))
		return "truncated ClientHello";
	if (b[0] > 32)
		return "session ID too long";
	if (!baton_sniff_tls_take(r, r->end, NULL, b[0]) ||
	    !baton_sniff_tls_take(r, r->end, b, 2))
		return "truncated ClientHello";
	n = get_unaligned_be16(b);
	if (!n || n & 1)
		return "bad cipher suites length";
	if (!baton_sniff_tls_take(r, r->end, NULL, n) ||
	    !baton_sniff_tls_take(r, r->end, b, 1))
		return "truncated ClientHello";
	if (!b[0])
		return "no compression methods";
	if (!baton_sniff_tls_take(r, r->end, NULL, b[0]))
		return "truncated ClientHello";
	/* No extensions at all is a valid (old) ClientHello. */
	if (r->off == r->end)
		return NULL;
	return baton_sniff_tls_exts(r, out);
}

/**
 * baton_sniff_tls() - sniff a TLS ClientHello
 * @buf: the first bytes of the connection, untrusted
 * @len: how many
 * @out: set to what the ClientHello says once it is complete; @out->why
 *	to the reason for NOT_THIS or INVALID
 *
 * The ClientHello comes in handshake records of version 3.1 to 3.4, each
 * of 1 to 2^14 bytes, and may span any number of them; it is at most
 * BATON_SNIFF_TLS_HELLO_MAX bytes.  What follows it is not looked at.
 * Refused as INVALID: any other record in between, a ClientHello with a
 * bad length anywhere, two server_name or ALPN extensions, a server_name
 * with two host names or a bad one, and an empty ALPN protocol.  A
 * ClientHello without server_name is DONE, with an empty @out->sni.
 *
 * Return: an enum baton_sniff_result.
 */
int baton_sniff_tls(const u8 *buf, size_t len, struct baton_sniff_tls *out)
{
	struct baton_sniff_tls_rd r = { .buf = buf };
	const char *why;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = baton_sniff_tls_records(buf, len, &r.end, out);
	if (ret != BATON_SNIFF_GO)
		return ret;
	why = baton_sniff_tls_hello(&r, out);
	if (why)
		return baton_sniff_tls_refuse(out, BATON_SNIFF_INVALID, why);
	return BATON_SNIFF_DONE;
}
EXPORT_SYMBOL_GPL(baton_sniff_tls);

/* ---------------------------------------------------------- host names */

/**
 * baton_sniff_host_match() - whether a host name matches a pattern
 * @pattern: a host name, or "*." and a host name
 * @host: a host name, as the sniffers give it
 *
 * Both are NUL-terminated and compared without regard to ASCII case.  A
 * pattern "*.example.com" matches a name of exactly one more label, as
 * a TLS certificate's wildcard does (RFC 6125 6.4.3): "www.example.com",
 * but neither "example.com" nor "a.www.example.com".  A '*' anywhere
 * else is an ordinary character, which no host name holds.  An empty
 * pattern or host matches nothing.
 *
 * Return: true if @host matches @pattern.
 */
bool baton_sniff_host_match(const char *pattern, const char *host)
{
	size_t i;

	if (!*pattern || !*host)
		return false;
	if (pattern[0] == '*' && pattern[1] == '.') {
		for (i = 0; host[i] && host[i] != '.'; i++)
			;
		if (!i || !host[i])
			return false;
		host += i;
		pattern++;
	}
	for (i = 0; pattern[i] && host[i]; i++)
		if (baton_sniff_lower(pattern[i]) != baton_sniff_lower(host[i]))
			return false;
	return pattern[i] == host[i];
}
EXPORT_SYMBOL_GPL(baton_sniff_host_match);
