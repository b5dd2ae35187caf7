// SPDX-License-Identifier: GPL-2.0
/*
 * batonctl: the tunnel object, the tunnel settings of baton_tunnel.
 *
 *	tunnel set [local ADDR]... [forwarder add|del ADDR]...
 *		   [max-flows N] [timeout SECS]
 *	tunnel [show]
 *
 * "local" sets the IPv4 or the IPv6 local tunnel address, by the
 * address given (0.0.0.0 or :: clears it).  "max-flows" and "timeout"
 * apply to both the encap and the decap table.
 *
 * JSON output of "batonctl -j tunnel show":
 *
 *	{ "local4": string | null, "local6": string | null,
 *	  "forwarders": [ string, ... ],
 *	  "encap": { "max_flows": number, "timeout": number },
 *	  "decap": { "max_flows": number, "timeout": number } }
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/attr.h>
#include <netlink/genl/genl.h>

#include <linux/baton.h>

#include "batonctl.h"
#include "json.h"
#include "nl.h"

static int tunnel_parse_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[BATON_TUNNEL_A_MAX + 1];
	struct ctl_tunnel_info *ti = arg;
	struct nlattr *a;
	int rem;

	if (bnl_parse_nest(msg, BATON_TUNNEL_ATTR_TUNNEL, tb,
			   BATON_TUNNEL_A_MAX))
		return -EBADMSG;

	if (tb[BATON_TUNNEL_A_LOCAL4])
		ctl_format_addr(nla_data(tb[BATON_TUNNEL_A_LOCAL4]),
				nla_len(tb[BATON_TUNNEL_A_LOCAL4]),
				ti->local4, sizeof(ti->local4));
	if (tb[BATON_TUNNEL_A_LOCAL6])
		ctl_format_addr(nla_data(tb[BATON_TUNNEL_A_LOCAL6]),
				nla_len(tb[BATON_TUNNEL_A_LOCAL6]),
				ti->local6, sizeof(ti->local6));
	if (tb[BATON_TUNNEL_A_FORWARDERS])
		nla_for_each_nested(a, tb[BATON_TUNNEL_A_FORWARDERS], rem) {
			if (ti->n_forwarders == BATON_TUNNEL_FORWARDERS_MAX)
				break;
			ctl_format_addr(nla_data(a), nla_len(a),
					ti->forwarders[ti->n_forwarders++],
					CTL_ADDR_STR);
		}
	ti->max[0] = bnl_attr_u32(tb[BATON_TUNNEL_A_ENCAP_MAX_FLOWS]);
	ti->max[1] = bnl_attr_u32(tb[BATON_TUNNEL_A_DECAP_MAX_FLOWS]);
	ti->timeout[0] = bnl_attr_u32(tb[BATON_TUNNEL_A_ENCAP_TIMEOUT]);
	ti->timeout[1] = bnl_attr_u32(tb[BATON_TUNNEL_A_DECAP_TIMEOUT]);
	return 0;
}

static void tunnel_print_json(const struct ctl_tunnel_info *ti)
{
	static const char *const sides[] = { "encap", "decap" };
	struct json j;
	unsigned int i;

	json_init(&j, stdout);
	json_object_begin(&j);
	json_kv_string(&j, "local4", ti->local4[0] ? ti->local4 : NULL);
	json_kv_string(&j, "local6", ti->local6[0] ? ti->local6 : NULL);
	json_key(&j, "forwarders");
	json_array_begin(&j);
	for (i = 0; i < ti->n_forwarders; i++)
		json_string(&j, ti->forwarders[i]);
	json_array_end(&j);
	for (i = 0; i < 2; i++) {
		json_key(&j, sides[i]);
		json_object_begin(&j);
		json_kv_u64(&j, "max_flows", ti->max[i]);
		json_kv_u64(&j, "timeout", ti->timeout[i]);
		json_object_end(&j);
	}
	json_object_end(&j);
	json_finish(&j);
}

static void tunnel_print_text(const struct ctl_tunnel_info *ti)
{
	unsigned int i;

	printf("local4      %s\n", ti->local4[0] ? ti->local4 : "-");
	printf("local6      %s\n", ti->local6[0] ? ti->local6 : "-");
	printf("forwarders ");
	for (i = 0; i < ti->n_forwarders; i++)
		printf(" %s", ti->forwarders[i]);
	printf("%s\n", ti->n_forwarders ? "" : " -");
	printf("max-flows   encap %" PRIu32 "  decap %" PRIu32 "\n",
	       ti->max[0], ti->max[1]);
	printf("timeout     encap %" PRIu32 "s  decap %" PRIu32 "s\n",
	       ti->timeout[0], ti->timeout[1]);
}

int ctl_tunnel_get(struct ctl *ctl, struct ctl_tunnel_info *ti)
{
	memset(ti, 0, sizeof(*ti));
	return ctl_transact(ctl, BATON_TUNNEL_GENL_NAME,
			    BATON_TUNNEL_CMD_TUNNEL_GET, 0, NULL, NULL,
			    tunnel_parse_reply, ti,
			    "cannot get the tunnel settings");
}

static int tunnel_show(struct ctl *ctl, int argc, char **argv)
{
	struct ctl_tunnel_info ti;
	int ret;

	ret = ctl_no_args(&ctl_object_tunnel, "show", argc, argv);
	if (ret)
		return ret;
	ret = ctl_tunnel_get(ctl, &ti);
	if (ret)
		return ret;
	if (ctl->json)
		tunnel_print_json(&ti);
	else
		tunnel_print_text(&ti);
	return CTL_EXIT_OK;
}

/* Add the attributes of "tunnel set ARGS" to @msg; a usage error or 0. */
static int tunnel_set_args(struct nl_msg *msg, int argc, char **argv)
{
	const struct ctl_object *obj = &ctl_object_tunnel;
	struct ctl_addr addr;
	uint32_t v;
	int i, type;

	if (argc == 0)
		return ctl_usage_error(obj, "tunnel set: nothing to set");
	for (i = 0; i < argc; i++) {
		const char *kw = argv[i];

		if (i + 1 >= argc)
			return ctl_usage_error(obj, "tunnel set: '%s' needs a value", kw);
		if (!strcmp(kw, "local")) {
			if (ctl_parse_addr(argv[++i], &addr))
				return ctl_usage_error(obj, "tunnel set: invalid address '%s'",
						       argv[i]);
			type = addr.family == AF_INET ? BATON_TUNNEL_A_LOCAL4 :
							BATON_TUNNEL_A_LOCAL6;
			if (nla_put(msg, type, (int)addr.len, addr.bytes))
				return -1;
		} else if (!strcmp(kw, "forwarder")) {
			if (i + 2 >= argc)
				return ctl_usage_error(obj, "tunnel set: 'forwarder' needs add|del ADDR");
			if (!strcmp(argv[i + 1], "add"))
				type = BATON_TUNNEL_A_FORWARDER_ADD;
			else if (!strcmp(argv[i + 1], "del"))
				type = BATON_TUNNEL_A_FORWARDER_DEL;
			else
				return ctl_usage_error(obj, "tunnel set: forwarder '%s': expected add or del",
						       argv[i + 1]);
			i += 2;
			if (ctl_parse_addr(argv[i], &addr))
				return ctl_usage_error(obj, "tunnel set: invalid address '%s'",
						       argv[i]);
			if (nla_put(msg, type, (int)addr.len, addr.bytes))
				return -1;
		} else if (!strcmp(kw, "max-flows") || !strcmp(kw, "timeout")) {
			bool max = !strcmp(kw, "max-flows");

			if (ctl_parse_u32(argv[++i], UINT32_MAX, &v))
				return ctl_usage_error(obj, "tunnel set: invalid %s '%s'",
						       kw, argv[i]);
			if (nla_put_u32(msg, max ? BATON_TUNNEL_A_ENCAP_MAX_FLOWS :
					BATON_TUNNEL_A_ENCAP_TIMEOUT, v) ||
			    nla_put_u32(msg, max ? BATON_TUNNEL_A_DECAP_MAX_FLOWS :
					BATON_TUNNEL_A_DECAP_TIMEOUT, v))
				return -1;
		} else {
			return ctl_usage_error(obj, "tunnel set: unknown setting '%s'", kw);
		}
	}
	return 0;
}

static int tunnel_set(struct ctl *ctl, int argc, char **argv)
{
	return ctl_set(ctl, BATON_TUNNEL_GENL_NAME,
		       BATON_TUNNEL_CMD_TUNNEL_SET, BATON_TUNNEL_ATTR_TUNNEL,
		       tunnel_set_args, argc, argv,
		       "cannot change the tunnel settings");
}

static const struct ctl_verb tunnel_verbs[] = {
	{ "show", NULL, "show the tunnel settings", tunnel_show },
	{ "set", "[local A] [forwarder add|del A] [max-flows N] [timeout S]",
	  "change the tunnel settings", tunnel_set },
	{ NULL, NULL, NULL, NULL },
};

const struct ctl_object ctl_object_tunnel = {
	.name = "tunnel",
	.help = "Show or change the tunnel settings of baton_tunnel: local tunnel\n"
		"addresses, allowed forwarders, table limits and idle timeout",
	.verbs = tunnel_verbs,
	.default_verb = "show",
};
