/* SPDX-License-Identifier: GPL-2.0 */
/*
 * batonctl tests: minimal TAP producer.  The plan is printed last
 * ("1..N" after the tests is valid TAP); tap_done() gives the exit
 * status: 0 if every test passed.
 */
#ifndef BATONCTL_TAP_H
#define BATONCTL_TAP_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

static unsigned int tap_run, tap_failed;

static inline __attribute__((format(printf, 2, 3)))
bool tap_ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	tap_run++;
	if (!cond)
		tap_failed++;
	printf("%sok %u - ", cond ? "" : "not ", tap_run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	return cond;
}

static inline __attribute__((format(printf, 1, 2)))
void tap_skip(const char *fmt, ...)
{
	va_list ap;

	tap_run++;
	printf("ok %u # SKIP ", tap_run);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static inline __attribute__((format(printf, 1, 2)))
void tap_diag(const char *fmt, ...)
{
	va_list ap;

	fputs("# ", stdout);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static inline int tap_done(void)
{
	printf("1..%u\n", tap_run);
	return tap_failed ? 1 : 0;
}

#endif /* BATONCTL_TAP_H */
