// SPDX-License-Identifier: GPL-2.0
/*
 * batonctl: the rule object, the content rules of an l7 service.
 *
 *	rule add VIP:PORT [pos N] [host H] [path-prefix P] [sni S] [->] group NAME
 *	rule del VIP:PORT pos N
 *	rule [show] [VIP:PORT]
 *
 * A new connection goes to the group of the first rule whose conditions
 * all hold, else to the service's default group: "host" matches the
 * Host of an HTTP/1.x request, "sni" the server name of a TLS
 * ClientHello, each exactly or as "*.example.com" (one more label);
 * "path-prefix" the start of the request's path.  A rule without
 * conditions matches everything.  "pos" inserts (1 is first; default
 * last) or names the rule to delete.  "->" may be written before
 * "group", as documentation (quote it in a shell: '->').
 *
 * JSON output of "show" (an array, one object per rule):
 *
 *	{ "service": "VIP:PORT", "pos": number, "host": string | null,
 *	  "path_prefix": string | null, "sni": string | null,
 *	  "group": string, "matched": number }
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include <linux/baton.h>

#include "batonctl.h"
#include "json.h"
#include "nl.h"
#include "table.h"

/**
 * struct rule_req - a rule on the command line
 * @vip: the service's VIP
 * @port: its port
 * @pos: its place, 0 for none given
 * @host: Host pattern, or NULL
 * @path: path prefix, or NULL
 * @sni: server name pattern, or NULL
 * @group: its group, or NULL (del)
 */
struct rule_req {
	struct ctl_addr vip;
	uint16_t port;
	uint32_t pos;
	const char *host, *path, *sni, *group;
};


static int rule_put(struct nl_msg *msg, const void *arg)
{
	const struct rule_req *req = arg;
	struct nlattr *nest;

	if (ctl_put_service(msg, &req->vip, req->port))
		return -ENOMEM;
	nest = nla_nest_start(msg, BATON_CLS_ATTR_RULE);
	if (!nest ||
	    (req->pos && nla_put_u32(msg, BATON_RULE_A_POS, req->pos)) ||
	    (req->group && nla_put_string(msg, BATON_RULE_A_GROUP, req->group)) ||
	    (req->host && nla_put_string(msg, BATON_RULE_A_HOST, req->host)) ||
	    (req->path &&
	     nla_put_string(msg, BATON_RULE_A_PATH_PREFIX, req->path)) ||
	    (req->sni && nla_put_string(msg, BATON_RULE_A_SNI, req->sni)))
		return -ENOMEM;
	nla_nest_end(msg, nest);
	return 0;
}

static int rule_put_svc(struct nl_msg *msg, const void *arg)
{
	const struct rule_req *req = arg;

	return ctl_put_service(msg, &req->vip, req->port);
}

/* A string attribute, copied; NULL if absent.  -1 out of memory. */
static int rule_str(struct nlattr *a, char **out)
{
	*out = NULL;
	if (!a)
		return 0;
	*out = strndup(nla_data(a), nla_len(a));
	return *out ? 0 : -1;
}

static void rule_info_free(struct ctl_rule_info *r)
{
	free(r->host);
	free(r->path);
	free(r->sni);
	free(r->group);
}

static int rule_parse_one(struct ctl_rule_list *list, const char *service,
			  struct nlattr *nest)
{
	struct nlattr *tb[BATON_RULE_A_MAX + 1];
	struct ctl_rule_info *r;

	if (nla_parse_nested(tb, BATON_RULE_A_MAX, nest, NULL) < 0)
		return -EBADMSG;
	r = ctl_grow(list->rules, list->n, &list->cap, sizeof(*r), 16);
	if (!r)
		return -ENOMEM;
	list->rules = r;
	r = &r[list->n];
	memset(r, 0, sizeof(*r));
	snprintf(r->service, sizeof(r->service), "%s", service);
	r->pos = bnl_attr_u32(tb[BATON_RULE_A_POS]);
	r->matched = bnl_attr_u64(tb[BATON_RULE_A_MATCHED]);
	if (rule_str(tb[BATON_RULE_A_HOST], &r->host) ||
	    rule_str(tb[BATON_RULE_A_PATH_PREFIX], &r->path) ||
	    rule_str(tb[BATON_RULE_A_SNI], &r->sni) ||
	    rule_str(tb[BATON_RULE_A_GROUP], &r->group)) {
		rule_info_free(r);
		return -ENOMEM;
	}
	list->n++;
	return 0;
}

/* One service of a SERVICE_GET reply: its rules into the list. */
int ctl_rule_parse_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[BATON_SVC_A_MAX + 1], *a;
	char service[CTL_ENDPOINT_STR];
	struct ctl_rule_list *list = arg;
	int rem, err;

	if (bnl_parse_nest(msg, BATON_CLS_ATTR_SERVICE, tb, BATON_SVC_A_MAX) ||
	    !tb[BATON_SVC_A_ADDR] || !tb[BATON_SVC_A_PORT])
		return -EBADMSG;
	ctl_format_endpoint(nla_data(tb[BATON_SVC_A_ADDR]),
			    nla_len(tb[BATON_SVC_A_ADDR]),
			    ntohs(nla_get_u16(tb[BATON_SVC_A_PORT])),
			    service, sizeof(service));
	if (!tb[BATON_SVC_A_RULES])
		return 0;
	nla_for_each_nested(a, tb[BATON_SVC_A_RULES], rem) {
		if (nla_type(a) != BATON_CLS_ATTR_RULE)
			continue;
		/*
		 * A service too big for one message comes in several; its
		 * rules come in the first, whole.
		 */
		err = rule_parse_one(list, service, a);
		if (err)
			return err;
	}
	return 0;
}

static void rule_json(struct json *j, const struct ctl_rule_info *r)
{
	json_object_begin(j);
	json_kv_string(j, "service", r->service);
	json_kv_u64(j, "pos", r->pos);
	if (r->host)
		json_kv_string(j, "host", r->host);
	else
		json_kv_null(j, "host");
	if (r->path)
		json_kv_string(j, "path_prefix", r->path);
	else
		json_kv_null(j, "path_prefix");
	if (r->sni)
		json_kv_string(j, "sni", r->sni);
	else
		json_kv_null(j, "sni");
	json_kv_string(j, "group", r->group ? r->group : "");
	json_kv_u64(j, "matched", r->matched);
	json_object_end(j);
}

static int rule_print(const struct ctl *ctl, const struct ctl_rule_list *list)
{
	static const char *const hdr[] = {
		"SERVICE", "POS", "HOST", "PATH-PREFIX", "SNI", "GROUP",
		"MATCHED",
	};
	struct table *t;
	struct json j;
	size_t i;
	int ret;

	if (ctl->json) {
		json_init(&j, stdout);
		json_array_begin(&j);
		for (i = 0; i < list->n; i++)
			rule_json(&j, &list->rules[i]);
		json_array_end(&j);
		return json_finish(&j);
	}
	t = table_new(hdr, sizeof(hdr) / sizeof(hdr[0]));
	if (!t)
		return -1;
	for (i = 0; i < list->n; i++) {
		const struct ctl_rule_info *r = &list->rules[i];

		table_cell(t, "%s", r->service);
		table_cell(t, "%" PRIu32, r->pos);
		table_cell(t, "%s", r->host ? r->host : "-");
		table_cell(t, "%s", r->path ? r->path : "-");
		table_cell(t, "%s", r->sni ? r->sni : "-");
		table_cell(t, "%s", r->group ? r->group : "?");
		table_cell(t, "%" PRIu64, r->matched);
	}
	ret = table_print(t, stdout);
	table_free(t);
	return ret;
}

int ctl_rule_dump(struct ctl *ctl, struct ctl_rule_list *list)
{
	return ctl_transact(ctl, BATON_CLS_GENL_NAME, BATON_CLS_CMD_SERVICE_GET,
			    NLM_F_DUMP, NULL, NULL, ctl_rule_parse_reply, list,
			    "cannot list the services");
}

void ctl_rule_list_free(struct ctl_rule_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		rule_info_free(&list->rules[i]);
	free(list->rules);
}

static int rule_show(struct ctl *ctl, int argc, char **argv)
{
	struct ctl_rule_list list = { 0 };
	struct rule_req req = { 0 };
	int ret;

	if (argc > 1)
		return ctl_usage_error(&ctl_object_rule,
				       "rule show: unexpected argument '%s'",
				       argv[1]);
	if (argc == 1) {
		ret = ctl_parse_service(&ctl_object_rule, "show", argc, argv,
					&req.vip, &req.port);
		if (ret)
			return ret;
		ret = ctl_transact(ctl, BATON_CLS_GENL_NAME,
				   BATON_CLS_CMD_SERVICE_GET, 0, rule_put_svc,
				   &req, ctl_rule_parse_reply, &list,
				   "cannot get the service");
	} else {
		ret = ctl_rule_dump(ctl, &list);
	}
	if (!ret && rule_print(ctl, &list)) {
		ctl_err("cannot format the rules: out of memory");
		ret = CTL_EXIT_FAIL;
	}
	ctl_rule_list_free(&list);
	return ret;
}

/*
 * Parse "VIP:PORT [pos N] [host H] [path-prefix P] [sni S] [->] group
 * NAME" (add) or "VIP:PORT pos N" (del) into @req.
 */
static int rule_parse(const char *verb, int argc, char **argv,
		      struct rule_req *req)
{
	const struct ctl_object *obj = &ctl_object_rule;
	bool add = !strcmp(verb, "add");
	int i, ret;

	memset(req, 0, sizeof(*req));
	ret = ctl_parse_service(obj, verb, argc, argv, &req->vip, &req->port);
	if (ret)
		return ret;
	for (i = 1; i < argc; i++) {
		const char *kw = argv[i];
		const char **val = NULL;

		if (add && !strcmp(kw, "->"))
			continue;
		if (add && !strcmp(kw, "host"))
			val = &req->host;
		else if (add && !strcmp(kw, "path-prefix"))
			val = &req->path;
		else if (add && !strcmp(kw, "sni"))
			val = &req->sni;
		else if (add && !strcmp(kw, "group"))
			val = &req->group;
		else if (strcmp(kw, "pos"))
			return ctl_usage_error(obj, "rule %s: unknown keyword '%s'",
					       verb, kw);
		if (i + 1 >= argc)
			return ctl_usage_error(obj, "rule %s: '%s' needs a value",
					       verb, kw);
		i++;
		if (val) {
			*val = argv[i];
		} else if (ctl_parse_u32(argv[i], BATON_SVC_RULES_MAX,
					 &req->pos) || !req->pos) {
			return ctl_usage_error(obj,
					       "rule %s: invalid pos '%s' (1 to %u)",
					       verb, argv[i], BATON_SVC_RULES_MAX);
		}
	}
	if (add && !req->group)
		return ctl_usage_error(obj, "rule add: which group ('group NAME')");
	if (add && req->path && req->path[0] != '/')
		return ctl_usage_error(obj, "rule add: a path prefix starts with '/': '%s'",
				       req->path);
	if (!add && !req->pos)
		return ctl_usage_error(obj, "rule del: which rule ('pos N', see rule show)");
	return 0;
}

/* "rule @verb", sent as @cmd. */
static int rule_change(struct ctl *ctl, const char *verb, uint8_t cmd,
		       int argc, char **argv)
{
	char what[32];
	struct rule_req req;
	int ret;

	ret = rule_parse(verb, argc, argv, &req);
	if (ret)
		return ret;
	snprintf(what, sizeof(what), "cannot %s the rule",
		 cmd == BATON_CLS_CMD_RULE_NEW ? "add" : "delete");
	return ctl_transact(ctl, BATON_CLS_GENL_NAME, cmd, 0, rule_put, &req,
			    NULL, NULL, what);
}

static int rule_add(struct ctl *ctl, int argc, char **argv)
{
	return rule_change(ctl, "add", BATON_CLS_CMD_RULE_NEW, argc, argv);
}

static int rule_del(struct ctl *ctl, int argc, char **argv)
{
	return rule_change(ctl, "del", BATON_CLS_CMD_RULE_DEL, argc, argv);
}

static const struct ctl_verb rule_verbs[] = {
	{ "show", "[VIP:PORT]", "list the content rules, in order", rule_show },
	{ "add",
	  "VIP:PORT [pos N] [host H] [path-prefix P] [sni S] [->] group NAME",
	  "add a rule: its connections go to group NAME", rule_add },
	{ "del", "VIP:PORT pos N", "delete the Nth rule", rule_del },
	{ NULL, NULL, NULL, NULL },
};

const struct ctl_object ctl_object_rule = {
	.name = "rule",
	.help = "Show or change the content rules of a service: the first\n"
		"rule whose host, path-prefix and sni all match a new\n"
		"connection gives its group of backends; none: the service's\n"
		"default group",
	.verbs = rule_verbs,
	.default_verb = "show",
};
