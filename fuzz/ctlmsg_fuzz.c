// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target of the control-channel frame codec (tunneler/ctlmsg.c).
 *
 * An input is a stream and the pieces to feed it in:
 *	u8 n			count of piece sizes, modulo 9
 *	u8 size[n]		piece i is size[i % n] + 1 bytes long
 *	...			the stream; one piece if n is 0
 * The stream goes to a parser accepting every type, in those pieces,
 * and again in one piece, by baton_ctl_test_feed() (ctlmsg_cases.c):
 * the parser is given a buffer of the exact length it asks for, and
 * each frame it returns must encode again to its own bytes.  Both runs
 * must return the same frames and fail, if they do, with the same
 * documented error and reason; a header that baton_ctl_frame_peek()
 * refuses must fail the stream at once, in the same way.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <baton/ctlmsg.h>

#include "ctlmsg_cases.h"
#include "util.h"

/*
 * The bytes of the stream: no more of a frame's buffer can ever be
 * written or read, since a frame is complete only once all its bytes
 * came from the stream.  A header may announce a BLOB of 16 MiB, and
 * allocating that much for every such input would slow the fuzzer
 * sevenfold, so buffers stop there: an access past either end, the
 * frame's or the stream's, is a bug that AddressSanitizer reports.
 */
static size_t stream_len;

static u8 *io_alloc(size_t len)
{
	return malloc(len < stream_len ? len : stream_len);
}

static void io_free(u8 *buf)
{
	free(buf);
}

static const struct baton_ctl_test_io io = {
	.alloc = io_alloc,
	.free = io_free,
};

static void run_stream(struct baton_ctl_test_run *run, const u8 *data,
		       size_t size, const size_t *cuts, unsigned int nr_cuts)
{
	*run = (struct baton_ctl_test_run){
		.data = data, .len = size, .cuts = cuts, .nr_cuts = nr_cuts,
	};
	baton_ctl_test_feed(&io, run);
	if (run->bad)
		fprintf(stderr, "%s\n", run->bad);
	CHECK(!run->bad);
	CHECK(!run->err || baton_ctl_refused_cleanly(run->err, run->why));
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct baton_ctl_test_run pieces, whole;
	unsigned int n, i, nr_cuts = 0;
	size_t *cuts, off, frame_len;
	const u8 *sizes;
	const char *why;
	u8 type;
	int err;

	if (!size)
		return 0;
	n = data[0] % 9;
	if (size < 1 + n)
		return 0;
	sizes = data + 1;
	data += 1 + n;
	size -= 1 + n;

	stream_len = size;
	cuts = malloc((size + 1) * sizeof(*cuts));
	CHECK(cuts);
	for (i = 0, off = 0; n; i++) {
		off += sizes[i % n] + 1;
		if (off >= size)
			break;
		cuts[nr_cuts++] = off;
	}
	run_stream(&pieces, data, size, cuts, nr_cuts);
	run_stream(&whole, data, size, NULL, 0);
	free(cuts);

	CHECK(pieces.frames == whole.frames);
	CHECK(pieces.err == whole.err);
	CHECK(pieces.why == whole.why);

	err = baton_ctl_frame_peek(data, size, &type, &frame_len, &why);
	if (size >= BATON_CTL_HDR_LEN && err) {
		CHECK(baton_ctl_refused_cleanly(err, why));
		CHECK(!whole.frames && whole.err == err && whole.why == why);
	}
	return 0;
}
