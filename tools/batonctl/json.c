// SPDX-License-Identifier: GPL-2.0
/*
 * batonctl: a tiny streaming JSON writer (RFC 8259).
 */
#include <inttypes.h>

#include "json.h"

void json_init(struct json *j, FILE *out)
{
	*j = (struct json){ .out = out };
}

int json_finish(struct json *j)
{
	fputc('\n', j->out);
	return j->misuse || j->depth || j->after_key ? -1 : 0;
}

static bool json_in_object(const struct json *j)
{
	return j->depth && j->kind[j->depth] == '{';
}

/* Write the comma that a new member or element needs, if any. */
static void json_separate(struct json *j)
{
	if (!j->depth)
		return;
	if (j->has_member[j->depth])
		fputc(',', j->out);
	j->has_member[j->depth] = true;
}

/* Prepare for a value: it completes a key, or is an array element. */
static void json_value(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (json_in_object(j))
		j->misuse = true;
	json_separate(j);
}

static void json_open(struct json *j, char c)
{
	json_value(j);
	fputc(c, j->out);
	if (j->depth == JSON_MAX_DEPTH) {
		j->misuse = true;
		return;
	}
	j->depth++;
	j->kind[j->depth] = c;
	j->has_member[j->depth] = false;
}

static void json_close(struct json *j, char open, char close)
{
	fputc(close, j->out);
	if (!j->depth || j->after_key || j->kind[j->depth] != open) {
		j->misuse = true;
		return;
	}
	j->depth--;
}

void json_object_begin(struct json *j)
{
	json_open(j, '{');
}

void json_object_end(struct json *j)
{
	json_close(j, '{', '}');
}

void json_array_begin(struct json *j)
{
	json_open(j, '[');
}

void json_array_end(struct json *j)
{
	json_close(j, '[', ']');
}

/*
 * Length of the well-formed UTF-8 sequence at @p (1 to 4), or 0 if it
 * is not one: overlong forms, surrogates and code points above U+10FFFF
 * are refused, as RFC 3629 requires.  Reads no byte past a NUL.
 */
static size_t utf8_len(const unsigned char *p)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4;
	else
		return 0;

	if (p[0] == 0xe0)
		lo = 0xa0;	/* overlong */
	else if (p[0] == 0xed)
		hi = 0x9f;	/* surrogates */
	else if (p[0] == 0xf0)
		lo = 0x90;	/* overlong */
	else if (p[0] == 0xf4)
		hi = 0x8f;	/* above U+10FFFF */
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

static void json_put_ascii(FILE *out, unsigned char c)
{
	switch (c) {
	case '"':
		fputs("\\\"", out);
		break;
	case '\\':
		fputs("\\\\", out);
		break;
	case '\b':
		fputs("\\b", out);
		break;
	case '\f':
		fputs("\\f", out);
		break;
	case '\n':
		fputs("\\n", out);
		break;
	case '\r':
		fputs("\\r", out);
		break;
	case '\t':
		fputs("\\t", out);
		break;
	default:
		if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
}

static void json_put_string(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n;

	fputc('"', out);
	while (*p) {
		n = utf8_len(p);
		if (!n) {
			fputs("\\ufffd", out);
			p++;
		} else if (n == 1) {
			json_put_ascii(out, *p++);
		} else {
			fwrite(p, 1, n, out);
			p += n;
		}
	}
	fputc('"', out);
}

void json_key(struct json *j, const char *key)
{
	if (j->after_key || !json_in_object(j))
		j->misuse = true;
	json_separate(j);
	json_put_string(j->out, key);
	fputc(':', j->out);
	j->after_key = true;
}

void json_string(struct json *j, const char *s)
{
	if (!s) {
		json_null(j);
		return;
	}
	json_value(j);
	json_put_string(j->out, s);
}

void json_u64(struct json *j, uint64_t v)
{
	json_value(j);
	fprintf(j->out, "%" PRIu64, v);
}

void json_s64(struct json *j, int64_t v)
{
	json_value(j);
	fprintf(j->out, "%" PRId64, v);
}

void json_bool(struct json *j, bool v)
{
	json_value(j);
	fputs(v ? "true" : "false", j->out);
}

void json_null(struct json *j)
{
	json_value(j);
	fputs("null", j->out);
}

void json_kv_string(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_string(j, s);
}

void json_kv_u64(struct json *j, const char *key, uint64_t v)
{
	json_key(j, key);
	json_u64(j, v);
}

void json_kv_s64(struct json *j, const char *key, int64_t v)
{
	json_key(j, key);
	json_s64(j, v);
}

void json_kv_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

void json_kv_null(struct json *j, const char *key)
{
	json_key(j, key);
	json_null(j);
}
