// SPDX-License-Identifier: GPL-2.0
/*
 * batond: host-side tests of the probes, against servers on the
 * loopback addresses of this machine (127.0.0.1 and ::1 only).  Each
 * server is a child process serving one connection in a given manner;
 * it checks the request it got and exits 0 if it was right.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "batond.h"
#include "tap.h"

#define TIMEOUT_MS	3000
#define SHORT_MS	300

void bd_err(const char *fmt, ...)
{
	(void)fmt;
}

/* What a server does with its one connection. */
enum serve {
	SERVE_ACCEPT,		/* accept, then close */
	SERVE_SILENT,		/* accept, read, answer nothing for a while */
	SERVE_CLOSE,		/* read the request, close */
	SERVE_200,		/* HTTP/1.1 200 OK */
	SERVE_404,		/* HTTP/1.1 404 Not Found */
	SERVE_SLOW_200,		/* 200, a byte at a time */
	SERVE_GARBAGE,		/* not HTTP */
	SERVE_HALF,		/* half a status line, then close */
};

static void msleep(unsigned int ms)
{
	struct timespec ts = { .tv_sec = ms / 1000,
			       .tv_nsec = (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Read a request head into @buf; its length, or -1. */
static ssize_t read_head(int fd, char *buf, size_t size)
{
	size_t got = 0;
	ssize_t n;

	while (got < size - 1) {
		n = read(fd, buf + got, size - 1 - got);
		if (n <= 0)
			return -1;
		got += (size_t)n;
		buf[got] = '\0';
		if (strstr(buf, "\r\n\r\n"))
			return (ssize_t)got;
	}
	return -1;
}

static void send_str(int fd, const char *s)
{
	(void)!write(fd, s, strlen(s));
}

/* The child: serve one connection on @lfd.  Exit 0 if all was right. */
static void serve(int lfd, enum serve how, const char *want_line)
{
	char buf[4096];
	const char *p;
	int fd, ok = 1;

	fd = accept(lfd, NULL, NULL);
	if (fd < 0)
		_exit(3);
	if (how != SERVE_ACCEPT) {
		if (read_head(fd, buf, sizeof(buf)) < 0)
			_exit(4);
		ok = !strncmp(buf, want_line, strlen(want_line)) &&
		     strstr(buf, "\r\nHost: ") &&
		     strstr(buf, "\r\nConnection: close\r\n");
	}
	switch (how) {
	case SERVE_ACCEPT:
	case SERVE_CLOSE:
		break;
	case SERVE_SILENT:
		msleep(2 * SHORT_MS);
		break;
	case SERVE_200:
		send_str(fd, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
		break;
	case SERVE_404:
		send_str(fd, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
		break;
	case SERVE_SLOW_200:
		for (p = "HTTP/1.0 200 Fine\r\n\r\n"; *p; p++) {
			(void)!write(fd, p, 1);
			msleep(5);
		}
		break;
	case SERVE_GARBAGE:
		send_str(fd, "SSH-2.0-OpenSSH_9.2\r\n");
		break;
	case SERVE_HALF:
		send_str(fd, "HTTP/1.1 20");
		break;
	}
	close(fd);
	_exit(ok ? 0 : 5);
}

/* A listener on @family's loopback, its port in @c->port.  Its fd. */
static int listener(int family, struct bd_check *c)
{
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;
	int fd;

	fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (family == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		len = sizeof(*sin);
	} else {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = in6addr_loopback;
		len = sizeof(*sin6);
	}
	if (bind(fd, (struct sockaddr *)&ss, len) || listen(fd, 4) ||
	    getsockname(fd, (struct sockaddr *)&ss, &len)) {
		close(fd);
		return -1;
	}
	c->port = ntohs(family == AF_INET ? sin->sin_port : sin6->sin6_port);
	return fd;
}

/* A check of the loopback of @family, @kind, the port set later. */
static int make_check(struct bd_check *c, int family, const char *probe)
{
	char spec[128], why[BD_WHY_MAX];

	snprintf(spec, sizeof(spec), "%s,%s,%s",
		 family == AF_INET ? "192.0.2.1:80" : "[2001:db8::1]:80",
		 family == AF_INET ? "127.0.0.1" : "::1", probe);
	if (bd_parse_check(spec, c, why, sizeof(why))) {
		tap_ok(false, "parse '%s': %s", spec, why);
		return -1;
	}
	return 0;
}

/*
 * Run @probe against a server that serves as @how; the result must be
 * @want, and a failure's reason must hold @why_part.
 */
static void one(const char *desc, int family, const char *probe,
		enum serve how, unsigned int timeout_ms, enum bd_result want,
		const char *why_part)
{
	char why[BD_WHY_MAX], line[BD_PATH_MAX + 32];
	struct bd_check c;
	enum bd_result r;
	int lfd, status;
	pid_t pid;

	if (make_check(&c, family, probe))
		return;
	lfd = listener(family, &c);
	if (lfd < 0) {
		tap_skip("%s: no %s loopback here", desc,
			 family == AF_INET ? "IPv4" : "IPv6");
		return;
	}
	snprintf(line, sizeof(line), "GET %s HTTP/1.1\r\n", c.path);
	pid = fork();
	if (!pid)
		serve(lfd, how, line);
	close(lfd);

	r = bd_run_check(&c, timeout_ms, NULL, why, sizeof(why));
	waitpid(pid, &status, 0);
	if (!tap_ok(r == want && (want == BD_RESULT_OK ? !why[0] :
				  strstr(why, why_part) != NULL) &&
		    WIFEXITED(status) && !WEXITSTATUS(status),
		    "%s", desc))
		tap_diag("result %d (want %d), why '%s', server status %d", r,
			 want, why, WIFEXITED(status) ? WEXITSTATUS(status) :
							-1);
}

/* A port on @family's loopback with no listener. */
static void refused(int family)
{
	char why[BD_WHY_MAX];
	struct bd_check c;
	enum bd_result r;
	int fd;

	if (make_check(&c, family, "tcp:1"))
		return;
	fd = listener(family, &c);	/* a free port... */
	if (fd < 0) {
		tap_skip("connection refused: no loopback here");
		return;
	}
	close(fd);			/* ...with nothing on it */
	r = bd_run_check(&c, TIMEOUT_MS, NULL, why, sizeof(why));
	tap_ok(r == BD_RESULT_FAIL && strstr(why, "connect: Connection refused"),
	       "%s: a closed port fails: '%s'",
	       family == AF_INET ? "IPv4" : "IPv6", why);
}

static void on_usr1(int sig)
{
	(void)sig;
}

/* A signal that the wait mask lets through ends a check: no result. */
static void interrupted(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	char why[BD_WHY_MAX];
	sigset_t block, waitmask;
	struct bd_check c;
	enum bd_result r;
	pid_t pid, killer;
	int lfd;

	if (make_check(&c, AF_INET, "http:1/"))
		return;
	lfd = listener(AF_INET, &c);
	if (lfd < 0) {
		tap_skip("signal: no loopback here");
		return;
	}
	sigaction(SIGUSR1, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &waitmask);
	sigdelset(&waitmask, SIGUSR1);

	pid = fork();
	if (!pid)
		serve(lfd, SERVE_SILENT, "GET / HTTP/1.1\r\n");
	close(lfd);
	killer = fork();
	if (!killer) {
		msleep(SHORT_MS / 3);
		kill(getppid(), SIGUSR1);
		_exit(0);
	}
	r = bd_run_check(&c, TIMEOUT_MS, &waitmask, why, sizeof(why));
	waitpid(killer, NULL, 0);
	waitpid(pid, NULL, 0);
	sigprocmask(SIG_UNBLOCK, &block, NULL);
	tap_ok(r == BD_RESULT_INTR, "a signal ends a check with no result (%d)",
	       r);
}

int main(void)
{
	static const int families[] = { AF_INET, AF_INET6 };
	unsigned int i;
	int f;

	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < 2; i++) {
		f = families[i];
		one(f == AF_INET ? "IPv4 tcp: a listener is healthy" :
				   "IPv6 tcp: a listener is healthy",
		    f, "tcp:1", SERVE_ACCEPT, TIMEOUT_MS, BD_RESULT_OK, NULL);
		one(f == AF_INET ? "IPv4 http: 200 is healthy" :
				   "IPv6 http: 200 is healthy",
		    f, "http:1/healthz", SERVE_200, TIMEOUT_MS, BD_RESULT_OK,
		    NULL);
		refused(f);
	}
	one("http: 404 when 200 is expected fails", AF_INET, "http:1/missing",
	    SERVE_404, TIMEOUT_MS, BD_RESULT_FAIL, "status 404, expected 200");
	one("http: 404 is healthy when 404 is expected", AF_INET,
	    "http:1/missing=404", SERVE_404, TIMEOUT_MS, BD_RESULT_OK, NULL);
	one("http: a status line a byte at a time", AF_INET, "http:1/?a=b",
	    SERVE_SLOW_200, TIMEOUT_MS, BD_RESULT_OK, NULL);
	one("http: a server that answers nothing times out", AF_INET,
	    "http:1/", SERVE_SILENT, SHORT_MS, BD_RESULT_FAIL,
	    "http: no status line: timed out after 300 ms");
	one("http: closed without a response", AF_INET, "http:1/",
	    SERVE_CLOSE, TIMEOUT_MS, BD_RESULT_FAIL,
	    "closed without a response");
	one("http: closed in the status line", AF_INET, "http:1/",
	    SERVE_HALF, TIMEOUT_MS, BD_RESULT_FAIL,
	    "closed in the status line");
	one("http: not HTTP", AF_INET, "http:1/", SERVE_GARBAGE, TIMEOUT_MS,
	    BD_RESULT_FAIL, "malformed status line");
	interrupted();
	return tap_done();
}
