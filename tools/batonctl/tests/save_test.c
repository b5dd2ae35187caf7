// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the save and restore commands (save.c) without a kernel:
 * what "save" prints for replies of baton_tunnel, baton_mig and
 * baton_cls made up here, with modules missing, values not reported or
 * not expressible, and failures; that every line it prints is accepted
 * by the verb it names and builds the request that gives the saved
 * values back; and the command line of "restore".  main.c's requests
 * are replaced below by stubs: ctl_transact() feeds canned replies to
 * the parser and keeps the request, ctl_family_peek() says which
 * modules are loaded, ctl_run_file() records its arguments.  TAP on
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

/* The three families "save" reads. */
enum { FAM_TUNNEL, FAM_MIG, FAM_CLS, NR_FAMS };

static const char *const fam_names[NR_FAMS] = {
	[FAM_TUNNEL] = BATON_TUNNEL_GENL_NAME,
	[FAM_MIG] = BATON_MIG_GENL_NAME,
	[FAM_CLS] = BATON_CLS_GENL_NAME,
};

/* What the stubs answer, and what they saw. */
static struct {
	int peek[NR_FAMS];		/* ctl_family_peek(): ID or -errno */
	bool fail[NR_FAMS];		/* ctl_transact() fails */
	struct nl_msg *replies[NR_FAMS][MAX_REPLIES];
	unsigned int n_replies[NR_FAMS];
	char log[256];			/* "FAMILY/CMD[/dump] " per request */
	struct nl_msg *req;		/* the last request built */
	char usage[512];		/* the last usage error, or "" */
	unsigned int files;		/* ctl_run_file() calls */
	char file[64];			/* and its arguments */
	bool file_restore;
} seen;

static int fam_of(const char *name)
{
	int i;

	for (i = 0; i < NR_FAMS; i++)
		if (!strcmp(name, fam_names[i]))
			return i;
	return -1;
}

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

int ctl_family_peek(struct ctl *ctl, const char *name)
{
	int fam = fam_of(name);

	(void)ctl;
	return fam < 0 ? -ENOENT : seen.peek[fam];
}

int ctl_run_file(struct ctl *ctl, const char *path, bool restore)
{
	(void)ctl;
	seen.files++;
	snprintf(seen.file, sizeof(seen.file), "%s", path);
	seen.file_restore = restore;
	return CTL_EXIT_OK;
}

int ctl_transact(struct ctl *ctl, const char *name, uint8_t cmd, int flags,
		 ctl_put_fn put, const void *put_arg, bnl_reply_fn fn,
		 void *arg, const char *what)
{
	int fam = fam_of(name), err = 0;
	size_t len = strlen(seen.log);
	unsigned int i;

	(void)ctl;
	(void)what;
	snprintf(seen.log + len, sizeof(seen.log) - len, "%s/%u%s ", name,
		 cmd - BATON_CMD_FAMILY_BASE,
		 flags & NLM_F_DUMP ? "/dump" : "");
	nlmsg_free(seen.req);
	seen.req = bnl_request(FAKE_FAMILY, cmd, flags);
	if (!seen.req || (put && put(seen.req, put_arg)) || fam < 0)
		return CTL_EXIT_FAIL;
	for (i = 0; i < seen.n_replies[fam]; i++) {
		if (fn && !err)
			err = fn(seen.replies[fam][i], arg);
		nlmsg_free(seen.replies[fam][i]);
	}
	seen.n_replies[fam] = 0;
	return err || seen.fail[fam] ? CTL_EXIT_FAIL : CTL_EXIT_OK;
}

int ctl_set(struct ctl *ctl, const char *name, uint8_t cmd, int nest,
	    ctl_args_fn args, int argc, char **argv, const char *what)
{
	struct nlattr *start;
	int ret;

	(void)ctl;
	(void)name;
	(void)what;
	nlmsg_free(seen.req);
	seen.req = bnl_request(FAKE_FAMILY, cmd, 0);
	start = seen.req ? nla_nest_start(seen.req, nest) : NULL;
	if (!start)
		return CTL_EXIT_FAIL;
	ret = args(seen.req, argc, argv);
	if (ret)
		return ret < 0 ? CTL_EXIT_FAIL : ret;
	nla_nest_end(seen.req, start);
	return CTL_EXIT_OK;
}

/* ---- the configuration replied ---- */

static const uint8_t local4[4] = { 198, 51, 100, 3 };
static const uint8_t fwd4[4] = { 198, 51, 100, 10 };
static const uint8_t fwd6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x10 };
static const uint8_t vip4[4] = { 198, 51, 100, 100 };
static const uint8_t vip6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t host4[4] = { 203, 0, 113, 11 };
static const uint8_t host4b[4] = { 203, 0, 113, 12 };
static const uint8_t host6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x11 };

struct be_desc {
	const uint8_t *addr;
	int len;
	uint16_t ctl_port;
	int weight;		/* -1: not reported */
};

struct svc_desc {
	const uint8_t *vip;
	int len;
	uint16_t port;
	uint32_t head_max;
	uint32_t decide_ms;
	int sched;		/* -1: not reported */
	const struct be_desc *bes;
	unsigned int n_bes;
};

static const struct be_desc web_bes[] = {
	{ host4, 4, BATON_CTL_PORT_DEFAULT, 3 },
	{ host6, 16, 7281, 1 },
};

static const struct be_desc tls_bes[] = {
	{ host4b, 4, BATON_CTL_PORT_DEFAULT, 0 },
};

static const struct svc_desc svcs[] = {
	{ vip4, 4, 80, 8192, 5000, BATON_SCHED_WRR, web_bes, 2 },
	{ vip6, 16, 443, 1024, 200, BATON_SCHED_MAGLEV, tls_bes, 1 },
};

/*
 * A TUNNEL_GET reply: local4 (none if @l4 is NULL), no local6, the two
 * forwarders if @fwds, and the limits and timeouts (0: not sent).
 */
static struct nl_msg *tunnel_reply(const uint8_t *l4, bool fwds,
				   uint32_t emax, uint32_t dmax,
				   uint32_t eto, uint32_t dto)
{
	struct nl_msg *msg = bnl_request(FAKE_FAMILY,
					 BATON_TUNNEL_CMD_TUNNEL_GET, 0);
	struct nlattr *nest, *list;

	if (!msg)
		return NULL;
	nest = nla_nest_start(msg, BATON_TUNNEL_ATTR_TUNNEL);
	if (!nest || (l4 && nla_put(msg, BATON_TUNNEL_A_LOCAL4, 4, l4)) ||
	    (emax && nla_put_u32(msg, BATON_TUNNEL_A_ENCAP_MAX_FLOWS, emax)) ||
	    (dmax && nla_put_u32(msg, BATON_TUNNEL_A_DECAP_MAX_FLOWS, dmax)) ||
	    (eto && nla_put_u32(msg, BATON_TUNNEL_A_ENCAP_TIMEOUT, eto)) ||
	    (dto && nla_put_u32(msg, BATON_TUNNEL_A_DECAP_TIMEOUT, dto)))
		goto fail;
	list = nla_nest_start(msg, BATON_TUNNEL_A_FORWARDERS);
	if (!list ||
	    (fwds && (nla_put(msg, BATON_ADDR_A_ADDR, 4, fwd4) ||
		      nla_put(msg, BATON_ADDR_A_ADDR, 16, fwd6))))
		goto fail;
	nla_nest_end(msg, list);
	nla_nest_end(msg, nest);
	return msg;
fail:
	nlmsg_free(msg);
	return NULL;
}

/* A migrator GET reply; @hold_ms 0: not sent (an older module). */
static struct nl_msg *mig_reply(uint16_t port, uint32_t hold_ms)
{
	struct nl_msg *msg = bnl_request(FAKE_FAMILY, BATON_MIG_CMD_GET, 0);
	struct nlattr *nest;

	if (!msg)
		return NULL;
	nest = nla_nest_start(msg, BATON_MIG_ATTR_CONFIG);
	if (!nest || nla_put_u16(msg, BATON_MIG_A_PORT, port) ||
	    nla_put_u32(msg, BATON_MIG_A_CHANNELS, 2) ||
	    (hold_ms && nla_put_u32(msg, BATON_MIG_A_HOLD_MS, hold_ms))) {
		nlmsg_free(msg);
		return NULL;
	}
	nla_nest_end(msg, nest);
	return msg;
}

/* A SERVICE_GET dump message of @s, with its backends. */
static struct nl_msg *svc_reply(const struct svc_desc *s)
{
	struct nl_msg *msg = bnl_request(FAKE_FAMILY,
					 BATON_CLS_CMD_SERVICE_GET, 0);
	struct nlattr *nest, *list, *be;
	unsigned int i;

	if (!msg)
		return NULL;
	nest = nla_nest_start(msg, BATON_CLS_ATTR_SERVICE);
	if (!nest ||
	    nla_put_u8(msg, BATON_SVC_A_FAMILY, s->len == 4 ? AF_INET : AF_INET6) ||
	    nla_put(msg, BATON_SVC_A_ADDR, s->len, s->vip) ||
	    nla_put_u16(msg, BATON_SVC_A_PORT, htons(s->port)) ||
	    nla_put_u32(msg, BATON_SVC_A_HEAD_MAX, s->head_max) ||
	    nla_put_u32(msg, BATON_SVC_A_DECIDE_MS, s->decide_ms) ||
	    nla_put_u64(msg, BATON_SVC_A_ACCEPTED, 99) ||
	    nla_put_u32(msg, BATON_SVC_A_PENDING, 1) ||
	    (s->sched >= 0 &&
	     nla_put_u8(msg, BATON_SVC_A_SCHED, (uint8_t)s->sched)))
		goto fail;
	list = nla_nest_start(msg, BATON_SVC_A_BACKENDS);
	if (!list)
		goto fail;
	for (i = 0; i < s->n_bes; i++) {
		const struct be_desc *b = &s->bes[i];

		be = nla_nest_start(msg, BATON_CLS_ATTR_BACKEND);
		if (!be || nla_put(msg, BATON_BE_A_ADDR, b->len, b->addr) ||
		    nla_put_u16(msg, BATON_BE_A_CTL_PORT, b->ctl_port) ||
		    nla_put_u8(msg, BATON_BE_A_STATE, BATON_BE_STATE_UP) ||
		    nla_put_u64(msg, BATON_BE_A_MIGRATED, 7) ||
		    (b->weight >= 0 &&
		     nla_put_u32(msg, BATON_BE_A_WEIGHT, (uint32_t)b->weight)))
			goto fail;
		nla_nest_end(msg, be);
	}
	nla_nest_end(msg, list);
	nla_nest_end(msg, nest);
	return msg;
fail:
	nlmsg_free(msg);
	return NULL;
}

/* Queue @msg as the next reply of family @fam. */
static void queue(int fam, struct nl_msg *msg)
{
	if (!msg || seen.n_replies[fam] == MAX_REPLIES) {
		tap_diag("too many replies for one family");
		exit(1);
	}
	seen.replies[fam][seen.n_replies[fam]++] = msg;
}

/* Every module loaded, replying the configuration above. */
static void queue_all(void)
{
	unsigned int i;

	seen.peek[FAM_TUNNEL] = 20;
	seen.peek[FAM_MIG] = 21;
	seen.peek[FAM_CLS] = 22;
	queue(FAM_TUNNEL, tunnel_reply(local4, true, 65536, 65536, 300, 300));
	queue(FAM_MIG, mig_reply(BATON_CTL_PORT_DEFAULT, 2000));
	for (i = 0; i < ARRAY_LEN(svcs); i++)
		queue(FAM_CLS, svc_reply(&svcs[i]));
}

/* ---- running a command ---- */

/* Forget the last command (not the replies queued for the next). */
static void reset(void)
{
	nlmsg_free(seen.req);
	seen.req = NULL;
	seen.log[0] = '\0';
	seen.usage[0] = '\0';
	seen.files = 0;
	seen.file[0] = '\0';
	seen.file_restore = false;
}

/* Everything written to @fd while the command runs, into a string. */
struct capture {
	int fd;
	int saved;
	FILE *file;
};

static void capture_start(struct capture *c, int fd)
{
	fflush(fd == STDOUT_FILENO ? stdout : stderr);
	c->fd = fd;
	c->file = tmpfile();
	c->saved = dup(fd);
	if (!c->file || c->saved < 0 || dup2(fileno(c->file), fd) < 0) {
		perror("capturing output");
		exit(1);
	}
}

static char *capture_end(struct capture *c)
{
	char *buf = NULL;
	size_t len = 0;

	fflush(c->fd == STDOUT_FILENO ? stdout : stderr);
	dup2(c->saved, c->fd);
	close(c->saved);
	rewind(c->file);
	if (getdelim(&buf, &len, '\0', c->file) < 0) {
		free(buf);
		buf = strdup("");
	}
	fclose(c->file);
	return buf;
}

/*
 * Run command @obj (a command object: save, restore) with @argc words
 * @argv, -j if @json, with @ctl's in_file; its stdout and stderr into
 * *@out and *@err (to be freed) when not NULL.  Its exit status.
 */
static int run(const struct ctl_object *obj, struct ctl *ctl, int argc,
	       char **argv, char **out, char **err)
{
	struct capture cout, cerr;
	int ret;

	reset();
	if (out)
		capture_start(&cout, STDOUT_FILENO);
	if (err)
		capture_start(&cerr, STDERR_FILENO);
	ret = obj->verbs[0].run(ctl, argc, argv);
	if (err)
		*err = capture_end(&cerr);
	if (out)
		*out = capture_end(&cout);
	return ret;
}

static int run_save(char **out, char **err)
{
	struct ctl ctl = { .json = false };

	return run(&ctl_object_save, &ctl, 0, NULL, out, err);
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

static bool log_is(const char *want)
{
	if (!strcmp(seen.log, want))
		return true;
	tap_diag("requests \"%s\", want \"%s\"", seen.log, want);
	return false;
}

#define HEADER \
"# batonctl save: the baton configuration of this network namespace\n" \
"# batonctl save: flows are not saved: they are runtime state, made by the classifier\n" \
"# batonctl save: apply to a namespace without configuration: batonctl restore FILE\n"

static const char saved_all[] = HEADER
"tunnel set local 198.51.100.3 local :: max-flows 65536 timeout 300\n"
"tunnel set forwarder add 198.51.100.10\n"
"tunnel set forwarder add 2001:db8::10\n"
"migrator set port 7280 hold-time 2000\n"
"service add 198.51.100.100:80 head-max 8192 decide-timeout 5000 sched wrr\n"
"backend add 198.51.100.100:80 203.0.113.11 weight 3\n"
"backend add 198.51.100.100:80 [2001:db8::11]:7281 weight 1\n"
"service add [2001:db8::1]:443 head-max 1024 decide-timeout 200 sched maglev\n"
"backend add [2001:db8::1]:443 203.0.113.12 weight 0\n";

/* ---- save ---- */

static void test_save_all(void)
{
	char *out = NULL, *err = NULL;
	int ret;

	queue_all();
	ret = run_save(&out, &err);
	tap_ok(ret == CTL_EXIT_OK && output_is(out, saved_all),
	       "save: tunnel, forwarders, migrator, then each service and its backends");
	tap_ok(log_is("baton_tunnel/4 baton_mig/1 baton_cls/2/dump "),
	       "save: one TUNNEL_GET, one migrator GET and one SERVICE_GET dump");
	tap_ok(output_is(err, ""), "save: nothing on stderr");

	seen.peek[FAM_TUNNEL] = -ENOENT;
	seen.peek[FAM_MIG] = -ENOENT;
	seen.peek[FAM_CLS] = 22;
	ret = run_save(&out, NULL);
	tap_ok(ret == CTL_EXIT_OK && log_is("baton_cls/2/dump ") &&
	       output_is(out, HEADER
"# batonctl save: baton_tunnel is not loaded: no tunnel settings\n"
"# batonctl save: baton_migrator is not loaded: no migrator settings\n"
"# batonctl save: no services\n"),
	       "save: a module not loaded is a comment, and not asked; no services is a comment");

	seen.peek[FAM_TUNNEL] = 20;
	seen.peek[FAM_MIG] = 21;
	seen.peek[FAM_CLS] = -ENOENT;
	queue(FAM_TUNNEL, tunnel_reply(NULL, false, 0, 0, 300, 300));
	queue(FAM_MIG, mig_reply(0, 0));
	ret = run_save(&out, NULL);
	tap_ok(ret == CTL_EXIT_OK && output_is(out, HEADER
"tunnel set local 0.0.0.0 local :: timeout 300\n"
"migrator set port 0\n"
"# batonctl save: baton_classifier is not loaded: no services\n"),
	       "save: unset addresses and a closed port are explicit; values not reported are left out");
}

static const char warnings[] =
"batonctl: save: warning: the encap and decap max-flows differ (1000 and 2000); 'tunnel set' sets both: saved the larger\n"
"batonctl: save: warning: service 198.51.100.100:8081: unknown scheduler 4: not saved\n";

static void test_save_old_and_odd(void)
{
	static const struct be_desc old_bes[] = {
		{ host6, 16, BATON_CTL_PORT_DEFAULT, -1 },
	};
	static const struct svc_desc old_svc = {
		vip4, 4, 8080, 100, 50, -1, old_bes, 1,
	};
	static const struct svc_desc odd_svc = {
		vip4, 4, 8081, 100, 50, BATON_SCHED_MAX + 1, NULL, 0,
	};
	char *out = NULL, *err = NULL;
	int ret;

	seen.peek[FAM_TUNNEL] = -ENOENT;
	seen.peek[FAM_MIG] = -ENOENT;
	seen.peek[FAM_CLS] = 22;
	queue(FAM_CLS, svc_reply(&old_svc));
	ret = run_save(&out, NULL);
	tap_ok(ret == CTL_EXIT_OK && output_is(out, HEADER
"# batonctl save: baton_tunnel is not loaded: no tunnel settings\n"
"# batonctl save: baton_migrator is not loaded: no migrator settings\n"
"service add 198.51.100.100:8080 head-max 100 decide-timeout 50\n"
"backend add 198.51.100.100:8080 2001:db8::11\n"),
	       "save: no sched or weight from a module that does not report them");

	seen.peek[FAM_TUNNEL] = 20;
	queue(FAM_TUNNEL, tunnel_reply(local4, false, 1000, 2000, 60, 60));
	queue(FAM_CLS, svc_reply(&odd_svc));
	ret = run_save(&out, &err);
	tap_ok(ret == CTL_EXIT_OK && output_is(out, HEADER
"# batonctl save: warning: the encap and decap max-flows differ (1000 and 2000); 'tunnel set' sets both: saved the larger\n"
"tunnel set local 198.51.100.3 local :: max-flows 2000 timeout 60\n"
"# batonctl save: baton_migrator is not loaded: no migrator settings\n"
"# batonctl save: warning: service 198.51.100.100:8081: unknown scheduler 4: not saved\n"
"service add 198.51.100.100:8081 head-max 100 decide-timeout 50\n"),
	       "save: what 'tunnel set' or batonctl cannot say is a warning comment");
	tap_ok(output_is(err, warnings), "save: the warnings on stderr too");
}

static void test_save_fails(void)
{
	struct ctl ctl = { .json = true };
	char word[] = "x", *argv[1] = { word };
	char *out = NULL;
	int ret;

	seen.peek[FAM_TUNNEL] = 20;
	seen.peek[FAM_MIG] = -EIO;
	seen.peek[FAM_CLS] = 22;
	ret = run_save(&out, NULL);
	tap_ok(ret == CTL_EXIT_FAIL && log_is("") && output_is(out, ""),
	       "save: a family lookup that fails: exit 1, nothing asked or printed");

	queue_all();
	ret = run(&ctl_object_save, &ctl, 0, NULL, &out, NULL);
	tap_ok(ret == CTL_EXIT_USAGE && strstr(seen.usage, "save: no JSON output") &&
	       log_is("") && output_is(out, ""),
	       "save with -j: a usage error");

	ctl.json = false;
	ret = run(&ctl_object_save, &ctl, 1, argv, &out, NULL);
	tap_ok(ret == CTL_EXIT_USAGE &&
	       strstr(seen.usage, "save: unexpected argument 'x'") &&
	       log_is("") && output_is(out, ""),
	       "save with an argument: a usage error");

	/* The replies queued above are still there. */
	seen.fail[FAM_CLS] = true;
	ret = run_save(&out, NULL);
	seen.fail[FAM_CLS] = false;
	tap_ok(ret == CTL_EXIT_FAIL && output_is(out, ""),
	       "save: a module that fails: exit 1 and no partial configuration");
}

/* ---- the saved lines, read back by the verbs ---- */

static const struct ctl_object *const line_objects[] = {
	&ctl_object_tunnel, &ctl_object_migrator, &ctl_object_service,
	&ctl_object_backend,
};

/* Run saved line @line (modified) as "OBJECT VERB ARGS...".  Its status. */
static int run_line(char *line)
{
	struct ctl ctl = { .json = false };
	const struct ctl_verb *verb;
	char *argv[32], *save, *tok;
	int argc = 0;
	size_t i;

	tok = strtok_r(line, " ", &save);
	while (tok && argc < (int)ARRAY_LEN(argv)) {
		argv[argc++] = tok;
		tok = strtok_r(NULL, " ", &save);
	}
	if (argc < 2)
		return -1;
	reset();
	for (i = 0; i < ARRAY_LEN(line_objects); i++) {
		if (strcmp(line_objects[i]->name, argv[0]))
			continue;
		for (verb = line_objects[i]->verbs; verb->name; verb++)
			if (!strcmp(verb->name, argv[1]))
				return verb->run(&ctl, argc - 2, argv + 2);
	}
	return -1;
}

static bool attr_is(struct nlattr *a, const void *bytes, int len)
{
	return a && nla_len(a) == len && !memcmp(nla_data(a), bytes, len);
}

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

/* The request's nest @type (@max + 1 entries) into @tb. */
static bool req_nest(int type, struct nlattr **tb, int max)
{
	return seen.req && bnl_parse_nest(seen.req, type, tb, max) == 0;
}

static bool req_cmd_is(uint8_t cmd)
{
	return seen.req && genlmsg_hdr(nlmsg_hdr(seen.req))->cmd == cmd;
}

/* The request names service @s. */
static bool req_svc_is(const struct svc_desc *s, struct nlattr **stb)
{
	return req_nest(BATON_CLS_ATTR_SERVICE, stb, BATON_SVC_A_MAX) &&
	       u8_is(stb[BATON_SVC_A_FAMILY], s->len == 4 ? AF_INET : AF_INET6) &&
	       attr_is(stb[BATON_SVC_A_ADDR], s->vip, s->len) &&
	       u16_is(stb[BATON_SVC_A_PORT], htons(s->port));
}

static bool tunnel_req_ok(void)
{
	static const uint8_t any6[16];
	struct nlattr *tb[BATON_TUNNEL_A_MAX + 1];

	return req_cmd_is(BATON_TUNNEL_CMD_TUNNEL_SET) &&
	       req_nest(BATON_TUNNEL_ATTR_TUNNEL, tb, BATON_TUNNEL_A_MAX) &&
	       attr_is(tb[BATON_TUNNEL_A_LOCAL4], local4, 4) &&
	       attr_is(tb[BATON_TUNNEL_A_LOCAL6], any6, 16) &&
	       u32_is(tb[BATON_TUNNEL_A_ENCAP_MAX_FLOWS], 65536) &&
	       u32_is(tb[BATON_TUNNEL_A_DECAP_MAX_FLOWS], 65536) &&
	       u32_is(tb[BATON_TUNNEL_A_ENCAP_TIMEOUT], 300) &&
	       u32_is(tb[BATON_TUNNEL_A_DECAP_TIMEOUT], 300);
}

static bool forwarder_req_ok(unsigned int k)
{
	struct nlattr *tb[BATON_TUNNEL_A_MAX + 1];

	return req_nest(BATON_TUNNEL_ATTR_TUNNEL, tb, BATON_TUNNEL_A_MAX) &&
	       (k ? attr_is(tb[BATON_TUNNEL_A_FORWARDER_ADD], fwd6, 16) :
		    attr_is(tb[BATON_TUNNEL_A_FORWARDER_ADD], fwd4, 4)) &&
	       !tb[BATON_TUNNEL_A_LOCAL4];
}

static bool migrator_req_ok(void)
{
	struct nlattr *tb[BATON_MIG_A_MAX + 1];

	return req_cmd_is(BATON_MIG_CMD_SET) &&
	       req_nest(BATON_MIG_ATTR_CONFIG, tb, BATON_MIG_A_MAX) &&
	       u16_is(tb[BATON_MIG_A_PORT], BATON_CTL_PORT_DEFAULT) &&
	       u32_is(tb[BATON_MIG_A_HOLD_MS], 2000);
}

static bool service_req_ok(const struct svc_desc *s)
{
	struct nlattr *stb[BATON_SVC_A_MAX + 1];

	return req_cmd_is(BATON_CLS_CMD_SERVICE_NEW) && req_svc_is(s, stb) &&
	       u32_is(stb[BATON_SVC_A_HEAD_MAX], s->head_max) &&
	       u32_is(stb[BATON_SVC_A_DECIDE_MS], s->decide_ms) &&
	       u8_is(stb[BATON_SVC_A_SCHED], (uint8_t)s->sched);
}

static bool backend_req_ok(const struct svc_desc *s, const struct be_desc *b)
{
	struct nlattr *stb[BATON_SVC_A_MAX + 1], *btb[BATON_BE_A_MAX + 1];

	return req_cmd_is(BATON_CLS_CMD_BACKEND_NEW) && req_svc_is(s, stb) &&
	       req_nest(BATON_CLS_ATTR_BACKEND, btb, BATON_BE_A_MAX) &&
	       attr_is(btb[BATON_BE_A_ADDR], b->addr, b->len) &&
	       u16_is(btb[BATON_BE_A_CTL_PORT], b->ctl_port) &&
	       u32_is(btb[BATON_BE_A_WEIGHT], (uint32_t)b->weight);
}

/*
 * Feed each line of the saved configuration to its verb, in order, and
 * check the request against the configuration replied.
 */
static void test_round_trip(void)
{
	unsigned int n = 0, bad = 0, fwd = 0, svc = 0, be = 0;
	char *out = NULL, *line, *next;
	bool ok;

	queue_all();
	if (run_save(&out, NULL) != CTL_EXIT_OK || !out) {
		tap_ok(false, "save for the round trip");
		free(out);
		return;
	}
	for (line = out; *line; line = next) {
		next = strchr(line, '\n');
		*next++ = '\0';
		if (line[0] == '#')
			continue;
		n++;
		if (!strncmp(line, "tunnel set local ", 17)) {
			ok = run_line(line) == CTL_EXIT_OK && tunnel_req_ok();
		} else if (!strncmp(line, "tunnel set forwarder ", 21)) {
			ok = run_line(line) == CTL_EXIT_OK &&
			     forwarder_req_ok(fwd++);
		} else if (!strncmp(line, "migrator set ", 13)) {
			ok = run_line(line) == CTL_EXIT_OK && migrator_req_ok();
		} else if (!strncmp(line, "service add ", 12)) {
			be = 0;
			ok = svc < ARRAY_LEN(svcs) &&
			     run_line(line) == CTL_EXIT_OK &&
			     service_req_ok(&svcs[svc++]);
		} else if (!strncmp(line, "backend add ", 12)) {
			ok = svc > 0 && be < svcs[svc - 1].n_bes &&
			     run_line(line) == CTL_EXIT_OK &&
			     backend_req_ok(&svcs[svc - 1],
					    &svcs[svc - 1].bes[be++]);
		} else {
			ok = false;
		}
		if (!ok) {
			bad++;
			tap_diag("line %u not read back right (usage \"%s\")",
				 n, seen.usage);
		}
	}
	free(out);
	tap_ok(n == 9 && !bad && fwd == 2 && svc == 2,
	       "every saved line is a command whose request gives the saved values back");
}

/* ---- restore ---- */

static void test_restore(void)
{
	struct ctl ctl = { .json = false };
	char file[] = "saved.conf", more[] = "more", stdin_name[] = "-";
	char *argv[2] = { file, more }, *dash[1] = { stdin_name };
	int ret;

	ret = run(&ctl_object_restore, &ctl, 0, NULL, NULL, NULL);
	tap_ok(ret == CTL_EXIT_OK && seen.files == 1 &&
	       !strcmp(seen.file, "-") && seen.file_restore,
	       "restore without FILE: standard input, with restore's rules");

	ret = run(&ctl_object_restore, &ctl, 1, dash, NULL, NULL);
	tap_ok(ret == CTL_EXIT_OK && seen.files == 1 && !strcmp(seen.file, "-"),
	       "restore -: standard input");

	ret = run(&ctl_object_restore, &ctl, 1, argv, NULL, NULL);
	tap_ok(ret == CTL_EXIT_OK && seen.files == 1 &&
	       !strcmp(seen.file, "saved.conf") && seen.file_restore,
	       "restore FILE: that file");

	ret = run(&ctl_object_restore, &ctl, 2, argv, NULL, NULL);
	tap_ok(ret == CTL_EXIT_USAGE && seen.files == 0 &&
	       strstr(seen.usage, "restore: unexpected argument 'more'"),
	       "restore with two files: a usage error");

	ctl.in_file = true;
	ret = run(&ctl_object_restore, &ctl, 1, argv, NULL, NULL);
	tap_ok(ret == CTL_EXIT_USAGE && seen.files == 0 &&
	       strstr(seen.usage, "not from a batch or restore file"),
	       "restore inside a batch or restore file: a usage error");
}

int main(void)
{
	unsigned int left = 0;
	int i;

	/* Each result out at once, even if a test crashes. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_save_all();
	test_save_old_and_odd();
	test_save_fails();
	test_round_trip();
	test_restore();
	reset();
	for (i = 0; i < NR_FAMS; i++) {
		left += seen.n_replies[i];
		while (seen.n_replies[i])
			nlmsg_free(seen.replies[i][--seen.n_replies[i]]);
	}
	tap_ok(left == 0, "every canned reply was used");
	return tap_done();
}
