// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the JSON writer: exact output, escaping, UTF-8
 * sanitising and misuse detection.  TAP on stdout.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "tap.h"

/* A writer on a memory buffer. */
struct sink {
	struct json j;
	FILE *f;
	char *buf;
	size_t len;
};

static void sink_open(struct sink *s)
{
	s->buf = NULL;
	s->f = open_memstream(&s->buf, &s->len);
	if (!s->f) {
		perror("open_memstream");
		exit(1);
	}
	json_init(&s->j, s->f);
}

/* Finish the document; check its text and json_finish()'s verdict. */
static void sink_check(struct sink *s, int want_ret, const char *want,
		       const char *name)
{
	int ret = json_finish(&s->j);

	fclose(s->f);
	if (!tap_ok(ret == want_ret && (!want || !strcmp(s->buf, want)),
		    "%s", name)) {
		tap_diag("got  %d %s", ret, s->buf);
		tap_diag("want %d %s", want_ret, want ? want : "(any)\n");
	}
	free(s->buf);
}

static void test_empty(void)
{
	struct sink s;

	sink_open(&s);
	json_object_begin(&s.j);
	json_object_end(&s.j);
	sink_check(&s, 0, "{}\n", "empty object");

	sink_open(&s);
	json_array_begin(&s.j);
	json_array_end(&s.j);
	sink_check(&s, 0, "[]\n", "empty array");
}

static void test_nested(void)
{
	struct sink s;

	sink_open(&s);
	json_object_begin(&s.j);
	json_key(&s.j, "a");
	json_array_begin(&s.j);
	json_u64(&s.j, 1);
	json_s64(&s.j, -2);
	json_object_begin(&s.j);
	json_kv_null(&s.j, "b");
	json_kv_string(&s.j, "n", NULL);
	json_object_end(&s.j);
	json_array_begin(&s.j);
	json_array_end(&s.j);
	json_array_end(&s.j);
	json_kv_bool(&s.j, "t", true);
	json_kv_bool(&s.j, "f", false);
	json_kv_string(&s.j, "s", "x");
	json_object_end(&s.j);
	sink_check(&s, 0,
		   "{\"a\":[1,-2,{\"b\":null,\"n\":null},[]],"
		   "\"t\":true,\"f\":false,\"s\":\"x\"}\n",
		   "nested containers and separators");
}

static void test_numbers(void)
{
	struct sink s;

	sink_open(&s);
	json_array_begin(&s.j);
	json_u64(&s.j, UINT64_MAX);
	json_s64(&s.j, INT64_MIN);
	json_u64(&s.j, 0);
	json_array_end(&s.j);
	sink_check(&s, 0,
		   "[18446744073709551615,-9223372036854775808,0]\n",
		   "64-bit extremes");
}

static void string_case(const char *in, const char *want, const char *name)
{
	struct sink s;

	sink_open(&s);
	json_array_begin(&s.j);
	json_string(&s.j, in);
	json_array_end(&s.j);
	sink_check(&s, 0, want, name);
}

static void test_strings(void)
{
	string_case("quote\" back\\ slash/", "[\"quote\\\" back\\\\ slash/\"]\n",
		    "quote and backslash escaped");
	string_case("\b\f\n\r\t", "[\"\\b\\f\\n\\r\\t\"]\n",
		    "short escapes");
	string_case("\x01\x1f\x7f", "[\"\\u0001\\u001f\x7f\"]\n",
		    "other control characters as \\u00XX");
	string_case("\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e",
		    "[\"\xc3\xa9\xe2\x82\xac\xf0\x9d\x84\x9e\"]\n",
		    "valid UTF-8 kept");
	string_case("a\xff" "b", "[\"a\\ufffdb\"]\n",
		    "invalid byte replaced");
	string_case("\xc0\xaf", "[\"\\ufffd\\ufffd\"]\n",
		    "overlong form replaced");
	string_case("\xed\xa0\x80", "[\"\\ufffd\\ufffd\\ufffd\"]\n",
		    "surrogate replaced");
	string_case("\xf4\x90\x80\x80", "[\"\\ufffd\\ufffd\\ufffd\\ufffd\"]\n",
		    "code point above U+10FFFF replaced");
	string_case("\xe2\x82", "[\"\\ufffd\\ufffd\"]\n",
		    "truncated sequence replaced");
}

static void test_keys_escaped(void)
{
	struct sink s;

	sink_open(&s);
	json_object_begin(&s.j);
	json_kv_u64(&s.j, "k\"\n", 1);
	json_object_end(&s.j);
	sink_check(&s, 0, "{\"k\\\"\\n\":1}\n", "keys escaped");
}

static void test_misuse(void)
{
	struct sink s;

	sink_open(&s);
	json_object_begin(&s.j);
	sink_check(&s, -1, NULL, "unclosed container reported");

	sink_open(&s);
	json_array_begin(&s.j);
	json_object_end(&s.j);
	sink_check(&s, -1, NULL, "mismatched close reported");

	sink_open(&s);
	json_array_begin(&s.j);
	json_kv_u64(&s.j, "k", 1);
	json_array_end(&s.j);
	sink_check(&s, -1, NULL, "key in an array reported");

	sink_open(&s);
	json_object_begin(&s.j);
	json_u64(&s.j, 1);
	json_object_end(&s.j);
	sink_check(&s, -1, NULL, "value without key reported");

	sink_open(&s);
	json_object_begin(&s.j);
	json_key(&s.j, "k");
	json_object_end(&s.j);
	sink_check(&s, -1, NULL, "key without value reported");
}

static void test_depth(void)
{
	struct sink s;
	int i;

	sink_open(&s);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		json_array_begin(&s.j);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		json_array_end(&s.j);
	sink_check(&s, 0, NULL, "maximum depth accepted");

	sink_open(&s);
	for (i = 0; i <= JSON_MAX_DEPTH; i++)
		json_array_begin(&s.j);
	sink_check(&s, -1, NULL, "excessive depth reported");
}

int main(void)
{
	test_empty();
	test_nested();
	test_numbers();
	test_strings();
	test_keys_escaped();
	test_misuse();
	test_depth();
	return tap_done();
}
