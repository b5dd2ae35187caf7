// SPDX-License-Identifier: GPL-2.0
/*
 * Tests of the netlink plumbing (nl.c) against the generic netlink
 * controller, which every kernel has: family resolution, a do, a dump,
 * and a refusal with its extended ACK.  Needs no baton module.  TAP on
 * stdout.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include <linux/genetlink.h>
#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include "batonctl.h"
#include "nl.h"
#include "tap.h"

#define CTRL_NAME	"nlctrl"

struct families {
	unsigned int count;
	int nlctrl_id;
};

static int parse_family(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct families *f = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, CTRL_ATTR_MAX, NULL) < 0)
		return -EBADMSG;
	if (!tb[CTRL_ATTR_FAMILY_ID] || !tb[CTRL_ATTR_FAMILY_NAME])
		return -EBADMSG;
	f->count++;
	if (!strcmp(nla_get_string(tb[CTRL_ATTR_FAMILY_NAME]), CTRL_NAME))
		f->nlctrl_id = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	return 0;
}

static int getfamily(struct bnl *nl, int flags, const char *name,
		     struct families *f)
{
	struct nl_msg *msg = bnl_request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
					 flags);

	if (!msg)
		return -ENOMEM;
	if (name && nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, name)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return bnl_transact(nl, msg, parse_family, f);
}

static void test_resolve(struct bnl *nl)
{
	tap_ok(bnl_family(nl, CTRL_NAME) == GENL_ID_CTRL,
	       "bnl_family resolves nlctrl");
	tap_ok(bnl_family(nl, "baton_no_such") == -ENOENT,
	       "bnl_family: unknown family is -ENOENT");
	tap_ok(bnl_family_peek(nl, CTRL_NAME) == GENL_ID_CTRL,
	       "bnl_family_peek finds nlctrl in the dump");
	tap_ok(bnl_family_peek(nl, "nlctr") == -ENOENT &&
	       bnl_family_peek(nl, "nlctrlx") == -ENOENT,
	       "bnl_family_peek: exact names only");
}

static void test_do(struct bnl *nl)
{
	struct families f = { 0 };
	int err = getfamily(nl, 0, CTRL_NAME, &f);

	tap_ok(!err && f.count == 1 && f.nlctrl_id == GENL_ID_CTRL,
	       "do: one reply, then the ACK (err %d, %u replies)", err, f.count);
}

static void test_dump(struct bnl *nl)
{
	struct families f = { 0 };
	int err = getfamily(nl, NLM_F_DUMP, NULL, &f);

	tap_ok(!err && f.count >= 1 && f.nlctrl_id == GENL_ID_CTRL,
	       "dump: every family until NLMSG_DONE (err %d, %u families)",
	       err, f.count);
}

static void test_refusal(struct bnl *nl)
{
	struct families f = { 0 };
	char buf[BNL_ERRMSG_MAX + 64], want[64];
	int err;

	err = getfamily(nl, 0, "baton_no_such", &f);
	tap_ok(err == -ENOENT && f.count == 0,
	       "do: unknown family refused with -ENOENT (err %d)", err);

	/* Longer than GENL_NAMSIZ: the policy rejects it with an extack. */
	err = getfamily(nl, 0, "a_family_name_much_longer_than_genl_namsiz", &f);
	tap_ok(err < 0, "do: policy violation refused (err %d)", err);
	if (!bnl_errmsg(nl)[0]) {
		tap_skip("kernel sent no extended ACK message");
		return;
	}
	tap_ok(1, "extended ACK text: \"%s\"", bnl_errmsg(nl));
	bnl_strerror(nl, err, buf, sizeof(buf));
	snprintf(want, sizeof(want), " (%s)", strerror(-err));
	tap_ok(!strncmp(buf, bnl_errmsg(nl), strlen(bnl_errmsg(nl))) &&
	       strstr(buf, want), "bnl_strerror: \"%s\"", buf);

	err = getfamily(nl, 0, CTRL_NAME, &f);
	tap_ok(!err && !bnl_errmsg(nl)[0],
	       "socket usable after a refusal, message cleared");
}

static int parse_fail(struct nl_msg *msg, void *arg)
{
	unsigned int *calls = arg;

	(void)msg;
	(*calls)++;
	return -EPROTO;
}

static void test_parser_error(struct bnl *nl)
{
	struct nl_msg *msg = bnl_request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
					 NLM_F_DUMP);
	struct families f = { 0 };
	unsigned int calls = 0;
	int err;

	/* A parser failure fails the call; the rest of the dump is drained. */
	err = msg ? bnl_transact(nl, msg, parse_fail, &calls) : -ENOMEM;
	tap_ok(err == -EPROTO && calls == 1,
	       "parser error returned, parser not called again (err %d)", err);
	err = getfamily(nl, 0, CTRL_NAME, &f);
	tap_ok(!err && f.count == 1,
	       "socket in sync after an aborted dump (err %d)", err);
}

/* Add nest @type holding u8 1, u16 2, u32 3, u64 4, and a 1-byte attr 5. */
static int put_nest(struct nl_msg *msg, int type, uint8_t base)
{
	struct nlattr *nest = nla_nest_start(msg, type);

	if (!nest || nla_put_u8(msg, 1, base) ||
	    nla_put_u16(msg, 2, base + 1) || nla_put_u32(msg, 3, base + 2) ||
	    nla_put_u64(msg, 4, base + 3) || nla_put_u8(msg, 5, base + 4))
		return -1;
	nla_nest_end(msg, nest);
	return 0;
}

/* bnl_parse_nest() and bnl_attr_*() on a message built here. */
static void test_parse_nest(void)
{
	struct nl_msg *msg = bnl_request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 0);
	struct nlattr *tb[6];
	int err;

	if (!msg || nla_put_u32(msg, 1, 99) || put_nest(msg, 2, 10) ||
	    put_nest(msg, 2, 20)) {
		tap_ok(false, "bnl_parse_nest: message built");
		nlmsg_free(msg);
		return;
	}
	err = bnl_parse_nest(msg, 2, tb, 5);
	tap_ok(!err && bnl_attr_u8(tb[1]) == 20 && bnl_attr_u16(tb[2]) == 21 &&
	       bnl_attr_u32(tb[3]) == 22 && bnl_attr_u64(tb[4]) == 23,
	       "bnl_parse_nest: the last nest of the type, its values (err %d)",
	       err);
	tap_ok(bnl_attr_u8(tb[5]) == 24 && bnl_attr_u16(tb[5]) == 0 &&
	       bnl_attr_u32(tb[5]) == 0 && bnl_attr_u64(tb[5]) == 0 &&
	       bnl_attr_u32(NULL) == 0,
	       "bnl_attr_*: 0 for a short or absent attribute");
	tap_ok(bnl_parse_nest(msg, 3, tb, 5) == -EBADMSG,
	       "bnl_parse_nest: no such attribute is -EBADMSG");
	nlmsg_free(msg);
}

int main(void)
{
	struct bnl *nl;

	test_parse_nest();
	nl = bnl_open(NULL);
	if (!tap_ok(nl != NULL, "bnl_open")) {
		tap_done();
		return 1;
	}
	test_resolve(nl);
	test_do(nl);
	test_dump(nl);
	test_refusal(nl);
	test_parser_error(nl);
	bnl_close(nl);
	return tap_done();
}
