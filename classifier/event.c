// SPDX-License-Identifier: GPL-2.0
/*
 * baton_classifier: EVENT notifications on the "events" multicast group
 * of baton_cls (what `batonctl monitor` prints): connections migrated,
 * refused, lost and ended, backends up and down.
 *
 * Nothing is built when nobody listens in the netns.  A notification
 * that cannot be built or queued is dropped (the listener's socket
 * reports the overrun), never retried: the counters stay the record.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <net/genetlink.h>
#include <net/ipv6.h>

#include <uapi/linux/baton.h>

#include "classifier.h"

/* An address attribute: 4 bytes for a v4-mapped address, else 16. */
static int baton_cls_event_addr(struct sk_buff *msg, int type,
				const struct in6_addr *addr)
{
	if (ipv6_addr_v4mapped(addr))
		return nla_put_in_addr(msg, type, addr->s6_addr32[3]);
	return nla_put_in6_addr(msg, type, addr);
}

static int baton_cls_event_svc(struct sk_buff *msg, u8 family,
			       const struct in6_addr *vip, __be16 port)
{
	struct nlattr *nest = nla_nest_start(msg, BATON_CLS_ATTR_SERVICE);

	if (!nest || nla_put_u8(msg, BATON_SVC_A_FAMILY, family) ||
	    baton_cls_event_addr(msg, BATON_SVC_A_ADDR, vip) ||
	    nla_put_be16(msg, BATON_SVC_A_PORT, port))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int baton_cls_event_client(struct sk_buff *msg,
				  const struct baton_tuple *t)
{
	struct nlattr *nest = nla_nest_start(msg, BATON_CLS_ATTR_CLIENT);

	if (!nest || baton_cls_event_addr(msg, BATON_CLIENT_A_ADDR, &t->client) ||
	    nla_put_be16(msg, BATON_CLIENT_A_PORT, t->cport))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static bool baton_cls_event_wanted(struct net *net)
{
	return genl_has_listeners(&baton_cls_genl_family, net,
				  BATON_CLS_MCGRP_EVENTS_ID);
}

static struct sk_buff *baton_cls_event_new(u8 event, void **hdr)
{
	struct sk_buff *msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);

	if (!msg)
		return NULL;
	*hdr = genlmsg_put(msg, 0, 0, &baton_cls_genl_family, 0,
			   BATON_CLS_CMD_EVENT);
	if (!*hdr || nla_put_u8(msg, BATON_CLS_ATTR_EVENT, event)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

static void baton_cls_event_send(struct net *net, struct sk_buff *msg,
				 void *hdr)
{
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&baton_cls_genl_family, net, msg, 0,
				BATON_CLS_MCGRP_EVENTS_ID, GFP_KERNEL);
}

/**
 * baton_cls_event_conn() - report what became of a connection
 * @pn: the netns's state
 * @event: BATON_CLS_EV_MIGRATED, _REFUSED, _LOST or _ENDED
 * @t: the connection
 * @id: its flow ID
 * @be: the backend it went to, or NULL when not known any more
 * @reason: the refusal or end reason, or 0
 * @latency: nanoseconds from accept() to the ACK (MIGRATED), or 0
 *
 * Context: process context, under pn->lock.
 */
void baton_cls_event_conn(struct baton_cls_net *pn, u8 event,
			  const struct baton_tuple *t, u32 id,
			  const struct baton_be *be, int reason, u64 latency)
{
	struct sk_buff *msg;
	void *hdr;

	if (!baton_cls_event_wanted(pn->net))
		return;
	msg = baton_cls_event_new(event, &hdr);
	if (!msg)
		return;
	if (baton_cls_event_svc(msg, t->family, &t->vip, t->vport) ||
	    baton_cls_event_client(msg, t) ||
	    nla_put_u32(msg, BATON_CLS_ATTR_FLOW_ID, id) ||
	    (be && baton_cls_nl_be_fill(msg, be)) ||
	    (reason > 0 && nla_put_u16(msg, BATON_CLS_ATTR_REASON, reason)) ||
	    (latency && nla_put_u64_64bit(msg, BATON_CLS_ATTR_LATENCY_NS,
					  latency, BATON_CLS_ATTR_PAD))) {
		nlmsg_free(msg);
		return;
	}
	baton_cls_event_send(pn->net, msg, hdr);
}

/**
 * baton_cls_event_be() - report a backend's channel up or down
 * @be: the backend
 * @event: BATON_CLS_EV_BACKEND_UP or _DOWN
 *
 * Context: process context, under the netns's lock.
 */
void baton_cls_event_be(const struct baton_be *be, u8 event)
{
	const struct baton_svc *svc = be->svc;
	struct sk_buff *msg;
	void *hdr;

	if (!baton_cls_event_wanted(be->pn->net))
		return;
	msg = baton_cls_event_new(event, &hdr);
	if (!msg)
		return;
	if (baton_cls_event_svc(msg, svc->family, &svc->addr,
				htons(svc->port)) ||
	    baton_cls_nl_be_fill(msg, be)) {
		nlmsg_free(msg);
		return;
	}
	baton_cls_event_send(be->pn->net, msg, hdr);
}
