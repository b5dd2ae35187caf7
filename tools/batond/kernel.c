// SPDX-License-Identifier: GPL-2.0
/*
 * batond: telling baton_classifier the health of a backend.
 *
 *	BATON_CLS_CMD_BACKEND_SET
 *	  BATON_CLS_ATTR_SERVICE	FAMILY, ADDR, PORT
 *	  BATON_CLS_ATTR_BACKEND	ADDR, HEALTH
 *
 * The netlink plumbing is batonctl's (../batonctl/nl.c).  The family is
 * looked up without loading the module (a daemon should not bring back
 * a module that was unloaded on purpose), when first needed and again
 * after a failure, in case the module was reloaded under a new id.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include "batonctl.h"
#include "batond.h"
#include "nl.h"

/**
 * struct bd_kernel - the netlink side of batond
 * @nl: the generic netlink socket
 * @family: the id of BATON_CLS_GENL_NAME, 0 if not known
 */
struct bd_kernel {
	struct bnl *nl;
	int family;
};

struct bd_kernel *bd_kernel_open(const char *netns)
{
	struct bd_kernel *k = calloc(1, sizeof(*k));

	if (!k) {
		bd_err("out of memory");
		return NULL;
	}
	k->nl = bnl_open(netns);
	if (!k->nl) {
		free(k);
		return NULL;
	}
	return k;
}

void bd_kernel_close(struct bd_kernel *k)
{
	if (!k)
		return;
	bnl_close(k->nl);
	free(k);
}

static int put_health(struct nl_msg *msg, const struct bd_check *c,
		      uint8_t state)
{
	struct nlattr *nest;

	nest = nla_nest_start(msg, BATON_CLS_ATTR_SERVICE);
	if (!nest ||
	    nla_put_u8(msg, BATON_SVC_A_FAMILY, (uint8_t)c->vip.family) ||
	    nla_put(msg, BATON_SVC_A_ADDR, (int)c->vip.len, c->vip.bytes) ||
	    nla_put_u16(msg, BATON_SVC_A_PORT, htons(c->vport)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);

	nest = nla_nest_start(msg, BATON_CLS_ATTR_BACKEND);
	if (!nest ||
	    nla_put(msg, BATON_BE_A_ADDR, (int)c->host.len, c->host.bytes) ||
	    nla_put_u8(msg, BATON_BE_A_HEALTH, state))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int send_health(struct bd_kernel *k, const struct bd_check *c,
		       uint8_t state)
{
	struct nl_msg *msg;

	msg = bnl_request(k->family, BATON_CLS_CMD_BACKEND_SET, 0);
	if (!msg)
		return -ENOMEM;
	if (put_health(msg, c, state)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	return bnl_transact(k->nl, msg, NULL, NULL);
}

/* Look the family up into k->family; on failure say why in @why. */
static int lookup_family(struct bd_kernel *k, char *why, size_t size)
{
	int id = bnl_family_peek(k->nl, BATON_CLS_GENL_NAME);

	if (id > 0) {
		k->family = id;
		return 0;
	}
	k->family = 0;
	if (id == -ENOENT)
		snprintf(why, size,
			 "baton_classifier is not loaded (no %s family)",
			 BATON_CLS_GENL_NAME);
	else
		bnl_strerror(k->nl, id, why, size);
	return id;
}

int bd_kernel_set_health(struct bd_kernel *k, const struct bd_check *c,
			 uint8_t state, char *why, size_t size)
{
	char again[BD_WHY_MAX];
	int old, err;

	why[0] = '\0';
	if (!k->family) {
		err = lookup_family(k, why, size);
		if (err)
			return err;
	}
	err = send_health(k, c, state);
	if (!err)
		return 0;
	/* The refusal, with its extended ACK, before another request. */
	bnl_strerror(k->nl, err, why, size);

	/* Unloaded, or reloaded under another id?  Then once more. */
	old = k->family;
	if (lookup_family(k, again, sizeof(again))) {
		snprintf(why, size, "%s", again);
		return err;
	}
	if (k->family == old)
		return err;
	err = send_health(k, c, state);
	if (err)
		bnl_strerror(k->nl, err, why, size);
	return err;
}
