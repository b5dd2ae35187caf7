// SPDX-License-Identifier: GPL-2.0
/*
 * batonctl: the stats object, the counters of baton_tunnel.
 *
 *	stats [show]
 *
 * JSON output of "batonctl -j stats":
 *
 *	{ "encapsulated": number, "decapsulated": number,
 *	  "dropped": { "no_route": number, "unknown_flow": number,
 *		       "not_forwarder": number, "malformed": number,
 *		       "table_full": number, "no_local_addr": number },
 *	  "encap_flows": number, "encap_max_flows": number,
 *	  "decap_flows": number, "decap_max_flows": number }
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

static const char *const drop_names[] = {
	[BATON_DROP_NO_ROUTE] = "no_route",
	[BATON_DROP_UNKNOWN_FLOW] = "unknown_flow",
	[BATON_DROP_NOT_FORWARDER] = "not_forwarder",
	[BATON_DROP_MALFORMED] = "malformed",
	[BATON_DROP_TABLE_FULL] = "table_full",
	[BATON_DROP_NO_LOCAL_ADDR] = "no_local_addr",
};

struct stats_info {
	uint64_t encap, decap;
	uint64_t dropped[BATON_DROP_MAX + 1];
	uint32_t flows[2], max[2];
};

static uint64_t attr_u64(struct nlattr *a)
{
	return a && nla_len(a) >= 8 ? nla_get_u64(a) : 0;
}

static uint32_t attr_u32(struct nlattr *a)
{
	return a && nla_len(a) >= 4 ? nla_get_u32(a) : 0;
}

static int stats_parse_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *top[BATON_TUNNEL_ATTR_MAX + 1];
	struct nlattr *tb[BATON_STATS_A_MAX + 1];
	struct stats_info *si = arg;
	struct nlattr *a;
	int rem;

	if (genlmsg_parse(nlmsg_hdr(msg), 0, top, BATON_TUNNEL_ATTR_MAX, NULL) < 0 ||
	    !top[BATON_TUNNEL_ATTR_STATS] ||
	    nla_parse_nested(tb, BATON_STATS_A_MAX, top[BATON_TUNNEL_ATTR_STATS],
			     NULL) < 0)
		return -EBADMSG;

	si->encap = attr_u64(tb[BATON_STATS_A_ENCAPSULATED]);
	si->decap = attr_u64(tb[BATON_STATS_A_DECAPSULATED]);
	si->flows[0] = attr_u32(tb[BATON_STATS_A_ENCAP_FLOWS]);
	si->max[0] = attr_u32(tb[BATON_STATS_A_ENCAP_MAX_FLOWS]);
	si->flows[1] = attr_u32(tb[BATON_STATS_A_DECAP_FLOWS]);
	si->max[1] = attr_u32(tb[BATON_STATS_A_DECAP_MAX_FLOWS]);
	if (tb[BATON_STATS_A_DROPPED])
		nla_for_each_nested(a, tb[BATON_STATS_A_DROPPED], rem)
			if (nla_type(a) > BATON_DROP_UNSPEC &&
			    nla_type(a) <= BATON_DROP_MAX)
				si->dropped[nla_type(a)] = attr_u64(a);
	return 0;
}

static void stats_print_json(const struct stats_info *si)
{
	struct json j;
	int i;

	json_init(&j, stdout);
	json_object_begin(&j);
	json_kv_u64(&j, "encapsulated", si->encap);
	json_kv_u64(&j, "decapsulated", si->decap);
	json_key(&j, "dropped");
	json_object_begin(&j);
	for (i = BATON_DROP_NO_ROUTE; i <= BATON_DROP_MAX; i++)
		json_kv_u64(&j, drop_names[i], si->dropped[i]);
	json_object_end(&j);
	json_kv_u64(&j, "encap_flows", si->flows[0]);
	json_kv_u64(&j, "encap_max_flows", si->max[0]);
	json_kv_u64(&j, "decap_flows", si->flows[1]);
	json_kv_u64(&j, "decap_max_flows", si->max[1]);
	json_object_end(&j);
	json_finish(&j);
}

static void stats_print_text(const struct stats_info *si)
{
	int i;

	printf("%-22s %" PRIu64 "\n", "encapsulated", si->encap);
	printf("%-22s %" PRIu64 "\n", "decapsulated", si->decap);
	for (i = BATON_DROP_NO_ROUTE; i <= BATON_DROP_MAX; i++)
		printf("dropped %-14s %" PRIu64 "\n", drop_names[i],
		       si->dropped[i]);
	printf("%-22s %" PRIu32 "/%" PRIu32 "\n", "encap flows",
	       si->flows[0], si->max[0]);
	printf("%-22s %" PRIu32 "/%" PRIu32 "\n", "decap flows",
	       si->flows[1], si->max[1]);
}

static int stats_show(struct ctl *ctl, int argc, char **argv)
{
	struct stats_info si;
	struct bnl *nl;
	int family, ret;

	ret = ctl_no_args(&ctl_object_stats, "show", argc, argv);
	if (ret)
		return ret;
	family = ctl_family(ctl, BATON_TUNNEL_GENL_NAME, &nl);
	if (family < 0)
		return CTL_EXIT_FAIL;

	memset(&si, 0, sizeof(si));
	ret = ctl_get(nl, family, BATON_TUNNEL_CMD_STATS_GET, stats_parse_reply,
		      &si, "cannot get the counters");
	if (ret)
		return ret;
	if (ctl->json)
		stats_print_json(&si);
	else
		stats_print_text(&si);
	return CTL_EXIT_OK;
}

static const struct ctl_verb stats_verbs[] = {
	{ "show", NULL, "show the tunnel counters and table sizes", stats_show },
	{ NULL, NULL, NULL, NULL },
};

const struct ctl_object ctl_object_stats = {
	.name = "stats",
	.help = "Show the counters of baton_tunnel: packets encapsulated and\n"
		"de-encapsulated, drops by reason, and the flow table sizes",
	.verbs = stats_verbs,
	.default_verb = "show",
};
