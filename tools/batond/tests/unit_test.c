// SPDX-License-Identifier: GPL-2.0
/*
 * batond: host-side tests of the parts without a socket: CHECK parsing,
 * numbers, HTTP status lines and the fall/rise state machine.
 */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>

#include "batond.h"
#include "tap.h"

void bd_err(const char *fmt, ...)
{
	(void)fmt;
}

static void test_parse_ok(void)
{
	static const struct {
		const char *spec;
		const char *name;
		int vfamily, hfamily;
		enum bd_kind kind;
		unsigned int port;
		const char *path;
		unsigned int status;
	} cases[] = {
		{ "192.0.2.1:80,192.0.2.11,tcp:80", "192.0.2.1:80 192.0.2.11",
		  AF_INET, AF_INET, BD_CHECK_TCP, 80, "", 0 },
		{ "192.0.2.1:443,192.0.2.12,http:8080/healthz",
		  "192.0.2.1:443 192.0.2.12", AF_INET, AF_INET,
		  BD_CHECK_HTTP, 8080, "/healthz", 200 },
		{ "192.0.2.1:80,192.0.2.11,http:80/=204",
		  "192.0.2.1:80 192.0.2.11", AF_INET, AF_INET,
		  BD_CHECK_HTTP, 80, "/", 204 },
		{ "[2001:db8::1]:80,2001:db8::11,tcp:65535",
		  "[2001:db8::1]:80 2001:db8::11", AF_INET6, AF_INET6,
		  BD_CHECK_TCP, 65535, "", 0 },
		{ "[2001:db8::1]:80,[2001:db8::11],http:1/a,b?c=d=301",
		  "[2001:db8::1]:80 2001:db8::11", AF_INET6, AF_INET6,
		  BD_CHECK_HTTP, 1, "/a,b?c=d", 301 },
		/* "=" and no digits after it: a part of the path */
		{ "192.0.2.1:80,192.0.2.11,http:80/?a=b&c=",
		  "192.0.2.1:80 192.0.2.11", AF_INET, AF_INET,
		  BD_CHECK_HTTP, 80, "/?a=b&c=", 200 },
		{ "192.0.2.1:80,192.0.2.11,http:80/?a=1=200",
		  "192.0.2.1:80 192.0.2.11", AF_INET, AF_INET,
		  BD_CHECK_HTTP, 80, "/?a=1", 200 },
		/* an IPv4 service may have an IPv6 backend */
		{ "192.0.2.1:80,2001:db8::11,tcp:80", "192.0.2.1:80 2001:db8::11",
		  AF_INET, AF_INET6, BD_CHECK_TCP, 80, "", 0 },
	};
	struct bd_check c;
	char why[BD_WHY_MAX];
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int ret = bd_parse_check(cases[i].spec, &c, why, sizeof(why));

		if (!tap_ok(!ret, "parse '%s'", cases[i].spec)) {
			tap_diag("why: %s", why);
			continue;
		}
		tap_ok(!strcmp(c.name, cases[i].name) &&
		       c.vip.family == cases[i].vfamily &&
		       c.host.family == cases[i].hfamily &&
		       c.kind == cases[i].kind && c.port == cases[i].port &&
		       (c.kind == BD_CHECK_TCP ||
			(!strcmp(c.path, cases[i].path) &&
			 c.status == cases[i].status)) &&
		       c.health.state == BATON_BE_HEALTH_UNKNOWN &&
		       c.reported == BATON_BE_HEALTH_UNKNOWN,
		       "'%s': fields (name '%s', path '%s', status %u)",
		       cases[i].spec, c.name, c.path, c.status);
	}
}

static void test_parse_bad(void)
{
	static const struct {
		const char *spec;
		const char *why;	/* a part of the reason */
	} cases[] = {
		{ "", "expected VIP:PORT,HOST" },
		{ "192.0.2.1:80,192.0.2.11", "expected VIP:PORT,HOST" },
		{ "192.0.2.1,192.0.2.11,tcp:80", "invalid service" },
		{ "192.0.2.1:0,192.0.2.11,tcp:80", "invalid service port" },
		{ "192.0.2.1:65536,192.0.2.11,tcp:80", "invalid service port" },
		{ "example.com:80,192.0.2.11,tcp:80", "invalid service address" },
		{ "2001:db8::1:80,192.0.2.11,tcp:80", "[VIP]:PORT" },
		{ "[192.0.2.1]:80,192.0.2.11,tcp:80", "invalid service address" },
		{ "192.0.2.1:80,192.0.2.11:7280,tcp:80", "without a port" },
		{ "192.0.2.1:80,,tcp:80", "invalid backend address" },
		{ "192.0.2.1:80,192.0.2.11,udp:53", "unknown check" },
		{ "192.0.2.1:80,192.0.2.11,tcp:", "invalid check port" },
		{ "192.0.2.1:80,192.0.2.11,tcp:-1", "invalid check port" },
		{ "192.0.2.1:80,192.0.2.11,tcp:80x", "invalid check port" },
		{ "192.0.2.1:80,192.0.2.11,http:80", "needs a path" },
		{ "192.0.2.1:80,192.0.2.11,http:80/x=99", "invalid HTTP status" },
		{ "192.0.2.1:80,192.0.2.11,http:80/x=600", "invalid HTTP status" },
		{ "192.0.2.1:80,192.0.2.11,http:80/a b", "invalid character" },
		{ "192.0.2.1:80,192.0.2.11,http:80/\x7f", "invalid character" },
	};
	char why[BD_WHY_MAX], spec[BD_PATH_MAX + 200];
	struct bd_check c;
	unsigned int i;
	int ret;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		why[0] = '\0';
		ret = bd_parse_check(cases[i].spec, &c, why, sizeof(why));
		if (!tap_ok(ret == -1 && strstr(why, cases[i].why),
			    "refuse '%s' (%s)", cases[i].spec, cases[i].why))
			tap_diag("ret %d, why '%s'", ret, why);
	}

	/* A path of BD_PATH_MAX bytes fits; one more does not. */
	ret = snprintf(spec, sizeof(spec), "192.0.2.1:80,192.0.2.11,http:80/");
	memset(spec + ret, 'x', BD_PATH_MAX - 1);
	spec[ret + BD_PATH_MAX - 1] = '\0';
	ret = bd_parse_check(spec, &c, why, sizeof(why));
	tap_ok(!ret && strlen(c.path) == BD_PATH_MAX,
	       "a path of %d bytes is taken", BD_PATH_MAX);
	strcat(spec, "x");
	ret = bd_parse_check(spec, &c, why, sizeof(why));
	tap_ok(ret == -1 && strstr(why, "longer than"),
	       "a path of %d bytes is refused (%s)", BD_PATH_MAX + 1, why);
}

static void test_parse_uint(void)
{
	unsigned int v = 7;

	tap_ok(!bd_parse_uint("0", 0, 5, &v) && v == 0, "uint: 0 in 0..5");
	tap_ok(!bd_parse_uint("3600000", 1, 3600000, &v) && v == 3600000,
	       "uint: the maximum is taken");
	tap_ok(bd_parse_uint("3600001", 1, 3600000, &v) == -1,
	       "uint: one over the maximum is refused");
	tap_ok(bd_parse_uint("0", 1, 9, &v) == -1, "uint: under the minimum");
	tap_ok(bd_parse_uint("", 0, 9, &v) == -1, "uint: empty");
	tap_ok(bd_parse_uint("+1", 0, 9, &v) == -1, "uint: no sign");
	tap_ok(bd_parse_uint(" 1", 0, 9, &v) == -1, "uint: no space");
	tap_ok(bd_parse_uint("99999999999999999999999", 0, 4294967295u,
			     &v) == -1, "uint: no overflow");
}

static void test_http_status(void)
{
	static const struct {
		const char *line;
		int want;
	} cases[] = {
		{ "HTTP/1.1 200 OK\r\n", 200 },
		{ "HTTP/1.0 404 Not Found\r\nServer: x\r\n", 404 },
		{ "HTTP/1.1 204\r\n", 204 },
		{ "HTTP/1.1 503 \n", 503 },
		{ "HTTP/1.1 200 OK", 0 },		/* not complete yet */
		{ "HTTP/1.", 0 },
		{ "HTTP/", 0 },
		{ "", 0 },
		{ "HTTP/2 200 OK\r\n", -1 },
		{ "HTTP/1.1 20 OK\r\n", -1 },
		{ "HTTP/1.1 2000 OK\r\n", -1 },
		{ "HTTP/1.1 099 Low\r\n", -1 },
		{ "HTTP/1.1 2x0 OK\r\n", -1 },
		{ "HTTP/1.x 200 OK\r\n", -1 },
		{ "SSH-2.0-OpenSSH\r\n", -1 },
		{ "http/1.1 200 OK\r\n", -1 },
	};
	char big[BD_HTTP_LINE_MAX + 8];
	unsigned int i;
	int got;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		got = bd_http_status(cases[i].line, strlen(cases[i].line));
		tap_ok(got == cases[i].want, "status line '%.*s': %d (want %d)",
		       (int)strcspn(cases[i].line, "\r\n"), cases[i].line, got,
		       cases[i].want);
	}

	/* A status line without an end within BD_HTTP_LINE_MAX bytes. */
	memset(big, 'x', sizeof(big));
	memcpy(big, "HTTP/1.1 200 ", 13);
	tap_ok(bd_http_status(big, BD_HTTP_LINE_MAX - 1) == 0,
	       "a long status line is not complete yet");
	tap_ok(bd_http_status(big, sizeof(big)) == -1,
	       "a status line of over %d bytes is malformed",
	       BD_HTTP_LINE_MAX);
}

static struct bd_health run(const char *results, unsigned int fall,
			    unsigned int rise)
{
	struct bd_health h = { .state = BATON_BE_HEALTH_UNKNOWN };

	for (; *results; results++)
		h = bd_health_next(h, *results == '+', fall, rise);
	return h;
}

static void test_health(void)
{
	static const struct {
		const char *results;	/* '+' success, '-' failure */
		unsigned int fall, rise;
		uint8_t want;
	} cases[] = {
		{ "", 3, 2, BATON_BE_HEALTH_UNKNOWN },
		{ "+", 3, 2, BATON_BE_HEALTH_UNKNOWN },
		{ "++", 3, 2, BATON_BE_HEALTH_UP },
		{ "--", 3, 2, BATON_BE_HEALTH_UNKNOWN },
		{ "---", 3, 2, BATON_BE_HEALTH_DOWN },
		{ "++--", 3, 2, BATON_BE_HEALTH_UP },
		{ "++---", 3, 2, BATON_BE_HEALTH_DOWN },
		{ "++-+--", 3, 2, BATON_BE_HEALTH_UP },	/* the run restarts */
		{ "---+", 3, 2, BATON_BE_HEALTH_DOWN },
		{ "---++", 3, 2, BATON_BE_HEALTH_UP },
		{ "-", 1, 1, BATON_BE_HEALTH_DOWN },
		{ "-+", 1, 1, BATON_BE_HEALTH_UP },
		{ "+-+-+-", 1, 1, BATON_BE_HEALTH_DOWN },
	};
	struct bd_health h;
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		h = run(cases[i].results, cases[i].fall, cases[i].rise);
		tap_ok(h.state == cases[i].want,
		       "fall %u rise %u, results '%s': %s (want %s)",
		       cases[i].fall, cases[i].rise, cases[i].results,
		       bd_health_name(h.state),
		       bd_health_name(cases[i].want));
	}

	/* Runs saturate at BD_RUN_MAX rather than wrap. */
	h = (struct bd_health){ .state = BATON_BE_HEALTH_UP };
	for (i = 0; i < BD_RUN_MAX + 10; i++)
		h = bd_health_next(h, true, BD_RUN_MAX, BD_RUN_MAX);
	tap_ok(h.ok_run == BD_RUN_MAX && h.state == BATON_BE_HEALTH_UP,
	       "a run stops counting at %d", BD_RUN_MAX);
	h = bd_health_next(h, false, BD_RUN_MAX, BD_RUN_MAX);
	tap_ok(h.ok_run == 0 && h.fail_run == 1 &&
	       h.state == BATON_BE_HEALTH_UP,
	       "one failure after a long run: still up, one failure counted");

	tap_ok(!strcmp(bd_health_name(BATON_BE_HEALTH_UNKNOWN), "unknown") &&
	       !strcmp(bd_health_name(BATON_BE_HEALTH_UP), "up") &&
	       !strcmp(bd_health_name(BATON_BE_HEALTH_DOWN), "down") &&
	       !strcmp(bd_health_name(200), "unknown"),
	       "health names");
}

int main(void)
{
	test_parse_ok();
	test_parse_bad();
	test_parse_uint();
	test_http_status();
	test_health();
	return tap_done();
}
