// SPDX-License-Identifier: GPL-2.0
/*
 * batonctl: generic netlink plumbing on top of libnl-3.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <netlink/attr.h>
#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/handlers.h>
#include <netlink/socket.h>

#include <linux/baton.h>

#include "batonctl.h"
#include "nl.h"

#define NETNS_RUN_DIR	"/run/netns"
#define GENL_CTRL_NAME	"nlctrl"	/* the controller family itself */

/**
 * struct bnl - the generic netlink socket of one invocation
 * @sk: the libnl socket, connected
 * @errmsg: extended ACK (or libnl) text of the last failure, or ""
 */
struct bnl {
	struct nl_sock *sk;
	char errmsg[BNL_ERRMSG_MAX];
};

/**
 * struct bnl_xfer - one request in flight
 * @nl: the socket
 * @fn: parser of the replies, or NULL
 * @arg: its argument
 * @err: first error seen, -errno
 * @done: the final ACK, error or NLMSG_DONE arrived
 */
struct bnl_xfer {
	struct bnl *nl;
	bnl_reply_fn fn;
	void *arg;
	int err;
	bool done;
};

static void bnl_set_errmsg(struct bnl *nl, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Datagrams read by the last bnl_transact(), for bnl_datagrams(). */
static unsigned int bnl_recv_count;

static int bnl_recv(struct nl_sock *sk, struct sockaddr_nl *nla,
		    unsigned char **buf, struct ucred **creds)
{
	bnl_recv_count++;
	return nl_recv(sk, nla, buf, creds);
}

unsigned int bnl_datagrams(void)
{
	return bnl_recv_count;
}

static void bnl_set_errmsg(struct bnl *nl, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(nl->errmsg, sizeof(nl->errmsg), fmt, ap);
	va_end(ap);
}

/* Turn a libnl error code into -errno, keeping libnl's text. */
static int bnl_lib_error(struct bnl *nl, int nlerr)
{
	if (nlerr == -NLE_DUMP_INTR) {
		bnl_set_errmsg(nl, "dump interrupted by a concurrent change, try again");
		return -EAGAIN;
	}
	if (nlerr == -NLE_NOMEM)
		return -ENOMEM;
	bnl_set_errmsg(nl, "netlink: %s", nl_geterror(nlerr));
	return -EIO;
}

static int bnl_enter_netns(const char *netns)
{
	char path[PATH_MAX];
	int fd, ret;

	if (strchr(netns, '/'))
		ret = snprintf(path, sizeof(path), "%s", netns);
	else
		ret = snprintf(path, sizeof(path), NETNS_RUN_DIR "/%s", netns);
	if (ret < 0 || (size_t)ret >= sizeof(path)) {
		ctl_err("network namespace name too long: %s", netns);
		return -1;
	}

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ctl_err("cannot open network namespace \"%s\": %s",
			netns, strerror(errno));
		return -1;
	}
	ret = setns(fd, CLONE_NEWNET);
	if (ret)
		ctl_err("cannot enter network namespace \"%s\": %s",
			netns, strerror(errno));
	close(fd);
	return ret ? -1 : 0;
}

/*
 * Ask for extended ACKs, and for errors that do not echo the whole
 * request.  Both are best effort: a kernel without them still works.
 */
static void bnl_enable_ext_ack(struct nl_sock *sk)
{
	int fd = nl_socket_get_fd(sk);
	int one = 1;

	(void)setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
}

struct bnl *bnl_open(const char *netns)
{
	struct bnl *nl;
	int err;

	if (netns && bnl_enter_netns(netns))
		return NULL;

	nl = calloc(1, sizeof(*nl));
	if (!nl)
		goto err_nomem;
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		goto err_nomem;
	err = genl_connect(nl->sk);
	if (err) {
		ctl_err("cannot open a generic netlink socket: %s",
			nl_geterror(err));
		goto err_close;
	}
	bnl_enable_ext_ack(nl->sk);

	/* The controller always knows itself; if not, nothing works. */
	err = genl_ctrl_resolve(nl->sk, GENL_CTRL_NAME);
	if (err < 0) {
		ctl_err("cannot reach the generic netlink controller: %s",
			nl_geterror(err));
		goto err_close;
	}
	return nl;

err_nomem:
	ctl_err("out of memory");
err_close:
	bnl_close(nl);
	return NULL;
}

void bnl_close(struct bnl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sk);
	free(nl);
}

int bnl_family(struct bnl *nl, const char *name)
{
	int id;

	nl->errmsg[0] = '\0';
	id = genl_ctrl_resolve(nl->sk, name);
	if (id > 0)
		return id;
	/*
	 * libnl reports every failure of the lookup as "not found"; the
	 * controller was reachable at bnl_open(), so take it literally.
	 */
	if (id == -NLE_OBJ_NOTFOUND || id == 0)
		return -ENOENT;
	return bnl_lib_error(nl, id);
}

struct family_match {
	const char *name;
	int id;
};

static struct nla_policy family_policy[CTRL_ATTR_MAX + 1] = {
	[CTRL_ATTR_FAMILY_ID]	= { .type = NLA_U16 },
	[CTRL_ATTR_FAMILY_NAME]	= { .type = NLA_STRING },
};

static int family_match(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct family_match *match = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, CTRL_ATTR_MAX,
			  family_policy) < 0)
		return -EBADMSG;
	if (tb[CTRL_ATTR_FAMILY_NAME] && tb[CTRL_ATTR_FAMILY_ID] &&
	    !strcmp(nla_get_string(tb[CTRL_ATTR_FAMILY_NAME]), match->name))
		match->id = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	return 0;
}

int bnl_family_peek(struct bnl *nl, const char *name)
{
	struct family_match match = { .name = name, .id = -ENOENT };
	struct nl_msg *msg;
	int err;

	/* A dump never makes the controller call request_module(). */
	msg = bnl_request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_DUMP);
	if (!msg)
		return -ENOMEM;
	err = bnl_transact(nl, msg, family_match, &match);
	return err ? err : match.id;
}

int bnl_subscribe(struct bnl *nl, const char *name, const char *group)
{
	int grp, err;

	nl->errmsg[0] = '\0';
	grp = genl_ctrl_resolve_grp(nl->sk, name, group);
	if (grp < 0)
		return grp == -NLE_OBJ_NOTFOUND ? -ENOENT :
						  bnl_lib_error(nl, grp);
	err = nl_socket_add_membership(nl->sk, grp);
	if (err == -NLE_PERM)
		return -EPERM;
	return err ? bnl_lib_error(nl, err) : 0;
}

struct bnl_listener {
	bnl_reply_fn fn;
	void *arg;
	int ret;
};

static int bnl_listen_valid(struct nl_msg *msg, void *arg)
{
	struct bnl_listener *l = arg;

	l->ret = l->fn(msg, l->arg);
	return l->ret ? NL_STOP : NL_OK;
}

/* Notifications carry sequence number 0: nothing to check. */
static int bnl_listen_seq(struct nl_msg *msg, void *arg)
{
	(void)msg;
	(void)arg;
	return NL_OK;
}

int bnl_listen(struct bnl *nl, bnl_reply_fn fn, void *arg)
{
	struct bnl_listener l = { .fn = fn, .arg = arg };
	struct nl_cb *cb;
	int err;

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, bnl_listen_valid, &l);
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, bnl_listen_seq, NULL);
	/* Room for bursts: a connection per event at thousands a second. */
	(void)nl_socket_set_buffer_size(nl->sk, 4 << 20, 0);
	for (;;) {
		err = nl_recvmsgs(nl->sk, cb);
		if (l.ret)
			break;
		if (err == -NLE_NOMEM) {
			/* ENOBUFS: the kernel dropped notifications */
			ctl_err("notifications lost: the receive buffer overran");
			continue;
		}
		if (err < 0) {
			l.ret = bnl_lib_error(nl, err);
			break;
		}
	}
	nl_cb_put(cb);
	return l.ret < 0 ? l.ret : 0;
}

struct nl_msg *bnl_request(int family, uint8_t cmd, int flags)
{
	struct nl_msg *msg = nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, flags,
			 cmd, BATON_GENL_VERSION)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int bnl_parse_nest(struct nl_msg *msg, int type, struct nlattr **tb,
		   int max)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *ghdr;
	struct nlattr *a, *nest = NULL;
	int rem;

	if (!genlmsg_valid_hdr(nlh, 0))
		return -EBADMSG;
	ghdr = nlmsg_data(nlh);
	/* The last one wins, as with genlmsg_parse(). */
	nla_for_each_attr(a, genlmsg_attrdata(ghdr, 0),
			  genlmsg_attrlen(ghdr, 0), rem)
		if (nla_type(a) == type)
			nest = a;
	if (!nest || nla_parse_nested(tb, max, nest, NULL) < 0)
		return -EBADMSG;
	return 0;
}

uint8_t bnl_attr_u8(struct nlattr *a)
{
	return a && nla_len(a) >= 1 ? nla_get_u8(a) : 0;
}

uint16_t bnl_attr_u16(struct nlattr *a)
{
	return a && nla_len(a) >= 2 ? nla_get_u16(a) : 0;
}

uint32_t bnl_attr_u32(struct nlattr *a)
{
	return a && nla_len(a) >= 4 ? nla_get_u32(a) : 0;
}

uint64_t bnl_attr_u64(struct nlattr *a)
{
	return a && nla_len(a) >= 8 ? nla_get_u64(a) : 0;
}

/* Render the extended ACK attributes in @tb as text into @buf. */
static void bnl_extack_text(struct nlattr **tb, char *buf, size_t size)
{
	struct nlattr *msg = tb[NLMSGERR_ATTR_MSG];
	struct nlattr *miss = tb[NLMSGERR_ATTR_MISS_TYPE];
	size_t len = 0;

	buf[0] = '\0';
	if (msg && nla_len(msg) > 0) {
		snprintf(buf, size, "%.*s",
			 (int)strnlen(nla_data(msg), nla_len(msg)),
			 (const char *)nla_data(msg));
		len = strlen(buf);
	}
	if (miss && nla_len(miss) >= (int)sizeof(uint32_t))
		snprintf(buf + len, size - len, "%smissing attribute %u",
			 len ? ": " : "", nla_get_u32(miss));
}

/*
 * Extract the extended ACK text of @nlh (an NLMSG_ERROR or NLMSG_DONE)
 * whose TLVs start after @payload bytes of fixed payload.
 */
static void bnl_extack_parse(const struct nlmsghdr *nlh, size_t payload,
			     char *buf, size_t size)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	size_t off = NLMSG_HDRLEN + NLMSG_ALIGN(payload);

	buf[0] = '\0';
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || nlh->nlmsg_len <= off)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlh + off),
		      nlh->nlmsg_len - off, NULL))
		return;
	bnl_extack_text(tb, buf, size);
}

/* Size of the fixed payload of NLMSG_ERROR @nlh, before its TLVs. */
static size_t bnl_error_payload(const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t payload = sizeof(*e);

	/* Unless capped, the whole request is echoed after the error. */
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED) &&
	    e->msg.nlmsg_len >= NLMSG_HDRLEN)
		payload += e->msg.nlmsg_len - NLMSG_HDRLEN;
	return payload;
}

static int bnl_on_valid(struct nl_msg *msg, void *arg)
{
	struct bnl_xfer *xfer = arg;
	int err;

	if (!xfer->fn || xfer->err)
		return NL_OK;
	err = xfer->fn(msg, xfer->arg);
	if (err)
		xfer->err = err;
	return NL_OK;
}

static int bnl_on_error(struct sockaddr_nl *nla, struct nlmsgerr *e,
			void *arg)
{
	/* libnl hands over the payload of the NLMSG_ERROR it received. */
	const struct nlmsghdr *nlh =
		(const struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct bnl_xfer *xfer = arg;

	(void)nla;
	xfer->done = true;
	if (!xfer->err) {
		xfer->err = e->error;
		bnl_extack_parse(nlh, bnl_error_payload(nlh),
				 xfer->nl->errmsg, sizeof(xfer->nl->errmsg));
	}
	return NL_STOP;
}

/* A positive ACK may still carry a warning. */
static int bnl_on_ack(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct bnl_xfer *xfer = arg;
	char warning[BNL_ERRMSG_MAX];

	xfer->done = true;
	bnl_extack_parse(nlh, bnl_error_payload(nlh), warning,
			 sizeof(warning));
	if (warning[0])
		ctl_err("warning: %s", warning);
	return NL_STOP;
}

/* NLMSG_DONE ends a dump; it carries the dump's error code, if any. */
static int bnl_on_finish(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct bnl_xfer *xfer = arg;
	int err;

	xfer->done = true;
	if (nlmsg_datalen(nlh) < (int)sizeof(err))
		return NL_STOP;
	memcpy(&err, nlmsg_data(nlh), sizeof(err));
	if (err < 0 && !xfer->err) {
		xfer->err = err;
		bnl_extack_parse(nlh, sizeof(err), xfer->nl->errmsg,
				 sizeof(xfer->nl->errmsg));
	}
	return NL_STOP;
}

static struct nl_cb *bnl_callbacks(struct bnl_xfer *xfer)
{
	struct nl_cb *cb = nl_cb_alloc(NL_CB_DEFAULT);

	if (!cb)
		return NULL;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, bnl_on_valid, xfer);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, bnl_on_ack, xfer);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, bnl_on_finish, xfer);
	nl_cb_err(cb, NL_CB_CUSTOM, bnl_on_error, xfer);
	nl_cb_overwrite_recv(cb, bnl_recv);
	return cb;
}

int bnl_transact(struct bnl *nl, struct nl_msg *msg, bnl_reply_fn fn,
		 void *arg)
{
	struct bnl_xfer xfer = { .nl = nl, .fn = fn, .arg = arg };
	struct nl_cb *cb;
	int ret;

	nl->errmsg[0] = '\0';
	bnl_recv_count = 0;
	cb = bnl_callbacks(&xfer);
	if (!cb) {
		nlmsg_free(msg);
		return -ENOMEM;
	}

	ret = nl_send_auto(nl->sk, msg);
	nlmsg_free(msg);
	if (ret < 0)
		xfer.err = bnl_lib_error(nl, ret);

	while (ret >= 0 && !xfer.done) {
		ret = nl_recvmsgs(nl->sk, cb);
		/* A kernel error was recorded by bnl_on_error() already. */
		if (ret < 0 && !xfer.err)
			xfer.err = bnl_lib_error(nl, ret);
	}
	nl_cb_put(cb);
	return xfer.err;
}

const char *bnl_errmsg(const struct bnl *nl)
{
	return nl ? nl->errmsg : "";
}

void bnl_strerror(const struct bnl *nl, int err, char *buf, size_t size)
{
	const char *extack = bnl_errmsg(nl);

	if (extack[0])
		snprintf(buf, size, "%s (%s)", extack, strerror(-err));
	else
		snprintf(buf, size, "%s", strerror(-err));
}

void bnl_perror(const struct bnl *nl, const char *what, int err)
{
	const char *extack = bnl_errmsg(nl);

	if (extack[0])
		ctl_err("%s (%s)", extack, strerror(-err));
	else
		ctl_err("%s: %s", what, strerror(-err));
}
