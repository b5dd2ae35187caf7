/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test inputs for the request sniffers, shared by their KUnit suite
 * (sniff_test.c) and by their userspace unit test and fuzz target
 * (fuzz/).  Plain C, as the sniffers are.
 */
#ifndef _BATON_SNIFF_CASES_H
#define _BATON_SNIFF_CASES_H

#include <baton/sniff.h>

/**
 * struct baton_sniff_http_case - a request head, and what sniffing says
 * @name: what the case tests
 * @req: the bytes, NUL-terminated (a request holds no NUL, but see @len)
 * @len: bytes of @req, if not strlen(@req)
 * @fields: header fields "X-Fill-N: 1" to add after the request line
 * @line: the length of a header field line "X-Long: aaa..." to add after
 *	them, its CRLF included, if not 0
 * @head_max: the head limit to sniff with (0: the default)
 * @ret: the result for all of @req
 * @why: the reason given, for NOT_THIS and INVALID
 * @method: with DONE, the method
 * @host: with DONE, the host
 * @port: with DONE, the port
 * @path: with DONE, the path
 * @minor: with DONE, the minor version
 * @head_len: with DONE, the length of the head if not all of @req
 */
struct baton_sniff_http_case {
	const char *name;
	const char *req;
	size_t len;
	u16 fields;
	u16 line;
	size_t head_max;
	int ret;
	const char *why;
	const char *method;
	const char *host;
	u16 port;
	const char *path;
	u8 minor;
	size_t head_len;
};

extern const struct baton_sniff_http_case baton_sniff_http_cases[];
extern const unsigned int baton_sniff_http_nr_cases;

/* Room for every request that baton_sniff_http_case_build() writes. */
#define BATON_SNIFF_HTTP_TEST_ROOM	16384

size_t baton_sniff_http_case_build(const struct baton_sniff_http_case *c,
				   u8 *buf, size_t room);
const char *baton_sniff_http_case_run(const struct baton_sniff_http_case *c,
				      const u8 *buf, size_t len,
				      struct baton_sniff_http *out, int *ret);

/* Room for every ClientHello that baton_sniff_tls_case_build() writes. */
#define BATON_SNIFF_TLS_TEST_ROOM	20480

/**
 * struct baton_sniff_tls_case - a ClientHello, and what sniffing says
 * @name: what the case tests
 * @fixture: a ClientHello captured from a real client, if not NULL;
 *	else the test writer's, from the fields below
 * @fixture_len: bytes at @fixture
 * @sni: the host name in server_name, or NULL for no server_name
 * @alpn: the ALPN protocol list as on the wire ("\x02h2"), or NULL for
 *	no ALPN extension
 * @flags: BATON_SNIFF_TLS_TEST_* changes to the ClientHello
 * @split: the largest record, if not 0: the ClientHello spans records
 * @patch: a change to a field on the wire, if @patch.field
 * @patch.field: the field, BATON_SNIFF_TLS_F_*
 * @patch.set: write @patch.value into the field, instead of adding it
 * @patch.value: what is written or added, modulo the field's size
 * @ret: the result
 * @why: the reason given, for NOT_THIS and INVALID
 * @want_sni: with DONE, the server name ("" for none), if not @sni
 * @want_alpn: with DONE, the first ALPN protocol ("" for none)
 */
struct baton_sniff_tls_case {
	const char *name;
	const u8 *fixture;
	size_t fixture_len;
	const char *sni;
	const char *alpn;
	u16 flags;
	u16 split;
	struct {
		u8 field;
		bool set;
		s32 value;
	} patch;
	int ret;
	const char *why;
	const char *want_sni;
	const char *want_alpn;
};

/* No extensions at all. */
#define BATON_SNIFF_TLS_TEST_NO_EXTS	0x0001
/* A second server_name extension. */
#define BATON_SNIFF_TLS_TEST_DUP_SNI	0x0002
/* A second ALPN extension. */
#define BATON_SNIFF_TLS_TEST_DUP_ALPN	0x0004
/* A second host_name in server_name. */
#define BATON_SNIFF_TLS_TEST_TWO_NAMES	0x0008
/* A name of an unknown type before the host_name in server_name. */
#define BATON_SNIFF_TLS_TEST_OTHER_NAME	0x0010
/* A padding extension, up to 512 bytes, as curl and browsers send. */
#define BATON_SNIFF_TLS_TEST_PAD	0x0020
/* A second record after the ClientHello's, of application data. */
#define BATON_SNIFF_TLS_TEST_EARLY_DATA	0x0040
/* A 16 KiB ClientHello, all of it but 4 bytes padding. */
#define BATON_SNIFF_TLS_TEST_HUGE	0x0080

/* The fields a case can patch. */
enum {
	BATON_SNIFF_TLS_F_NONE,
	BATON_SNIFF_TLS_F_REC_TYPE,
	BATON_SNIFF_TLS_F_REC_MAJOR,
	BATON_SNIFF_TLS_F_REC_MINOR,
	BATON_SNIFF_TLS_F_REC_LEN,
	BATON_SNIFF_TLS_F_REC2_TYPE,
	BATON_SNIFF_TLS_F_REC2_LEN,
	BATON_SNIFF_TLS_F_HS_TYPE,
	BATON_SNIFF_TLS_F_HS_LEN,
	BATON_SNIFF_TLS_F_VERSION,
	BATON_SNIFF_TLS_F_SID_LEN,
	BATON_SNIFF_TLS_F_CS_LEN,
	BATON_SNIFF_TLS_F_COMP_LEN,
	BATON_SNIFF_TLS_F_EXTS_LEN,
	BATON_SNIFF_TLS_F_SNI_EXT_LEN,
	BATON_SNIFF_TLS_F_SNI_LIST_LEN,
	BATON_SNIFF_TLS_F_SNI_TYPE,
	BATON_SNIFF_TLS_F_SNI_NAME_LEN,
	BATON_SNIFF_TLS_F_ALPN_EXT_LEN,
	BATON_SNIFF_TLS_F_ALPN_LIST_LEN,
	BATON_SNIFF_TLS_F_ALPN_PROTO_LEN,
	BATON_SNIFF_TLS_F_KEY_SHARE_LEN,
	BATON_SNIFF_TLS_NR_FIELDS,
};

extern const struct baton_sniff_tls_case baton_sniff_tls_cases[];
extern const unsigned int baton_sniff_tls_nr_cases;

size_t baton_sniff_tls_case_build(const struct baton_sniff_tls_case *c,
				  u8 *buf, size_t room);
const char *baton_sniff_tls_case_run(const struct baton_sniff_tls_case *c,
				     const u8 *buf, size_t len,
				     struct baton_sniff_tls *out, int *ret);

/**
 * struct baton_sniff_match_case - a host name against a pattern
 * @pattern: the pattern
 * @host: the host name
 * @match: whether they match
 */
struct baton_sniff_match_case {
	const char *pattern;
	const char *host;
	bool match;
};

extern const struct baton_sniff_match_case baton_sniff_match_cases[];
extern const unsigned int baton_sniff_match_nr_cases;

const char *baton_sniff_http_sane(const u8 *buf, size_t len, size_t head_max,
				  int ret, const struct baton_sniff_http *out);
const char *baton_sniff_tls_sane(size_t len, int ret,
				 const struct baton_sniff_tls *out);
const char *baton_sniff_http_prefixes(const u8 *buf, size_t len,
				      size_t head_max, u8 *room,
				      struct baton_sniff_http *out,
				      size_t *where);
const char *baton_sniff_tls_prefixes(const u8 *buf, size_t len, u8 *room,
				     struct baton_sniff_tls *out,
				     size_t *where);

u32 baton_sniff_test_rand(u32 *state);

#endif /* _BATON_SNIFF_CASES_H */
