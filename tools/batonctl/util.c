// SPDX-License-Identifier: GPL-2.0
/*
 * batonctl: messages and formatting shared by all objects.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "batonctl.h"

void ctl_err(const char *fmt, ...)
{
	va_list ap;

	fputs("batonctl: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void ctl_format_duration(uint64_t ms, char *buf, size_t size)
{
	uint64_t s = ms / 1000;

	if (s < 60)
		snprintf(buf, size, "%" PRIu64 ".%" PRIu64 "s", s, ms % 1000 / 100);
	else if (s < 3600)
		snprintf(buf, size, "%" PRIu64 "m%02" PRIu64 "s", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, size, "%" PRIu64 "h%02" PRIu64 "m", s / 3600,
			 s % 3600 / 60);
	else
		snprintf(buf, size, "%" PRIu64 "d%02" PRIu64 "h", s / 86400,
			 s % 86400 / 3600);
}
