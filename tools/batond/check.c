// SPDX-License-Identifier: GPL-2.0
/*
 * batond: the checks.
 *
 *	CHECK := VIP:PORT,HOST,tcp:PORT
 *	       | VIP:PORT,HOST,http:PORT/PATH[=STATUS]
 *
 * A TCP check is healthy when a connection to HOST:PORT opens; an HTTP
 * check when "GET PATH" on HOST:PORT answers with status STATUS
 * (default 200).  Both use non-blocking sockets and ppoll(), with one
 * deadline for the whole check.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <baton/version.h>

#include "batond.h"

#define NSEC_PER_SEC	1000000000LL
#define NSEC_PER_MSEC	1000000LL

/* Longest CHECK accepted: a PATH and two addresses, with room. */
#define SPEC_MAX	(BD_PATH_MAX + 2 * BD_ENDPOINT_STR + 32)

int64_t bd_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NSEC_PER_SEC + ts.tv_nsec;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

int bd_parse_uint(const char *s, unsigned int min, unsigned int max,
		  unsigned int *v)
{
	unsigned long n = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (!is_digit(*s))
			return -1;
		n = n * 10 + (unsigned long)(*s - '0');
		if (n > max)
			return -1;
	}
	if (n < min)
		return -1;
	*v = (unsigned int)n;
	return 0;
}

static int parse_port(const char *s, uint16_t *port)
{
	unsigned int v;

	if (bd_parse_uint(s, 1, 65535, &v))
		return -1;
	*port = (uint16_t)v;
	return 0;
}

/* Parse bare address @s (@want: AF_INET, AF_INET6 or 0 for either). */
static int parse_addr(const char *s, int want, struct bd_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (want != AF_INET6 && inet_pton(AF_INET, s, a->bytes) == 1) {
		a->family = AF_INET;
		a->len = 4;
		return 0;
	}
	if (want != AF_INET && inet_pton(AF_INET6, s, a->bytes) == 1) {
		a->family = AF_INET6;
		a->len = 16;
		return 0;
	}
	return -1;
}

/* Format @a bare, into @buf of BD_ADDR_STR bytes at least. */
static void format_addr(const struct bd_addr *a, char *buf, size_t size)
{
	if (!inet_ntop(a->family, a->bytes, buf, (socklen_t)size))
		snprintf(buf, size, "?");
}

/* "VIP:PORT" or "[VIP6]:PORT", @s modified. */
static int parse_service(char *s, struct bd_check *c, char *why,
			 size_t size)
{
	char *colon = strrchr(s, ':');
	char *addr = s;
	int want = AF_INET;

	if (s[0] == '[') {
		colon = strstr(s, "]:");
		if (colon) {
			*colon++ = '\0';
			addr = s + 1;
			want = AF_INET6;
		}
	} else if (colon && memchr(s, ':', (size_t)(colon - s))) {
		snprintf(why, size, "an IPv6 service is written [VIP]:PORT");
		return -1;
	}
	if (!colon || colon == s) {
		snprintf(why, size, "invalid service '%s' (VIP:PORT)", s);
		return -1;
	}
	*colon = '\0';
	if (parse_addr(addr, want, &c->vip)) {
		snprintf(why, size, "invalid service address '%s'", addr);
		return -1;
	}
	if (parse_port(colon + 1, &c->vport)) {
		snprintf(why, size, "invalid service port '%s' (1 to 65535)",
			 colon + 1);
		return -1;
	}
	return 0;
}

/* HOST, bare; an IPv6 address may have brackets, as for batonctl. */
static int parse_host(char *s, struct bd_check *c, char *why, size_t size)
{
	size_t len = strlen(s);
	int ret;

	if (len >= 2 && s[0] == '[' && s[len - 1] == ']') {
		s[len - 1] = '\0';
		ret = parse_addr(s + 1, AF_INET6, &c->host);
		s[len - 1] = ']';
	} else {
		ret = parse_addr(s, 0, &c->host);
	}
	if (ret)
		snprintf(why, size, "invalid backend address '%s' (an IPv4 or IPv6 address, without a port)",
			 s);
	return ret;
}

/* "/PATH[=STATUS]" of an HTTP check, @s modified. */
static int parse_path(char *s, struct bd_check *c, char *why, size_t size)
{
	char *eq = strrchr(s, '=');
	const char *p;

	c->status = BD_HTTP_STATUS_DEFAULT;
	/* "=STATUS" is one or more digits: "/?a=b" or "/?a=" is a path. */
	if (eq && (!eq[1] || eq[1 + strspn(eq + 1, "0123456789")]))
		eq = NULL;
	if (eq) {
		*eq = '\0';
		if (bd_parse_uint(eq + 1, 100, 599, &c->status)) {
			snprintf(why, size, "invalid HTTP status '%s' (100 to 599)",
				 eq + 1);
			return -1;
		}
	}
	if (strlen(s) > BD_PATH_MAX) {
		snprintf(why, size, "HTTP path longer than %d bytes",
			 BD_PATH_MAX);
		return -1;
	}
	/* The request line takes no spaces, nor control characters. */
	for (p = s; *p; p++) {
		if (*p <= ' ' || *p >= 0x7f) {
			snprintf(why, size, "invalid character 0x%02x in the HTTP path",
				 (unsigned char)*p);
			return -1;
		}
	}
	strcpy(c->path, s);
	return 0;
}

/* "tcp:PORT" or "http:PORT/PATH[=STATUS]", @s modified. */
static int parse_probe(char *s, struct bd_check *c, char *why, size_t size)
{
	char *port, *slash;

	if (!strncmp(s, "tcp:", 4)) {
		c->kind = BD_CHECK_TCP;
		port = s + 4;
	} else if (!strncmp(s, "http:", 5)) {
		c->kind = BD_CHECK_HTTP;
		port = s + 5;
		slash = strchr(port, '/');
		if (!slash) {
			snprintf(why, size, "an HTTP check needs a path: http:PORT/PATH[=STATUS]");
			return -1;
		}
		if (parse_path(slash, c, why, size))
			return -1;
		/* c->path has its copy: end the port here. */
		*slash = '\0';
	} else {
		snprintf(why, size, "unknown check '%s' (tcp:PORT or http:PORT/PATH[=STATUS])",
			 s);
		return -1;
	}
	if (parse_port(port, &c->port)) {
		snprintf(why, size, "invalid check port '%s' (1 to 65535)",
			 port);
		return -1;
	}
	return 0;
}

int bd_parse_check(const char *spec, struct bd_check *c, char *why,
		   size_t size)
{
	char buf[SPEC_MAX + 1];
	char vip[BD_ENDPOINT_STR], host[BD_ADDR_STR];
	char *svc, *be, *probe;

	memset(c, 0, sizeof(*c));
	c->health.state = BATON_BE_HEALTH_UNKNOWN;
	c->reported = BATON_BE_HEALTH_UNKNOWN;
	if (strlen(spec) > SPEC_MAX) {
		snprintf(why, size, "too long");
		return -1;
	}
	strcpy(buf, spec);

	/* VIP and HOST have no commas; a PATH may. */
	svc = buf;
	be = strchr(svc, ',');
	probe = be ? strchr(be + 1, ',') : NULL;
	if (!probe) {
		snprintf(why, size, "expected VIP:PORT,HOST,tcp:PORT or VIP:PORT,HOST,http:PORT/PATH[=STATUS]");
		return -1;
	}
	*be++ = '\0';
	*probe++ = '\0';
	if (parse_service(svc, c, why, size) || parse_host(be, c, why, size) ||
	    parse_probe(probe, c, why, size))
		return -1;

	format_addr(&c->vip, vip, sizeof(vip));
	format_addr(&c->host, host, sizeof(host));
	snprintf(c->name, sizeof(c->name),
		 c->vip.family == AF_INET6 ? "[%s]:%u %s" : "%s:%u %s",
		 vip, c->vport, host);
	return 0;
}

int bd_http_status(const char *buf, size_t len)
{
	static const char proto[] = "HTTP/1.";
	const char *lf;
	size_t n;
	int code, i;

	/* Give up early on what cannot become a status line. */
	n = len < sizeof(proto) - 1 ? len : sizeof(proto) - 1;
	if (memcmp(buf, proto, n))
		return -1;
	lf = memchr(buf, '\n', len < BD_HTTP_LINE_MAX ? len : BD_HTTP_LINE_MAX);
	if (!lf)
		return len >= BD_HTTP_LINE_MAX ? -1 : 0;
	n = (size_t)(lf - buf);
	if (n && buf[n - 1] == '\r')
		n--;

	/* "HTTP/1.x SSS", then the end or " REASON" (which may be empty). */
	if (n < 12 || !is_digit(buf[7]) || buf[8] != ' ' ||
	    (n > 12 && buf[12] != ' '))
		return -1;
	code = 0;
	for (i = 9; i < 12; i++) {
		if (!is_digit(buf[i]))
			return -1;
		code = code * 10 + (buf[i] - '0');
	}
	return code < 100 ? -1 : code;
}

/**
 * struct probe - a check under way
 * @c: the check
 * @fd: its socket
 * @deadline: CLOCK_MONOTONIC, ns
 * @timeout_ms: for messages
 * @sigmask: for ppoll()
 * @why: where the reason of a failure goes
 * @size: its size
 */
struct probe {
	const struct bd_check *c;
	int fd;
	int64_t deadline;
	unsigned int timeout_ms;
	const sigset_t *sigmask;
	char *why;
	size_t size;
};

static enum bd_result probe_fail(struct probe *p, const char *what, int err)
{
	snprintf(p->why, p->size, "%s: %s", what, strerror(err));
	return BD_RESULT_FAIL;
}

/*
 * Wait until the socket is ready for @events.  BD_RESULT_OK when it
 * is, BD_RESULT_FAIL with the reason when the deadline passed (@what
 * was being done) or poll failed, BD_RESULT_INTR on a signal.
 */
static enum bd_result probe_wait(struct probe *p, short events,
				 const char *what)
{
	struct pollfd pfd = { .fd = p->fd, .events = events };
	int64_t left = p->deadline - bd_now_ns();
	struct timespec ts;
	int n;

	if (left > 0) {
		ts.tv_sec = (time_t)(left / NSEC_PER_SEC);
		ts.tv_nsec = (long)(left % NSEC_PER_SEC);
		n = ppoll(&pfd, 1, &ts, p->sigmask);
		if (n > 0)
			return BD_RESULT_OK;
		if (n < 0)
			return errno == EINTR ? BD_RESULT_INTR :
						probe_fail(p, "poll", errno);
	}
	snprintf(p->why, p->size, "%s: timed out after %u ms", what,
		 p->timeout_ms);
	return BD_RESULT_FAIL;
}

static enum bd_result probe_connect(struct probe *p)
{
	const struct bd_check *c = p->c;
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t len, errlen;
	enum bd_result ret;
	int err;

	memset(&ss, 0, sizeof(ss));
	if (c->host.family == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(c->port);
		memcpy(&sin->sin_addr, c->host.bytes, 4);
		len = sizeof(*sin);
	} else {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(c->port);
		memcpy(&sin6->sin6_addr, c->host.bytes, 16);
		len = sizeof(*sin6);
	}

	p->fd = socket(c->host.family,
		       SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
	if (p->fd < 0)
		return probe_fail(p, "socket", errno);
	if (!connect(p->fd, (struct sockaddr *)&ss, len))
		return BD_RESULT_OK;
	if (errno != EINPROGRESS)
		return probe_fail(p, "connect", errno);

	ret = probe_wait(p, POLLOUT, "connect");
	if (ret != BD_RESULT_OK)
		return ret;
	errlen = sizeof(err);
	if (getsockopt(p->fd, SOL_SOCKET, SO_ERROR, &err, &errlen))
		return probe_fail(p, "getsockopt", errno);
	return err ? probe_fail(p, "connect", err) : BD_RESULT_OK;
}

static enum bd_result probe_send(struct probe *p, const char *buf,
				 size_t len)
{
	enum bd_result ret;
	ssize_t n;

	while (len) {
		n = send(p->fd, buf, len, MSG_NOSIGNAL);
		if (n >= 0) {
			buf += n;
			len -= (size_t)n;
			continue;
		}
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			return probe_fail(p, "send", errno);
		ret = probe_wait(p, POLLOUT, "http: send");
		if (ret != BD_RESULT_OK)
			return ret;
	}
	return BD_RESULT_OK;
}

static enum bd_result probe_http(struct probe *p)
{
	const struct bd_check *c = p->c;
	char req[BD_PATH_MAX + BD_ADDR_STR + 128];
	char line[BD_HTTP_LINE_MAX];
	char host[BD_ADDR_STR];
	enum bd_result ret;
	size_t got = 0;
	ssize_t n;
	int len, status = 0;

	format_addr(&c->host, host, sizeof(host));
	len = snprintf(req, sizeof(req),
		       "GET %s HTTP/1.1\r\n"
		       "Host: %s%s%s\r\n"
		       "Connection: close\r\n"
		       "User-Agent: batond/" BATON_VERSION "\r\n"
		       "Accept: */*\r\n"
		       "\r\n",
		       c->path, c->host.family == AF_INET6 ? "[" : "", host,
		       c->host.family == AF_INET6 ? "]" : "");
	if (len < 0 || (size_t)len >= sizeof(req))
		return probe_fail(p, "http", EMSGSIZE);
	ret = probe_send(p, req, (size_t)len);
	if (ret != BD_RESULT_OK)
		return ret;

	while (!status) {
		n = recv(p->fd, line + got, sizeof(line) - got, 0);
		if (n > 0) {
			got += (size_t)n;
			status = bd_http_status(line, got);
			continue;
		}
		if (!n) {
			snprintf(p->why, p->size, got ?
				 "http: connection closed in the status line" :
				 "http: connection closed without a response");
			return BD_RESULT_FAIL;
		}
		if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			return probe_fail(p, "recv", errno);
		ret = probe_wait(p, POLLIN, "http: no status line");
		if (ret != BD_RESULT_OK)
			return ret;
	}
	if (status < 0) {
		snprintf(p->why, p->size, "http: malformed status line");
		return BD_RESULT_FAIL;
	}
	if ((unsigned int)status != c->status) {
		snprintf(p->why, p->size, "http: status %d, expected %u",
			 status, c->status);
		return BD_RESULT_FAIL;
	}
	return BD_RESULT_OK;
}

enum bd_result bd_run_check(const struct bd_check *c, unsigned int timeout_ms,
			    const sigset_t *sigmask, char *why, size_t size)
{
	struct probe p = {
		.c = c,
		.fd = -1,
		.deadline = bd_now_ns() + timeout_ms * NSEC_PER_MSEC,
		.timeout_ms = timeout_ms,
		.sigmask = sigmask,
		.why = why,
		.size = size,
	};
	enum bd_result ret;

	why[0] = '\0';
	ret = probe_connect(&p);
	if (ret == BD_RESULT_OK && c->kind == BD_CHECK_HTTP)
		ret = probe_http(&p);
	if (p.fd >= 0)
		close(p.fd);
	return ret;
}
