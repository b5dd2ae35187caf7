// SPDX-License-Identifier: GPL-2.0
/*
 * batonctl: the stats object, the counters of baton_tunnel, baton_cls
 * and baton_mig.
 *
 *	stats [show]
 *
 * Each family that is registered in the namespace is asked; one that
 * is not (module not loaded) is skipped without a word, and nothing is
 * loaded to ask it.  Only when none of the three is there does "stats"
 * fail, as it always did: "baton_tunnel is not loaded".
 *
 * Text output: one counter per line, the label padded to a column and
 * the value as the last field; no label ends in a number.
 *
 * JSON output of "batonctl -j stats" (the keys of baton_tunnel are
 * null, and "classifier" or "migrator" is null, for a family that is
 * absent):
 *
 *	{ "encapsulated": number, "decapsulated": number,
 *	  "dropped": { "no_route": number, "unknown_flow": number,
 *		       "not_forwarder": number, "malformed": number,
 *		       "table_full": number, "no_local_addr": number },
 *	  "encap_flows": number, "encap_max_flows": number,
 *	  "decap_flows": number, "decap_max_flows": number,
 *	  "classifier": { "accepted": number, "decided": number,
 *			  "decide_timeout": number, "blobs_sent": number,
 *			  "migrated": number, "refused": { REASON: number, ... },
 *			  "lost": number, "no_backend": number,
 *			  "failed": number, "client_gone": number,
 *			  "ended": number, "pending": number } | null,
 *	  "migrator": { "blobs_received": number, "infused": number,
 *			"refused": { REASON: number, ... },
 *			"held": number, "held_early": number,
 *			"hold_dropped": number,
 *			"channels_refused": number,
 *			"ended_notices": number } | null }
 *
 * REASON is each enum baton_ctl_refuse_reason, in order: malformed,
 * version, too_long, auth, replay, not_forwarder, no_listener,
 * backlog, exists, table_full, no_memory, infuse, shutdown.  The text
 * output writes them with spaces ("refused no listener").
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

/* JSON keys; the text labels have a space for each '_'. */
static const char *const refuse_names[] = {
	[BATON_CTL_REFUSE_MALFORMED] = "malformed",
	[BATON_CTL_REFUSE_VERSION] = "version",
	[BATON_CTL_REFUSE_TOO_LONG] = "too_long",
	[BATON_CTL_REFUSE_AUTH] = "auth",
	[BATON_CTL_REFUSE_REPLAY] = "replay",
	[BATON_CTL_REFUSE_NOT_FORWARDER] = "not_forwarder",
	[BATON_CTL_REFUSE_NO_LISTENER] = "no_listener",
	[BATON_CTL_REFUSE_BACKLOG] = "backlog",
	[BATON_CTL_REFUSE_EXISTS] = "exists",
	[BATON_CTL_REFUSE_TABLE_FULL] = "table_full",
	[BATON_CTL_REFUSE_NO_MEMORY] = "no_memory",
	[BATON_CTL_REFUSE_INFUSE] = "infuse",
	[BATON_CTL_REFUSE_SHUTDOWN] = "shutdown",
};

_Static_assert(sizeof(refuse_names) / sizeof(refuse_names[0]) ==
	       BATON_CTL_REFUSE_MAX + 1, "a refuse reason has no name");

const char *ctl_refuse_name(unsigned int reason)
{
	return reason <= BATON_CTL_REFUSE_MAX ? refuse_names[reason] : NULL;
}

/* Width of the label column of the text output. */
#define STATS_LABEL_W	22

struct stats_info {
	uint64_t encap, decap;
	uint64_t dropped[BATON_DROP_MAX + 1];
	uint32_t flows[2], max[2];
};

struct cls_stats {
	uint64_t accepted, decided, decide_timeout, sent, migrated;
	uint64_t refused[BATON_CTL_REFUSE_MAX + 1];
	uint64_t lost, no_backend, failed, client_gone, ended;
	uint32_t pending;
};

struct mig_stats {
	uint64_t received, infused;
	uint64_t refused[BATON_CTL_REFUSE_MAX + 1];
	uint64_t held, held_early, hold_dropped, channels_refused, ended;
};

/* What "stats" found: a family id, or -ENOENT when it is absent. */
struct stats_all {
	int tunnel_id, cls_id, mig_id;
	struct stats_info tunnel;
	struct cls_stats cls;
	struct mig_stats mig;
};

static int stats_parse_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[BATON_STATS_A_MAX + 1];
	struct stats_info *si = arg;
	struct nlattr *a;
	int rem;

	if (bnl_parse_nest(msg, BATON_TUNNEL_ATTR_STATS, tb, BATON_STATS_A_MAX))
		return -EBADMSG;

	si->encap = bnl_attr_u64(tb[BATON_STATS_A_ENCAPSULATED]);
	si->decap = bnl_attr_u64(tb[BATON_STATS_A_DECAPSULATED]);
	si->flows[0] = bnl_attr_u32(tb[BATON_STATS_A_ENCAP_FLOWS]);
	si->max[0] = bnl_attr_u32(tb[BATON_STATS_A_ENCAP_MAX_FLOWS]);
	si->flows[1] = bnl_attr_u32(tb[BATON_STATS_A_DECAP_FLOWS]);
	si->max[1] = bnl_attr_u32(tb[BATON_STATS_A_DECAP_MAX_FLOWS]);
	if (tb[BATON_STATS_A_DROPPED])
		nla_for_each_nested(a, tb[BATON_STATS_A_DROPPED], rem)
			if (nla_type(a) > BATON_DROP_UNSPEC &&
			    nla_type(a) <= BATON_DROP_MAX)
				si->dropped[nla_type(a)] = bnl_attr_u64(a);
	return 0;
}

/* A nest of u64 per refuse reason into @refused. */
static void parse_refused(struct nlattr *nest, uint64_t *refused)
{
	struct nlattr *a;
	int rem;

	if (nest)
		nla_for_each_nested(a, nest, rem)
			if (nla_type(a) > BATON_CTL_REFUSE_UNSPEC &&
			    nla_type(a) <= BATON_CTL_REFUSE_MAX)
				refused[nla_type(a)] = bnl_attr_u64(a);
}

static int cls_parse_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[BATON_CLS_STATS_A_MAX + 1];
	struct cls_stats *cs = arg;

	if (bnl_parse_nest(msg, BATON_CLS_ATTR_STATS, tb,
			   BATON_CLS_STATS_A_MAX))
		return -EBADMSG;

	cs->accepted = bnl_attr_u64(tb[BATON_CLS_STATS_A_ACCEPTED]);
	cs->decided = bnl_attr_u64(tb[BATON_CLS_STATS_A_DECIDED]);
	cs->decide_timeout = bnl_attr_u64(tb[BATON_CLS_STATS_A_DECIDE_TIMEOUT]);
	cs->sent = bnl_attr_u64(tb[BATON_CLS_STATS_A_SENT]);
	cs->migrated = bnl_attr_u64(tb[BATON_CLS_STATS_A_MIGRATED]);
	parse_refused(tb[BATON_CLS_STATS_A_REFUSED], cs->refused);
	cs->lost = bnl_attr_u64(tb[BATON_CLS_STATS_A_LOST]);
	cs->no_backend = bnl_attr_u64(tb[BATON_CLS_STATS_A_NO_BACKEND]);
	cs->failed = bnl_attr_u64(tb[BATON_CLS_STATS_A_FAILED]);
	cs->client_gone = bnl_attr_u64(tb[BATON_CLS_STATS_A_CLIENT_GONE]);
	cs->ended = bnl_attr_u64(tb[BATON_CLS_STATS_A_ENDED]);
	cs->pending = bnl_attr_u32(tb[BATON_CLS_STATS_A_PENDING]);
	return 0;
}

static int mig_parse_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[BATON_MIG_STATS_A_MAX + 1];
	struct mig_stats *ms = arg;

	if (bnl_parse_nest(msg, BATON_MIG_ATTR_STATS, tb,
			   BATON_MIG_STATS_A_MAX))
		return -EBADMSG;

	ms->received = bnl_attr_u64(tb[BATON_MIG_STATS_A_RECEIVED]);
	ms->infused = bnl_attr_u64(tb[BATON_MIG_STATS_A_INFUSED]);
	parse_refused(tb[BATON_MIG_STATS_A_REFUSED], ms->refused);
	ms->held = bnl_attr_u64(tb[BATON_MIG_STATS_A_HELD]);
	ms->hold_dropped = bnl_attr_u64(tb[BATON_MIG_STATS_A_HOLD_DROPPED]);
	ms->held_early = bnl_attr_u64(tb[BATON_MIG_STATS_A_HELD_EARLY]);
	ms->channels_refused =
		bnl_attr_u64(tb[BATON_MIG_STATS_A_CHANNELS_REFUSED]);
	ms->ended = bnl_attr_u64(tb[BATON_MIG_STATS_A_ENDED]);
	return 0;
}

static void refused_json(struct json *j, const uint64_t *refused)
{
	int i;

	json_key(j, "refused");
	json_object_begin(j);
	for (i = BATON_CTL_REFUSE_MALFORMED; i <= BATON_CTL_REFUSE_MAX; i++)
		json_kv_u64(j, refuse_names[i], refused[i]);
	json_object_end(j);
}

static void tunnel_json(struct json *j, const struct stats_info *si)
{
	int i;

	json_kv_u64(j, "encapsulated", si->encap);
	json_kv_u64(j, "decapsulated", si->decap);
	json_key(j, "dropped");
	json_object_begin(j);
	for (i = BATON_DROP_NO_ROUTE; i <= BATON_DROP_MAX; i++)
		json_kv_u64(j, drop_names[i], si->dropped[i]);
	json_object_end(j);
	json_kv_u64(j, "encap_flows", si->flows[0]);
	json_kv_u64(j, "encap_max_flows", si->max[0]);
	json_kv_u64(j, "decap_flows", si->flows[1]);
	json_kv_u64(j, "decap_max_flows", si->max[1]);
}

/* The keys of tunnel_json(), for an absent baton_tunnel. */
static void tunnel_json_null(struct json *j)
{
	static const char *const keys[] = {
		"encapsulated", "decapsulated", "dropped", "encap_flows",
		"encap_max_flows", "decap_flows", "decap_max_flows",
	};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		json_kv_null(j, keys[i]);
}

static void cls_json(struct json *j, const struct cls_stats *cs)
{
	json_object_begin(j);
	json_kv_u64(j, "accepted", cs->accepted);
	json_kv_u64(j, "decided", cs->decided);
	json_kv_u64(j, "decide_timeout", cs->decide_timeout);
	json_kv_u64(j, "blobs_sent", cs->sent);
	json_kv_u64(j, "migrated", cs->migrated);
	refused_json(j, cs->refused);
	json_kv_u64(j, "lost", cs->lost);
	json_kv_u64(j, "no_backend", cs->no_backend);
	json_kv_u64(j, "failed", cs->failed);
	json_kv_u64(j, "client_gone", cs->client_gone);
	json_kv_u64(j, "ended", cs->ended);
	json_kv_u64(j, "pending", cs->pending);
	json_object_end(j);
}

static void mig_json(struct json *j, const struct mig_stats *ms)
{
	json_object_begin(j);
	json_kv_u64(j, "blobs_received", ms->received);
	json_kv_u64(j, "infused", ms->infused);
	refused_json(j, ms->refused);
	json_kv_u64(j, "held", ms->held);
	json_kv_u64(j, "held_early", ms->held_early);
	json_kv_u64(j, "hold_dropped", ms->hold_dropped);
	json_kv_u64(j, "channels_refused", ms->channels_refused);
	json_kv_u64(j, "ended_notices", ms->ended);
	json_object_end(j);
}

static int stats_print_json(const struct stats_all *sa)
{
	struct json j;

	json_init(&j, stdout);
	json_object_begin(&j);
	if (sa->tunnel_id > 0)
		tunnel_json(&j, &sa->tunnel);
	else
		tunnel_json_null(&j);
	json_key(&j, "classifier");
	if (sa->cls_id > 0)
		cls_json(&j, &sa->cls);
	else
		json_null(&j);
	json_key(&j, "migrator");
	if (sa->mig_id > 0)
		mig_json(&j, &sa->mig);
	else
		json_null(&j);
	json_object_end(&j);
	return json_finish(&j);
}

static void print_u64(const char *label, uint64_t v)
{
	printf("%-*s %" PRIu64 "\n", STATS_LABEL_W, label, v);
}

/* "@prefix <reason>" for every reason, the '_' of its name as spaces. */
static void refused_text(const char *prefix, const uint64_t *refused)
{
	char label[STATS_LABEL_W + 16], *p;
	int i;

	for (i = BATON_CTL_REFUSE_MALFORMED; i <= BATON_CTL_REFUSE_MAX; i++) {
		snprintf(label, sizeof(label), "%s %s", prefix, refuse_names[i]);
		for (p = label; *p; p++)
			if (*p == '_')
				*p = ' ';
		print_u64(label, refused[i]);
	}
}

static void tunnel_text(const struct stats_info *si)
{
	int i;

	print_u64("encapsulated", si->encap);
	print_u64("decapsulated", si->decap);
	for (i = BATON_DROP_NO_ROUTE; i <= BATON_DROP_MAX; i++)
		printf("dropped %-14s %" PRIu64 "\n", drop_names[i],
		       si->dropped[i]);
	printf("%-*s %" PRIu32 "/%" PRIu32 "\n", STATS_LABEL_W, "encap flows",
	       si->flows[0], si->max[0]);
	printf("%-*s %" PRIu32 "/%" PRIu32 "\n", STATS_LABEL_W, "decap flows",
	       si->flows[1], si->max[1]);
}

static void cls_text(const struct cls_stats *cs)
{
	print_u64("accepted", cs->accepted);
	print_u64("decided", cs->decided);
	print_u64("decide timeout", cs->decide_timeout);
	print_u64("blobs sent", cs->sent);
	print_u64("migrated", cs->migrated);
	refused_text("refused", cs->refused);
	print_u64("lost", cs->lost);
	print_u64("no backend", cs->no_backend);
	print_u64("failed", cs->failed);
	print_u64("client gone", cs->client_gone);
	print_u64("ended", cs->ended);
	print_u64("pending", cs->pending);
}

static void mig_text(const struct mig_stats *ms)
{
	print_u64("blobs received", ms->received);
	print_u64("infused", ms->infused);
	refused_text("infuse refused", ms->refused);
	print_u64("held", ms->held);
	print_u64("held early", ms->held_early);
	print_u64("hold dropped", ms->hold_dropped);
	print_u64("channels refused", ms->channels_refused);
	print_u64("ended notices", ms->ended);
}

/* Find which of the three families are here, into sa->*_id. */
static int stats_families(struct ctl *ctl, struct stats_all *sa)
{
	struct bnl *nl;

	sa->tunnel_id = ctl_family_peek(ctl, BATON_TUNNEL_GENL_NAME);
	sa->cls_id = ctl_family_peek(ctl, BATON_CLS_GENL_NAME);
	sa->mig_id = ctl_family_peek(ctl, BATON_MIG_GENL_NAME);
	if ((sa->tunnel_id < 0 && sa->tunnel_id != -ENOENT) ||
	    (sa->cls_id < 0 && sa->cls_id != -ENOENT) ||
	    (sa->mig_id < 0 && sa->mig_id != -ENOENT))
		return CTL_EXIT_FAIL;
	/*
	 * None is registered: resolve baton_tunnel by name, as "stats"
	 * always did; the kernel may load it, or it says it is not loaded.
	 */
	if (sa->tunnel_id < 0 && sa->cls_id < 0 && sa->mig_id < 0) {
		sa->tunnel_id = ctl_family(ctl, BATON_TUNNEL_GENL_NAME, &nl);
		if (sa->tunnel_id < 0)
			return CTL_EXIT_FAIL;
	}
	return CTL_EXIT_OK;
}

static int stats_show(struct ctl *ctl, int argc, char **argv)
{
	struct stats_all sa;
	int ret;

	ret = ctl_no_args(&ctl_object_stats, "show", argc, argv);
	if (ret)
		return ret;
	memset(&sa, 0, sizeof(sa));
	ret = stats_families(ctl, &sa);
	if (ret)
		return ret;

	if (sa.tunnel_id > 0)
		ret = ctl_get(ctl->nl, sa.tunnel_id, BATON_TUNNEL_CMD_STATS_GET,
			      stats_parse_reply, &sa.tunnel,
			      "cannot get the counters");
	if (!ret && sa.cls_id > 0)
		ret = ctl_get(ctl->nl, sa.cls_id, BATON_CLS_CMD_STATS_GET,
			      cls_parse_reply, &sa.cls,
			      "cannot get the classifier counters");
	if (!ret && sa.mig_id > 0)
		ret = ctl_get(ctl->nl, sa.mig_id, BATON_MIG_CMD_STATS_GET,
			      mig_parse_reply, &sa.mig,
			      "cannot get the migrator counters");
	if (ret)
		return ret;

	if (ctl->json) {
		if (stats_print_json(&sa))
			return CTL_EXIT_FAIL;
		return CTL_EXIT_OK;
	}
	if (sa.tunnel_id > 0)
		tunnel_text(&sa.tunnel);
	if (sa.cls_id > 0)
		cls_text(&sa.cls);
	if (sa.mig_id > 0)
		mig_text(&sa.mig);
	return CTL_EXIT_OK;
}

static const struct ctl_verb stats_verbs[] = {
	{ "show", NULL, "show the counters of the loaded modules", stats_show },
	{ NULL, NULL, NULL, NULL },
};

const struct ctl_object ctl_object_stats = {
	.name = "stats",
	.help = "Show the counters of baton_tunnel (packets encapsulated and\n"
		"de-encapsulated, drops by reason, flow table sizes), and those of\n"
		"baton_classifier and baton_migrator (connections decided and\n"
		"handed over, refusals by reason) when they are loaded",
	.verbs = stats_verbs,
	.default_verb = "show",
};
