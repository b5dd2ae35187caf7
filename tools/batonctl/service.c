// SPDX-License-Identifier: GPL-2.0
/*
 * batonctl: the service object, the virtual services of baton_cls.
 *
 *	service add VIP:PORT [head-max N] [decide-timeout MS] [sched S]
 *	service set VIP:PORT [head-max N] [decide-timeout MS] [sched S]
 *	service del VIP:PORT
 *	service lookup VIP:PORT CLIENT:PORT
 *	service [show] [VIP:PORT]
 *
 * IPv6 services are written [ADDR]:PORT.  S is a scheduler: rr, wrr,
 * lc or maglev.  "set" changes only the settings given, at least one.
 * "show" lists each service with its backends below it (the listing of
 * "backend show" too).
 *
 * JSON output of "show" (an array, one object per service):
 *
 *	{ "family": "inet" | "inet6", "vip": string, "port": number,
 *	  "head_max": number, "decide_ms": number,
 *	  "accepted": number, "pending": number,
 *	  "backends": [ BACKEND, ... ],
 *	  "sched": "rr" | "wrr" | "lc" | "maglev" | null }
 *
 * where a BACKEND is
 *
 *	{ "host": string, "ctl_port": number,
 *	  "state": "down" | "connecting" | "up",
 *	  "tunnel4": string | null, "tunnel6": string | null,
 *	  "migrated": number, "refused": number, "inflight": number,
 *	  "weight": number | null, "active": number | null }
 *
 * New keys come last, so that the older ones keep their place; null
 * stands for a value the module did not report.  "lookup" prints the
 * address of the backend (the "host" of "show"), or one BACKEND object
 * with -j.
 *
 * A service whose backends do not fit in one netlink message may come
 * in several consecutive messages naming the same service: their
 * backends are joined.
 *
 * With BATONCTL_DEBUG set in the environment, a dump of every service
 * ("show" without VIP:PORT, and "save") reports on stderr how many
 * services came in how many netlink datagrams.
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

const char *const ctl_health_names[] = {
	[BATON_BE_HEALTH_UNKNOWN] = "unknown",
	[BATON_BE_HEALTH_UP] = "up",
	[BATON_BE_HEALTH_DOWN] = "down",
};

_Static_assert(ARRAY_LEN(ctl_health_names) == BATON_BE_HEALTH_MAX + 1,
	       "a health state has no name");

static const char *const sched_names[] = {
	[BATON_SCHED_RR] = "rr",
	[BATON_SCHED_WRR] = "wrr",
	[BATON_SCHED_LC] = "lc",
	[BATON_SCHED_MAGLEV] = "maglev",
};

/*
 * A service to name in a request; "head-max" and "decide-timeout" if
 * not 0, "sched" if sched_set.
 */
struct svc_req {
	struct ctl_addr vip;
	uint16_t port;
	uint32_t head_max;
	uint32_t decide_ms;
	bool sched_set;
	uint8_t sched;
	const char *default_group;	/* NULL: not sent */
};

/* A "service lookup": the service and the client. */
struct lookup_req {
	struct svc_req svc;
	struct ctl_addr client;
	uint16_t client_port;
};

/* The answer to a "service lookup". */
struct lookup_reply {
	struct ctl_be_info be;
	bool found;
};

static const char *name_of(const char *const *names, size_t n, unsigned int v)
{
	return v < n && names[v] ? names[v] : "?";
}

const char *ctl_sched_name(unsigned int sched)
{
	return sched < ARRAY_LEN(sched_names) ? sched_names[sched] : NULL;
}

/* A string attribute into @buf of @size bytes; "" if absent. */
static void attr_string(struct nlattr *a, char *buf, size_t size)
{
	buf[0] = '\0';
	if (a)
		snprintf(buf, size, "%.*s",
			 (int)strnlen(nla_data(a), nla_len(a)),
			 (const char *)nla_data(a));
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
	if (req->sched_set && nla_put_u8(msg, BATON_SVC_A_SCHED, req->sched))
		return -ENOMEM;
	if (req->default_group &&
	    nla_put_string(msg, BATON_SVC_A_DEFAULT_GROUP, req->default_group))
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

/* The BATON_BE_A_* attributes of a backend, parsed into @tb, into @b. */
static void be_fill(struct ctl_be_info *b, struct nlattr **tb)
{
	struct nlattr *addr = tb[BATON_BE_A_ADDR];

	memset(b, 0, sizeof(*b));
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
	b->has_weight = tb[BATON_BE_A_WEIGHT] != NULL;
	b->weight = bnl_attr_u32(tb[BATON_BE_A_WEIGHT]);
	b->has_active = tb[BATON_BE_A_ACTIVE] != NULL;
	b->active = bnl_attr_u32(tb[BATON_BE_A_ACTIVE]);
	attr_string(tb[BATON_BE_A_GROUP], b->group, sizeof(b->group));
	b->has_health = tb[BATON_BE_A_HEALTH] != NULL;
	b->health = bnl_attr_u8(tb[BATON_BE_A_HEALTH]);
}

static int be_parse(struct ctl_svc_info *s, struct nlattr *nest)
{
	struct nlattr *tb[BATON_BE_A_MAX + 1];
	struct ctl_be_info *bes;

	if (nla_parse_nested(tb, BATON_BE_A_MAX, nest, NULL) < 0)
		return -EBADMSG;
	bes = ctl_grow(s->backends, s->n_backends, &s->cap_backends,
		       sizeof(*bes), 8);
	if (!bes)
		return -ENOMEM;
	s->backends = bes;
	be_fill(&bes[s->n_backends++], tb);
	return 0;
}

/* The last service of @list if it is the one of @tb: a continuation. */
static struct ctl_svc_info *svc_continued(struct ctl_svc_list *list,
					  struct nlattr **tb, uint8_t family,
					  uint16_t port)
{
	struct nlattr *addr = tb[BATON_SVC_A_ADDR];
	struct ctl_svc_info *last;

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
	struct ctl_svc_list *list = arg;
	struct ctl_svc_info *svcs, *s;
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
	if (tb[BATON_SVC_A_SCHED]) {
		s->sched = bnl_attr_u8(tb[BATON_SVC_A_SCHED]);
		s->has_sched = true;
	}
	if (tb[BATON_SVC_A_DEFAULT_GROUP])
		attr_string(tb[BATON_SVC_A_DEFAULT_GROUP], s->default_group,
			    sizeof(s->default_group));
	if (tb[BATON_SVC_A_BACKENDS])
		nla_for_each_nested(a, tb[BATON_SVC_A_BACKENDS], rem) {
			if (nla_type(a) != BATON_CLS_ATTR_BACKEND)
				continue;
			err = be_parse(s, a);
			if (err)
				return err;
		}
	if (list->rules)
		return ctl_rule_parse_reply(msg, list->rules);
	return 0;
}

void ctl_svc_list_free(struct ctl_svc_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		free(list->svcs[i].backends);
	free(list->svcs);
}

static void be_json(struct json *j, const struct ctl_be_info *b)
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
	if (b->has_weight)
		json_kv_u64(j, "weight", b->weight);
	else
		json_kv_null(j, "weight");
	if (b->has_active)
		json_kv_u64(j, "active", b->active);
	else
		json_kv_null(j, "active");
	json_kv_string(j, "group", b->group[0] ? b->group : NULL);
	json_kv_string(j, "health", b->has_health ?
		       name_of(ctl_health_names, ARRAY_LEN(ctl_health_names),
			       b->health) : NULL);
	json_object_end(j);
}

static void svc_json(struct json *j, const struct ctl_svc_info *s)
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
	json_kv_string(j, "sched", s->has_sched ?
		       name_of(sched_names, ARRAY_LEN(sched_names), s->sched) :
		       NULL);
	json_kv_string(j, "default_group",
		       s->default_group[0] ? s->default_group : NULL);
	json_object_end(j);
}

/*
 * One table: a service per line, its backends indented below it, the
 * backend columns named by a second header line.  A service has one
 * column fewer than a backend: its last cell stays empty.  Absent
 * values are "-".
 */
static int svc_print_table(const struct ctl_svc_list *list)
{
	static const char *const headers[] = {
		"SERVICE", "HEAD-MAX", "DECIDE-MS", "ACCEPTED", "PENDING",
		"BACKENDS", "SCHED", "GROUP", "", "",
	};
	static const char *const be_headers[] = {
		"  HOST:CTLPORT", "STATE", "TUNNEL", "MIGRATED", "REFUSED",
		"INFLIGHT", "WEIGHT", "ACTIVE", "GROUP", "HEALTH",
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
		const struct ctl_svc_info *s = &list->svcs[i];

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
		table_cell(t, "%s", s->has_sched ?
			   name_of(sched_names, ARRAY_LEN(sched_names),
				   s->sched) : "-");
		table_cell(t, "%s", s->default_group[0] ? s->default_group :
							  "-");
		table_cell(t, "%s", "");
		table_cell(t, "%s", "");
		for (k = 0; k < s->n_backends; k++) {
			const struct ctl_be_info *b = &s->backends[k];

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
			if (b->has_weight)
				table_cell(t, "%" PRIu32, b->weight);
			else
				table_cell(t, "-");
			if (b->has_active)
				table_cell(t, "%" PRIu32, b->active);
			else
				table_cell(t, "-");
			table_cell(t, "%s", b->group[0] ? b->group : "-");
			table_cell(t, "%s", b->has_health ?
				   name_of(ctl_health_names,
					   ARRAY_LEN(ctl_health_names),
					   b->health) : "-");
		}
	}
	ret = table_print(t, stdout);
	table_free(t);
	return ret;
}

static int svc_print(const struct ctl *ctl, const struct ctl_svc_list *list)
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
			const struct svc_req *req, struct ctl_svc_list *list,
			const char *what)
{
	return ctl_transact(ctl, BATON_CLS_GENL_NAME, cmd, flags,
			    req ? svc_put : NULL, req,
			    list ? svc_parse_reply : NULL, list, what);
}

int ctl_service_dump(struct ctl *ctl, struct ctl_svc_list *list)
{
	int ret;

	ret = svc_transact(ctl, BATON_CLS_CMD_SERVICE_GET, NLM_F_DUMP, NULL,
			   list, "cannot list the services");
	if (!ret && getenv("BATONCTL_DEBUG"))
		fprintf(stderr, "batonctl: debug: %zu services in %u datagrams\n",
			list->n, bnl_datagrams());
	return ret;
}

int ctl_service_list(struct ctl *ctl, const struct ctl_object *object,
		     int argc, char **argv)
{
	struct ctl_svc_list list = { 0 };
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
		ret = ctl_service_dump(ctl, &list);
	}
	if (!ret && svc_print(ctl, &list)) {
		ctl_err("cannot format the services: out of memory");
		ret = CTL_EXIT_FAIL;
	}
	ctl_svc_list_free(&list);
	return ret;
}

static int service_show(struct ctl *ctl, int argc, char **argv)
{
	return ctl_service_list(ctl, &ctl_object_service, argc, argv);
}

/*
 * Parse the settings of "service @verb VIP:PORT [SETTING VALUE]...",
 * argv[1] on, into @req.  Returns 0, or a usage error after printing it.
 */
static int svc_parse_settings(const char *verb, int argc, char **argv,
			      struct svc_req *req)
{
	const struct ctl_object *obj = &ctl_object_service;
	const char *what = strcmp(verb, "set") ? "keyword" : "setting";
	int i, sched;

	for (i = 1; i < argc; i++) {
		const char *kw = argv[i];

		if (strcmp(kw, "head-max") && strcmp(kw, "decide-timeout") &&
		    strcmp(kw, "sched") && strcmp(kw, "default-group"))
			return ctl_usage_error(obj, "service %s: unknown %s '%s'",
					       verb, what, kw);
		if (i + 1 >= argc)
			return ctl_usage_error(obj, "service %s: '%s' needs a value",
					       verb, kw);
		i++;
		if (!strcmp(kw, "head-max")) {
			if (ctl_parse_u32(argv[i], BATON_SVC_HEAD_MAX_MAX,
					  &req->head_max) || !req->head_max)
				return ctl_usage_error(obj,
						       "service %s: invalid head-max '%s' (1 to %u bytes)",
						       verb, argv[i], BATON_SVC_HEAD_MAX_MAX);
		} else if (!strcmp(kw, "decide-timeout")) {
			if (ctl_parse_u32(argv[i], BATON_SVC_DECIDE_MS_MAX,
					  &req->decide_ms) || !req->decide_ms)
				return ctl_usage_error(obj,
						       "service %s: invalid decide-timeout '%s' (1 to %u ms)",
						       verb, argv[i], BATON_SVC_DECIDE_MS_MAX);
		} else if (!strcmp(kw, "default-group")) {
			if (!argv[i][0] || strlen(argv[i]) >= BATON_GROUP_NAMSIZ)
				return ctl_usage_error(obj,
						       "service %s: invalid default-group '%s' (1 to %d characters)",
						       verb, argv[i], BATON_GROUP_NAMSIZ - 1);
			req->default_group = argv[i];
		} else {
			sched = ctl_find_name(sched_names, ARRAY_LEN(sched_names),
					  argv[i]);
			if (sched < 0)
				return ctl_usage_error(obj,
						       "service %s: unknown scheduler '%s' (rr, wrr, lc or maglev)",
						       verb, argv[i]);
			req->sched = (uint8_t)sched;
			req->sched_set = true;
		}
	}
	return 0;
}

static int service_add(struct ctl *ctl, int argc, char **argv)
{
	struct svc_req req = { 0 };
	int ret;

	ret = ctl_parse_service(&ctl_object_service, "add", argc, argv,
				&req.vip, &req.port);
	if (ret)
		return ret;
	ret = svc_parse_settings("add", argc, argv, &req);
	if (ret)
		return ret;
	return svc_transact(ctl, BATON_CLS_CMD_SERVICE_NEW, 0, &req, NULL,
			    "cannot add the service");
}

static int service_set(struct ctl *ctl, int argc, char **argv)
{
	const struct ctl_object *obj = &ctl_object_service;
	struct svc_req req = { 0 };
	int ret;

	ret = ctl_parse_service(obj, "set", argc, argv, &req.vip, &req.port);
	if (ret)
		return ret;
	if (argc < 2)
		return ctl_usage_error(obj, "service set: nothing to set");
	ret = svc_parse_settings("set", argc, argv, &req);
	if (ret)
		return ret;
	return svc_transact(ctl, BATON_CLS_CMD_SERVICE_SET, 0, &req, NULL,
			    "cannot change the service");
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

/* The service and client nests of @arg, a struct lookup_req: a ctl_put_fn. */
static int lookup_put(struct nl_msg *msg, const void *arg)
{
	const struct lookup_req *req = arg;
	struct nlattr *nest;

	if (svc_put(msg, &req->svc))
		return -ENOMEM;
	nest = nla_nest_start(msg, BATON_CLS_ATTR_CLIENT);
	if (!nest ||
	    nla_put(msg, BATON_CLIENT_A_ADDR, (int)req->client.len,
		    req->client.bytes) ||
	    nla_put_u16(msg, BATON_CLIENT_A_PORT, htons(req->client_port)))
		return -ENOMEM;
	nla_nest_end(msg, nest);
	return 0;
}

/* The backend of a LOOKUP reply into @arg, a struct lookup_reply. */
static int lookup_parse_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[BATON_BE_A_MAX + 1];
	struct lookup_reply *reply = arg;

	if (bnl_parse_nest(msg, BATON_CLS_ATTR_BACKEND, tb, BATON_BE_A_MAX))
		return -EBADMSG;
	be_fill(&reply->be, tb);
	reply->found = true;
	return 0;
}

static int service_lookup(struct ctl *ctl, int argc, char **argv)
{
	const struct ctl_object *obj = &ctl_object_service;
	struct lookup_reply reply = { .found = false };
	struct lookup_req req = { 0 };
	struct json j;
	int ret;

	ret = ctl_parse_service(obj, "lookup", argc, argv, &req.svc.vip,
				&req.svc.port);
	if (ret)
		return ret;
	if (argc < 2)
		return ctl_usage_error(obj, "service lookup: missing CLIENT:PORT");
	if (ctl_parse_endpoint(argv[1], &req.client, &req.client_port) ||
	    req.client_port == 0)
		return ctl_usage_error(obj,
				       "service lookup: invalid client '%s' (ADDR:PORT or [ADDR]:PORT, port 1 to 65535)",
				       argv[1]);
	if (req.client.family != req.svc.vip.family)
		return ctl_usage_error(obj,
				       "service lookup: the client '%s' is not of the service's address family",
				       argv[1]);
	ret = ctl_no_args(obj, "lookup", argc - 2, argv + 2);
	if (ret)
		return ret;
	ret = ctl_transact(ctl, BATON_CLS_GENL_NAME, BATON_CLS_CMD_LOOKUP, 0,
			   lookup_put, &req, lookup_parse_reply, &reply,
			   "cannot look the backend up");
	if (ret)
		return ret;
	if (!reply.found) {
		ctl_err("cannot look the backend up: the kernel named none");
		return CTL_EXIT_FAIL;
	}
	if (!ctl->json) {
		printf("%s\n", reply.be.addr);
		return CTL_EXIT_OK;
	}
	json_init(&j, stdout);
	be_json(&j, &reply.be);
	if (json_finish(&j)) {
		ctl_err("cannot format the backend");
		return CTL_EXIT_FAIL;
	}
	return CTL_EXIT_OK;
}

static const struct ctl_verb service_verbs[] = {
	{ "show", "[VIP:PORT]", "list the services and their backends",
	  service_show },
	{ "add", "VIP:PORT [head-max N] [decide-timeout MS] [sched rr|wrr|lc|maglev]",
	  "add a service: listen on VIP:PORT", service_add },
	{ "set", "VIP:PORT [head-max N] [decide-timeout MS] [sched rr|wrr|lc|maglev]",
	  "change the given settings of a service", service_set },
	{ "del", "VIP:PORT", "delete a service", service_del },
	{ "lookup", "VIP:PORT CLIENT:PORT",
	  "the backend CLIENT:PORT would get (maglev only)",
	  service_lookup },
	{ NULL, NULL, NULL, NULL },
};

const struct ctl_object ctl_object_service = {
	.name = "service",
	.help = "Manage the virtual services of baton_classifier: a listener on\n"
		"VIP:PORT whose connections are handed to the service's backends,\n"
		"chosen by its scheduler (rr, wrr, lc or maglev).  IPv6 services\n"
		"are written [VIP]:PORT",
	.verbs = service_verbs,
	.default_verb = "show",
};
