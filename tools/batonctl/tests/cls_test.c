// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the service and backend objects (service.c, backend.c)
 * without a kernel: the command line of each verb, the baton_cls
 * request it builds, and the human and JSON output of replies made up
 * here.  main.c's ctl_transact(), ctl_usage_error() and ctl_no_args()
 * are replaced below: the request is kept for inspection instead of
 * sent, and canned replies are fed to the verb's parser.  TAP on
 * stdout.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include <linux/baton.h>

#include "batonctl.h"
#include "nl.h"
#include "tap.h"

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))
#define FAKE_FAMILY	0x42
#define MAX_REPLIES	4

/* What the stubs saw of the last command. */
static struct {
	unsigned int transacts;		/* ctl_transact() calls */
	const char *name;		/* its family name */
	uint8_t cmd;
	int flags;
	struct nl_msg *req;		/* the request it would send */
	char usage[512];		/* the last usage error, or "" */
	struct nl_msg *replies[MAX_REPLIES];	/* fed to the parser */
	unsigned int n_replies;
} seen;

/* ---- stubs of main.c ---- */

int ctl_usage_error(const struct ctl_object *object, const char *fmt, ...)
{
	va_list ap;

	(void)object;
	va_start(ap, fmt);
	vsnprintf(seen.usage, sizeof(seen.usage), fmt, ap);
	va_end(ap);
	return CTL_EXIT_USAGE;
}

int ctl_no_args(const struct ctl_object *object, const char *verb,
		int argc, char **argv)
{
	if (argc > 0)
		return ctl_usage_error(object, "%s %s: unexpected argument '%s'",
				       object->name, verb, argv[0]);
	return CTL_EXIT_OK;
}

int ctl_transact(struct ctl *ctl, const char *name, uint8_t cmd, int flags,
		 ctl_put_fn put, const void *put_arg, bnl_reply_fn fn,
		 void *arg, const char *what)
{
	unsigned int i;
	int err = 0;

	(void)ctl;
	(void)what;
	seen.transacts++;
	seen.name = name;
	seen.cmd = cmd;
	seen.flags = flags;
	nlmsg_free(seen.req);
	seen.req = bnl_request(FAKE_FAMILY, cmd, flags);
	if (!seen.req || (put && put(seen.req, put_arg)))
		return CTL_EXIT_FAIL;
	for (i = 0; i < seen.n_replies; i++) {
		if (fn && !err)
			err = fn(seen.replies[i], arg);
		nlmsg_free(seen.replies[i]);
	}
	seen.n_replies = 0;
	return err ? CTL_EXIT_FAIL : CTL_EXIT_OK;
}

/* ---- running a verb ---- */

/* Forget the last command (not the replies queued for the next). */
static void reset(void)
{
	nlmsg_free(seen.req);
	seen.req = NULL;
	seen.transacts = 0;
	seen.name = NULL;
	seen.cmd = 0;
	seen.flags = 0;
	seen.usage[0] = '\0';
}

/*
 * Run "OBJECT VERB ARGS..." (a NULL-terminated list of words after the
 * object's name) with -j if @json, its stdout into *@out if @out is not
 * NULL (to be freed).  Returns the exit status.
 */
static int run(const struct ctl_object *obj, bool json, char **out, ...)
{
	struct ctl ctl = { .json = json };
	const struct ctl_verb *verb;
	char *argv[32], *buf = NULL;
	FILE *cap = NULL;
	int argc = 0, ret, saved = -1;
	size_t len = 0;
	va_list ap;

	reset();
	va_start(ap, out);
	while (argc < (int)ARRAY_LEN(argv) &&
	       (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	for (verb = obj->verbs; verb->name; verb++)
		if (!strcmp(verb->name, argv[0]))
			break;
	if (!verb->name) {
		tap_diag("no verb %s %s", obj->name, argv[0]);
		return -1;
	}
	if (out) {
		fflush(stdout);
		cap = tmpfile();
		saved = dup(STDOUT_FILENO);
		if (!cap || saved < 0 ||
		    dup2(fileno(cap), STDOUT_FILENO) < 0) {
			perror("capturing stdout");
			exit(1);
		}
	}
	ret = verb->run(&ctl, argc - 1, argv + 1);
	if (out) {
		fflush(stdout);
		dup2(saved, STDOUT_FILENO);
		close(saved);
		rewind(cap);
		if (getdelim(&buf, &len, '\0', cap) < 0) {
			free(buf);
			buf = strdup("");
		}
		fclose(cap);
		*out = buf;
	}
	return ret;
}

#define SVC(...)	run(&ctl_object_service, false, NULL, __VA_ARGS__, NULL)
#define BE(...)		run(&ctl_object_backend, false, NULL, __VA_ARGS__, NULL)

/* A usage error containing @want, and nothing sent. */
static bool usage_is(int ret, const char *want)
{
	if (ret == CTL_EXIT_USAGE && seen.transacts == 0 &&
	    strstr(seen.usage, want))
		return true;
	tap_diag("exit %d, %u requests, usage \"%s\"", ret, seen.transacts,
		 seen.usage);
	return false;
}

/* ---- inspecting the request ---- */

static uint8_t req_cmd(void)
{
	return genlmsg_hdr(nlmsg_hdr(seen.req))->cmd;
}

/* The top-level attributes of the request into @tb. */
static bool req_top(struct nlattr **tb)
{
	return genlmsg_parse(nlmsg_hdr(seen.req), 0, tb, BATON_CLS_ATTR_MAX,
			     NULL) == 0;
}

/* Nest @type of the request into @tb (@max + 1 entries). */
static bool req_nest(int type, struct nlattr **tb, int max)
{
	return bnl_parse_nest(seen.req, type, tb, max) == 0;
}

static bool attr_is(struct nlattr *a, const void *bytes, int len)
{
	return a && nla_len(a) == len && !memcmp(nla_data(a), bytes, len);
}

/* Attribute @a is present, of the size of its type, and holds @v. */
static bool u8_is(struct nlattr *a, uint8_t v)
{
	return a && nla_len(a) == 1 && nla_get_u8(a) == v;
}

static bool u16_is(struct nlattr *a, uint16_t v)
{
	return a && nla_len(a) == 2 && nla_get_u16(a) == v;
}

static bool u32_is(struct nlattr *a, uint32_t v)
{
	return a && nla_len(a) == 4 && nla_get_u32(a) == v;
}

static const uint8_t vip4[4] = { 198, 51, 100, 100 };
static const uint8_t vip6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t host4[4] = { 203, 0, 113, 11 };
static const uint8_t host6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x11 };
static const uint8_t client4[4] = { 192, 0, 2, 1 };

/* The request's service nest names @vip (4 or 16 bytes) port @port. */
static bool svc_is(struct nlattr **stb, const uint8_t *vip, int len,
		   uint16_t port)
{
	return u8_is(stb[BATON_SVC_A_FAMILY], len == 4 ? AF_INET : AF_INET6) &&
	       attr_is(stb[BATON_SVC_A_ADDR], vip, len) &&
	       u16_is(stb[BATON_SVC_A_PORT], htons(port));
}

/* ---- service add / set ---- */

static void test_service_add(void)
{
	struct nlattr *stb[BATON_SVC_A_MAX + 1];
	int ret;

	ret = SVC("add", "198.51.100.100:80");
	tap_ok(ret == 0 && seen.transacts == 1 &&
	       !strcmp(seen.name, BATON_CLS_GENL_NAME) &&
	       req_cmd() == BATON_CLS_CMD_SERVICE_NEW &&
	       req_nest(BATON_CLS_ATTR_SERVICE, stb, BATON_SVC_A_MAX) &&
	       svc_is(stb, vip4, 4, 80) && !stb[BATON_SVC_A_SCHED] &&
	       !stb[BATON_SVC_A_HEAD_MAX] && !stb[BATON_SVC_A_DECIDE_MS],
	       "service add: SERVICE_NEW with the service only");

	ret = SVC("add", "[2001:db8::1]:443", "head-max", "100", "sched",
		  "maglev", "decide-timeout", "2000");
	tap_ok(ret == 0 && req_cmd() == BATON_CLS_CMD_SERVICE_NEW &&
	       req_nest(BATON_CLS_ATTR_SERVICE, stb, BATON_SVC_A_MAX) &&
	       svc_is(stb, vip6, 16, 443) &&
	       u8_is(stb[BATON_SVC_A_SCHED], BATON_SCHED_MAGLEV) &&
	       u32_is(stb[BATON_SVC_A_HEAD_MAX], 100) &&
	       u32_is(stb[BATON_SVC_A_DECIDE_MS], 2000),
	       "service add: head-max, sched maglev and decide-timeout, in any order");

	ret = SVC("add", "198.51.100.100:80", "sched", "lc", "sched", "wrr");
	tap_ok(ret == 0 &&
	       req_nest(BATON_CLS_ATTR_SERVICE, stb, BATON_SVC_A_MAX) &&
	       u8_is(stb[BATON_SVC_A_SCHED], BATON_SCHED_WRR),
	       "service add: the last sched given wins");

	tap_ok(usage_is(SVC("add", "198.51.100.100:80", "sched"),
			"service add: 'sched' needs a value"),
	       "service add: sched without a value");
	tap_ok(usage_is(SVC("add", "198.51.100.100:80", "sched", "random"),
			"service add: unknown scheduler 'random' (rr, wrr, lc or maglev)"),
	       "service add: unknown scheduler");
	tap_ok(usage_is(SVC("add", "198.51.100.100:80", "sched", "RR"),
			"unknown scheduler 'RR'"),
	       "service add: scheduler names are lower case");
	tap_ok(usage_is(SVC("add", "198.51.100.100:80", "weight", "1"),
			"service add: unknown keyword 'weight'"),
	       "service add: weight is a backend's");
}

static void test_service_set(void)
{
	static const char *const names[] = { "rr", "wrr", "lc", "maglev" };
	static const uint8_t values[] = {
		BATON_SCHED_RR, BATON_SCHED_WRR, BATON_SCHED_LC,
		BATON_SCHED_MAGLEV,
	};
	struct nlattr *stb[BATON_SVC_A_MAX + 1];
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_LEN(names); i++) {
		ret = SVC("set", "198.51.100.100:80", "sched", (char *)names[i]);
		tap_ok(ret == 0 && seen.transacts == 1 &&
		       req_cmd() == BATON_CLS_CMD_SERVICE_SET &&
		       req_nest(BATON_CLS_ATTR_SERVICE, stb, BATON_SVC_A_MAX) &&
		       svc_is(stb, vip4, 4, 80) &&
		       u8_is(stb[BATON_SVC_A_SCHED], values[i]) &&
		       !stb[BATON_SVC_A_HEAD_MAX] && !stb[BATON_SVC_A_DECIDE_MS],
		       "service set sched %s: SERVICE_SET with SCHED %u alone",
		       names[i], values[i]);
	}

	ret = SVC("set", "[2001:db8::1]:80", "decide-timeout", "300");
	tap_ok(ret == 0 && req_cmd() == BATON_CLS_CMD_SERVICE_SET &&
	       req_nest(BATON_CLS_ATTR_SERVICE, stb, BATON_SVC_A_MAX) &&
	       svc_is(stb, vip6, 16, 80) &&
	       u32_is(stb[BATON_SVC_A_DECIDE_MS], 300) &&
	       !stb[BATON_SVC_A_SCHED] && !stb[BATON_SVC_A_HEAD_MAX],
	       "service set decide-timeout: no SCHED sent, nor HEAD_MAX");

	ret = SVC("set", "198.51.100.100:80", "head-max", "65536");
	tap_ok(ret == 0 &&
	       req_nest(BATON_CLS_ATTR_SERVICE, stb, BATON_SVC_A_MAX) &&
	       u32_is(stb[BATON_SVC_A_HEAD_MAX], 65536),
	       "service set head-max 65536: the largest");

	tap_ok(usage_is(SVC("set", "198.51.100.100:80"),
			"service set: nothing to set"),
	       "service set without settings: usage error, nothing sent");
	tap_ok(usage_is(SVC("set"), "service set: missing VIP:PORT"),
	       "service set without VIP:PORT");
	tap_ok(usage_is(SVC("set", "198.51.100.100", "sched", "rr"),
			"service set: invalid service '198.51.100.100'"),
	       "service set: a service needs its port");
	tap_ok(usage_is(SVC("set", "198.51.100.100:80", "mtu", "1500"),
			"service set: unknown setting 'mtu'"),
	       "service set: unknown setting");
	tap_ok(usage_is(SVC("set", "198.51.100.100:80", "sched", "maglev",
			    "head-max"),
			"service set: 'head-max' needs a value"),
	       "service set: a setting without its value");
	tap_ok(usage_is(SVC("set", "198.51.100.100:80", "head-max", "0"),
			"service set: invalid head-max '0' (1 to 65536 bytes)"),
	       "service set: head-max 0");
	tap_ok(usage_is(SVC("set", "198.51.100.100:80", "decide-timeout",
			    "600001"),
			"service set: invalid decide-timeout '600001' (1 to 600000 ms)"),
	       "service set: decide-timeout too long");
	tap_ok(usage_is(SVC("set", "198.51.100.100:80", "sched", "maglev2"),
			"service set: unknown scheduler 'maglev2'"),
	       "service set: unknown scheduler");
}

/* ---- backend add / set / del ---- */

/* The request's backend nest into @btb, and whether FORCE was set. */
static bool be_req(uint8_t cmd, struct nlattr **btb, bool *force)
{
	struct nlattr *stb[BATON_SVC_A_MAX + 1];
	struct nlattr *tb[BATON_CLS_ATTR_MAX + 1];

	if (seen.transacts != 1 || req_cmd() != cmd || !req_top(tb) ||
	    !req_nest(BATON_CLS_ATTR_SERVICE, stb, BATON_SVC_A_MAX) ||
	    !svc_is(stb, vip4, 4, 80) ||
	    !req_nest(BATON_CLS_ATTR_BACKEND, btb, BATON_BE_A_MAX))
		return false;
	*force = tb[BATON_CLS_ATTR_FORCE] != NULL;
	return true;
}

static void test_backend_add(void)
{
	struct nlattr *btb[BATON_BE_A_MAX + 1];
	bool force;
	int ret;

	ret = BE("add", "198.51.100.100:80", "203.0.113.11");
	tap_ok(ret == 0 && be_req(BATON_CLS_CMD_BACKEND_NEW, btb, &force) &&
	       attr_is(btb[BATON_BE_A_ADDR], host4, 4) &&
	       u16_is(btb[BATON_BE_A_CTL_PORT], BATON_CTL_PORT_DEFAULT) &&
	       !btb[BATON_BE_A_WEIGHT] && !force,
	       "backend add: BACKEND_NEW without WEIGHT (the kernel's default)");

	ret = BE("add", "198.51.100.100:80", "[2001:db8::11]:7000", "weight",
		 "5");
	tap_ok(ret == 0 && be_req(BATON_CLS_CMD_BACKEND_NEW, btb, &force) &&
	       attr_is(btb[BATON_BE_A_ADDR], host6, 16) &&
	       u16_is(btb[BATON_BE_A_CTL_PORT], 7000) &&
	       u32_is(btb[BATON_BE_A_WEIGHT], 5),
	       "backend add HOST:CTLPORT weight 5");

	ret = BE("add", "198.51.100.100:80", "203.0.113.11", "weight", "0");
	tap_ok(ret == 0 && be_req(BATON_CLS_CMD_BACKEND_NEW, btb, &force) &&
	       u32_is(btb[BATON_BE_A_WEIGHT], 0),
	       "backend add weight 0: sent (drained from the start)");

	ret = BE("add", "198.51.100.100:80", "203.0.113.11", "weight", "65535");
	tap_ok(ret == 0 && be_req(BATON_CLS_CMD_BACKEND_NEW, btb, &force) &&
	       u32_is(btb[BATON_BE_A_WEIGHT], 65535),
	       "backend add weight 65535: the largest");

	ret = BE("add", "198.51.100.100:80", "203.0.113.11", "weight", "0x10");
	tap_ok(ret == 0 && be_req(BATON_CLS_CMD_BACKEND_NEW, btb, &force) &&
	       u32_is(btb[BATON_BE_A_WEIGHT], 16),
	       "backend add weight 0x10: hexadecimal, as every number");

	tap_ok(usage_is(BE("add", "198.51.100.100:80", "203.0.113.11",
			   "weight", "65536"),
			"backend add: invalid weight '65536' (0 to 65535)"),
	       "backend add: weight 65536 out of range");
	tap_ok(usage_is(BE("add", "198.51.100.100:80", "203.0.113.11",
			   "weight", "-1"),
			"backend add: invalid weight '-1'"),
	       "backend add: negative weight");
	tap_ok(usage_is(BE("add", "198.51.100.100:80", "203.0.113.11",
			   "weight", "heavy"),
			"backend add: invalid weight 'heavy'"),
	       "backend add: weight not a number");
	tap_ok(usage_is(BE("add", "198.51.100.100:80", "203.0.113.11",
			   "weight"),
			"backend add: 'weight' needs a value"),
	       "backend add: weight without a value");
	tap_ok(usage_is(BE("add", "198.51.100.100:80", "203.0.113.11",
			   "weight", "2", "x"),
			"backend add: unexpected argument 'x'"),
	       "backend add: extra argument after the weight");
	tap_ok(usage_is(BE("add", "198.51.100.100:80", "203.0.113.11",
			   "force"),
			"backend add: unexpected argument 'force'"),
	       "backend add: force is del's");
}

static void test_backend_set(void)
{
	struct nlattr *btb[BATON_BE_A_MAX + 1];
	bool force;
	int ret;

	ret = BE("set", "198.51.100.100:80", "203.0.113.11", "weight", "7");
	tap_ok(ret == 0 && be_req(BATON_CLS_CMD_BACKEND_SET, btb, &force) &&
	       attr_is(btb[BATON_BE_A_ADDR], host4, 4) &&
	       !btb[BATON_BE_A_CTL_PORT] && u32_is(btb[BATON_BE_A_WEIGHT], 7) &&
	       !force,
	       "backend set weight 7: BACKEND_SET with WEIGHT, no CTL_PORT");

	ret = BE("set", "198.51.100.100:80", "[2001:db8::11]", "weight", "0");
	tap_ok(ret == 0 && be_req(BATON_CLS_CMD_BACKEND_SET, btb, &force) &&
	       attr_is(btb[BATON_BE_A_ADDR], host6, 16) &&
	       u32_is(btb[BATON_BE_A_WEIGHT], 0),
	       "backend set weight 0 (drain), bracketed IPv6 host");

	tap_ok(usage_is(BE("set", "198.51.100.100:80", "203.0.113.11"),
			"backend set: nothing to set"),
	       "backend set without weight: usage error, nothing sent");
	tap_ok(usage_is(BE("set", "198.51.100.100:80"),
			"backend set: missing HOST"),
	       "backend set without HOST");
	tap_ok(usage_is(BE("set", "198.51.100.100:80", "203.0.113.11:7280",
			   "weight", "1"),
			"backend set: invalid backend address '203.0.113.11:7280'"),
	       "backend set: HOST takes no port");
	tap_ok(usage_is(BE("set", "198.51.100.100:80", "203.0.113.11",
			   "weight"),
			"backend set: 'weight' needs a value"),
	       "backend set: weight without a value");
	tap_ok(usage_is(BE("set", "198.51.100.100:80", "203.0.113.11",
			   "weight", "70000"),
			"backend set: invalid weight '70000' (0 to 65535)"),
	       "backend set: weight out of range");
	tap_ok(usage_is(BE("set", "198.51.100.100:80", "203.0.113.11",
			   "ctl-port", "7000"),
			"backend set: unknown setting 'ctl-port'"),
	       "backend set: unknown setting");
}

static void test_backend_del(void)
{
	struct nlattr *btb[BATON_BE_A_MAX + 1];
	bool force = true;
	int ret;

	ret = BE("del", "198.51.100.100:80", "203.0.113.11");
	tap_ok(ret == 0 && be_req(BATON_CLS_CMD_BACKEND_DEL, btb, &force) &&
	       attr_is(btb[BATON_BE_A_ADDR], host4, 4) &&
	       !btb[BATON_BE_A_CTL_PORT] && !btb[BATON_BE_A_WEIGHT] && !force,
	       "backend del: BACKEND_DEL without FORCE");

	ret = BE("del", "198.51.100.100:80", "203.0.113.11", "force");
	tap_ok(ret == 0 && be_req(BATON_CLS_CMD_BACKEND_DEL, btb, &force) &&
	       force,
	       "backend del force: the FORCE flag is set");

	force = false;
	ret = BE("del", "198.51.100.100:80", "203.0.113.11", "--force");
	tap_ok(ret == 0 && be_req(BATON_CLS_CMD_BACKEND_DEL, btb, &force) &&
	       force,
	       "backend del --force: the same as force");
	tap_ok(usage_is(BE("del", "198.51.100.100:80", "203.0.113.11",
			   "forced"),
			"backend del: unexpected argument 'forced'"),
	       "backend del: anything but force is refused");
}

/* ---- service lookup ---- */

static struct nl_msg *lookup_reply(const uint8_t *addr, int len);

static void test_lookup_request(void)
{
	struct nlattr *stb[BATON_SVC_A_MAX + 1];
	struct nlattr *ctb[BATON_CLIENT_A_MAX + 1];
	struct nlattr *tb[BATON_CLS_ATTR_MAX + 1];
	char *out = NULL;
	int ret;

	seen.replies[0] = lookup_reply(host4, 4);
	seen.n_replies = 1;
	ret = run(&ctl_object_service, false, &out, "lookup",
		  "198.51.100.100:80", "192.0.2.1:40001", NULL);
	free(out);
	tap_ok(ret == 0 && seen.transacts == 1 &&
	       req_cmd() == BATON_CLS_CMD_LOOKUP && !(seen.flags & NLM_F_DUMP) &&
	       req_top(tb) && !tb[BATON_CLS_ATTR_BACKEND] &&
	       req_nest(BATON_CLS_ATTR_SERVICE, stb, BATON_SVC_A_MAX) &&
	       svc_is(stb, vip4, 4, 80) && !stb[BATON_SVC_A_SCHED] &&
	       req_nest(BATON_CLS_ATTR_CLIENT, ctb, BATON_CLIENT_A_MAX) &&
	       attr_is(ctb[BATON_CLIENT_A_ADDR], client4, 4) &&
	       u16_is(ctb[BATON_CLIENT_A_PORT], htons(40001)),
	       "service lookup: LOOKUP with the service and the client (be16 port)");

	tap_ok(usage_is(SVC("lookup", "198.51.100.100:80"),
			"service lookup: missing CLIENT:PORT"),
	       "service lookup without a client");
	tap_ok(usage_is(SVC("lookup"), "service lookup: missing VIP:PORT"),
	       "service lookup without anything");
	tap_ok(usage_is(SVC("lookup", "198.51.100.100:80", "192.0.2.1"),
			"service lookup: invalid client '192.0.2.1'"),
	       "service lookup: a client needs its port");
	tap_ok(usage_is(SVC("lookup", "198.51.100.100:80", "192.0.2.1:0"),
			"service lookup: invalid client '192.0.2.1:0'"),
	       "service lookup: client port 0");
	tap_ok(usage_is(SVC("lookup", "[2001:db8::1]:80", "2001:db8::2:1000"),
			"invalid client '2001:db8::2:1000'"),
	       "service lookup: an IPv6 client needs its brackets");
	tap_ok(usage_is(SVC("lookup", "[2001:db8::1]:80", "192.0.2.1:1000"),
			"service lookup: the client '192.0.2.1:1000' is not of the service's address family"),
	       "service lookup: the client of the other family");
	tap_ok(usage_is(SVC("lookup", "198.51.100.100:80", "192.0.2.1:1000",
			    "x"),
			"service lookup: unexpected argument 'x'"),
	       "service lookup: extra argument");
}

/* ---- replies and output ---- */

/*
 * Add a backend nest of type @type: @addr (4 or 16 bytes), state UP,
 * tunnel4 @tun (NULL: none), counters, and WEIGHT, ACTIVE, GROUP ("api"
 * with a weight, else "default") and HEALTH (up with a weight, else
 * unknown) unless @old (a module from
 * before weights and groups).
 */
static int put_be(struct nl_msg *msg, int type, const uint8_t *addr,
		  int len, uint16_t ctl_port, uint8_t state,
		  const uint8_t *tun, uint32_t weight, uint32_t active,
		  bool old)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	if (!nest || nla_put(msg, BATON_BE_A_ADDR, len, addr) ||
	    nla_put_u16(msg, BATON_BE_A_CTL_PORT, ctl_port) ||
	    nla_put_u8(msg, BATON_BE_A_STATE, state) ||
	    (tun && nla_put(msg, BATON_BE_A_TUNNEL4, 4, tun)) ||
	    nla_put_u64(msg, BATON_BE_A_MIGRATED, 1200) ||
	    nla_put_u64(msg, BATON_BE_A_REFUSED, 2) ||
	    nla_put_u32(msg, BATON_BE_A_INFLIGHT, 1) ||
	    (!old && (nla_put_u32(msg, BATON_BE_A_WEIGHT, weight) ||
		      nla_put_u32(msg, BATON_BE_A_ACTIVE, active) ||
		      nla_put_string(msg, BATON_BE_A_GROUP,
				     weight ? "api" : "default") ||
		      nla_put_u8(msg, BATON_BE_A_HEALTH,
				 weight ? BATON_BE_HEALTH_UP :
					  BATON_BE_HEALTH_UNKNOWN))))
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

/*
 * A SERVICE_GET reply for 198.51.100.100:80 with scheduler @sched (-1:
 * none reported, as from an older module) and two backends.
 */
static struct nl_msg *svc_reply(int sched)
{
	static const uint8_t tun[4] = { 203, 0, 113, 111 };
	struct nl_msg *msg = bnl_request(FAKE_FAMILY,
					 BATON_CLS_CMD_SERVICE_GET, 0);
	struct nlattr *nest, *list;
	bool old = sched < 0;

	if (!msg)
		return NULL;
	nest = nla_nest_start(msg, BATON_CLS_ATTR_SERVICE);
	if (!nest || nla_put_u8(msg, BATON_SVC_A_FAMILY, AF_INET) ||
	    nla_put(msg, BATON_SVC_A_ADDR, 4, vip4) ||
	    nla_put_u16(msg, BATON_SVC_A_PORT, htons(80)) ||
	    nla_put_u32(msg, BATON_SVC_A_HEAD_MAX, 8192) ||
	    nla_put_u32(msg, BATON_SVC_A_DECIDE_MS, 5000) ||
	    nla_put_u64(msg, BATON_SVC_A_ACCEPTED, 1250) ||
	    nla_put_u32(msg, BATON_SVC_A_PENDING, 1) ||
	    (!old && (nla_put_u8(msg, BATON_SVC_A_SCHED, (uint8_t)sched) ||
		      nla_put_string(msg, BATON_SVC_A_DEFAULT_GROUP, "web"))))
		goto fail;
	list = nla_nest_start(msg, BATON_SVC_A_BACKENDS);
	if (!list ||
	    put_be(msg, BATON_CLS_ATTR_BACKEND, host4, 4, 7280,
		   BATON_BE_STATE_UP, tun, 3, 17, old) ||
	    put_be(msg, BATON_CLS_ATTR_BACKEND, host6, 16, 7280,
		   BATON_BE_STATE_DOWN, NULL, 0, 0, old))
		goto fail;
	nla_nest_end(msg, list);
	nla_nest_end(msg, nest);
	return msg;
fail:
	nlmsg_free(msg);
	return NULL;
}

/* Compare @got (freed) with @want; diagnose the difference. */
static bool output_is(char *got, const char *want)
{
	bool ok = got && !strcmp(got, want);

	if (!ok) {
		tap_diag("got:\n%s", got ? got : "(none)");
		tap_diag("want:\n%s", want);
	}
	free(got);
	return ok;
}

static void test_show(void)
{
	char *out = NULL;
	int ret;

	seen.replies[0] = svc_reply(BATON_SCHED_WRR);
	seen.n_replies = 1;
	ret = run(&ctl_object_service, false, &out, "show", "198.51.100.100:80",
		  NULL);
	tap_ok(ret == 0 && req_cmd() == BATON_CLS_CMD_SERVICE_GET &&
	       output_is(out,
"SERVICE                HEAD-MAX  DECIDE-MS      ACCEPTED  PENDING  BACKENDS  SCHED   GROUP\n"
"  HOST:CTLPORT         STATE     TUNNEL         MIGRATED  REFUSED  INFLIGHT  WEIGHT  ACTIVE  GROUP    HEALTH\n"
"198.51.100.100:80      8192      5000           1250      1        2         wrr     web\n"
"  203.0.113.11:7280    up        203.0.113.111  1200      2        1         3       17      api      up\n"
"  [2001:db8::11]:7280  down      -              1200      2        1         0       0       default  unknown\n"),
	       "service show: SCHED and the default GROUP end the service line, WEIGHT, ACTIVE and GROUP the backend lines");

	seen.replies[0] = svc_reply(BATON_SCHED_MAGLEV);
	seen.n_replies = 1;
	ret = run(&ctl_object_backend, true, &out, "show", NULL);
	tap_ok(ret == 0 && (seen.flags & NLM_F_DUMP) &&
	       output_is(out,
"[{\"family\":\"inet\",\"vip\":\"198.51.100.100\",\"port\":80,"
"\"head_max\":8192,\"decide_ms\":5000,\"accepted\":1250,\"pending\":1,"
"\"backends\":["
"{\"host\":\"203.0.113.11\",\"ctl_port\":7280,\"state\":\"up\","
"\"tunnel4\":\"203.0.113.111\",\"tunnel6\":null,\"migrated\":1200,"
"\"refused\":2,\"inflight\":1,\"weight\":3,\"active\":17,\"group\":\"api\",\"health\":\"up\"},"
"{\"host\":\"2001:db8::11\",\"ctl_port\":7280,\"state\":\"down\","
"\"tunnel4\":null,\"tunnel6\":null,\"migrated\":1200,"
"\"refused\":2,\"inflight\":1,\"weight\":0,\"active\":0,\"group\":\"default\",\"health\":\"unknown\"}],"
"\"sched\":\"maglev\",\"default_group\":\"web\"}]\n"),
	       "-j backend show: new keys last: \"sched\", \"default_group\" in a service, \"weight\", \"active\", \"group\" in a backend");

	seen.replies[0] = svc_reply(-1);
	seen.n_replies = 1;
	ret = run(&ctl_object_service, false, &out, "show", NULL);
	tap_ok(ret == 0 &&
	       output_is(out,
"SERVICE                HEAD-MAX  DECIDE-MS      ACCEPTED  PENDING  BACKENDS  SCHED   GROUP\n"
"  HOST:CTLPORT         STATE     TUNNEL         MIGRATED  REFUSED  INFLIGHT  WEIGHT  ACTIVE  GROUP  HEALTH\n"
"198.51.100.100:80      8192      5000           1250      1        2         -       -\n"
"  203.0.113.11:7280    up        203.0.113.111  1200      2        1         -       -       -      -\n"
"  [2001:db8::11]:7280  down      -              1200      2        1         -       -       -      -\n"),
	       "service show, values not reported: '-'");

	seen.replies[0] = svc_reply(-1);
	seen.n_replies = 1;
	ret = run(&ctl_object_service, true, &out, "show", NULL);
	tap_ok(ret == 0 &&
	       output_is(out,
"[{\"family\":\"inet\",\"vip\":\"198.51.100.100\",\"port\":80,"
"\"head_max\":8192,\"decide_ms\":5000,\"accepted\":1250,\"pending\":1,"
"\"backends\":["
"{\"host\":\"203.0.113.11\",\"ctl_port\":7280,\"state\":\"up\","
"\"tunnel4\":\"203.0.113.111\",\"tunnel6\":null,\"migrated\":1200,"
"\"refused\":2,\"inflight\":1,\"weight\":null,\"active\":null,\"group\":null,\"health\":null},"
"{\"host\":\"2001:db8::11\",\"ctl_port\":7280,\"state\":\"down\","
"\"tunnel4\":null,\"tunnel6\":null,\"migrated\":1200,"
"\"refused\":2,\"inflight\":1,\"weight\":null,\"active\":null,\"group\":null,\"health\":null}],"
"\"sched\":null,\"default_group\":null}]\n"),
	       "-j service show, values not reported: null");
}

/* A LOOKUP reply naming backend @addr (4 or 16 bytes). */
static struct nl_msg *lookup_reply(const uint8_t *addr, int len)
{
	struct nl_msg *msg = bnl_request(FAKE_FAMILY, BATON_CLS_CMD_LOOKUP, 0);

	if (msg && put_be(msg, BATON_CLS_ATTR_BACKEND, addr, len, 7281,
			  BATON_BE_STATE_UP, NULL, 2, 5, false)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

static void test_lookup_output(void)
{
	char *out = NULL;
	int ret;

	seen.replies[0] = lookup_reply(host4, 4);
	seen.n_replies = 1;
	ret = run(&ctl_object_service, false, &out, "lookup",
		  "198.51.100.100:80", "192.0.2.1:40001", NULL);
	tap_ok(ret == 0 && output_is(out, "203.0.113.11\n"),
	       "service lookup: the backend's address, as HOST of backend set/del");

	seen.replies[0] = lookup_reply(host6, 16);
	seen.n_replies = 1;
	ret = run(&ctl_object_service, false, &out, "lookup",
		  "198.51.100.100:80", "192.0.2.1:40001", NULL);
	tap_ok(ret == 0 && output_is(out, "2001:db8::11\n"),
	       "service lookup: an IPv6 backend, without brackets");

	seen.replies[0] = lookup_reply(host4, 4);
	seen.n_replies = 1;
	ret = run(&ctl_object_service, true, &out, "lookup",
		  "198.51.100.100:80", "192.0.2.1:40001", NULL);
	tap_ok(ret == 0 &&
	       output_is(out,
"{\"host\":\"203.0.113.11\",\"ctl_port\":7281,\"state\":\"up\","
"\"tunnel4\":null,\"tunnel6\":null,\"migrated\":1200,\"refused\":2,"
"\"inflight\":1,\"weight\":2,\"active\":5,\"group\":\"api\",\"health\":\"up\"}\n"),
	       "-j service lookup: the backend object of show");
}

int main(void)
{
	/* Each result out at once, even if a test crashes. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_service_add();
	test_service_set();
	test_backend_add();
	test_backend_set();
	test_backend_del();
	test_lookup_request();
	test_show();
	test_lookup_output();
	reset();
	tap_ok(seen.n_replies == 0, "every canned reply was used");
	return tap_done();
}
