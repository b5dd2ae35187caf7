// SPDX-License-Identifier: GPL-2.0
/*
 * batonctl: the service object, the virtual services of baton_cls.
 *
 *	service add VIP:PORT [head-max N] [decide-timeout MS]
 *	service del VIP:PORT
 *	service [show] [VIP:PORT]
 *
 * IPv6 services are written [ADDR]:PORT.  "show" lists each service
 * with its backends below it (the listing of "backend show" too).
 *
 * JSON output of "show" (an array, one object per service):
 *
 *	{ "family": "inet" | "inet6", "vip": string, "port": number,
 *	  "head_max": number, "decide_ms": number,
 *	  "accepted": number, "pending": number,
 *	  "backends": [
 *	    { "host": string, "ctl_port": number,
 *	      "state": "down" | "connecting" | "up",
 *	      "tunnel4": string | null, "tunnel6": string | null,
 *	      "migrated": number, "refused": number, "inflight": number },
 *	    ... ] }
 *
 * A service whose backends do not fit in one netlink message may come
 * in several consecutive messages naming the same service: their
 * backends are joined.
 *
 * With BATONCTL_DEBUG set in the environment, "show" reports on stderr
 * how many services came in how many netlink datagrams.
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

#define ARRAY_LEN(a)	(sizeof(a) / sizeof((a)[0]))

static const char *const be_state_names[] = {
	[BATON_BE_STATE_DOWN] = "down",
	[BATON_BE_STATE_CONNECTING] = "connecting",
	[BATON_BE_STATE_UP] = "up",
};

/* A backend as the kernel reported it; "" for an absent tunnel address. */
struct be_info {
	char host[CTL_ENDPOINT_STR];
	char addr[CTL_ADDR_STR];
	uint16_t ctl_port;
	uint8_t state;
	char tunnel4[CTL_ADDR_STR];
	char tunnel6[CTL_ADDR_STR];
	uint64_t migrated;
	uint64_t refused;
	uint32_t inflight;
};

/* A service as the kernel reported it, with its backends. */
struct svc_info {
	uint8_t family;
	uint8_t key[16];
	size_t key_len;
	uint16_t port;
	char vip[CTL_ADDR_STR];
	uint32_t head_max;
	uint32_t decide_ms;
	uint64_t accepted;
	uint32_t pending;
	struct be_info *backends;
	size_t n_backends;
	size_t cap_backends;
};

/* A service to name in a request; "head-max" and "decide-timeout" if not 0. */
struct svc_req {
	struct ctl_addr vip;
	uint16_t port;
	uint32_t head_max;
	uint32_t decide_ms;
};

/* The services of one reply or dump. */
struct svc_list {
	struct svc_info *svcs;
	size_t n;
	size_t cap;
};

static const char *name_of(const char *const *names, size_t n, unsigned int v)
{
	return v < n && names[v] ? names[v] : "?";
}

/* An address attribute into @buf (CTL_ADDR_STR bytes); "" if absent. */
static void attr_addr(struct nlattr *a, char *buf)
{
	buf[0] = '\0';
	if (a)
		ctl_format_addr(nla_data(a), nla_len(a), buf, CTL_ADDR_STR);
}

int ctl_parse_service(const struct ctl_object *object, const char *verb,
		      int argc, char **argv, struct ctl_addr *vip,
		      uint16_t *port)
{
	if (argc < 1)
		return ctl_usage_error(object, "%s %s: missing VIP:PORT",
				       object->name, verb);
	if (ctl_parse_endpoint(argv[0], vip, port) || *port == 0)
		return ctl_usage_error(object,
				       "%s %s: invalid service '%s' (VIP:PORT or [VIP]:PORT, port 1 to 65535)",
				       object->name, verb, argv[0]);
	return 0;
}

/* The service nest of @arg, a struct svc_req: a ctl_put_fn. */
static int svc_put(struct nl_msg *msg, const void *arg)
{
	const struct svc_req *req = arg;
	struct nlattr *nest = nla_nest_start(msg, BATON_CLS_ATTR_SERVICE);

	if (!nest ||
	    nla_put_u8(msg, BATON_SVC_A_FAMILY, (uint8_t)req->vip.family) ||
	    nla_put(msg, BATON_SVC_A_ADDR, (int)req->vip.len, req->vip.bytes) ||
	    nla_put_u16(msg, BATON_SVC_A_PORT, htons(req->port)))
		return -ENOMEM;
	if (req->head_max &&
	    nla_put_u32(msg, BATON_SVC_A_HEAD_MAX, req->head_max))
		return -ENOMEM;
	if (req->decide_ms &&
	    nla_put_u32(msg, BATON_SVC_A_DECIDE_MS, req->decide_ms))
		return -ENOMEM;
	nla_nest_end(msg, nest);
	return 0;
}

int ctl_put_service(struct nl_msg *msg, const struct ctl_addr *vip,
		    uint16_t port)
{
	struct svc_req req = { .vip = *vip, .port = port };

	return svc_put(msg, &req);
}

static int be_parse(struct svc_info *s, struct nlattr *nest)
{
	struct nlattr *tb[BATON_BE_A_MAX + 1];
	struct be_info *bes, *b;
	struct nlattr *addr;

	if (nla_parse_nested(tb, BATON_BE_A_MAX, nest, NULL) < 0)
		return -EBADMSG;
	bes = ctl_grow(s->backends, s->n_backends, &s->cap_backends,
		       sizeof(*bes), 8);
	if (!bes)
		return -ENOMEM;
	s->backends = bes;
	b = &bes[s->n_backends++];
	memset(b, 0, sizeof(*b));
	addr = tb[BATON_BE_A_ADDR];
	b->ctl_port = bnl_attr_u16(tb[BATON_BE_A_CTL_PORT]);
	if (addr) {
		ctl_format_addr(nla_data(addr), nla_len(addr), b->addr,
				sizeof(b->addr));
		ctl_format_endpoint(nla_data(addr), nla_len(addr), b->ctl_port,
				    b->host, sizeof(b->host));
	} else {
		snprintf(b->addr, sizeof(b->addr), "?");
		snprintf(b->host, sizeof(b->host), "?");
	}
	b->state = bnl_attr_u8(tb[BATON_BE_A_STATE]);
	attr_addr(tb[BATON_BE_A_TUNNEL4], b->tunnel4);
	attr_addr(tb[BATON_BE_A_TUNNEL6], b->tunnel6);
	b->migrated = bnl_attr_u64(tb[BATON_BE_A_MIGRATED]);
	b->refused = bnl_attr_u64(tb[BATON_BE_A_REFUSED]);
	b->inflight = bnl_attr_u32(tb[BATON_BE_A_INFLIGHT]);
	return 0;
}

/* The last service of @list if it is the one of @tb: a continuation. */
static struct svc_info *svc_continued(struct svc_list *list,
				      struct nlattr **tb, uint8_t family,
				      uint16_t port)
{
	struct nlattr *addr = tb[BATON_SVC_A_ADDR];
	struct svc_info *last;

	if (!list->n || !addr)
		return NULL;
	last = &list->svcs[list->n - 1];
	if (last->family != family || last->port != port ||
	    last->key_len != (size_t)nla_len(addr) ||
	    memcmp(last->key, nla_data(addr), last->key_len))
		return NULL;
	return last;
}

static int svc_parse_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[BATON_SVC_A_MAX + 1];
	struct svc_list *list = arg;
	struct svc_info *svcs, *s;
	struct nlattr *a, *addr;
	uint8_t family;
	uint16_t port;
	int rem, err;

	if (bnl_parse_nest(msg, BATON_CLS_ATTR_SERVICE, tb, BATON_SVC_A_MAX))
		return -EBADMSG;

	family = bnl_attr_u8(tb[BATON_SVC_A_FAMILY]);
	addr = tb[BATON_SVC_A_ADDR];
	port = ntohs(bnl_attr_u16(tb[BATON_SVC_A_PORT]));

	s = svc_continued(list, tb, family, port);
	if (!s) {
		svcs = ctl_grow(list->svcs, list->n, &list->cap, sizeof(*svcs),
				16);
		if (!svcs)
			return -ENOMEM;
		list->svcs = svcs;
		s = &svcs[list->n++];
		memset(s, 0, sizeof(*s));
		s->family = family;
		s->port = port;
		if (addr && (size_t)nla_len(addr) <= sizeof(s->key)) {
			s->key_len = nla_len(addr);
			memcpy(s->key, nla_data(addr), s->key_len);
		}
		attr_addr(addr, s->vip);
		if (!s->vip[0])
			snprintf(s->vip, sizeof(s->vip), "?");
	}
	/* A continuation may repeat these; the latest values win. */
	if (tb[BATON_SVC_A_HEAD_MAX])
		s->head_max = bnl_attr_u32(tb[BATON_SVC_A_HEAD_MAX]);
	if (tb[BATON_SVC_A_DECIDE_MS])
		s->decide_ms = bnl_attr_u32(tb[BATON_SVC_A_DECIDE_MS]);
	if (tb[BATON_SVC_A_ACCEPTED])
		s->accepted = bnl_attr_u64(tb[BATON_SVC_A_ACCEPTED]);
	if (tb[BATON_SVC_A_PENDING])
		s->pending = bnl_attr_u32(tb[BATON_SVC_A_PENDING]);
	if (tb[BATON_SVC_A_BACKENDS])
		nla_for_each_nested(a, tb[BATON_SVC_A_BACKENDS], rem) {
			if (nla_type(a) != BATON_CLS_ATTR_BACKEND)
				continue;
			err = be_parse(s, a);
			if (err)
				return err;
		}
	return 0;
}

static void svc_list_free(struct svc_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		free(list->svcs[i].backends);
	free(list->svcs);
}

static void be_json(struct json *j, const struct be_info *b)
{
	json_object_begin(j);
	json_kv_string(j, "host", b->addr);
	json_kv_u64(j, "ctl_port", b->ctl_port);
	json_kv_string(j, "state",
		       name_of(be_state_names, ARRAY_LEN(be_state_names), b->state));
	json_kv_string(j, "tunnel4", b->tunnel4[0] ? b->tunnel4 : NULL);
	json_kv_string(j, "tunnel6", b->tunnel6[0] ? b->tunnel6 : NULL);
	json_kv_u64(j, "migrated", b->migrated);
	json_kv_u64(j, "refused", b->refused);
	json_kv_u64(j, "inflight", b->inflight);
	json_object_end(j);
}

static void svc_json(struct json *j, const struct svc_info *s)
{
	size_t i;

	json_object_begin(j);
	json_kv_string(j, "family", s->family == AF_INET6 ? "inet6" : "inet");
	json_kv_string(j, "vip", s->vip);
	json_kv_u64(j, "port", s->port);
	json_kv_u64(j, "head_max", s->head_max);
	json_kv_u64(j, "decide_ms", s->decide_ms);
	json_kv_u64(j, "accepted", s->accepted);
	json_kv_u64(j, "pending", s->pending);
	json_key(j, "backends");
	json_array_begin(j);
	for (i = 0; i < s->n_backends; i++)
		be_json(j, &s->backends[i]);
	json_array_end(j);
	json_object_end(j);
}

/*
 * One table: a service per line, its backends indented below it, the
 * backend columns named by a second header line.
 */
static int svc_print_table(const struct svc_list *list)
{
	static const char *const headers[] = {
		"SERVICE", "HEAD-MAX", "DECIDE-MS", "ACCEPTED", "PENDING",
		"BACKENDS",
	};
	static const char *const be_headers[] = {
		"  HOST:CTLPORT", "STATE", "TUNNEL", "MIGRATED", "REFUSED",
		"INFLIGHT",
	};
	char ep[CTL_ENDPOINT_STR];
	struct table *t;
	size_t i, k;
	int ret;

	t = table_new(headers, ARRAY_LEN(headers));
	if (!t)
		return -1;
	for (i = 0; i < ARRAY_LEN(be_headers); i++)
		table_cell(t, "%s", be_headers[i]);
	for (i = 0; i < list->n; i++) {
		const struct svc_info *s = &list->svcs[i];

		if (s->family == AF_INET6)
			snprintf(ep, sizeof(ep), "[%s]:%u", s->vip, s->port);
		else
			snprintf(ep, sizeof(ep), "%s:%u", s->vip, s->port);
		table_cell(t, "%s", ep);
		table_cell(t, "%" PRIu32, s->head_max);
		table_cell(t, "%" PRIu32, s->decide_ms);
		table_cell(t, "%" PRIu64, s->accepted);
		table_cell(t, "%" PRIu32, s->pending);
		table_cell(t, "%zu", s->n_backends);
		for (k = 0; k < s->n_backends; k++) {
			const struct be_info *b = &s->backends[k];

			table_cell(t, "  %s", b->host);
			table_cell(t, "%s", name_of(be_state_names,
						    ARRAY_LEN(be_state_names),
						    b->state));
			if (b->tunnel4[0] && b->tunnel6[0])
				table_cell(t, "%s,%s", b->tunnel4, b->tunnel6);
			else if (b->tunnel4[0] || b->tunnel6[0])
				table_cell(t, "%s", b->tunnel4[0] ? b->tunnel4 :
								    b->tunnel6);
			else
				table_cell(t, "-");
			table_cell(t, "%" PRIu64, b->migrated);
			table_cell(t, "%" PRIu64, b->refused);
			table_cell(t, "%" PRIu32, b->inflight);
		}
	}
	ret = table_print(t, stdout);
	table_free(t);
	return ret;
}

static int svc_print(const struct ctl *ctl, const struct svc_list *list)
{
	struct json j;
	size_t i;

	if (!ctl->json)
		return svc_print_table(list);
	json_init(&j, stdout);
	json_array_begin(&j);
	for (i = 0; i < list->n; i++)
		svc_json(&j, &list->svcs[i]);
	json_array_end(&j);
	return json_finish(&j);
}

/*
 * Send @cmd of baton_cls naming the service of @req (NULL: none) and
 * collect the services replied into @list (NULL: none expected).
 */
static int svc_transact(struct ctl *ctl, uint8_t cmd, int flags,
			const struct svc_req *req, struct svc_list *list,
			const char *what)
{
	return ctl_transact(ctl, BATON_CLS_GENL_NAME, cmd, flags,
			    req ? svc_put : NULL, req,
			    list ? svc_parse_reply : NULL, list, what);
}

int ctl_service_list(struct ctl *ctl, const struct ctl_object *object,
		     int argc, char **argv)
{
	struct svc_list list = { 0 };
	struct svc_req req = { 0 };
	int ret;

	if (argc > 0) {
		ret = ctl_parse_service(object, "show", argc, argv, &req.vip,
					&req.port);
		if (ret)
			return ret;
		ret = ctl_no_args(object, "show", argc - 1, argv + 1);
		if (ret)
			return ret;
		ret = svc_transact(ctl, BATON_CLS_CMD_SERVICE_GET, 0, &req,
				   &list, "cannot get the service");
	} else {
		ret = svc_transact(ctl, BATON_CLS_CMD_SERVICE_GET, NLM_F_DUMP,
				   NULL, &list, "cannot list the services");
		if (!ret && getenv("BATONCTL_DEBUG"))
			fprintf(stderr, "batonctl: debug: %zu services in %u datagrams\n",
				list.n, bnl_datagrams());
	}
	if (!ret && svc_print(ctl, &list)) {
		ctl_err("cannot format the services: out of memory");
		ret = CTL_EXIT_FAIL;
	}
	svc_list_free(&list);
	return ret;
}

static int service_show(struct ctl *ctl, int argc, char **argv)
{
	return ctl_service_list(ctl, &ctl_object_service, argc, argv);
}

static int service_add(struct ctl *ctl, int argc, char **argv)
{
	const struct ctl_object *obj = &ctl_object_service;
	struct svc_req req = { 0 };
	int ret, i;

	ret = ctl_parse_service(obj, "add", argc, argv, &req.vip, &req.port);
	if (ret)
		return ret;
	for (i = 1; i < argc; i++) {
		const char *kw = argv[i];

		if (strcmp(kw, "head-max") && strcmp(kw, "decide-timeout"))
			return ctl_usage_error(obj, "service add: unknown keyword '%s'",
					       kw);
		if (i + 1 >= argc)
			return ctl_usage_error(obj, "service add: '%s' needs a value",
					       kw);
		i++;
		if (!strcmp(kw, "head-max")) {
			if (ctl_parse_u32(argv[i], BATON_SVC_HEAD_MAX_MAX,
					  &req.head_max) || !req.head_max)
				return ctl_usage_error(obj,
						       "service add: invalid head-max '%s' (1 to %u bytes)",
						       argv[i], BATON_SVC_HEAD_MAX_MAX);
		} else {
			if (ctl_parse_u32(argv[i], BATON_SVC_DECIDE_MS_MAX,
					  &req.decide_ms) || !req.decide_ms)
				return ctl_usage_error(obj,
						       "service add: invalid decide-timeout '%s' (1 to %u ms)",
						       argv[i], BATON_SVC_DECIDE_MS_MAX);
		}
	}
	return svc_transact(ctl, BATON_CLS_CMD_SERVICE_NEW, 0, &req, NULL,
			    "cannot add the service");
}

static int service_del(struct ctl *ctl, int argc, char **argv)
{
	const struct ctl_object *obj = &ctl_object_service;
	struct svc_req req = { 0 };
	int ret;

	ret = ctl_parse_service(obj, "del", argc, argv, &req.vip, &req.port);
	if (ret)
		return ret;
	ret = ctl_no_args(obj, "del", argc - 1, argv + 1);
	if (ret)
		return ret;
	return svc_transact(ctl, BATON_CLS_CMD_SERVICE_DEL, 0, &req, NULL,
			    "cannot delete the service");
}

static const struct ctl_verb service_verbs[] = {
	{ "show", "[VIP:PORT]", "list the services and their backends",
	  service_show },
	{ "add", "VIP:PORT [head-max N] [decide-timeout MS]",
	  "add a service: listen on VIP:PORT", service_add },
	{ "del", "VIP:PORT", "delete a service", service_del },
	{ NULL, NULL, NULL, NULL },
};

const struct ctl_object ctl_object_service = {
	.name = "service",
	.help = "Manage the virtual services of baton_classifier: a listener on\n"
		"VIP:PORT whose connections are handed to the service's backends.\n"
		"IPv6 services are written [VIP]:PORT",
	.verbs = service_verbs,
	.default_verb = "show",
};
