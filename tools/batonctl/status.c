// SPDX-License-Identifier: GPL-2.0
/*
 * batonctl: the status and version objects.
 *
 * Both ask each of the four baton generic netlink families for
 * BATON_CMD_STATUS_GET.  A family that is not registered is "absent":
 * its module is not loaded (or the family is not visible in this
 * netns).  Families are looked up with bnl_family_peek(), never by
 * name: the kernel would load the module it was asked about.
 *
 * JSON output of "batonctl -j status" (one line; every key is always
 * present, null when unknown):
 *
 *	{
 *	  "netns": string | null,      -- the -n argument, null without -n
 *	  "modules": [                 -- always the four, in this order:
 *	    {                          -- tunnel, forwarder, classifier, migrator
 *	      "module": string,        -- kernel module, e.g. "baton_tunnel"
 *	      "family": string,        -- genl family, e.g. "baton_tunnel"
 *	      "state": "loaded" | "absent" | "error",
 *	      "family_id": number | null,
 *	      "version": string | null,       -- BATON_STATUS_A_VERSION
 *	      "netns_cookie": number | null,  -- BATON_STATUS_A_NETNS_COOKIE
 *	      "uptime_ms": number | null,     -- BATON_STATUS_A_UPTIME_MS
 *	      "error": string | null          -- why, when state is "error"
 *	    }, ...
 *	  ]
 *	}
 *
 * JSON output of "batonctl -j version" (loaded modules only):
 *
 *	{
 *	  "batonctl": string,          -- version of this tool
 *	  "modules": [ { "module": string, "version": string }, ... ]
 *	}
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include <linux/baton.h>
#include <baton/version.h>

#include "batonctl.h"
#include "json.h"
#include "nl.h"
#include "table.h"

#define STATUS_STR_MAX	64

/* A baton module and the generic netlink family it registers. */
struct baton_module {
	const char *module;
	const char *family;
};

static const struct baton_module baton_modules[] = {
	{ "baton_tunnel",	BATON_TUNNEL_GENL_NAME },
	{ "baton_forwarder",	BATON_FWD_GENL_NAME },
	{ "baton_classifier",	BATON_CLS_GENL_NAME },
	{ "baton_migrator",	BATON_MIG_GENL_NAME },
};

#define BATON_NR_MODULES \
	(sizeof(baton_modules) / sizeof(baton_modules[0]))

enum module_state {
	MODULE_ABSENT,
	MODULE_LOADED,
	MODULE_ERROR,
};

static const char *const module_state_names[] = {
	[MODULE_ABSENT] = "absent",
	[MODULE_LOADED] = "loaded",
	[MODULE_ERROR]	= "error",
};

/**
 * struct module_status - what one family said about its module
 * @mod: the module asked
 * @state: whether it answered
 * @family_id: its generic netlink family id, when not absent
 * @module: BATON_STATUS_A_MODULE
 * @version: BATON_STATUS_A_VERSION, "" if not sent
 * @has_cookie: BATON_STATUS_A_NETNS_COOKIE was sent
 * @netns_cookie: its value
 * @has_uptime: BATON_STATUS_A_UPTIME_MS was sent
 * @uptime_ms: its value
 * @error: why, in state MODULE_ERROR
 */
struct module_status {
	const struct baton_module *mod;
	enum module_state state;
	int family_id;
	char module[STATUS_STR_MAX];
	char version[STATUS_STR_MAX];
	bool has_cookie;
	uint64_t netns_cookie;
	bool has_uptime;
	uint64_t uptime_ms;
	char error[BNL_ERRMSG_MAX + 64];
};

static struct nla_policy status_policy[BATON_STATUS_A_MAX + 1] = {
	[BATON_STATUS_A_MODULE]		= { .type = NLA_STRING },
	[BATON_STATUS_A_VERSION]	= { .type = NLA_STRING },
	[BATON_STATUS_A_NETNS_COOKIE]	= { .type = NLA_U64 },
	[BATON_STATUS_A_UPTIME_MS]	= { .type = NLA_U64 },
};

static void copy_string_attr(char *dst, size_t size, struct nlattr *attr)
{
	if (attr)
		snprintf(dst, size, "%s", nla_get_string(attr));
}

static int status_parse(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[BATON_STATUS_A_MAX + 1];
	struct module_status *st = arg;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, tb, BATON_STATUS_A_MAX,
			  status_policy) < 0)
		return -EBADMSG;

	copy_string_attr(st->module, sizeof(st->module),
			 tb[BATON_STATUS_A_MODULE]);
	copy_string_attr(st->version, sizeof(st->version),
			 tb[BATON_STATUS_A_VERSION]);
	if (tb[BATON_STATUS_A_NETNS_COOKIE]) {
		st->has_cookie = true;
		st->netns_cookie = nla_get_u64(tb[BATON_STATUS_A_NETNS_COOKIE]);
	}
	if (tb[BATON_STATUS_A_UPTIME_MS]) {
		st->has_uptime = true;
		st->uptime_ms = nla_get_u64(tb[BATON_STATUS_A_UPTIME_MS]);
	}
	return 0;
}

static int status_get(struct bnl *nl, struct module_status *st)
{
	struct nl_msg *msg;
	int id;

	/* Report what is loaded; do not make the kernel load it. */
	id = bnl_family_peek(nl, st->mod->family);
	if (id < 0)
		return id;
	st->family_id = id;

	msg = bnl_request(id, BATON_CMD_STATUS_GET, 0);
	if (!msg)
		return -ENOMEM;
	return bnl_transact(nl, msg, status_parse, st);
}

/* Ask @mod's family for its status; report a failure on stderr. */
static void module_probe(struct bnl *nl, const struct baton_module *mod,
			 struct module_status *st)
{
	int err;

	*st = (struct module_status){ .mod = mod };
	snprintf(st->module, sizeof(st->module), "%s", mod->module);

	err = status_get(nl, st);
	if (!err) {
		st->state = MODULE_LOADED;
	} else if (err == -ENOENT) {
		/* Not registered, or unregistered since it was resolved. */
		st->state = MODULE_ABSENT;
		st->family_id = 0;
	} else {
		st->state = MODULE_ERROR;
		bnl_strerror(nl, err, st->error, sizeof(st->error));
		bnl_perror(nl, mod->family, err);
	}
}

/*
 * Probe every baton module into @st.  Returns CTL_EXIT_FAIL if the
 * socket cannot be opened or a family failed to answer.
 */
static int modules_probe(struct ctl *ctl,
			 struct module_status st[BATON_NR_MODULES])
{
	struct bnl *nl = ctl_nl(ctl);
	int ret = CTL_EXIT_OK;
	size_t i;

	if (!nl)
		return CTL_EXIT_FAIL;
	for (i = 0; i < BATON_NR_MODULES; i++) {
		module_probe(nl, &baton_modules[i], &st[i]);
		if (st[i].state == MODULE_ERROR)
			ret = CTL_EXIT_FAIL;
	}
	return ret;
}

static void status_json_module(struct json *j, const struct module_status *st)
{
	bool loaded = st->state == MODULE_LOADED;

	json_object_begin(j);
	json_kv_string(j, "module", st->module);
	json_kv_string(j, "family", st->mod->family);
	json_kv_string(j, "state", module_state_names[st->state]);
	if (st->family_id)
		json_kv_u64(j, "family_id", st->family_id);
	else
		json_kv_null(j, "family_id");
	json_kv_string(j, "version", loaded ? st->version : NULL);
	if (loaded && st->has_cookie)
		json_kv_u64(j, "netns_cookie", st->netns_cookie);
	else
		json_kv_null(j, "netns_cookie");
	if (loaded && st->has_uptime)
		json_kv_u64(j, "uptime_ms", st->uptime_ms);
	else
		json_kv_null(j, "uptime_ms");
	json_kv_string(j, "error",
		       st->state == MODULE_ERROR ? st->error : NULL);
	json_object_end(j);
}

static int status_print_json(const struct ctl *ctl,
			     const struct module_status *st)
{
	struct json j;
	size_t i;

	json_init(&j, stdout);
	json_object_begin(&j);
	json_kv_string(&j, "netns", ctl->netns);
	json_key(&j, "modules");
	json_array_begin(&j);
	for (i = 0; i < BATON_NR_MODULES; i++)
		status_json_module(&j, &st[i]);
	json_array_end(&j);
	json_object_end(&j);
	return json_finish(&j);
}

static void status_table_row(struct table *t, const struct module_status *st)
{
	char uptime[32] = "-";
	bool loaded = st->state == MODULE_LOADED;

	if (loaded && st->has_uptime)
		ctl_format_duration(st->uptime_ms, uptime, sizeof(uptime));

	table_cell(t, "%s", st->module);
	table_cell(t, "%s", st->mod->family);
	table_cell(t, "%s", module_state_names[st->state]);
	table_cell(t, "%s", loaded && st->version[0] ? st->version : "-");
	table_cell(t, "%s", uptime);
	if (loaded && st->has_cookie)
		table_cell(t, "%" PRIu64, st->netns_cookie);
	else
		table_cell(t, "-");
}

static int status_print_table(const struct module_status *st)
{
	static const char *const headers[] = {
		"MODULE", "FAMILY", "STATE", "VERSION", "UPTIME", "NETNS",
	};
	struct table *t;
	size_t i;
	int ret;

	t = table_new(headers, sizeof(headers) / sizeof(headers[0]));
	if (!t)
		return -1;
	for (i = 0; i < BATON_NR_MODULES; i++)
		status_table_row(t, &st[i]);
	ret = table_print(t, stdout);
	table_free(t);
	return ret;
}

static int status_show(struct ctl *ctl, int argc, char **argv)
{
	struct module_status st[BATON_NR_MODULES];
	int ret, err;

	ret = ctl_no_args(&ctl_object_status, "show", argc, argv);
	if (ret)
		return ret;
	ret = modules_probe(ctl, st);
	if (!ctl->nl)
		return ret;

	err = ctl->json ? status_print_json(ctl, st) : status_print_table(st);
	if (err) {
		ctl_err("cannot format the status: out of memory");
		return CTL_EXIT_FAIL;
	}
	return ret;
}

static int version_print_json(const struct module_status *st)
{
	struct json j;
	size_t i;

	json_init(&j, stdout);
	json_object_begin(&j);
	json_kv_string(&j, "batonctl", BATON_VERSION);
	json_key(&j, "modules");
	json_array_begin(&j);
	for (i = 0; i < BATON_NR_MODULES; i++) {
		if (st[i].state != MODULE_LOADED)
			continue;
		json_object_begin(&j);
		json_kv_string(&j, "module", st[i].module);
		json_kv_string(&j, "version", st[i].version);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
	return json_finish(&j);
}

static void version_print_text(const struct module_status *st)
{
	size_t i;

	printf("batonctl %s\n", BATON_VERSION);
	for (i = 0; i < BATON_NR_MODULES; i++)
		if (st[i].state == MODULE_LOADED)
			printf("%s %s\n", st[i].module,
			       st[i].version[0] ? st[i].version : "-");
}

static int version_show(struct ctl *ctl, int argc, char **argv)
{
	struct module_status st[BATON_NR_MODULES];
	int ret;

	ret = ctl_no_args(&ctl_object_version, "show", argc, argv);
	if (ret)
		return ret;
	ret = modules_probe(ctl, st);
	if (!ctl->nl)
		return ret;

	if (ctl->json) {
		if (version_print_json(st))
			return CTL_EXIT_FAIL;
	} else {
		version_print_text(st);
	}
	return ret;
}

static const struct ctl_verb status_verbs[] = {
	{ "show", NULL, "show which baton modules are loaded", status_show },
	{ NULL, NULL, NULL, NULL },
};

const struct ctl_object ctl_object_status = {
	.name = "status",
	.help = "Show which baton modules are loaded in the network namespace,\n"
		"with their version, netns cookie and uptime",
	.verbs = status_verbs,
	.default_verb = "show",
};

static const struct ctl_verb version_verbs[] = {
	{ "show", NULL, "show the versions of batonctl and the loaded modules",
	  version_show },
	{ NULL, NULL, NULL, NULL },
};

const struct ctl_object ctl_object_version = {
	.name = "version",
	.help = "Show the version of batonctl and of each loaded baton module",
	.verbs = version_verbs,
	.default_verb = "show",
};
