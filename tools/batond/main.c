// SPDX-License-Identifier: GPL-2.0
/*
 * batond: active health checks of the backends of baton_classifier.
 *
 *	batond [-n NETNS] [-i INTERVAL_MS] [-t TIMEOUT_MS] [--fall N]
 *	       [--rise N] [--once] [-v] CHECK...
 *
 * Every INTERVAL_MS (counted from the start of a round) the checks run
 * one after the other; a backend whose health changes is reported to
 * the kernel with BACKEND_SET, and the change logged on stdout:
 *
 *	192.0.2.1:80 192.0.2.11 down (connect: Connection refused)
 *	192.0.2.1:80 192.0.2.11 up
 *
 * SIGTERM and SIGINT are blocked but while waiting in ppoll(), so that
 * they end the program between two steps, never in a netlink request.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <baton/version.h>

#include "batond.h"

#define NSEC_PER_MSEC	1000000LL

enum bd_exit {
	BD_EXIT_OK	= 0,
	BD_EXIT_FAIL	= 1,	/* runtime or kernel error */
	BD_EXIT_USAGE	= 2,	/* bad command line */
};

/**
 * struct bd_opts - the command line
 * @netns: -n: network namespace to enter, or NULL
 * @interval_ms: -i: from the start of a round to the next
 * @timeout_ms: -t: of each check
 * @fall: --fall: failures in a row that make a backend DOWN
 * @rise: --rise: successes in a row that make it UP
 * @once: --once: one round, no fall/rise, then exit
 * @verbose: -v: log every check result
 */
struct bd_opts {
	const char *netns;
	unsigned int interval_ms;
	unsigned int timeout_ms;
	unsigned int fall;
	unsigned int rise;
	bool once;
	bool verbose;
};

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"Usage: batond [OPTIONS] CHECK...\n"
		"Check the backends of baton_classifier services and tell the kernel\n"
		"their health.\n"
		"\n"
		"  CHECK := VIP:PORT,HOST,tcp:PORT\n"
		"         | VIP:PORT,HOST,http:PORT/PATH[=STATUS]\n"
		"\n"
		"  VIP:PORT is the service ([VIP]:PORT for IPv6), HOST the backend's\n"
		"  address as given to 'batonctl backend add'.  tcp: healthy when a\n"
		"  connection to HOST:PORT opens; http: when GET PATH on HOST:PORT\n"
		"  answers with status STATUS (default %d).\n"
		"\n"
		"Options:\n"
		"  -n, --netns NETNS       run in network namespace NETNS (/run/netns)\n"
		"  -i, --interval MS       start a round every MS ms (default %d)\n"
		"  -t, --timeout MS        time allowed to each check (default %d)\n"
		"      --fall N            failures in a row to go down (default %d)\n"
		"      --rise N            successes in a row to go up (default %d)\n"
		"      --once              check once, set each backend up or down by\n"
		"                          that result, print the states and exit\n"
		"  -v, --verbose           log every check\n"
		"  -h, --help              show this help and exit\n"
		"  -V, --version           show the version and exit\n",
		BD_HTTP_STATUS_DEFAULT, BD_INTERVAL_MS_DEFAULT,
		BD_TIMEOUT_MS_DEFAULT, BD_FALL_DEFAULT, BD_RISE_DEFAULT);
}

static int __attribute__((format(printf, 1, 2))) usage_error(const char *fmt,
							     ...)
{
	va_list ap;

	fputs("batond: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'batond --help' for more information.\n", stderr);
	return BD_EXIT_USAGE;
}

enum {
	OPT_FALL = 256,
	OPT_RISE,
	OPT_ONCE,
};

static const struct option long_options[] = {
	{ "netns",	required_argument,	NULL, 'n' },
	{ "interval",	required_argument,	NULL, 'i' },
	{ "timeout",	required_argument,	NULL, 't' },
	{ "fall",	required_argument,	NULL, OPT_FALL },
	{ "rise",	required_argument,	NULL, OPT_RISE },
	{ "once",	no_argument,		NULL, OPT_ONCE },
	{ "verbose",	no_argument,		NULL, 'v' },
	{ "help",	no_argument,		NULL, 'h' },
	{ "version",	no_argument,		NULL, 'V' },
	{ NULL,		0,			NULL, 0 },
};

/* A numeric option: @name for messages, @min to @max. */
static int parse_num(const char *name, const char *arg, unsigned int min,
		     unsigned int max, unsigned int *v)
{
	if (bd_parse_uint(arg, min, max, v))
		return usage_error("invalid %s '%s' (%u to %u)", name, arg,
				   min, max);
	return 0;
}

/*
 * Parse the options into @o.  Returns -1 to go on with the CHECKs at
 * argv[optind], or the exit status.
 */
static int parse_options(int argc, char **argv, struct bd_opts *o)
{
	int opt, ret;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, ":n:i:t:vhV", long_options,
				  NULL)) != -1) {
		ret = 0;
		switch (opt) {
		case 'n':
			if (!optarg[0])
				return usage_error("empty network namespace name");
			o->netns = optarg;
			break;
		case 'i':
			ret = parse_num("interval", optarg, 1, BD_MS_MAX,
					&o->interval_ms);
			break;
		case 't':
			ret = parse_num("timeout", optarg, 1, BD_MS_MAX,
					&o->timeout_ms);
			break;
		case OPT_FALL:
			ret = parse_num("--fall", optarg, 1, BD_RUN_MAX,
					&o->fall);
			break;
		case OPT_RISE:
			ret = parse_num("--rise", optarg, 1, BD_RUN_MAX,
					&o->rise);
			break;
		case OPT_ONCE:
			o->once = true;
			break;
		case 'v':
			o->verbose = true;
			break;
		case 'h':
			usage(stdout);
			return BD_EXIT_OK;
		case 'V':
			printf("batond " BATON_VERSION "\n");
			return BD_EXIT_OK;
		case ':':
			return usage_error("option '%s' needs a value",
					   argv[optind - 1]);
		default:
			if (optopt)
				return usage_error("unknown option '-%c'",
						   optopt);
			return usage_error("unknown option '%s'",
					   argv[optind - 1]);
		}
		if (ret)
			return ret;
	}
	return -1;
}

static bool same_backend(const struct bd_check *a, const struct bd_check *b)
{
	return a->vport == b->vport && a->vip.len == b->vip.len &&
	       !memcmp(a->vip.bytes, b->vip.bytes, a->vip.len) &&
	       a->host.len == b->host.len &&
	       !memcmp(a->host.bytes, b->host.bytes, a->host.len);
}

/* Parse the @n CHECKs of @specs into @checks.  0 or the exit status. */
static int parse_checks(int n, char **specs, struct bd_check *checks)
{
	char why[BD_WHY_MAX];
	int i, j;

	for (i = 0; i < n; i++) {
		if (bd_parse_check(specs[i], &checks[i], why, sizeof(why)))
			return usage_error("invalid check '%s': %s", specs[i],
					   why);
		/* Two checks of one backend would overrule each other. */
		for (j = 0; j < i; j++)
			if (same_backend(&checks[i], &checks[j]))
				return usage_error("two checks of backend %s: '%s' and '%s'",
						   checks[i].name, specs[j],
						   specs[i]);
	}
	return 0;
}

static void log_check(const struct bd_check *c, enum bd_result r,
		      int64_t took_ns, const char *why)
{
	if (r == BD_RESULT_OK)
		printf("%s check ok (%lld.%lld ms)\n", c->name,
		       (long long)(took_ns / NSEC_PER_MSEC),
		       (long long)(took_ns % NSEC_PER_MSEC / 100000));
	else
		printf("%s check failed (%s)\n", c->name, why);
	fflush(stdout);
}

/* "VIP:PORT HOST up", or "... down (WHY)". */
static void log_state(const struct bd_check *c, uint8_t state,
		      const char *why)
{
	if (state == BATON_BE_HEALTH_DOWN && why[0])
		printf("%s %s (%s)\n", c->name, bd_health_name(state), why);
	else
		printf("%s %s\n", c->name, bd_health_name(state));
	fflush(stdout);
}

/* Run check @c once; BD_RESULT_INTR if a signal came. */
static enum bd_result run_check(const struct bd_opts *o,
				const struct bd_check *c,
				const sigset_t *waitmask, char *why,
				size_t size)
{
	int64_t start = bd_now_ns();
	enum bd_result r;

	r = bd_run_check(c, o->timeout_ms, waitmask, why, size);
	if (r != BD_RESULT_INTR && o->verbose)
		log_check(c, r, bd_now_ns() - start, why);
	return r;
}

/*
 * Tell the kernel the health of @c, unless it knows it already.  A
 * failure is logged once (until the error changes), and the request
 * made again after the next check.  Returns 0 or -errno.
 */
static int report(const struct bd_opts *o, struct bd_kernel *k,
		  struct bd_check *c)
{
	uint8_t state = c->health.state;
	char why[BD_WHY_MAX];
	int err;

	if (state == c->reported)
		return 0;
	err = bd_kernel_set_health(k, c, state, why, sizeof(why));
	if (err) {
		if (err != c->nl_err)
			bd_err("%s: cannot set health %s: %s%s", c->name,
			       bd_health_name(state), why,
			       o->once ? "" : " (will retry)");
		c->nl_err = err;
		return err;
	}
	if (c->nl_err)
		bd_err("%s: health %s set", c->name, bd_health_name(state));
	c->nl_err = 0;
	c->reported = state;
	return 0;
}

/* --once: every check once, its result the health.  The exit status. */
static int run_once(const struct bd_opts *o, struct bd_kernel *k,
		    struct bd_check *checks, int n, const sigset_t *waitmask)
{
	char why[BD_WHY_MAX];
	int ret = BD_EXIT_OK;
	enum bd_result r;
	int i;

	for (i = 0; i < n && !stop; i++) {
		r = run_check(o, &checks[i], waitmask, why, sizeof(why));
		if (r == BD_RESULT_INTR)
			break;
		checks[i].health.state = r == BD_RESULT_OK ?
					 BATON_BE_HEALTH_UP :
					 BATON_BE_HEALTH_DOWN;
		log_state(&checks[i], checks[i].health.state, why);
		if (report(o, k, &checks[i]))
			ret = BD_EXIT_FAIL;
	}
	return stop ? BD_EXIT_OK : ret;
}

/* Wait until @when (CLOCK_MONOTONIC, ns), or a signal. */
static void sleep_until(int64_t when, const sigset_t *waitmask)
{
	struct timespec ts;
	int64_t left;

	while (!stop && (left = when - bd_now_ns()) > 0) {
		ts.tv_sec = (time_t)(left / 1000000000);
		ts.tv_nsec = (long)(left % 1000000000);
		(void)ppoll(NULL, 0, &ts, waitmask);
	}
}

/* Rounds of checks until a signal.  The exit status. */
static int run_daemon(const struct bd_opts *o, struct bd_kernel *k,
		      struct bd_check *checks, int n,
		      const sigset_t *waitmask)
{
	char why[BD_WHY_MAX];
	struct bd_check *c;
	enum bd_result r;
	int64_t start;
	uint8_t old;
	int i;

	while (!stop) {
		start = bd_now_ns();
		for (i = 0; i < n && !stop; i++) {
			c = &checks[i];
			r = run_check(o, c, waitmask, why, sizeof(why));
			if (r == BD_RESULT_INTR)
				break;
			old = c->health.state;
			c->health = bd_health_next(c->health,
						   r == BD_RESULT_OK,
						   o->fall, o->rise);
			if (c->health.state != old) {
				log_state(c, c->health.state, why);
				c->nl_err = 0;	/* a new request: log it */
			}
			report(o, k, c);
		}
		/* A late round is followed at once by the next. */
		sleep_until(start + o->interval_ms * NSEC_PER_MSEC, waitmask);
	}
	return BD_EXIT_OK;
}

/*
 * Block SIGTERM and SIGINT, to be taken in ppoll() with @waitmask
 * only; ignore SIGPIPE.  0 or -1.
 */
static int setup_signals(sigset_t *waitmask)
{
	struct sigaction sa;
	sigset_t block;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL))
		return -1;

	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	if (sigprocmask(SIG_BLOCK, &block, waitmask))
		return -1;
	sigdelset(waitmask, SIGTERM);
	sigdelset(waitmask, SIGINT);

	/* No SA_RESTART: ppoll() returns on the signal. */
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGTERM, &sa, NULL) || sigaction(SIGINT, &sa, NULL))
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct bd_opts o = {
		.interval_ms = BD_INTERVAL_MS_DEFAULT,
		.timeout_ms = BD_TIMEOUT_MS_DEFAULT,
		.fall = BD_FALL_DEFAULT,
		.rise = BD_RISE_DEFAULT,
	};
	struct bd_check *checks;
	struct bd_kernel *k;
	sigset_t waitmask;
	int n, ret;

	ret = parse_options(argc, argv, &o);
	if (ret >= 0)
		return ret;
	n = argc - optind;
	if (n < 1)
		return usage_error("missing CHECK");
	checks = calloc((size_t)n, sizeof(*checks));
	if (!checks) {
		bd_err("out of memory");
		return BD_EXIT_FAIL;
	}
	ret = parse_checks(n, argv + optind, checks);
	if (ret)
		goto out;

	if (setup_signals(&waitmask)) {
		bd_err("cannot set up signals: %s", strerror(errno));
		ret = BD_EXIT_FAIL;
		goto out;
	}
	/* Into the namespace first: the checks run there too. */
	k = bd_kernel_open(o.netns);
	if (!k) {
		ret = BD_EXIT_FAIL;
		goto out;
	}
	if (o.once)
		ret = run_once(&o, k, checks, n, &waitmask);
	else
		ret = run_daemon(&o, k, checks, n, &waitmask);
	bd_kernel_close(k);
out:
	free(checks);
	return ret;
}
