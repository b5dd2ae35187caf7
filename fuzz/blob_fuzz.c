// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target of the blob codec (tunneler/blob.c).
 *
 * Any input is decoded.  A refusal must be one of the documented errors,
 * with a reason.  An accepted blob must have its tag last and its data
 * inside it, and must encode again to exactly baton_blob_size() bytes
 * (not one fewer) that decode to the same connection and encode to the
 * same bytes once more.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <baton/blob.h>

#include "blob_cases.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	size_t need, tag_off, tag_off2;
	struct baton_blob b, b2;
	const char *why;
	u8 *buf, *buf2;
	int err, len;

	err = baton_blob_decode(data, size, &b, &tag_off, &why);
	if (err) {
		CHECK(err == -EINVAL || err == -EPROTONOSUPPORT ||
		      err == -E2BIG);
		CHECK(why && *why);
		return 0;
	}
	CHECK(!why);
	CHECK(tag_off == size - BATON_BLOB_TAG_LEN);
	CHECK(!b.data_len ||
	      (b.data > data && b.data + b.data_len <= data + tag_off));

	need = baton_blob_size(&b);
	CHECK(need >= BATON_BLOB_HDR_LEN && need <= size);
	buf = malloc(need);
	buf2 = malloc(need);
	CHECK(buf && buf2);
	CHECK(baton_blob_encode(&b, buf, need - 1, &tag_off2) == -ENOSPC);
	len = baton_blob_encode(&b, buf, need, &tag_off2);
	CHECK(len > 0 && (size_t)len == need);
	CHECK(tag_off2 == need - BATON_BLOB_TAG_LEN);

	err = baton_blob_decode(buf, need, &b2, &tag_off2, &why);
	CHECK(!err);
	CHECK(baton_blob_test_equal(&b, &b2));
	CHECK(baton_blob_encode(&b2, buf2, need, &tag_off2) == len);
	CHECK(!memcmp(buf, buf2, need));
	free(buf2);
	free(buf);
	return 0;
}
