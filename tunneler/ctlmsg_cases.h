/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test frames for the control-channel frame codec, and a driver that
 * feeds a stream of them to its parser in pieces; shared by its KUnit
 * suite (ctlmsg_test.c) and by its userspace unit test and fuzz target
 * (fuzz/).  Plain C, as the codec is.
 */
#ifndef _BATON_CTLMSG_CASES_H
#define _BATON_CTLMSG_CASES_H

#include <baton/ctlmsg.h>

/* Room for every test frame that baton_ctl_case_build() writes. */
#define BATON_CTL_TEST_ROOM		256
/* Most bytes of a test BLOB. */
#define BATON_CTL_TEST_BLOB_MAX		64

/* Room for the test stream, and most frames in it. */
#define BATON_CTL_TEST_STREAM_ROOM	4096
#define BATON_CTL_TEST_STREAM_MAX	64

/**
 * struct baton_ctl_case - a frame to decode, and what decoding says
 * @name: what the case tests
 * @type: the type of the message the frame starts from
 * @field: a field of the message to set, by its index in the test
 *	writer's list of fields (ctlmsg_cases.c); 0 for none
 * @value: the field's new value
 * @patch: bytes to overwrite in the frame, if @patch.size
 * @patch.off: their offset from the start of the frame
 * @patch.size: bytes written, big-endian: 1, 2 or 4
 * @patch.value: what is written
 * @resize: zero bytes added at the end of the frame, or if negative
 *	bytes taken off its end
 * @err: 0 if decoding accepts the frame, else its error
 * @why: the reason decoding gives, or NULL
 *
 * A case changes the message (@field) and then its wire form (@patch,
 * @resize); see baton_ctl_case_values_only().
 */
struct baton_ctl_case {
	const char *name;
	u8 type;
	u8 field;
	u32 value;
	struct {
		u8 off;
		u8 size;
		u32 value;
	} patch;
	s32 resize;
	int err;
	const char *why;
};

extern const struct baton_ctl_case baton_ctl_cases[];
extern const unsigned int baton_ctl_nr_cases;

void baton_ctl_test_fill(struct baton_ctl_msg *m, u8 type);
size_t baton_ctl_test_write(const struct baton_ctl_msg *m, u8 *buf,
			    size_t room);
size_t baton_ctl_case_build(const struct baton_ctl_case *c,
			    struct baton_ctl_msg *m, u8 *buf, size_t room);
bool baton_ctl_case_values_only(const struct baton_ctl_case *c);
bool baton_ctl_case_parses_alike(const struct baton_ctl_case *c);
bool baton_ctl_test_equal(const struct baton_ctl_msg *a,
			  const struct baton_ctl_msg *b);
bool baton_ctl_refused_cleanly(int err, const char *why);

/**
 * struct baton_ctl_test_stream - frames back to back, as a peer sends them
 * @buf: the bytes
 * @len: how many
 * @msgs: the message of each frame
 * @ends: the offset of the end of each frame
 * @nr: how many frames
 */
struct baton_ctl_test_stream {
	u8 buf[BATON_CTL_TEST_STREAM_ROOM];
	size_t len;
	struct baton_ctl_msg msgs[BATON_CTL_TEST_STREAM_MAX];
	size_t ends[BATON_CTL_TEST_STREAM_MAX];
	unsigned int nr;
};

void baton_ctl_test_stream(struct baton_ctl_test_stream *s);

/**
 * struct baton_ctl_test_io - how baton_ctl_test_feed() gets memory
 * @alloc: a buffer of exactly the bytes asked for, or NULL
 * @free: give one back
 */
struct baton_ctl_test_io {
	u8 *(*alloc)(size_t len);
	void (*free)(u8 *buf);
};

#ifndef __KERNEL__
#include <stdlib.h>

/* The userspace tests take their memory from libc. */
static inline u8 *baton_ctl_test_malloc(size_t len)
{
	/* malloc(0) may return NULL: keep a byte, never read. */
	return malloc(len ? len : 1);
}

static inline void baton_ctl_test_mfree(u8 *buf)
{
	free(buf);
}

#define BATON_CTL_TEST_LIBC_IO	{ .alloc = baton_ctl_test_malloc, \
				  .free = baton_ctl_test_mfree }
#endif /* !__KERNEL__ */

int baton_ctl_test_decode(const struct baton_ctl_test_io *io, const u8 *buf,
			  size_t len, struct baton_ctl_frame *f,
			  const char **why);

/**
 * struct baton_ctl_test_run - a stream to feed to a parser, and the result
 * @data: the stream
 * @len: its length
 * @cuts: offsets where a piece ends, in increasing order; the last piece
 *	ends at @len
 * @nr_cuts: how many
 * @step: if not 0, the longest piece: longer ones are fed in pieces of
 *	@step bytes
 * @want: the messages the frames must carry, or NULL not to compare
 * @nr_want: how many
 * @frames: set to how many frames the parser returned
 * @err: set to the error the stream failed with, or 0
 * @why: set to the parser's reason for @err
 * @bad: set to what the parser or the codec did wrong, or NULL
 */
struct baton_ctl_test_run {
	const u8 *data;
	size_t len;
	const size_t *cuts;
	unsigned int nr_cuts;
	size_t step;
	const struct baton_ctl_msg *want;
	unsigned int nr_want;
	unsigned int frames;
	int err;
	const char *why;
	const char *bad;
};

void baton_ctl_test_feed(const struct baton_ctl_test_io *io,
			 struct baton_ctl_test_run *run);

#endif /* _BATON_CTLMSG_CASES_H */
