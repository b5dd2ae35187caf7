// SPDX-License-Identifier: GPL-2.0
/*
 * batonctl: the flow object, the flow mapping tables of baton_tunnel.
 *
 *	flow add encap|decap CLIENT:PORT VIP:PORT peer ADDR [id N]
 *		 [state pending|active|closing]
 *	flow del encap|decap { id N [peer ADDR] | CLIENT:PORT VIP:PORT [peer ADDR] }
 *	flow get encap|decap { id N [peer ADDR] | CLIENT:PORT VIP:PORT [peer ADDR] }
 *	flow [show] [encap|decap] [service VIP:PORT] [client ADDR[:PORT]]
 *		    [peer ADDR]
 *
 * IPv6 endpoints are written [ADDR]:PORT.  "add" and "get" print the
 * flow as "show" does, so the ID the kernel allocated is known.
 *
 * The filters of "show" (all of them must match) are applied here to
 * the flows as they come in: the kernel dumps the whole table.
 *
 * JSON output ("show" prints an array, "add" and "get" one object):
 *
 *	{ "side": "encap" | "decap", "family": "inet" | "inet6",
 *	  "client": string, "client_port": number,
 *	  "vip": string, "vip_port": number, "peer": string,
 *	  "id": number, "state": "pending" | "active" | "closing",
 *	  "created_ms": number, "idle_ms": number,
 *	  "packets": number, "bytes": number }
 *
 * With BATONCTL_DEBUG set in the environment, "show" reports on stderr
 * how many flows came in how many netlink datagrams (and with a filter,
 * how many of them matched).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include <linux/baton.h>

#include "batonctl.h"
#include "json.h"
#include "nl.h"
#include "table.h"

static const char *const side_names[] = {
	[BATON_FLOW_SIDE_ENCAP] = "encap",
	[BATON_FLOW_SIDE_DECAP] = "decap",
};

static const char *const state_names[] = {
	[BATON_FLOW_STATE_PENDING] = "pending",
	[BATON_FLOW_STATE_ACTIVE] = "active",
	[BATON_FLOW_STATE_CLOSING] = "closing",
};

/*
 * A flow as the kernel reported it: each address as text and as bytes
 * (length 0 if absent or of a wrong size), for the filters of "show".
 */
struct flow_info {
	uint8_t side;
	uint8_t family;
	uint8_t state;
	char client[CTL_ADDR_STR];
	char vip[CTL_ADDR_STR];
	char peer[CTL_ADDR_STR];
	struct ctl_addr client_addr;
	struct ctl_addr vip_addr;
	struct ctl_addr peer_addr;
	uint16_t cport;
	uint16_t vport;
	uint32_t id;
	uint64_t created_ms;
	uint64_t idle_ms;
	uint64_t packets;
	uint64_t bytes;
};

/**
 * struct flow_filter - the filters of "flow show"
 * @has_service: keep the flows of VIP @vip port @vport
 * @has_client: keep the flows of client address @client
 * @has_cport: ...and of client port @cport
 * @has_peer: keep the flows whose peer is @peer
 */
struct flow_filter {
	bool has_service, has_client, has_cport, has_peer;
	struct ctl_addr vip, client, peer;
	uint16_t vport, cport;
};

/*
 * The flows of one reply or dump: @messages flows came in, of which
 * the @n that @filter (NULL: no filter) kept are in @flows.
 */
struct flow_list {
	struct flow_info *flows;
	size_t n;
	size_t cap;
	size_t messages;
	const struct flow_filter *filter;
};

/* A flow as given on the command line. */
struct flow_req {
	int side;
	bool has_client, has_vip, has_peer, has_id, has_state;
	struct ctl_addr client, vip, peer;
	uint16_t cport, vport;
	uint32_t id;
	uint8_t state;
};

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

static const char *name_of(const char *const *names, size_t n, unsigned int v)
{
	return v < n && names[v] ? names[v] : "?";
}

/* Address attribute @a as text into @buf and as bytes into @addr. */
static void attr_addr(struct nlattr *a, char *buf, struct ctl_addr *addr)
{
	memset(addr, 0, sizeof(*addr));
	if (!a) {
		snprintf(buf, CTL_ADDR_STR, "-");
		return;
	}
	ctl_format_addr(nla_data(a), nla_len(a), buf, CTL_ADDR_STR);
	if (nla_len(a) == 4 || nla_len(a) == 16) {
		addr->family = nla_len(a) == 4 ? AF_INET : AF_INET6;
		addr->len = nla_len(a);
		memcpy(addr->bytes, nla_data(a), addr->len);
	}
}

static uint16_t attr_port(struct nlattr *a)
{
	return a && nla_len(a) >= 2 ? ntohs(*(uint16_t *)nla_data(a)) : 0;
}

/* The same address: of one length (so of one family), byte for byte. */
static bool addr_is(const struct ctl_addr *a, const struct ctl_addr *b)
{
	return a->len == b->len && !memcmp(a->bytes, b->bytes, a->len);
}

/* Whether flow @f passes every filter of @flt. */
static bool flow_match(const struct flow_filter *flt,
		       const struct flow_info *f)
{
	if (flt->has_service &&
	    (!addr_is(&f->vip_addr, &flt->vip) || f->vport != flt->vport))
		return false;
	if (flt->has_client && !addr_is(&f->client_addr, &flt->client))
		return false;
	if (flt->has_cport && f->cport != flt->cport)
		return false;
	if (flt->has_peer && !addr_is(&f->peer_addr, &flt->peer))
		return false;
	return true;
}

static int flow_parse_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[BATON_FLOW_A_MAX + 1];
	struct flow_list *list = arg;
	struct flow_info *flows, f;

	list->messages++;
	if (bnl_parse_nest(msg, BATON_TUNNEL_ATTR_FLOW, tb, BATON_FLOW_A_MAX))
		return -EBADMSG;

	memset(&f, 0, sizeof(f));
	if (tb[BATON_FLOW_A_SIDE])
		f.side = nla_get_u8(tb[BATON_FLOW_A_SIDE]);
	if (tb[BATON_FLOW_A_FAMILY])
		f.family = nla_get_u8(tb[BATON_FLOW_A_FAMILY]);
	if (tb[BATON_FLOW_A_STATE])
		f.state = nla_get_u8(tb[BATON_FLOW_A_STATE]);
	if (tb[BATON_FLOW_A_ID])
		f.id = nla_get_u32(tb[BATON_FLOW_A_ID]);
	attr_addr(tb[BATON_FLOW_A_CLIENT_ADDR], f.client, &f.client_addr);
	attr_addr(tb[BATON_FLOW_A_VIP_ADDR], f.vip, &f.vip_addr);
	attr_addr(tb[BATON_FLOW_A_PEER_ADDR], f.peer, &f.peer_addr);
	f.cport = attr_port(tb[BATON_FLOW_A_CLIENT_PORT]);
	f.vport = attr_port(tb[BATON_FLOW_A_VIP_PORT]);
	f.created_ms = bnl_attr_u64(tb[BATON_FLOW_A_CREATED_MS]);
	f.idle_ms = bnl_attr_u64(tb[BATON_FLOW_A_IDLE_MS]);
	f.packets = bnl_attr_u64(tb[BATON_FLOW_A_PACKETS]);
	f.bytes = bnl_attr_u64(tb[BATON_FLOW_A_BYTES]);
	/* Only the flows kept take memory: a table may be large. */
	if (list->filter && !flow_match(list->filter, &f))
		return 0;

	flows = ctl_grow(list->flows, list->n, &list->cap, sizeof(*flows), 64);
	if (!flows)
		return -ENOMEM;
	list->flows = flows;
	flows[list->n++] = f;
	return 0;
}

static void format_endpoint(const struct flow_info *f, const char *addr,
			    uint16_t port, char *buf, size_t size)
{
	if (f->family == AF_INET6)
		snprintf(buf, size, "[%s]:%u", addr, port);
	else
		snprintf(buf, size, "%s:%u", addr, port);
}

static void flow_json(struct json *j, const struct flow_info *f)
{
	json_object_begin(j);
	json_kv_string(j, "side", name_of(side_names, ARRAY_LEN(side_names), f->side));
	json_kv_string(j, "family", f->family == AF_INET6 ? "inet6" : "inet");
	json_kv_string(j, "client", f->client);
	json_kv_u64(j, "client_port", f->cport);
	json_kv_string(j, "vip", f->vip);
	json_kv_u64(j, "vip_port", f->vport);
	json_kv_string(j, "peer", f->peer);
	json_kv_u64(j, "id", f->id);
	json_kv_string(j, "state", name_of(state_names, ARRAY_LEN(state_names), f->state));
	json_kv_u64(j, "created_ms", f->created_ms);
	json_kv_u64(j, "idle_ms", f->idle_ms);
	json_kv_u64(j, "packets", f->packets);
	json_kv_u64(j, "bytes", f->bytes);
	json_object_end(j);
}

static int flow_print(const struct ctl *ctl, const struct flow_list *list,
		      bool array)
{
	static const char *const headers[] = {
		"SIDE", "CLIENT", "VIP", "PEER", "ID", "STATE", "AGE", "IDLE",
		"PACKETS", "BYTES",
	};
	char client[CTL_ENDPOINT_STR], vip[CTL_ENDPOINT_STR];
	char age[32], idle[32];
	struct table *t;
	struct json j;
	size_t i;
	int ret;

	if (ctl->json) {
		json_init(&j, stdout);
		if (array)
			json_array_begin(&j);
		for (i = 0; i < list->n; i++)
			flow_json(&j, &list->flows[i]);
		if (array)
			json_array_end(&j);
		return json_finish(&j);
	}

	t = table_new(headers, ARRAY_LEN(headers));
	if (!t)
		return -1;
	for (i = 0; i < list->n; i++) {
		const struct flow_info *f = &list->flows[i];

		format_endpoint(f, f->client, f->cport, client, sizeof(client));
		format_endpoint(f, f->vip, f->vport, vip, sizeof(vip));
		ctl_format_duration(f->created_ms, age, sizeof(age));
		ctl_format_duration(f->idle_ms, idle, sizeof(idle));
		table_cell(t, "%s", name_of(side_names, ARRAY_LEN(side_names), f->side));
		table_cell(t, "%s", client);
		table_cell(t, "%s", vip);
		table_cell(t, "%s", f->peer);
		table_cell(t, "%" PRIu32, f->id);
		table_cell(t, "%s", name_of(state_names, ARRAY_LEN(state_names), f->state));
		table_cell(t, "%s", age);
		table_cell(t, "%s", idle);
		table_cell(t, "%" PRIu64, f->packets);
		table_cell(t, "%" PRIu64, f->bytes);
	}
	ret = table_print(t, stdout);
	table_free(t);
	return ret;
}

/* Parse "encap" or "decap" from argv[0]; a usage error otherwise. */
static int parse_side(const char *verb, int argc, char **argv, int *side)
{
	if (argc < 1)
		return ctl_usage_error(&ctl_object_flow,
				       "flow %s: missing side (encap or decap)", verb);
	*side = ctl_find_name(side_names, ARRAY_LEN(side_names), argv[0]);
	if (*side < 0)
		return ctl_usage_error(&ctl_object_flow,
				       "flow %s: unknown side '%s' (encap or decap)",
				       verb, argv[0]);
	return 0;
}

/*
 * Parse "SIDE [CLIENT:PORT VIP:PORT] [peer ADDR] [id N] [state S]";
 * @add allows "state".
 */
static int flow_parse_args(const char *verb, bool add, int argc, char **argv,
			   struct flow_req *req)
{
	int ret, i;

	memset(req, 0, sizeof(*req));
	ret = parse_side(verb, argc, argv, &req->side);
	if (ret)
		return ret;

	for (i = 1; i < argc; i++) {
		const char *kw = argv[i];

		if (!add && !strcmp(kw, "state"))
			return ctl_usage_error(&ctl_object_flow,
					       "flow %s: unexpected argument 'state' (only for flow add)",
					       verb);
		if (!strcmp(kw, "peer") || !strcmp(kw, "id") ||
		    (add && !strcmp(kw, "state"))) {
			if (i + 1 >= argc)
				return ctl_usage_error(&ctl_object_flow,
						       "flow %s: '%s' needs a value",
						       verb, kw);
			i++;
		}
		if (!strcmp(kw, "peer")) {
			if (ctl_parse_addr(argv[i], &req->peer))
				return ctl_usage_error(&ctl_object_flow,
						       "flow %s: invalid peer address '%s'",
						       verb, argv[i]);
			req->has_peer = true;
		} else if (!strcmp(kw, "id")) {
			if (ctl_parse_u32(argv[i], UINT32_MAX, &req->id))
				return ctl_usage_error(&ctl_object_flow,
						       "flow %s: invalid flow ID '%s'",
						       verb, argv[i]);
			req->has_id = true;
		} else if (add && !strcmp(kw, "state")) {
			int s = ctl_find_name(state_names, ARRAY_LEN(state_names),
					  argv[i]);

			if (s < 0)
				return ctl_usage_error(&ctl_object_flow,
						       "flow %s: unknown state '%s'",
						       verb, argv[i]);
			req->state = (uint8_t)s;
			req->has_state = true;
		} else if (!req->has_client) {
			if (ctl_parse_endpoint(kw, &req->client, &req->cport))
				return ctl_usage_error(&ctl_object_flow,
						       "flow %s: invalid client endpoint '%s' (ADDR:PORT or [ADDR]:PORT)",
						       verb, kw);
			req->has_client = true;
		} else if (!req->has_vip) {
			if (ctl_parse_endpoint(kw, &req->vip, &req->vport))
				return ctl_usage_error(&ctl_object_flow,
						       "flow %s: invalid VIP endpoint '%s' (ADDR:PORT or [ADDR]:PORT)",
						       verb, kw);
			req->has_vip = true;
		} else {
			return ctl_usage_error(&ctl_object_flow,
					       "flow %s: unexpected argument '%s'",
					       verb, kw);
		}
	}

	if (req->has_client && !req->has_vip)
		return ctl_usage_error(&ctl_object_flow,
				       "flow %s: missing VIP endpoint", verb);
	if (req->has_client && req->client.family != req->vip.family)
		return ctl_usage_error(&ctl_object_flow,
				       "flow %s: client and VIP must be of one address family",
				       verb);
	if (req->has_peer && req->has_client &&
	    req->peer.family != req->client.family)
		return ctl_usage_error(&ctl_object_flow,
				       "flow %s: the peer must be of the client's address family",
				       verb);
	return 0;
}

static int put_addr(struct nl_msg *msg, int type, const struct ctl_addr *a)
{
	return nla_put(msg, type, (int)a->len, a->bytes);
}

/* The flow nest of @arg, a struct flow_req: a ctl_put_fn. */
static int flow_put(struct nl_msg *msg, const void *arg)
{
	const struct flow_req *req = arg;
	struct nlattr *nest = nla_nest_start(msg, BATON_TUNNEL_ATTR_FLOW);
	int family = req->has_client ? req->client.family : req->peer.family;

	if (!nest || nla_put_u8(msg, BATON_FLOW_A_SIDE, (uint8_t)req->side))
		return -ENOMEM;
	if ((req->has_client || req->has_peer) &&
	    nla_put_u8(msg, BATON_FLOW_A_FAMILY, (uint8_t)family))
		return -ENOMEM;
	if (req->has_client &&
	    (put_addr(msg, BATON_FLOW_A_CLIENT_ADDR, &req->client) ||
	     nla_put_u16(msg, BATON_FLOW_A_CLIENT_PORT, htons(req->cport)) ||
	     put_addr(msg, BATON_FLOW_A_VIP_ADDR, &req->vip) ||
	     nla_put_u16(msg, BATON_FLOW_A_VIP_PORT, htons(req->vport))))
		return -ENOMEM;
	if (req->has_peer && put_addr(msg, BATON_FLOW_A_PEER_ADDR, &req->peer))
		return -ENOMEM;
	if (req->has_id && nla_put_u32(msg, BATON_FLOW_A_ID, req->id))
		return -ENOMEM;
	if (req->has_state && nla_put_u8(msg, BATON_FLOW_A_STATE, req->state))
		return -ENOMEM;
	nla_nest_end(msg, nest);
	return 0;
}

/* Send @cmd for @req (NULL: no flow attributes) and collect the flows. */
static int flow_transact(struct ctl *ctl, uint8_t cmd, int flags,
			 const struct flow_req *req, struct flow_list *list,
			 const char *what)
{
	return ctl_transact(ctl, BATON_TUNNEL_GENL_NAME, cmd, flags,
			    req ? flow_put : NULL, req,
			    list ? flow_parse_reply : NULL, list, what);
}

static int flow_finish(const struct ctl *ctl, struct flow_list *list,
		       bool array, int ret)
{
	if (!ret && flow_print(ctl, list, array)) {
		ctl_err("cannot format the flows: out of memory");
		ret = CTL_EXIT_FAIL;
	}
	free(list->flows);
	return ret;
}

static int flow_add(struct ctl *ctl, int argc, char **argv)
{
	struct flow_list list = { 0 };
	struct flow_req req;
	int ret;

	ret = flow_parse_args("add", true, argc, argv, &req);
	if (ret)
		return ret;
	if (!req.has_client)
		return ctl_usage_error(&ctl_object_flow,
				       "flow add: missing CLIENT:PORT VIP:PORT");
	if (!req.has_peer)
		return ctl_usage_error(&ctl_object_flow,
				       "flow add: missing 'peer ADDR'");
	ret = flow_transact(ctl, BATON_TUNNEL_CMD_FLOW_NEW, 0, &req, &list,
			    "cannot add the flow");
	return flow_finish(ctl, &list, false, ret);
}

/* Arguments naming one flow, for del and get. */
static int flow_parse_key(const char *verb, int argc, char **argv,
			  struct flow_req *req)
{
	int ret;

	ret = flow_parse_args(verb, false, argc, argv, req);
	if (ret)
		return ret;
	if (!req->has_id && !req->has_client)
		return ctl_usage_error(&ctl_object_flow,
				       "flow %s: give 'id N' or CLIENT:PORT VIP:PORT",
				       verb);
	return 0;
}

static int flow_del(struct ctl *ctl, int argc, char **argv)
{
	struct flow_req req;
	int ret;

	ret = flow_parse_key("del", argc, argv, &req);
	if (ret)
		return ret;
	return flow_transact(ctl, BATON_TUNNEL_CMD_FLOW_DEL, 0, &req, NULL,
			     "cannot delete the flow");
}

static int flow_get(struct ctl *ctl, int argc, char **argv)
{
	struct flow_list list = { 0 };
	struct flow_req req;
	int ret;

	ret = flow_parse_key("get", argc, argv, &req);
	if (ret)
		return ret;
	ret = flow_transact(ctl, BATON_TUNNEL_CMD_FLOW_GET, 0, &req, &list,
			    "cannot get the flow");
	return flow_finish(ctl, &list, false, ret);
}

/*
 * The address of filter @kw: of the family of those before it
 * (*@family, 0 if none yet), which it sets.  0 or a usage error.
 */
static int filter_family(const char *kw, const char *val,
			 const struct ctl_addr *addr, int *family)
{
	if (*family && addr->family != *family)
		return ctl_usage_error(&ctl_object_flow,
				       "flow show: %s '%s' is not of the address family of the other filters",
				       kw, val);
	*family = addr->family;
	return 0;
}

/*
 * The value of "client": ADDR, ADDR:PORT or [ADDR]:PORT (an IPv6
 * address with a port has brackets), port 1 to 65535.  0 or -1.
 */
static int parse_client(const char *s, struct flow_filter *flt)
{
	if (!ctl_parse_endpoint(s, &flt->client, &flt->cport)) {
		flt->has_cport = true;
		return flt->cport ? 0 : -1;
	}
	return ctl_parse_addr(s, &flt->client);
}

/*
 * Parse the filters of "flow show", "[service VIP:PORT] [client
 * ADDR[:PORT]] [peer ADDR]" in any order, into @flt; @has_side: the
 * side came before them.  0 or a usage error.
 */
static int flow_parse_filter(int argc, char **argv, bool has_side,
			     struct flow_filter *flt)
{
	int i, ret, family = 0;

	memset(flt, 0, sizeof(*flt));
	for (i = 0; i < argc; i++) {
		const char *kw = argv[i], *val;
		bool is_side, *given;

		is_side = ctl_find_name(side_names, ARRAY_LEN(side_names),
					kw) >= 0;
		if (!strcmp(kw, "service")) {
			given = &flt->has_service;
		} else if (!strcmp(kw, "client")) {
			given = &flt->has_client;
		} else if (!strcmp(kw, "peer")) {
			given = &flt->has_peer;
		} else if (!is_side && !has_side && i == 0) {
			return ctl_usage_error(&ctl_object_flow,
					       "flow show: unknown side or keyword '%s' (encap, decap, service, client or peer)",
					       kw);
		} else if (!is_side) {
			return ctl_usage_error(&ctl_object_flow,
					       "flow show: unknown keyword '%s' (service, client or peer)",
					       kw);
		} else if (has_side) {
			return ctl_usage_error(&ctl_object_flow,
					       "flow show: a second side '%s' (one side at most, first)",
					       kw);
		} else {
			return ctl_usage_error(&ctl_object_flow,
					       "flow show: side '%s' after a filter (the side comes first)",
					       kw);
		}
		if (*given)
			return ctl_usage_error(&ctl_object_flow,
					       "flow show: '%s' given twice", kw);
		if (i + 1 >= argc)
			return ctl_usage_error(&ctl_object_flow,
					       "flow show: '%s' needs a value", kw);
		val = argv[++i];
		*given = true;

		if (given == &flt->has_service) {
			if (ctl_parse_endpoint(val, &flt->vip, &flt->vport) ||
			    !flt->vport)
				return ctl_usage_error(&ctl_object_flow,
						       "flow show: invalid service '%s' (VIP:PORT or [VIP]:PORT, port 1 to 65535)",
						       val);
			ret = filter_family(kw, val, &flt->vip, &family);
		} else if (given == &flt->has_client) {
			if (parse_client(val, flt))
				return ctl_usage_error(&ctl_object_flow,
						       "flow show: invalid client '%s' (ADDR, ADDR:PORT or [ADDR]:PORT, port 1 to 65535)",
						       val);
			ret = filter_family(kw, val, &flt->client, &family);
		} else {
			if (ctl_parse_addr(val, &flt->peer))
				return ctl_usage_error(&ctl_object_flow,
						       "flow show: invalid peer address '%s'",
						       val);
			ret = filter_family(kw, val, &flt->peer, &family);
		}
		if (ret)
			return ret;
	}
	return 0;
}

static int flow_show(struct ctl *ctl, int argc, char **argv)
{
	struct flow_list list = { 0 };
	struct flow_req req = { 0 };
	struct flow_filter flt;
	bool has_side = false;
	int ret, skip = 0;

	if (argc > 0) {
		req.side = ctl_find_name(side_names, ARRAY_LEN(side_names),
					 argv[0]);
		has_side = req.side >= 0;
		skip = has_side ? 1 : 0;
	}
	ret = flow_parse_filter(argc - skip, argv + skip, has_side, &flt);
	if (ret)
		return ret;
	if (argc > skip)
		list.filter = &flt;
	ret = flow_transact(ctl, BATON_TUNNEL_CMD_FLOW_GET, NLM_F_DUMP,
			    has_side ? &req : NULL, &list,
			    "cannot list the flows");
	if (!ret && getenv("BATONCTL_DEBUG")) {
		if (list.filter)
			fprintf(stderr, "batonctl: debug: %zu of %zu flows in %u datagrams\n",
				list.n, list.messages, bnl_datagrams());
		else
			fprintf(stderr, "batonctl: debug: %zu flows in %u datagrams\n",
				list.n, bnl_datagrams());
	}
	return flow_finish(ctl, &list, true, ret);
}

static const struct ctl_verb flow_verbs[] = {
	{ "show", "[encap|decap] [service VIP:PORT] [client ADDR[:PORT]] [peer ADDR]",
	  "list the flows of both tables, or of one, that match every filter",
	  flow_show },
	{ "add", "SIDE CLIENT:PORT VIP:PORT peer ADDR [id N] [state S]",
	  "add a flow (encap: ID allocated unless given)", flow_add },
	{ "del", "SIDE {id N [peer ADDR] | CLIENT:PORT VIP:PORT}",
	  "delete a flow", flow_del },
	{ "get", "SIDE {id N [peer ADDR] | CLIENT:PORT VIP:PORT}",
	  "show one flow", flow_get },
	{ NULL, NULL, NULL, NULL },
};

const struct ctl_object ctl_object_flow = {
	.name = "flow",
	.help = "Manage the flow mapping tables of baton_tunnel: encap (balancer:\n"
		"client connection -> host and flow ID) and decap (host: forwarder\n"
		"and flow ID -> client connection).  SIDE is encap or decap; IPv6\n"
		"endpoints are written [ADDR]:PORT",
	.verbs = flow_verbs,
	.default_verb = "show",
};
