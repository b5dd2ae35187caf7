/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test blobs for the blob codec, shared by its KUnit suite (blob_test.c)
 * and by its userspace unit test and fuzz target (fuzz/).  Plain C, as
 * the codec is.
 */
#ifndef _BATON_BLOB_CASES_H
#define _BATON_BLOB_CASES_H

#include <baton/blob.h>

/* Room for every test blob that baton_blob_case_build() writes. */
#define BATON_BLOB_TEST_ROOM	1024

struct baton_blob_raw;

/**
 * struct baton_blob_case - a blob to decode, and what decoding says
 * @name: what the case tests
 * @family: AF_INET6 for the IPv6 connection, else the IPv4 one
 * @field: a field of the connection to set, by its index in the test
 *	writer's table of fields (blob_cases.c); 0 for none
 * @value: the field's new value, or for an address the index of a test
 *	address
 * @patch: bytes to overwrite on the wire, if @patch.size
 * @patch.where: BATON_BLOB_TEST_HDR, or the type of a FLOW, IP or TCP
 *	section
 * @patch.off: offset in the header or value
 * @patch.size: bytes written, big-endian: 1, 2 or 4
 * @patch.value: what is written
 * @raw: a change to the sections of the blob, if not NULL
 * @arg: argument of @raw
 * @err: 0 if decoding accepts the blob, else its error
 * @why: the reason decoding gives, or NULL
 *
 * A case changes the connection (@field) and then its wire form
 * (@patch, @raw); see baton_blob_case_values_only().
 */
struct baton_blob_case {
	const char *name;
	u8 family;
	u8 field;
	u32 value;
	struct {
		u16 where;
		u8 off;
		u8 size;
		u32 value;
	} patch;
	void (*raw)(struct baton_blob_raw *r, u32 arg);
	u32 arg;
	int err;
	const char *why;
};

/* @patch.where of a header field. */
#define BATON_BLOB_TEST_HDR	0

extern const struct baton_blob_case baton_blob_cases[];
extern const unsigned int baton_blob_nr_cases;

void baton_blob_test_fill(struct baton_blob *b, u8 family);
size_t baton_blob_test_write(const struct baton_blob *b, u8 *buf,
			     size_t room);
size_t baton_blob_case_build(const struct baton_blob_case *c,
			     struct baton_blob *b, u8 *buf, size_t room);
bool baton_blob_case_values_only(const struct baton_blob_case *c);
bool baton_blob_test_equal(const struct baton_blob *a,
			   const struct baton_blob *b);

#endif /* _BATON_BLOB_CASES_H */
