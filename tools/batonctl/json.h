/* SPDX-License-Identifier: GPL-2.0 */
/*
 * batonctl: a tiny streaming JSON writer.
 *
 * Values are written as they come, with no tree in memory: open a
 * container, write keys and values, close it.  The writer only inserts
 * the separators and escapes strings; the caller is responsible for
 * pairing each key with one value.  Output is compact (one line).
 *
 *	struct json j;
 *
 *	json_init(&j, stdout);
 *	json_object_begin(&j);
 *	json_kv_string(&j, "module", "baton_tunnel");
 *	json_kv_u64(&j, "uptime_ms", 1234);
 *	json_object_end(&j);
 *	return json_finish(&j);
 */
#ifndef BATONCTL_JSON_H
#define BATONCTL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH	16

/**
 * struct json - state of one JSON document being written
 * @out: where it goes
 * @depth: number of open containers
 * @kind: per open container ('{' or '['), 1-based
 * @has_member: per open container, whether a member was written yet
 * @after_key: a key was written and its value is due
 * @misuse: nesting too deep, unbalanced, a key outside an object or a
 *	value without a key inside one; reported by json_finish()
 */
struct json {
	FILE *out;
	unsigned int depth;
	char kind[JSON_MAX_DEPTH + 1];
	bool has_member[JSON_MAX_DEPTH + 1];
	bool after_key;
	bool misuse;
};

void json_init(struct json *j, FILE *out);
/* End the document with a newline.  Returns 0, or -1 on misuse. */
int json_finish(struct json *j);

void json_object_begin(struct json *j);
void json_object_end(struct json *j);
void json_array_begin(struct json *j);
void json_array_end(struct json *j);

void json_key(struct json *j, const char *key);
/* A string; invalid UTF-8 is replaced by U+FFFD.  NULL writes null. */
void json_string(struct json *j, const char *s);
void json_u64(struct json *j, uint64_t v);
void json_s64(struct json *j, int64_t v);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);

/* A key and its value, in one call. */
void json_kv_string(struct json *j, const char *key, const char *s);
void json_kv_u64(struct json *j, const char *key, uint64_t v);
void json_kv_s64(struct json *j, const char *key, int64_t v);
void json_kv_bool(struct json *j, const char *key, bool v);
void json_kv_null(struct json *j, const char *key);

#endif /* BATONCTL_JSON_H */
