// SPDX-License-Identifier: GPL-2.0
/*
 * batonctl: the migrator object, the settings of baton_mig on a host.
 *
 *	migrator set [port N] [hold-time MS]
 *	migrator [show]
 *
 * "port" opens the control listener, where balancers connect to hand
 * connections over, on that port of every address of the namespace; 0
 * closes it.  "hold-time" is the longest a tunnelled packet waits for
 * its connection's socket (default 2000 ms).
 *
 * JSON output of "batonctl -j migrator show":
 *
 *	{ "port": number, "channels": number, "hold_time_ms": number }
 *
 * "port" is 0 when the listener is closed.
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

static int mig_parse_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[BATON_MIG_A_MAX + 1];
	struct ctl_mig_info *mi = arg;

	if (bnl_parse_nest(msg, BATON_MIG_ATTR_CONFIG, tb, BATON_MIG_A_MAX))
		return -EBADMSG;
	mi->port = bnl_attr_u16(tb[BATON_MIG_A_PORT]);
	mi->channels = bnl_attr_u32(tb[BATON_MIG_A_CHANNELS]);
	mi->hold_ms = bnl_attr_u32(tb[BATON_MIG_A_HOLD_MS]);
	return 0;
}

int ctl_migrator_get(struct ctl *ctl, struct ctl_mig_info *mi)
{
	memset(mi, 0, sizeof(*mi));
	return ctl_transact(ctl, BATON_MIG_GENL_NAME, BATON_MIG_CMD_GET, 0,
			    NULL, NULL, mig_parse_reply, mi,
			    "cannot get the migrator settings");
}

static int migrator_show(struct ctl *ctl, int argc, char **argv)
{
	struct ctl_mig_info mi;
	struct json j;
	int ret;

	ret = ctl_no_args(&ctl_object_migrator, "show", argc, argv);
	if (ret)
		return ret;
	ret = ctl_migrator_get(ctl, &mi);
	if (ret)
		return ret;
	if (ctl->json) {
		json_init(&j, stdout);
		json_object_begin(&j);
		json_kv_u64(&j, "port", mi.port);
		json_kv_u64(&j, "channels", mi.channels);
		json_kv_u64(&j, "hold_time_ms", mi.hold_ms);
		json_object_end(&j);
		json_finish(&j);
	} else {
		if (mi.port)
			printf("port        %u\n", mi.port);
		else
			printf("port        0 (closed)\n");
		printf("channels    %" PRIu32 "\n", mi.channels);
		printf("hold-time   %" PRIu32 " ms\n", mi.hold_ms);
	}
	return CTL_EXIT_OK;
}

/* Add the attributes of "migrator set ARGS" to @msg; a usage error or 0. */
static int migrator_set_args(struct nl_msg *msg, int argc, char **argv)
{
	const struct ctl_object *obj = &ctl_object_migrator;
	uint32_t v;
	int i;

	if (argc == 0)
		return ctl_usage_error(obj, "migrator set: nothing to set");
	for (i = 0; i < argc; i++) {
		const char *kw = argv[i];

		if (strcmp(kw, "port") && strcmp(kw, "hold-time"))
			return ctl_usage_error(obj, "migrator set: unknown setting '%s'",
					       kw);
		if (i + 1 >= argc)
			return ctl_usage_error(obj, "migrator set: '%s' needs a value",
					       kw);
		if (!strcmp(kw, "hold-time")) {
			if (ctl_parse_u32(argv[++i], BATON_MIG_HOLD_MS_MAX, &v) ||
			    v < BATON_MIG_HOLD_MS_MIN)
				return ctl_usage_error(obj, "migrator set: invalid hold-time '%s' (%d to %d ms)",
						       argv[i], BATON_MIG_HOLD_MS_MIN,
						       BATON_MIG_HOLD_MS_MAX);
			if (nla_put_u32(msg, BATON_MIG_A_HOLD_MS, v))
				return -1;
			continue;
		}
		if (ctl_parse_u32(argv[++i], 65535, &v))
			return ctl_usage_error(obj, "migrator set: invalid port '%s' (0 to 65535)",
					       argv[i]);
		if (nla_put_u16(msg, BATON_MIG_A_PORT, (uint16_t)v))
			return -1;
	}
	return 0;
}

static int migrator_set(struct ctl *ctl, int argc, char **argv)
{
	return ctl_set(ctl, BATON_MIG_GENL_NAME, BATON_MIG_CMD_SET,
		       BATON_MIG_ATTR_CONFIG, migrator_set_args, argc, argv,
		       "cannot change the migrator settings");
}

static const struct ctl_verb migrator_verbs[] = {
	{ "show", NULL, "show the control port and the channels",
	  migrator_show },
	{ "set", "[port N] [hold-time MS]",
	  "open the control port N (0: close it); hold packets up to MS",
	  migrator_set },
	{ NULL, NULL, NULL, NULL },
};

const struct ctl_object ctl_object_migrator = {
	.name = "migrator",
	.help = "Show or change the settings of baton_migrator on a host: the\n"
		"control port balancers connect to, and how many are connected",
	.verbs = migrator_verbs,
	.default_verb = "show",
};
