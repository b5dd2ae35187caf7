// SPDX-License-Identifier: GPL-2.0
/*
 * batond: messages on stderr, for batond itself and for the netlink
 * plumbing it borrows from batonctl (../batonctl/nl.c calls ctl_err()).
 */
#include <stdarg.h>
#include <stdio.h>

#include "batonctl.h"
#include "batond.h"

static void bd_verr(const char *fmt, va_list ap)
{
	fflush(stdout);
	fputs("batond: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void bd_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bd_verr(fmt, ap);
	va_end(ap);
}

void ctl_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	bd_verr(fmt, ap);
	va_end(ap);
}
