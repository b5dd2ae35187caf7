// SPDX-License-Identifier: GPL-2.0
/*
 * batonctl: messages and formatting shared by all objects.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

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

void *ctl_grow(void *array, size_t n, size_t *cap, size_t size,
	       size_t first)
{
	size_t new_cap;

	if (n < *cap)
		return array;
	new_cap = *cap ? *cap * 2 : first;
	array = realloc(array, new_cap * size);
	if (array)
		*cap = new_cap;
	return array;
}

int ctl_parse_addr(const char *s, struct ctl_addr *addr)
{
	char buf[INET6_ADDRSTRLEN + 2];
	size_t len = strlen(s);

	memset(addr, 0, sizeof(*addr));
	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		if (len - 2 >= sizeof(buf))
			return -1;
		memcpy(buf, s + 1, len - 2);
		buf[len - 2] = '\0';
		if (inet_pton(AF_INET6, buf, addr->bytes) != 1)
			return -1;
		addr->family = AF_INET6;
		addr->len = 16;
		return 0;
	}
	if (inet_pton(AF_INET, s, addr->bytes) == 1) {
		addr->family = AF_INET;
		addr->len = 4;
		return 0;
	}
	if (inet_pton(AF_INET6, s, addr->bytes) == 1) {
		addr->family = AF_INET6;
		addr->len = 16;
		return 0;
	}
	return -1;
}

int ctl_parse_endpoint(const char *s, struct ctl_addr *addr, uint16_t *port)
{
	char buf[INET6_ADDRSTRLEN + 2];
	const char *colon = strrchr(s, ':');
	uint32_t p;
	size_t len;

	if (!colon || colon == s)
		return -1;
	len = colon - s;
	if (len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	/* An IPv6 address needs its brackets here. */
	if (strchr(buf, ':') && buf[0] != '[')
		return -1;
	if (ctl_parse_addr(buf, addr) || ctl_parse_u32(colon + 1, 65535, &p))
		return -1;
	*port = (uint16_t)p;
	return 0;
}

int ctl_parse_u32(const char *s, uint32_t max, uint32_t *v)
{
	unsigned long long n;
	char *end;

	if (!s[0] || s[0] == '-' || s[0] == '+' || s[0] == ' ')
		return -1;
	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno || *end || n > max)
		return -1;
	*v = (uint32_t)n;
	return 0;
}

void ctl_format_addr(const void *bytes, size_t len, char *buf, size_t size)
{
	if ((len != 4 && len != 16) ||
	    !inet_ntop(len == 4 ? AF_INET : AF_INET6, bytes, buf, size))
		snprintf(buf, size, "?");
}

void ctl_format_endpoint(const void *bytes, size_t len, uint16_t port,
			 char *buf, size_t size)
{
	char addr[CTL_ADDR_STR];

	ctl_format_addr(bytes, len, addr, sizeof(addr));
	if (len == 16)
		snprintf(buf, size, "[%s]:%u", addr, port);
	else
		snprintf(buf, size, "%s:%u", addr, port);
}
