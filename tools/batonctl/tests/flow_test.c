// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of "flow show" (flow.c) without a kernel: its filters (service,
 * client and peer) on a dump of flows made up here, in the table and
 * in JSON, the request it sends (the filters are not: the kernel dumps
 * the whole table) and its usage errors.  main.c's ctl_transact() and
 * ctl_usage_error() are replaced below: the request is kept for
 * inspection instead of sent, and the canned replies are fed to the
 * verb's parser.  TAP on stdout.
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
#define MAX_REPLIES	8

/* What the stubs saw of the last command. */
static struct {
	unsigned int transacts;		/* ctl_transact() calls */
	const char *name;		/* its family name */
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

/* ---- the canned dump ---- */

/* A flow of the dump: addresses as text, parsed into the reply. */
struct canned {
	uint8_t side;
	const char *client;
	uint16_t cport;
	const char *vip;
	uint16_t vport;
	const char *peer;
	uint32_t id;
	uint8_t state;
};

static const struct canned dump[] = {
	{ BATON_FLOW_SIDE_ENCAP, "192.0.2.1", 40001, "198.51.100.100", 80,
	  "203.0.113.111", 1000, BATON_FLOW_STATE_ACTIVE },
	{ BATON_FLOW_SIDE_ENCAP, "192.0.2.1", 40002, "198.51.100.100", 80,
	  "203.0.113.112", 1001, BATON_FLOW_STATE_PENDING },
	{ BATON_FLOW_SIDE_ENCAP, "192.0.2.2", 40001, "198.51.100.100", 443,
	  "203.0.113.111", 1002, BATON_FLOW_STATE_CLOSING },
	{ BATON_FLOW_SIDE_ENCAP, "2001:db8::2", 40001, "2001:db8::100", 80,
	  "2001:db8::111", 1003, BATON_FLOW_STATE_ACTIVE },
	/* IPv4-mapped IPv6: an IPv4 filter does not match it */
	{ BATON_FLOW_SIDE_ENCAP, "::ffff:192.0.2.1", 40001,
	  "::ffff:198.51.100.100", 80, "::ffff:203.0.113.111", 1004,
	  BATON_FLOW_STATE_ACTIVE },
	{ BATON_FLOW_SIDE_DECAP, "192.0.2.1", 40001, "198.51.100.100", 80,
	  "198.51.100.3", 1000, BATON_FLOW_STATE_ACTIVE },
};

/* dump[] in the order of the kernel: the encap table, then decap. */
#define N_ENCAP	5
#define N_FLOWS	ARRAY_LEN(dump)

static int put_addr(struct nl_msg *msg, int type, int family, const char *s)
{
	uint8_t bytes[16];

	if (inet_pton(family, s, bytes) != 1)
		return -1;
	return nla_put(msg, type, family == AF_INET ? 4 : 16, bytes);
}

/* The FLOW_GET reply of flow @c, as the kernel sends it in a dump. */
static struct nl_msg *flow_reply(const struct canned *c)
{
	struct nl_msg *msg = bnl_request(FAKE_FAMILY,
					 BATON_TUNNEL_CMD_FLOW_GET, 0);
	int family = strchr(c->client, ':') ? AF_INET6 : AF_INET;
	struct nlattr *nest;

	if (!msg)
		return NULL;
	nest = nla_nest_start(msg, BATON_TUNNEL_ATTR_FLOW);
	if (!nest || nla_put_u8(msg, BATON_FLOW_A_SIDE, c->side) ||
	    nla_put_u8(msg, BATON_FLOW_A_FAMILY, (uint8_t)family) ||
	    put_addr(msg, BATON_FLOW_A_CLIENT_ADDR, family, c->client) ||
	    nla_put_u16(msg, BATON_FLOW_A_CLIENT_PORT, htons(c->cport)) ||
	    put_addr(msg, BATON_FLOW_A_VIP_ADDR, family, c->vip) ||
	    nla_put_u16(msg, BATON_FLOW_A_VIP_PORT, htons(c->vport)) ||
	    put_addr(msg, BATON_FLOW_A_PEER_ADDR, family, c->peer) ||
	    nla_put_u32(msg, BATON_FLOW_A_ID, c->id) ||
	    nla_put_u8(msg, BATON_FLOW_A_STATE, c->state) ||
	    nla_put_u64(msg, BATON_FLOW_A_CREATED_MS, 65000) ||
	    nla_put_u64(msg, BATON_FLOW_A_IDLE_MS, 1500) ||
	    nla_put_u64(msg, BATON_FLOW_A_PACKETS, c->id - 990) ||
	    nla_put_u64(msg, BATON_FLOW_A_BYTES, (c->id - 990) * 100)) {
		nlmsg_free(msg);
		return NULL;
	}
	nla_nest_end(msg, nest);
	return msg;
}

/* Queue the replies of flows @first to @last - 1 of the dump. */
static void queue_dump(unsigned int first, unsigned int last)
{
	unsigned int i;

	for (i = first; i < last; i++) {
		seen.replies[i - first] = flow_reply(&dump[i]);
		if (!seen.replies[i - first]) {
			perror("making a reply");
			exit(1);
		}
	}
	seen.n_replies = last - first;
}

/* ---- running a verb ---- */

/* Forget the last command (not the replies queued for the next). */
static void reset(void)
{
	nlmsg_free(seen.req);
	seen.req = NULL;
	seen.transacts = 0;
	seen.name = NULL;
	seen.flags = 0;
	seen.usage[0] = '\0';
}

/* Point @fd at a temporary file; returns the file, *@saved the old fd. */
static FILE *capture(int fd, int *saved)
{
	FILE *f = tmpfile();

	*saved = dup(fd);
	if (!f || *saved < 0 || dup2(fileno(f), fd) < 0) {
		perror("capturing output");
		exit(1);
	}
	return f;
}

/* Put @fd back to *@saved; returns what @f got (to be freed). */
static char *uncapture(int fd, int saved, FILE *f)
{
	char *buf = NULL;
	size_t len = 0;

	dup2(saved, fd);
	close(saved);
	rewind(f);
	if (getdelim(&buf, &len, '\0', f) < 0) {
		free(buf);
		buf = strdup("");
	}
	fclose(f);
	return buf;
}

/*
 * Run "flow VERB ARGS..." (a NULL-terminated list of words after
 * "flow") with -j if @json, its stdout into *@out and its stderr into
 * *@err when not NULL (to be freed).  Returns the exit status.
 */
static int run(bool json, char **out, char **err, ...)
{
	struct ctl ctl = { .json = json };
	const struct ctl_verb *verb;
	int argc = 0, ret, saved_out = -1, saved_err = -1;
	FILE *cap_out = NULL, *cap_err = NULL;
	char *argv[32];
	va_list ap;

	reset();
	va_start(ap, err);
	while (argc < (int)ARRAY_LEN(argv) &&
	       (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	for (verb = ctl_object_flow.verbs; verb->name; verb++)
		if (!strcmp(verb->name, argv[0]))
			break;
	if (!verb->name) {
		tap_diag("no verb flow %s", argv[0]);
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	if (out)
		cap_out = capture(STDOUT_FILENO, &saved_out);
	if (err)
		cap_err = capture(STDERR_FILENO, &saved_err);
	ret = verb->run(&ctl, argc - 1, argv + 1);
	fflush(stdout);
	fflush(stderr);
	if (out)
		*out = uncapture(STDOUT_FILENO, saved_out, cap_out);
	if (err)
		*err = uncapture(STDERR_FILENO, saved_err, cap_err);
	return ret;
}

/* "flow show ARGS..." of the whole dump; stdout into *@out. */
#define SHOW(out, ...)							\
	(queue_dump(0, N_FLOWS),					\
	 run(false, out, NULL, "show", ##__VA_ARGS__, NULL))
#define SHOW_JSON(out, ...)						\
	(queue_dump(0, N_FLOWS),					\
	 run(true, out, NULL, "show", ##__VA_ARGS__, NULL))
/* The same without replies, for usage errors. */
#define SHOW_ARGS(...)	run(false, NULL, NULL, "show", __VA_ARGS__, NULL)
/* "flow show ARGS..." is a usage error: @want. */
#define USAGE(want, desc, ...)						\
	tap_ok(usage_is(SHOW_ARGS(__VA_ARGS__), want), desc)

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

/* ---- the request ---- */

/*
 * The request was a FLOW_GET dump of baton_tunnel with a flow nest
 * naming side @side and nothing else, or (@side -1) without a nest.
 */
static bool dump_req_is(int side)
{
	struct nlattr *tb[BATON_TUNNEL_ATTR_MAX + 1];
	struct nlattr *ftb[BATON_FLOW_A_MAX + 1];
	struct nlmsghdr *nlh;
	int i;

	if (seen.transacts != 1 || !seen.req ||
	    strcmp(seen.name, BATON_TUNNEL_GENL_NAME) ||
	    !(seen.flags & NLM_F_DUMP))
		return false;
	nlh = nlmsg_hdr(seen.req);
	if (genlmsg_hdr(nlh)->cmd != BATON_TUNNEL_CMD_FLOW_GET ||
	    genlmsg_parse(nlh, 0, tb, BATON_TUNNEL_ATTR_MAX, NULL))
		return false;
	if (side < 0)
		return !tb[BATON_TUNNEL_ATTR_FLOW];
	if (bnl_parse_nest(seen.req, BATON_TUNNEL_ATTR_FLOW, ftb,
			   BATON_FLOW_A_MAX) ||
	    !ftb[BATON_FLOW_A_SIDE] ||
	    nla_get_u8(ftb[BATON_FLOW_A_SIDE]) != side)
		return false;
	for (i = 0; i <= BATON_FLOW_A_MAX; i++)
		if (i != BATON_FLOW_A_SIDE && ftb[i])
			return false;
	return true;
}

static void test_request(void)
{
	char *out = NULL;
	int ret;

	ret = SHOW(&out);
	free(out);
	tap_ok(ret == 0 && dump_req_is(-1),
	       "flow show: a dump without a flow nest (both tables)");

	queue_dump(0, N_ENCAP);
	ret = run(false, &out, NULL, "show", "encap", NULL);
	free(out);
	tap_ok(ret == 0 && dump_req_is(BATON_FLOW_SIDE_ENCAP),
	       "flow show encap: a dump of the encap table");

	ret = SHOW(&out, "client", "192.0.2.1", "service", "198.51.100.100:80",
		   "peer", "203.0.113.111");
	free(out);
	tap_ok(ret == 0 && dump_req_is(-1),
	       "flow show with filters: still a dump of both tables, the filters not sent");

	queue_dump(0, N_ENCAP);
	ret = run(false, &out, NULL, "show", "encap", "peer", "203.0.113.111",
		  NULL);
	free(out);
	tap_ok(ret == 0 && dump_req_is(BATON_FLOW_SIDE_ENCAP),
	       "flow show encap peer ADDR: the side alone is sent");
}

/* ---- the output ---- */

#define HEADER \
"SIDE   CLIENT                    VIP                         PEER                  ID    STATE    AGE    IDLE  PACKETS  BYTES\n"
#define ROW_1 \
"encap  192.0.2.1:40001           198.51.100.100:80           203.0.113.111         1000  active   1m05s  1.5s  10       1000\n"
#define ROW_2 \
"encap  192.0.2.1:40002           198.51.100.100:80           203.0.113.112         1001  pending  1m05s  1.5s  11       1100\n"
#define ROW_3 \
"encap  192.0.2.2:40001           198.51.100.100:443          203.0.113.111         1002  closing  1m05s  1.5s  12       1200\n"
#define ROW_4 \
"encap  [2001:db8::2]:40001       [2001:db8::100]:80          2001:db8::111         1003  active   1m05s  1.5s  13       1300\n"
#define ROW_5 \
"encap  [::ffff:192.0.2.1]:40001  [::ffff:198.51.100.100]:80  ::ffff:203.0.113.111  1004  active   1m05s  1.5s  14       1400\n"
#define ROW_6 \
"decap  192.0.2.1:40001           198.51.100.100:80           198.51.100.3          1000  active   1m05s  1.5s  10       1000\n"

/* The table of flows 1 and 2 alone, and of none. */
#define NARROW_HEADER \
"SIDE   CLIENT           VIP                PEER           ID    STATE    AGE    IDLE  PACKETS  BYTES\n"
#define NARROW_1 \
"encap  192.0.2.1:40001  198.51.100.100:80  203.0.113.111  1000  active   1m05s  1.5s  10       1000\n"
#define NARROW_2 \
"encap  192.0.2.1:40002  198.51.100.100:80  203.0.113.112  1001  pending  1m05s  1.5s  11       1100\n"
#define EMPTY_HEADER \
"SIDE  CLIENT  VIP  PEER  ID  STATE  AGE  IDLE  PACKETS  BYTES\n"

#define JSON_1 \
"{\"side\":\"encap\",\"family\":\"inet\",\"client\":\"192.0.2.1\"," \
"\"client_port\":40001,\"vip\":\"198.51.100.100\",\"vip_port\":80," \
"\"peer\":\"203.0.113.111\",\"id\":1000,\"state\":\"active\"," \
"\"created_ms\":65000,\"idle_ms\":1500,\"packets\":10,\"bytes\":1000}"
#define JSON_6 \
"{\"side\":\"decap\",\"family\":\"inet\",\"client\":\"192.0.2.1\"," \
"\"client_port\":40001,\"vip\":\"198.51.100.100\",\"vip_port\":80," \
"\"peer\":\"198.51.100.3\",\"id\":1000,\"state\":\"active\"," \
"\"created_ms\":65000,\"idle_ms\":1500,\"packets\":10,\"bytes\":1000}"

/* The rows of the whole dump; a filtered table is as wide as its rows. */
static void test_unfiltered(void)
{
	char *out = NULL;
	int ret;

	ret = SHOW(&out);
	tap_ok(ret == 0 &&
	       output_is(out, HEADER ROW_1 ROW_2 ROW_3 ROW_4 ROW_5 ROW_6),
	       "flow show: every flow, in the kernel's order");

	queue_dump(N_ENCAP, N_FLOWS);
	ret = run(true, &out, NULL, "show", "decap", NULL);
	tap_ok(ret == 0 && output_is(out, "[" JSON_6 "]\n"),
	       "-j flow show decap: the array of the kernel's flows");
}

/*
 * The sides and IDs of the rows of table @out (freed), as "e1000
 * d1000 ...", are @want.
 */
static bool keeps(char *out, const char *want)
{
	char got[256] = "", *line, *save = NULL;
	char side[16], id[16];
	bool first = true, ok;

	for (line = out ? strtok_r(out, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (first) {
			first = false;
			if (strncmp(line, "SIDE ", 5))
				break;
			continue;
		}
		if (sscanf(line, "%15s %*s %*s %*s %15s", side, id) != 2)
			break;
		snprintf(got + strlen(got), sizeof(got) - strlen(got), "%s%c%s",
			 got[0] ? " " : "", side[0], id);
	}
	ok = !first && !strcmp(got, want);
	if (!ok)
		tap_diag("kept \"%s\", want \"%s\"", got, want);
	free(out);
	return ok;
}

static void test_filters(void)
{
	char *out = NULL;
	int ret;

	ret = SHOW(&out, "service", "198.51.100.100:80");
	tap_ok(ret == 0 && keeps(out, "e1000 e1001 d1000"),
	       "service VIP:PORT: its flows, of both sides; not another port, nor the IPv4-mapped VIP");

	queue_dump(0, N_ENCAP);
	ret = run(false, &out, NULL, "show", "encap", "service",
		  "198.51.100.100:80", NULL);
	tap_ok(ret == 0 && output_is(out, NARROW_HEADER NARROW_1 NARROW_2),
	       "flow show encap service VIP:PORT: the table of the flows kept, as wide as they need");

	ret = SHOW(&out, "service", "198.51.100.100:443");
	tap_ok(ret == 0 && keeps(out, "e1002"), "service VIP:PORT: the port counts");

	ret = SHOW(&out, "service", "[2001:db8::100]:80");
	tap_ok(ret == 0 && keeps(out, "e1003"), "service [VIP]:PORT: IPv6");

	ret = SHOW(&out, "service", "[2001:db8:0:0::100]:80");
	tap_ok(ret == 0 && keeps(out, "e1003"),
	       "service: addresses compared as bytes, not as text");

	ret = SHOW(&out, "client", "192.0.2.1");
	tap_ok(ret == 0 && keeps(out, "e1000 e1001 d1000"),
	       "client ADDR: every port; IPv4 does not match IPv4-mapped IPv6");

	ret = SHOW(&out, "client", "192.0.2.1:40001");
	tap_ok(ret == 0 && keeps(out, "e1000 d1000"),
	       "client ADDR:PORT: that port only");

	ret = SHOW(&out, "client", "[2001:db8::2]:40001");
	tap_ok(ret == 0 && keeps(out, "e1003"), "client [ADDR]:PORT: IPv6");

	ret = SHOW(&out, "client", "[2001:db8::2]:40002");
	tap_ok(ret == 0 && keeps(out, ""), "client [ADDR]:PORT: another port");

	ret = SHOW(&out, "client", "2001:db8::2");
	tap_ok(ret == 0 && keeps(out, "e1003"),
	       "client ADDR: IPv6 without brackets is an address, not ADDR:PORT");

	ret = SHOW(&out, "client", "[2001:db8::2]");
	tap_ok(ret == 0 && keeps(out, "e1003"),
	       "client [ADDR]: IPv6 in brackets without a port");

	ret = SHOW(&out, "client", "::ffff:192.0.2.1");
	tap_ok(ret == 0 && keeps(out, "e1004"),
	       "client ::ffff:ADDR: IPv4-mapped matches the IPv6 flow only");

	ret = SHOW(&out, "peer", "203.0.113.111");
	tap_ok(ret == 0 && keeps(out, "e1000 e1002"),
	       "peer ADDR: the flows sent to that host");

	queue_dump(N_ENCAP, N_FLOWS);
	ret = run(false, &out, NULL, "show", "decap", "peer", "198.51.100.3",
		  NULL);
	tap_ok(ret == 0 && dump_req_is(BATON_FLOW_SIDE_DECAP) &&
	       keeps(out, "d1000"),
	       "flow show decap peer ADDR: the flows from that forwarder");

	ret = SHOW(&out, "service", "198.51.100.100:80", "client", "192.0.2.1",
		   "peer", "203.0.113.112");
	tap_ok(ret == 0 && keeps(out, "e1001"),
	       "service, client and peer: every one must match");

	ret = SHOW(&out, "peer", "203.0.113.111", "client", "192.0.2.1:40001");
	tap_ok(ret == 0 && keeps(out, "e1000"),
	       "the filters in any order");

	ret = SHOW(&out, "client", "192.0.2.9");
	tap_ok(ret == 0 && output_is(out, EMPTY_HEADER),
	       "no flow matches: the header alone, exit 0");

	ret = SHOW_JSON(&out, "service", "198.51.100.100:80", "client",
			"192.0.2.1:40001");
	tap_ok(ret == 0 && output_is(out, "[" JSON_1 "," JSON_6 "]\n"),
	       "-j: the array of the flows kept");

	ret = SHOW_JSON(&out, "peer", "192.0.2.250");
	tap_ok(ret == 0 && output_is(out, "[]\n"),
	       "-j, no flow matches: an empty array");
}

static void test_debug(void)
{
	char *out = NULL, *err = NULL;
	int ret;

	setenv("BATONCTL_DEBUG", "1", 1);
	queue_dump(0, N_FLOWS);
	ret = run(false, &out, &err, "show", NULL);
	free(out);
	tap_ok(ret == 0 &&
	       output_is(err, "batonctl: debug: 6 flows in 0 datagrams\n"),
	       "BATONCTL_DEBUG: the flows and datagrams read");

	queue_dump(0, N_FLOWS);
	ret = run(false, &out, &err, "show", "client", "192.0.2.1", NULL);
	free(out);
	tap_ok(ret == 0 &&
	       output_is(err, "batonctl: debug: 3 of 6 flows in 0 datagrams\n"),
	       "BATONCTL_DEBUG with a filter: how many of them were kept");
	unsetenv("BATONCTL_DEBUG");
}

#define SERVICE_HINT	"(VIP:PORT or [VIP]:PORT, port 1 to 65535)"
#define CLIENT_HINT	"(ADDR, ADDR:PORT or [ADDR]:PORT, port 1 to 65535)"

static void test_usage(void)
{
	USAGE("flow show: unknown side or keyword 'both' (encap, decap, service, client or peer)",
	      "flow show: unknown first word",
	      "both");
	USAGE("flow show: unknown keyword 'x' (service, client or peer)",
	      "flow show SIDE: unknown keyword",
	      "encap", "x");
	USAGE("flow show: unknown keyword 'vip'",
	      "flow show: unknown keyword after a filter",
	      "peer", "203.0.113.1", "vip", "x");
	USAGE("flow show: a second side 'decap'",
	      "flow show: two sides",
	      "encap", "decap");
	USAGE("flow show: side 'encap' after a filter (the side comes first)",
	      "flow show: the side after a filter",
	      "peer", "203.0.113.1", "encap");
	USAGE("flow show: 'service' needs a value",
	      "service without a value",
	      "service");
	USAGE("flow show: 'client' needs a value",
	      "client without a value",
	      "decap", "client");
	USAGE("flow show: 'peer' needs a value",
	      "peer without a value",
	      "service", "198.51.100.100:80", "peer");
	USAGE("flow show: 'service' given twice",
	      "service twice",
	      "service", "198.51.100.100:80", "service", "198.51.100.100:443");
	USAGE("flow show: 'client' given twice",
	      "client twice",
	      "client", "192.0.2.1", "peer", "203.0.113.1", "client",
	      "192.0.2.2");
	USAGE("flow show: 'peer' given twice",
	      "peer twice, even with one value",
	      "peer", "203.0.113.1", "peer", "203.0.113.1");
	USAGE("flow show: invalid service '198.51.100.100' " SERVICE_HINT,
	      "service without a port",
	      "service", "198.51.100.100");
	USAGE("flow show: invalid service '198.51.100.100:0'",
	      "service port 0",
	      "service", "198.51.100.100:0");
	USAGE("flow show: invalid service '2001:db8::100:80'",
	      "service: IPv6 without brackets",
	      "service", "2001:db8::100:80");
	USAGE("flow show: invalid client '192.0.2.1:65536' " CLIENT_HINT,
	      "client port out of range",
	      "client", "192.0.2.1:65536");
	USAGE("flow show: invalid client '[2001:db8::2]:0'",
	      "client port 0",
	      "client", "[2001:db8::2]:0");
	USAGE("flow show: invalid client 'client1'",
	      "client not an address",
	      "client", "client1");
	USAGE("flow show: invalid peer address '203.0.113.1:7280'",
	      "peer takes no port",
	      "peer", "203.0.113.1:7280");
	USAGE("flow show: client '192.0.2.1' is not of the address family of the other filters",
	      "filters of two address families",
	      "service", "[2001:db8::100]:80", "client", "192.0.2.1");
}

int main(void)
{
	/* Each result out at once, even if a test crashes. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_request();
	test_unfiltered();
	test_filters();
	test_debug();
	test_usage();
	reset();
	tap_ok(seen.n_replies == 0, "every canned reply was used");
	return tap_done();
}
