// SPDX-License-Identifier: GPL-2.0
/*
 * batonctl: the save and restore commands.
 *
 *	save
 *	restore [FILE]
 *
 * "save" prints the configuration of baton in the network namespace as
 * batonctl commands, one per line, that "restore" (or "batonctl -b")
 * applies to a namespace without any to get the same configuration
 * back.  In this order:
 *
 *	# batonctl save: ...			comments
 *	tunnel set local ADDR4 local ADDR6 max-flows N timeout SECS
 *	tunnel set forwarder add ADDR		one line per forwarder
 *	migrator set port N hold-time MS
 *	service add VIP:PORT head-max N decide-timeout MS sched S default-group G
 *	backend add VIP:PORT HOST[:CTLPORT] weight N group G	below its service
 *	rule add VIP:PORT [host H] [path-prefix P] [sni S] group G	then its rules
 *
 * so that the tunnel comes before what uses it, and each service before
 * its backends, in the order the kernel lists them (the order of "rr").
 * Settings at their default values are written too, so that the file
 * says what it restores (an unset local address as 0.0.0.0 or ::); a
 * backend's control port only when it is not the default.  A value the
 * module does not report is left out, and the module's default applies.
 *
 * Flows are not saved: they are runtime state, made by the classifier
 * (and by hand for tests), that a new namespace does not want.
 *
 * A module that is not loaded is skipped, with a comment saying so, and
 * is not loaded for the asking.  What batonctl cannot write as a command
 * (encap and decap tables of different limits or timeouts, a scheduler
 * it does not know) is saved as near as it can, with a warning comment
 * and a warning on stderr.  Everything is read before anything is
 * printed: a failure prints no configuration.
 *
 * "restore" is "batonctl -b FILE", FILE "-" or none for stdin, except
 * that a failing line is reported as "restore: line N: COMMAND" after
 * the command's own message (the kernel's extended ACK text when it
 * refused) and makes the exit status 1, whatever the command's.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/baton.h>

#include "batonctl.h"

#define SAVE_TAG	"# batonctl save: "

/* What "save" read; the family IDs are -ENOENT for an absent module. */
struct save_state {
	int tunnel_id;
	int mig_id;
	int cls_id;
	struct ctl_tunnel_info tunnel;
	struct ctl_mig_info mig;
	struct ctl_svc_list svcs;
	struct ctl_rule_list rules;
};

/* Longest warning of "save". */
#define SAVE_WARN_MAX	256

/* Print warning @msg on stderr, and as a comment in the saved file. */
static void save_warn(const char *msg)
{
	ctl_err("save: warning: %s", msg);
	printf(SAVE_TAG "warning: %s\n", msg);
}

static void save_header(const struct ctl *ctl)
{
	if (ctl->netns)
		printf(SAVE_TAG "the baton configuration of network namespace %s\n",
		       ctl->netns);
	else
		printf(SAVE_TAG "the baton configuration of this network namespace\n");
	printf(SAVE_TAG "flows are not saved: they are runtime state, made by the classifier\n"
	       SAVE_TAG "apply to a namespace without configuration: batonctl restore FILE\n");
}

static void save_skipped(const char *module, const char *what)
{
	printf(SAVE_TAG "%s is not loaded: no %s\n", module, what);
}

/*
 * The value to save of a setting of both tables, @v (encap, decap),
 * which "tunnel set" sets at once: 0 if neither is reported, the larger
 * (and a warning) if they differ.
 */
static uint32_t save_both(const char *name, const uint32_t *v)
{
	char msg[SAVE_WARN_MAX];

	if (v[0] && v[1] && v[0] != v[1]) {
		snprintf(msg, sizeof(msg),
			 "the encap and decap %s differ (%u and %u); 'tunnel set' sets both: saved the larger",
			 name, (unsigned int)v[0], (unsigned int)v[1]);
		save_warn(msg);
	}
	return v[0] > v[1] ? v[0] : v[1];
}

static void save_tunnel(const struct ctl_tunnel_info *ti)
{
	uint32_t max = save_both("max-flows", ti->max);
	uint32_t timeout = save_both("timeout", ti->timeout);
	unsigned int i;

	printf("tunnel set local %s local %s",
	       ti->local4[0] ? ti->local4 : "0.0.0.0",
	       ti->local6[0] ? ti->local6 : "::");
	if (max)
		printf(" max-flows %u", (unsigned int)max);
	if (timeout)
		printf(" timeout %u", (unsigned int)timeout);
	putchar('\n');
	for (i = 0; i < ti->n_forwarders; i++)
		printf("tunnel set forwarder add %s\n", ti->forwarders[i]);
}

static void save_migrator(const struct ctl_mig_info *mi)
{
	printf("migrator set port %u", mi->port);
	if (mi->hold_ms)
		printf(" hold-time %u", (unsigned int)mi->hold_ms);
	putchar('\n');
}

/* "backend add" of @b, a backend of service @svc ("VIP:PORT"). */
static void save_backend(const char *svc, const struct ctl_be_info *b)
{
	bool port = b->ctl_port && b->ctl_port != BATON_CTL_PORT_DEFAULT;

	printf("backend add %s %s", svc, port ? b->host : b->addr);
	if (b->has_weight)
		printf(" weight %u", (unsigned int)b->weight);
	if (b->group[0])
		printf(" group %s", b->group);
	putchar('\n');
}

/* "rule add" of each rule of service @svc ("VIP:PORT"), in order. */
static void save_rules(const char *svc, const struct ctl_rule_list *rules)
{
	const struct ctl_rule_info *r;
	size_t i;

	for (i = 0; i < rules->n; i++) {
		r = &rules->rules[i];
		if (strcmp(r->service, svc) || !r->group)
			continue;
		printf("rule add %s", svc);
		if (r->host)
			printf(" host %s", r->host);
		if (r->path)
			printf(" path-prefix %s", r->path);
		if (r->sni)
			printf(" sni %s", r->sni);
		printf(" group %s\n", r->group);
	}
}

/* "service add" of @s, then its backends and its rules. */
static void save_service(const struct ctl_svc_info *s,
			 const struct ctl_rule_list *rules)
{
	char svc[CTL_ENDPOINT_STR], msg[SAVE_WARN_MAX];
	const char *sched = NULL;
	size_t i;

	ctl_format_endpoint(s->key, s->key_len, s->port, svc, sizeof(svc));
	if (s->has_sched) {
		sched = ctl_sched_name(s->sched);
		if (!sched) {
			snprintf(msg, sizeof(msg),
				 "service %s: unknown scheduler %u: not saved",
				 svc, s->sched);
			save_warn(msg);
		}
	}
	printf("service add %s", svc);
	if (s->head_max)
		printf(" head-max %u", (unsigned int)s->head_max);
	if (s->decide_ms)
		printf(" decide-timeout %u", (unsigned int)s->decide_ms);
	if (sched)
		printf(" sched %s", sched);
	if (s->default_group[0])
		printf(" default-group %s", s->default_group);
	putchar('\n');
	for (i = 0; i < s->n_backends; i++)
		save_backend(svc, &s->backends[i]);
	save_rules(svc, rules);
}

/* Read what the loaded modules have into @st.  An enum ctl_exit value. */
static int save_read(struct ctl *ctl, struct save_state *st)
{
	int ret = CTL_EXIT_OK;

	st->tunnel_id = ctl_family_peek(ctl, BATON_TUNNEL_GENL_NAME);
	st->mig_id = ctl_family_peek(ctl, BATON_MIG_GENL_NAME);
	st->cls_id = ctl_family_peek(ctl, BATON_CLS_GENL_NAME);
	if ((st->tunnel_id < 0 && st->tunnel_id != -ENOENT) ||
	    (st->mig_id < 0 && st->mig_id != -ENOENT) ||
	    (st->cls_id < 0 && st->cls_id != -ENOENT))
		return CTL_EXIT_FAIL;

	if (st->tunnel_id > 0)
		ret = ctl_tunnel_get(ctl, &st->tunnel);
	if (!ret && st->mig_id > 0)
		ret = ctl_migrator_get(ctl, &st->mig);
	st->svcs.rules = &st->rules;	/* in the same dump */
	if (!ret && st->cls_id > 0)
		ret = ctl_service_dump(ctl, &st->svcs);
	return ret;
}

static void save_print(const struct ctl *ctl, const struct save_state *st)
{
	size_t i;

	save_header(ctl);
	if (st->tunnel_id > 0)
		save_tunnel(&st->tunnel);
	else
		save_skipped("baton_tunnel", "tunnel settings");
	if (st->mig_id > 0)
		save_migrator(&st->mig);
	else
		save_skipped("baton_migrator", "migrator settings");
	if (st->cls_id < 0)
		save_skipped("baton_classifier", "services");
	else if (!st->svcs.n)
		printf(SAVE_TAG "no services\n");
	for (i = 0; i < st->svcs.n; i++)
		save_service(&st->svcs.svcs[i], &st->rules);
}

static int save_run(struct ctl *ctl, int argc, char **argv)
{
	const struct ctl_object *obj = &ctl_object_save;
	struct save_state st;
	int ret;

	if (argc > 0)
		return ctl_usage_error(obj, "save: unexpected argument '%s'",
				       argv[0]);
	if (ctl->json)
		return ctl_usage_error(obj,
				       "save: no JSON output (-j): the configuration is saved as batonctl commands");
	memset(&st, 0, sizeof(st));
	ret = save_read(ctl, &st);
	if (!ret)
		save_print(ctl, &st);
	ctl_svc_list_free(&st.svcs);
	ctl_rule_list_free(&st.rules);
	return ret;
}

static int restore_run(struct ctl *ctl, int argc, char **argv)
{
	const struct ctl_object *obj = &ctl_object_restore;

	if (argc > 1)
		return ctl_usage_error(obj, "restore: unexpected argument '%s'",
				       argv[1]);
	if (ctl->in_file)
		return ctl_usage_error(obj, "restore: not from a batch or restore file");
	return ctl_run_file(ctl, argc > 0 ? argv[0] : "-", true);
}

static const struct ctl_verb save_verbs[] = {
	{ "save", NULL, "print the configuration as batonctl commands",
	  save_run },
	{ NULL, NULL, NULL, NULL },
};

static const struct ctl_verb restore_verbs[] = {
	{ "restore", "[FILE]",
	  "apply a file of 'save' (FILE \"-\" or none: stdin)", restore_run },
	{ NULL, NULL, NULL, NULL },
};

const struct ctl_object ctl_object_save = {
	.name = "save",
	.help = "Print the configuration of baton in the network namespace as\n"
		"batonctl commands, one per line, for 'batonctl restore': the tunnel\n"
		"settings, the migrator settings, and each service with its\n"
		"backends.  Flows are not saved: they are runtime state.  A module\n"
		"that is not loaded is skipped, with a comment line saying so",
	.verbs = save_verbs,
	.command = true,
};

const struct ctl_object ctl_object_restore = {
	.name = "restore",
	.help = "Apply a file written by 'batonctl save' (FILE \"-\" or none:\n"
		"standard input) to a network namespace without configuration: run\n"
		"its commands as -b does, and stop at the first that fails, reported\n"
		"as 'restore: line N: COMMAND' with exit status 1",
	.verbs = restore_verbs,
	.command = true,
};
