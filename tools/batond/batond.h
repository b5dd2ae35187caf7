/* SPDX-License-Identifier: GPL-2.0 */
/*
 * batond: active health checks of the backends of baton_classifier
 * services.
 *
 * Each CHECK of the command line names a service (VIP:PORT), one of its
 * backends (HOST, its control address) and a probe: a TCP connect or an
 * HTTP GET.  Every round runs the probes one after the other; the
 * results go through a fall/rise state machine, and each change of a
 * backend's health is told to the kernel with BATON_CLS_CMD_BACKEND_SET.
 *
 *	check.c   CHECK parsing, the probes, HTTP status line parsing
 *	health.c  the fall/rise state machine
 *	kernel.c  BACKEND_SET over generic netlink (../batonctl/nl.c)
 *	main.c    command line, signals, the rounds
 */
#ifndef BATOND_H
#define BATOND_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/baton.h>

/* Defaults of the command line. */
#define BD_INTERVAL_MS_DEFAULT	2000
#define BD_TIMEOUT_MS_DEFAULT	2000
#define BD_FALL_DEFAULT		3
#define BD_RISE_DEFAULT		2
#define BD_HTTP_STATUS_DEFAULT	200

/* Limits of the command line. */
#define BD_MS_MAX		3600000		/* -i and -t: one hour */
#define BD_RUN_MAX		1000		/* --fall and --rise */
#define BD_PATH_MAX		1024		/* an HTTP check's PATH */

/* Longest status line read from an HTTP backend, line end included. */
#define BD_HTTP_LINE_MAX	512

/* Buffer sizes: an address, "[addr]:port", and "VIP:PORT HOST". */
#define BD_ADDR_STR		48
#define BD_ENDPOINT_STR		56
#define BD_NAME_STR		(BD_ENDPOINT_STR + BD_ADDR_STR)

/* Room for the reason of a failed check or request. */
#define BD_WHY_MAX		320

/**
 * struct bd_addr - an IPv4 or IPv6 address
 * @family: AF_INET or AF_INET6
 * @len: 4 or 16
 * @bytes: the address, network order
 */
struct bd_addr {
	int family;
	unsigned int len;
	uint8_t bytes[16];
};

/* What a check does. */
enum bd_kind {
	BD_CHECK_TCP,		/* connect to HOST:PORT */
	BD_CHECK_HTTP,		/* GET PATH from HOST:PORT, expect STATUS */
};

/**
 * struct bd_health - the health of a backend, as the checks found it
 * @state: enum baton_be_health: UNKNOWN until the first @rise successes
 *	or @fall failures in a row
 * @ok_run: successes in a row, up to BD_RUN_MAX
 * @fail_run: failures in a row, up to BD_RUN_MAX
 */
struct bd_health {
	uint8_t state;
	unsigned int ok_run;
	unsigned int fail_run;
};

/**
 * struct bd_check - one CHECK of the command line, and its state
 * @vip: the service's address
 * @vport: the service's port
 * @host: the backend's control address
 * @kind: TCP or HTTP
 * @port: the port checked on @host
 * @path: HTTP: the path to GET, NUL-terminated
 * @status: HTTP: the status code of a healthy backend
 * @name: "VIP:PORT HOST", to log
 * @health: the result of the checks so far
 * @reported: the health the kernel last accepted from us (UNKNOWN:
 *	nothing sent yet)
 * @nl_err: the error of the last failed BACKEND_SET, 0 if it succeeded:
 *	a failure is logged once, not every round
 */
struct bd_check {
	struct bd_addr vip;
	uint16_t vport;
	struct bd_addr host;
	enum bd_kind kind;
	uint16_t port;
	char path[BD_PATH_MAX + 1];
	unsigned int status;
	char name[BD_NAME_STR];
	struct bd_health health;
	uint8_t reported;
	int nl_err;
};

/* check.c */

/*
 * Parse CHECK @spec, "VIP:PORT,HOST,tcp:PORT" or
 * "VIP:PORT,HOST,http:PORT/PATH[=STATUS]", into @c (its state zeroed:
 * UNKNOWN).  Returns 0, or -1 with the reason in @why.
 */
int bd_parse_check(const char *spec, struct bd_check *c, char *why,
		   size_t size);

/* Parse a decimal number of @min to @max (no sign, no spaces).  0 or -1. */
int bd_parse_uint(const char *s, unsigned int min, unsigned int max,
		  unsigned int *v);

/*
 * The status code of the HTTP/1.x status line at the start of @buf
 * (@len bytes, not NUL-terminated): 100 to 999; 0 if the line is not
 * complete yet; -1 if it is malformed, or longer than
 * BD_HTTP_LINE_MAX bytes.
 */
int bd_http_status(const char *buf, size_t len);

/* Outcome of a check. */
enum bd_result {
	BD_RESULT_OK,		/* healthy */
	BD_RESULT_FAIL,		/* unhealthy, the reason in @why */
	BD_RESULT_INTR,		/* a signal came: no result */
};

/*
 * Run check @c once, within @timeout_ms.  Waits with ppoll() and
 * @sigmask (NULL: the current mask), so that a signal blocked
 * otherwise ends the check with BD_RESULT_INTR.  On BD_RESULT_FAIL
 * @why says why ("connect: Connection refused").
 */
enum bd_result bd_run_check(const struct bd_check *c, unsigned int timeout_ms,
			    const sigset_t *sigmask, char *why, size_t size);

/* CLOCK_MONOTONIC in nanoseconds. */
int64_t bd_now_ns(void);

/* health.c */

/*
 * The health after one more check result, @ok, given the previous
 * @h: @fall failures in a row make it DOWN, @rise successes in a row
 * UP (both at least 1).
 */
struct bd_health bd_health_next(struct bd_health h, bool ok,
				unsigned int fall, unsigned int rise);

/* "unknown", "up" or "down". */
const char *bd_health_name(uint8_t state);

/* kernel.c */

struct bd_kernel;

/*
 * Enter network namespace @netns (a name under /run/netns; NULL to
 * stay), then open the generic netlink socket.  NULL on failure, which
 * was reported.
 */
struct bd_kernel *bd_kernel_open(const char *netns);
void bd_kernel_close(struct bd_kernel *k);

/*
 * Set the health of backend @c->host of service @c->vip:@c->vport to
 * @state.  Returns 0, or -errno with the reason (the extended ACK text,
 * if the kernel gave one) in @why.
 */
int bd_kernel_set_health(struct bd_kernel *k, const struct bd_check *c,
			 uint8_t state, char *why, size_t size);

/* main.c (or a test's stub) */

/* Print "batond: <message>" to stderr. */
void bd_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* BATOND_H */
