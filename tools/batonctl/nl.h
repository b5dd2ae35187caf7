/* SPDX-License-Identifier: GPL-2.0 */
/*
 * batonctl: generic netlink plumbing on top of libnl-3.
 *
 * One socket per invocation, opened inside the requested network
 * namespace.  Requests go through bnl_transact(), which feeds every
 * reply to a parser, waits for the final ACK or NLMSG_DONE and turns
 * a kernel refusal into -errno plus its extended ACK message:
 *
 *	msg = bnl_request(family, BATON_CMD_..., 0);
 *	nla_put_u32(msg, BATON_..._A_..., value);
 *	err = bnl_transact(nl, msg, parse_reply, &result);
 *	if (err)
 *		bnl_perror(nl, "what was being done", err);
 */
#ifndef BATONCTL_NL_H
#define BATONCTL_NL_H

#include <stddef.h>
#include <stdint.h>

#include <netlink/msg.h>

/* Longest extended ACK text kept, NUL included. */
#define BNL_ERRMSG_MAX	256

struct bnl;

/*
 * Enter network namespace @netns (a name under /run/netns, or a path if
 * it contains a '/'; NULL to stay), then open a generic netlink socket
 * and check that the controller answers.  Prints the reason and returns
 * NULL on failure.
 */
struct bnl *bnl_open(const char *netns);
void bnl_close(struct bnl *nl);

/*
 * The id of family @name: > 0, or -ENOENT if it is not registered in
 * this netns.  Like genl_ctrl_resolve(), which it uses, this asks the
 * controller by name, and the kernel then loads the module that
 * declares the family (MODULE_ALIAS_GENL_FAMILY, as every baton module
 * does): right for commands that configure a module.
 */
int bnl_family(struct bnl *nl, const char *name);

/*
 * The same without loading anything: look @name up in a dump of the
 * registered families.  For commands that report what is loaded.
 */
int bnl_family_peek(struct bnl *nl, const char *name);

/*
 * A request for command @cmd of family @family, with extra netlink
 * @flags (NLM_F_DUMP...).  Returns NULL if out of memory.
 */
struct nl_msg *bnl_request(int family, uint8_t cmd, int flags);

/*
 * Parse the top-level attribute @type of generic netlink message @msg,
 * a nest, into @tb (@max + 1 entries).  Returns 0, or -EBADMSG if the
 * message is truncated, has no such attribute or the nest is malformed.
 */
int bnl_parse_nest(struct nl_msg *msg, int type, struct nlattr **tb,
		   int max);

/* The value of attribute @a: 0 if it is absent (NULL) or too short. */
uint8_t bnl_attr_u8(struct nlattr *a);
uint16_t bnl_attr_u16(struct nlattr *a);
uint32_t bnl_attr_u32(struct nlattr *a);
uint64_t bnl_attr_u64(struct nlattr *a);

/*
 * Called for each reply message.  Return 0, or -errno to fail the
 * transaction (the rest of the replies are still read and dropped).
 */
typedef int (*bnl_reply_fn)(struct nl_msg *msg, void *arg);

/*
 * Send @msg (always consumed), hand each reply to @fn (may be NULL)
 * and wait for the ACK (do) or NLMSG_DONE (dump).  Returns 0 or -errno;
 * on failure bnl_errmsg() tells why, if the kernel or libnl said.
 */
int bnl_transact(struct bnl *nl, struct nl_msg *msg, bnl_reply_fn fn,
		 void *arg);

/*
 * Join multicast group @group of family @name (by name, loading the
 * module as bnl_family() does).  Returns 0, -ENOENT if the family or
 * the group does not exist, -EPERM if the kernel refused (the group
 * wants CAP_NET_ADMIN), or -errno with bnl_errmsg() set.
 */
int bnl_subscribe(struct bnl *nl, const char *name, const char *group);

/*
 * Hand every message of the joined groups to @fn until it returns
 * non-zero: > 0 ends with 0, < 0 fails with it.  Lost notifications
 * (the socket's buffer overran) are reported on stderr, and the
 * listening goes on.  Returns 0 or -errno.  No bnl_transact() on @nl
 * once it listens.
 */
int bnl_listen(struct bnl *nl, bnl_reply_fn fn, void *arg);

/*
 * Datagrams received by the last bnl_transact(): a dump that needed
 * several kernel messages shows more than one.  For debugging.
 */
unsigned int bnl_datagrams(void);

/* Extended ACK text of the last failed call, or "" if there was none. */
const char *bnl_errmsg(const struct bnl *nl);

/*
 * Describe @err (-errno) from the last call into @buf: "<extack text>
 * (<strerror>)", or just "<strerror>" without an extended ACK.
 */
void bnl_strerror(const struct bnl *nl, int err, char *buf, size_t size);

/*
 * Print @err (-errno) from the last call: "batonctl: <extack text>
 * (<strerror>)", or "batonctl: <what>: <strerror>" without an extended
 * ACK.
 */
void bnl_perror(const struct bnl *nl, const char *what, int err);

#endif /* BATONCTL_NL_H */
