// SPDX-License-Identifier: GPL-2.0
/*
 * baton_classifier: content rules, which choose the group of backends a
 * new connection goes to from what its client sent first.
 *
 * A service's rules are an ordered list.  A rule names a group and has
 * up to three conditions, all of which must hold:
 *  - host: the Host of an HTTP/1.x request head (or the authority of an
 *    absolute-form target), exactly or as "*.name" (one more label);
 *  - path prefix: the start of the request's path, byte for byte;
 *  - sni: the server name of a TLS ClientHello, exactly or as "*.name".
 * A rule without conditions matches everything.  The first rule that
 * matches gives the group; if none does (or the bytes are neither a
 * complete request head nor a ClientHello: the decision timeout or the
 * byte limit came first) the service's default group does.  The
 * scheduler then picks among that group's backends only; if none of
 * them can take the connection, it is reset and counted as "no backend":
 * a group is a promise about where the content goes, not a preference.
 *
 * A TLS connection is matched on its ClientHello and handed off still
 * encrypted: the backend terminates TLS.
 *
 * The sniffers (sniff.c) bound their work by the bytes given; the rules
 * cost one pass over the list per connection, under the netns's lock.
 * The functions are exported for the KUnit suite (rule_test.c) only.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ctype.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <baton/sniff.h>

#include "classifier.h"

/* What the sniffers found in a connection's first bytes. */
union baton_rule_sniff {
	struct baton_sniff_http http;
	struct baton_sniff_tls tls;
};

/**
 * baton_rule_sniff_alloc() - room for the sniffers' output, one per netns
 *
 * Return: the buffer (kfree() it), or NULL.
 */
union baton_rule_sniff *baton_rule_sniff_alloc(void)
{
	return kmalloc(sizeof(union baton_rule_sniff), GFP_KERNEL);
}
EXPORT_SYMBOL_GPL(baton_rule_sniff_alloc);

/**
 * baton_rule_group_valid() - whether a string is a group name
 * @name: NUL-terminated
 *
 * Return: true for 1 to BATON_GROUP_NAMSIZ - 1 characters of
 * [A-Za-z0-9_.-].
 */
bool baton_rule_group_valid(const char *name)
{
	size_t i;

	for (i = 0; name[i]; i++)
		if (!isalnum(name[i]) && !strchr("_.-", name[i]))
			return false;
	return i && i < BATON_GROUP_NAMSIZ;
}
EXPORT_SYMBOL_GPL(baton_rule_group_valid);

/**
 * baton_rule_insert() - add a rule to a service; under the lock
 * @svc: the service, with fewer than BATON_SVC_RULES_MAX rules
 * @rule: the rule, which the service owns from now on
 * @pos: its place, 1 for first; 0 or past the end: last
 */
void baton_rule_insert(struct baton_svc *svc, struct baton_rule *rule,
		       u32 pos)
{
	struct list_head *at = &svc->rules;
	struct baton_rule *r;
	u32 i = 1;

	if (pos)
		list_for_each_entry(r, &svc->rules, node)
			if (i++ == pos) {
				at = &r->node;
				break;
			}
	list_add_tail(&rule->node, at);
	svc->n_rules++;
}
EXPORT_SYMBOL_GPL(baton_rule_insert);

/**
 * baton_rule_free() - free a rule that is on no list
 * @rule: the rule, or NULL
 */
void baton_rule_free(struct baton_rule *rule)
{
	if (!rule)
		return;
	kfree(rule->host);
	kfree(rule->path);
	kfree(rule->sni);
	kfree(rule);
}

/**
 * baton_rule_delete() - delete a service's rule; under the lock
 * @svc: the service
 * @pos: the rule's place, from 1
 *
 * Return: 0, or -ENOENT if there is no such rule.
 */
int baton_rule_delete(struct baton_svc *svc, u32 pos)
{
	struct baton_rule *r;
	u32 i = 1;

	list_for_each_entry(r, &svc->rules, node)
		if (i++ == pos) {
			list_del(&r->node);
			svc->n_rules--;
			baton_rule_free(r);
			return 0;
		}
	return -ENOENT;
}
EXPORT_SYMBOL_GPL(baton_rule_delete);

/**
 * baton_rule_flush() - delete every rule of a service; under the lock
 * @svc: the service
 */
void baton_rule_flush(struct baton_svc *svc)
{
	struct baton_rule *r, *tmp;

	list_for_each_entry_safe(r, tmp, &svc->rules, node) {
		list_del(&r->node);
		baton_rule_free(r);
	}
	svc->n_rules = 0;
}
EXPORT_SYMBOL_GPL(baton_rule_flush);

/* What a rule can match on; NULL for what the bytes do not hold. */
struct baton_rule_input {
	const char *host;
	const u8 *path;
	size_t path_len;
	const char *sni;
};

static bool baton_rule_matches(const struct baton_rule *r,
			       const struct baton_rule_input *in)
{
	if (r->host && !(in->host && baton_sniff_host_match(r->host, in->host)))
		return false;
	if (r->path && !(in->path && in->path_len >= r->path_len &&
			 !memcmp(in->path, r->path, r->path_len)))
		return false;
	if (r->sni && !(in->sni && baton_sniff_host_match(r->sni, in->sni)))
		return false;
	return true;
}

/* Fill @in from the first @len bytes of a connection at @buf. */
static void baton_rule_input(struct baton_svc *svc, const u8 *buf,
			     size_t len, struct baton_rule_input *in)
{
	union baton_rule_sniff *s = svc->pn->sniff;

	memset(in, 0, sizeof(*in));
	switch (baton_sniff_http(buf, len, svc->head_max, &s->http)) {
	case BATON_SNIFF_DONE:
		if (s->http.host_len)
			in->host = s->http.host;
		/* an absolute-form target without a path stands for "/" */
		in->path = s->http.path_len ? buf + s->http.path_off :
					      (const u8 *)"/";
		in->path_len = s->http.path_len ?: 1;
		return;
	case BATON_SNIFF_NOT_THIS:
		break;
	default:
		return;
	}
	if (baton_sniff_tls(buf, len, &s->tls) == BATON_SNIFF_DONE &&
	    s->tls.sni_len)
		in->sni = s->tls.sni;
}

/**
 * baton_rule_select() - the group of a new connection; under the lock
 * @svc: its service
 * @buf: the bytes its client sent, as peeked
 * @len: how many
 *
 * Counts the match on the rule that matched.
 *
 * Return: the group name, valid until the lock is dropped.
 */
const char *baton_rule_select(struct baton_svc *svc, const u8 *buf,
			      size_t len)
{
	struct baton_rule_input in;
	struct baton_rule *r;

	if (list_empty(&svc->rules))
		return svc->default_group;
	baton_rule_input(svc, buf, len, &in);
	list_for_each_entry(r, &svc->rules, node)
		if (baton_rule_matches(r, &in)) {
			r->matched++;
			return r->group;
		}
	return svc->default_group;
}
EXPORT_SYMBOL_GPL(baton_rule_select);
