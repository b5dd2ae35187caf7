/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the userspace unit tests and fuzz targets of fuzz/.
 */
#ifndef BATON_FUZZ_UTIL_H
#define BATON_FUZZ_UTIL_H

#include <stdio.h>
#include <stdlib.h>

/* malloc() that never returns NULL: the tests stop (exit 2) instead. */
static inline void *xmalloc(size_t len)
{
	/* malloc(0) may return NULL: keep a byte, never read. */
	void *p = malloc(len ? len : 1);

	if (!p) {
		perror("malloc");
		exit(2);
	}
	return p;
}

/* A fuzz target's assertion: report where, then abort() for libFuzzer. */
#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: %s\n", __FILE__,	\
				__LINE__, #cond);			\
			abort();					\
		}							\
	} while (0)

#endif /* BATON_FUZZ_UTIL_H */
