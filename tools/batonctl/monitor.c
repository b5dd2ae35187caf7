// SPDX-License-Identifier: GPL-2.0
/*
 * batonctl: the monitor command, the balancer's events as they happen.
 *
 *	monitor [count N]
 *
 * Joins the "events" multicast group of baton_cls (CAP_NET_ADMIN in the
 * namespace) and prints one line per event until interrupted, or until
 * N events were printed:
 *
 *	migrated 198.51.100.100:80 client 192.0.2.1:40000 flow 0a1b2c3d backend 192.0.2.11 latency 2.104ms
 *	refused 198.51.100.100:80 client 192.0.2.1:40002 flow 5e6f7a8b backend 192.0.2.11 reason no listener
 *	lost 198.51.100.100:80 client ... backend 192.0.2.11
 *	ended 198.51.100.100:80 client ... backend 192.0.2.11 reason closed
 *	backend-up 198.51.100.100:80 backend 192.0.2.11
 *	backend-down 198.51.100.100:80 backend 192.0.2.11
 *
 * "backend -" in an ended event: its backend was deleted meanwhile.
 * With -j, one JSON object per line:
 *
 *	{ "event": "migrated" | "refused" | "lost" | "ended" |
 *		   "backend-up" | "backend-down",
 *	  "service": "VIP:PORT", "client": "ADDR:PORT" | null,
 *	  "flow_id": number | null, "backend": string | null,
 *	  "reason": string | null, "latency_ns": number | null }
 *
 * Reasons are those of "batonctl stats" (refusals, "no_listener" in
 * JSON) and, for ended, closed, reset, timed_out, expired or flushed.
 * Every line is flushed at once, so that a pipe sees it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include <linux/baton.h>

#include "batonctl.h"
#include "json.h"
#include "nl.h"

static const char *const event_names[] = {
	[BATON_CLS_EV_MIGRATED] = "migrated",
	[BATON_CLS_EV_REFUSED] = "refused",
	[BATON_CLS_EV_LOST] = "lost",
	[BATON_CLS_EV_ENDED] = "ended",
	[BATON_CLS_EV_BACKEND_UP] = "backend-up",
	[BATON_CLS_EV_BACKEND_DOWN] = "backend-down",
};

_Static_assert(sizeof(event_names) / sizeof(event_names[0]) ==
	       BATON_CLS_EV_MAX + 1, "an event has no name");

static const char *const end_names[] = {
	[BATON_CTL_END_CLOSED] = "closed",
	[BATON_CTL_END_RESET] = "reset",
	[BATON_CTL_END_TIMEOUT] = "timed_out",
	[BATON_CTL_END_EXPIRED] = "expired",
	[BATON_CTL_END_FLUSHED] = "flushed",
};

_Static_assert(sizeof(end_names) / sizeof(end_names[0]) ==
	       BATON_CTL_END_MAX + 1, "an end reason has no name");

/**
 * struct mon_event - one notification, as text
 * @event: its name
 * @service: "VIP:PORT"
 * @client: "ADDR:PORT", or "" when not about a connection
 * @backend: the backend's address, or ""
 * @reason: the reason's JSON name, or NULL
 * @flow_id: the connection's flow ID, if @has_flow
 * @latency_ns: accept() to ACK, if @has_latency
 */
struct mon_event {
	const char *event;
	char service[CTL_ENDPOINT_STR];
	char client[CTL_ENDPOINT_STR];
	char backend[CTL_ADDR_STR];
	const char *reason;
	uint32_t flow_id;
	uint64_t latency_ns;
	bool has_flow, has_latency;
};

/**
 * struct mon_state - the command's progress
 * @json: print JSON lines
 * @count: stop after this many events, or 0 for never
 * @seen: events printed
 */
struct mon_state {
	bool json;
	uint32_t count;
	uint32_t seen;
};

static const char *name_in(const char *const *names, size_t n, unsigned int v)
{
	return v < n ? names[v] : NULL;
}

/* "ADDR:PORT" of an address attribute and a be16 port attribute. */
static void mon_endpoint(struct nlattr *addr, struct nlattr *port, char *buf)
{
	uint16_t p = port && nla_len(port) >= 2 ?
		     ntohs(nla_get_u16(port)) : 0;

	if (addr)
		ctl_format_endpoint(nla_data(addr), nla_len(addr), p, buf,
				    CTL_ENDPOINT_STR);
	else
		snprintf(buf, CTL_ENDPOINT_STR, "?");
}

static int mon_parse(struct nl_msg *msg, struct mon_event *ev)
{
	struct nlattr *tb[BATON_CLS_ATTR_MAX + 1], *n[BATON_SVC_A_MAX + 1];
	struct nlattr *c[BATON_CLIENT_A_MAX + 1], *b[BATON_BE_A_MAX + 1];
	uint16_t reason;
	uint8_t type;

	memset(ev, 0, sizeof(*ev));
	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, BATON_CLS_ATTR_MAX, NULL) < 0 ||
	    !tb[BATON_CLS_ATTR_EVENT] || !tb[BATON_CLS_ATTR_SERVICE] ||
	    nla_parse_nested(n, BATON_SVC_A_MAX, tb[BATON_CLS_ATTR_SERVICE],
			     NULL) < 0)
		return -EBADMSG;
	type = bnl_attr_u8(tb[BATON_CLS_ATTR_EVENT]);
	ev->event = name_in(event_names, sizeof(event_names) /
			    sizeof(event_names[0]), type);
	if (!ev->event)
		return 0;	/* from a newer module: skip it */
	mon_endpoint(n[BATON_SVC_A_ADDR], n[BATON_SVC_A_PORT], ev->service);
	if (tb[BATON_CLS_ATTR_CLIENT]) {
		if (nla_parse_nested(c, BATON_CLIENT_A_MAX,
				     tb[BATON_CLS_ATTR_CLIENT], NULL) < 0)
			return -EBADMSG;
		mon_endpoint(c[BATON_CLIENT_A_ADDR], c[BATON_CLIENT_A_PORT],
			     ev->client);
	}
	if (tb[BATON_CLS_ATTR_BACKEND]) {
		if (nla_parse_nested(b, BATON_BE_A_MAX,
				     tb[BATON_CLS_ATTR_BACKEND], NULL) < 0 ||
		    !b[BATON_BE_A_ADDR])
			return -EBADMSG;
		ctl_format_addr(nla_data(b[BATON_BE_A_ADDR]),
				nla_len(b[BATON_BE_A_ADDR]), ev->backend,
				sizeof(ev->backend));
	}
	ev->has_flow = !!tb[BATON_CLS_ATTR_FLOW_ID];
	ev->flow_id = bnl_attr_u32(tb[BATON_CLS_ATTR_FLOW_ID]);
	ev->has_latency = !!tb[BATON_CLS_ATTR_LATENCY_NS];
	ev->latency_ns = bnl_attr_u64(tb[BATON_CLS_ATTR_LATENCY_NS]);
	if (tb[BATON_CLS_ATTR_REASON]) {
		reason = bnl_attr_u16(tb[BATON_CLS_ATTR_REASON]);
		ev->reason = type == BATON_CLS_EV_ENDED ?
			name_in(end_names, sizeof(end_names) /
				sizeof(end_names[0]), reason) :
			ctl_refuse_name(reason);
		if (!ev->reason)
			ev->reason = "unknown";
	}
	return 0;
}

static void mon_print_json(const struct mon_event *ev)
{
	struct json j;

	json_init(&j, stdout);
	json_object_begin(&j);
	json_kv_string(&j, "event", ev->event);
	json_kv_string(&j, "service", ev->service);
	if (ev->client[0])
		json_kv_string(&j, "client", ev->client);
	else
		json_kv_null(&j, "client");
	if (ev->has_flow)
		json_kv_u64(&j, "flow_id", ev->flow_id);
	else
		json_kv_null(&j, "flow_id");
	if (ev->backend[0])
		json_kv_string(&j, "backend", ev->backend);
	else
		json_kv_null(&j, "backend");
	if (ev->reason)
		json_kv_string(&j, "reason", ev->reason);
	else
		json_kv_null(&j, "reason");
	if (ev->has_latency)
		json_kv_u64(&j, "latency_ns", ev->latency_ns);
	else
		json_kv_null(&j, "latency_ns");
	json_object_end(&j);
	json_finish(&j);
}

static void mon_print_text(const struct mon_event *ev)
{
	const char *r;

	printf("%s %s", ev->event, ev->service);
	if (ev->client[0])
		printf(" client %s", ev->client);
	if (ev->has_flow)
		printf(" flow %08" PRIx32, ev->flow_id);
	printf(" backend %s", ev->backend[0] ? ev->backend : "-");
	if (ev->reason) {
		/* the JSON name, with spaces as in "batonctl stats" */
		printf(" reason ");
		for (r = ev->reason; *r; r++)
			putchar(*r == '_' ? ' ' : *r);
	}
	if (ev->has_latency)
		printf(" latency %" PRIu64 ".%03" PRIu64 "ms",
		       ev->latency_ns / 1000000, ev->latency_ns / 1000 % 1000);
	putchar('\n');
}

static int mon_event(struct nl_msg *msg, void *arg)
{
	struct mon_state *st = arg;
	struct mon_event ev;

	if (genlmsg_hdr(nlmsg_hdr(msg))->cmd != BATON_CLS_CMD_EVENT)
		return 0;
	if (mon_parse(msg, &ev)) {
		ctl_err("monitor: a malformed event, skipped");
		return 0;
	}
	if (!ev.event)
		return 0;
	if (st->json)
		mon_print_json(&ev);
	else
		mon_print_text(&ev);
	if (fflush(stdout))
		return -errno;
	st->seen++;
	return st->count && st->seen >= st->count;
}

static int monitor_run(struct ctl *ctl, int argc, char **argv)
{
	struct mon_state st = { .json = ctl->json };
	struct bnl *nl;
	int err;

	if (argc == 2 && !strcmp(argv[0], "count")) {
		if (ctl_parse_u32(argv[1], UINT32_MAX, &st.count) ||
		    !st.count)
			return ctl_usage_error(&ctl_object_monitor,
					       "count: a number of events, at least 1: %s",
					       argv[1]);
	} else if (argc) {
		return ctl_usage_error(&ctl_object_monitor,
				       "unexpected argument: %s", argv[0]);
	}
	nl = ctl_nl(ctl);
	if (!nl)
		return CTL_EXIT_FAIL;
	err = bnl_subscribe(nl, BATON_CLS_GENL_NAME, BATON_CLS_MCGRP_EVENTS);
	if (err == -ENOENT) {
		ctl_err("%s is not loaded, or has no events", BATON_CLS_GENL_NAME);
		return CTL_EXIT_FAIL;
	}
	if (err == -EPERM) {
		ctl_err("the events need CAP_NET_ADMIN in the namespace");
		return CTL_EXIT_FAIL;
	}
	if (err) {
		bnl_perror(nl, "cannot join the events group", err);
		return CTL_EXIT_FAIL;
	}
	err = bnl_listen(nl, mon_event, &st);
	if (err) {
		bnl_perror(nl, "monitor", err);
		return CTL_EXIT_FAIL;
	}
	return CTL_EXIT_OK;
}

static const struct ctl_verb monitor_verbs[] = {
	{ "monitor", "[count N]",
	  "print the balancer's events as they happen (N: then stop)",
	  monitor_run },
	{ NULL, NULL, NULL, NULL },
};

const struct ctl_object ctl_object_monitor = {
	.name = "monitor",
	.help = "Print baton_classifier's events as they happen: connections\n"
		"migrated, refused, lost and ended, backends up and down",
	.verbs = monitor_verbs,
	.command = true,
};
