// SPDX-License-Identifier: GPL-2.0
/*
 * baton_classifier: the schedulers, which choose the backend of a new
 * connection.
 *
 * A backend can take a connection when its weight is not 0 (weight 0
 * drains it: its connections live on, it gets no new one), its control
 * channel is up, its health checker (if any) does not say it is down,
 * and it has a tunnel address of the client's family.
 * Among those:
 *  - rr: round robin, in the order the backends were added;
 *  - wrr: smooth weighted round robin.  Each pick adds every backend's
 *    weight to its credit and takes the one with the most, which pays
 *    back the sum of the weights: over any run of sum-of-weights picks
 *    (with the same backends able) each backend gets exactly its weight,
 *    spread out rather than in bursts;
 *  - lc: the fewest connections (acknowledged and not yet ended, plus
 *    blobs in flight) per unit of weight; ties go round robin;
 *  - maglev: consistent hashing of the client's 4-tuple into a Maglev
 *    table (maglev.c) of the backends of weight above 0, rebuilt when
 *    they or their weights change.  A flow whose entry's backend cannot
 *    take it (its channel is down) goes to the next entry's: only the
 *    flows of that backend move, and they come back with it.  The hash
 *    is keyed with a constant, so that every balancer with the same
 *    backends sends a client to the same host.  The groups of a service
 *    share its table: a connection for a group takes the first entry
 *    from its slot on whose backend is of that group, so that the group
 *    is spread by weight too.
 *
 * With content rules, only the backends of the connection's group take
 * part (rule.c), in each scheduler.
 *
 * Everything here runs under the netns's lock, in process context.  The
 * functions are exported for the KUnit suite (sched_test.c) only.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jhash.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/siphash.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include <baton/maglev.h>

#include "classifier.h"

/**
 * struct baton_svc_maglev - a maglev scheduler's table
 * @n: backends in the table
 * @be: the backends, by the indexes in @table
 * @table: BATON_MAGLEV_SIZE entries
 */
struct baton_svc_maglev {
	u32 n;
	struct baton_be **be;
	u16 *table;
};

/* The same on every balancer: a client goes to the same host from any. */
static const siphash_key_t baton_sched_hash_key = {{
	0x6261746f6e2d6d61ULL, 0x676c65762d686173ULL
}};

static bool baton_sched_able(const struct baton_be *be, u8 family,
			     const char *group)
{
	if (!be->weight || be->state != BATON_BE_STATE_UP ||
	    be->health == BATON_BE_HEALTH_DOWN ||
	    (group && strcmp(be->group, group)))
		return false;
	return family == AF_INET ? !!be->tun4 : !ipv6_addr_any(&be->tun6);
}

static struct baton_be *baton_sched_rr(struct baton_svc *svc, u8 family,
				       const char *group)
{
	unsigned int i = 0, n = svc->n_backends, start, first_i = 0;
	struct baton_be *be, *first = NULL;

	if (!n)
		return NULL;
	start = svc->rr % n;
	/* The first able backend at or after the cursor, else before it. */
	list_for_each_entry(be, &svc->backends, node) {
		if (baton_sched_able(be, family, group)) {
			if (i >= start) {
				svc->rr = i + 1;
				return be;
			}
			if (!first) {
				first = be;
				first_i = i;
			}
		}
		i++;
	}
	if (first)
		svc->rr = first_i + 1;
	return first;
}

static struct baton_be *baton_sched_wrr(struct baton_svc *svc, u8 family,
					const char *group)
{
	struct baton_be *be, *best = NULL;
	s64 total = 0;

	list_for_each_entry(be, &svc->backends, node) {
		if (!baton_sched_able(be, family, group))
			continue;
		be->wrr_credit += be->weight;
		total += be->weight;
		if (!best || be->wrr_credit > best->wrr_credit)
			best = be;
	}
	if (best)
		best->wrr_credit -= total;
	return best;
}

static struct baton_be *baton_sched_lc(struct baton_svc *svc, u8 family,
				       const char *group)
{
	unsigned int i = 0, n = svc->n_backends, start = n ? svc->rr % n : 0;
	struct baton_be *be, *best = NULL;
	unsigned int best_i = 0;
	u64 load, best_load = 0;

	list_for_each_entry(be, &svc->backends, node) {
		if (!baton_sched_able(be, family, group)) {
			i++;
			continue;
		}
		/* (active + in flight) / weight, compared without dividing */
		load = (u64)(be->active + be->n_inflight) * BATON_BE_WEIGHT_MAX /
		       be->weight;
		/* Ties: the first at or after the round-robin cursor. */
		if (!best || load < best_load ||
		    (load == best_load && best_i < start && i >= start)) {
			best = be;
			best_i = i;
			best_load = load;
		}
		i++;
	}
	if (best)
		svc->rr = best_i + 1;
	return best;
}

static u32 baton_sched_hash(const struct baton_tuple *t)
{
	const u32 *c = (__force const u32 *)t->client.s6_addr32;
	const u32 *v = (__force const u32 *)t->vip.s6_addr32;

	return (u32)siphash_4u64(((u64)c[0] << 32) | c[1],
				 ((u64)c[2] << 32) | c[3],
				 ((u64)v[2] << 32) | v[3],
				 ((u64)ntohs(t->cport) << 16) | ntohs(t->vport),
				 &baton_sched_hash_key);
}

static struct baton_be *baton_sched_maglev(struct baton_svc *svc,
					   const struct baton_tuple *t,
					   const char *group)
{
	const struct baton_svc_maglev *m = svc->maglev;
	u32 i, k, slot;

	if (!m)
		return NULL;
	/* Probing below ends only on an able backend: is there one? */
	for (i = 0; i < m->n; i++)
		if (baton_sched_able(m->be[i], t->family, group))
			break;
	if (i == m->n)
		return NULL;
	/* The entry baton_maglev_lookup() reads, then those after it. */
	slot = baton_sched_hash(t) % BATON_MAGLEV_SIZE;
	for (k = 0; k < BATON_MAGLEV_SIZE; k++) {
		struct baton_be *be = m->be[m->table[slot]];

		if (baton_sched_able(be, t->family, group))
			return be;
		if (++slot == BATON_MAGLEV_SIZE)
			slot = 0;
	}
	return NULL;
}

/**
 * baton_sched_pick() - choose the backend of a new connection
 * @svc: its service
 * @tuple: the connection's client and VIP
 * @group: the group it must go to (content rules), or NULL for any
 *
 * Return: the backend, or NULL if none can take it.
 */
struct baton_be *baton_sched_pick(struct baton_svc *svc,
				  const struct baton_tuple *tuple,
				  const char *group)
{
	switch (svc->sched) {
	case BATON_SCHED_WRR:
		return baton_sched_wrr(svc, tuple->family, group);
	case BATON_SCHED_LC:
		return baton_sched_lc(svc, tuple->family, group);
	case BATON_SCHED_MAGLEV:
		/* Without its table (no memory when it was built): rr. */
		if (svc->maglev)
			return baton_sched_maglev(svc, tuple, group);
		fallthrough;
	default:
		return baton_sched_rr(svc, tuple->family, group);
	}
}
EXPORT_SYMBOL_GPL(baton_sched_pick);

/**
 * baton_sched_lookup() - where a new connection from a client would go,
 *	for a scheduler that depends on the client alone
 * @svc: the service, with the maglev scheduler
 * @tuple: the client and VIP
 * @group: the group it would go to, or NULL for any
 *
 * Nothing changes.
 *
 * Return: the backend, or NULL if none can take the connection.
 */
struct baton_be *baton_sched_lookup(struct baton_svc *svc,
				    const struct baton_tuple *tuple,
				    const char *group)
{
	return baton_sched_maglev(svc, tuple, group);
}
EXPORT_SYMBOL_GPL(baton_sched_lookup);

static void baton_sched_maglev_free(struct baton_svc_maglev *m)
{
	if (!m)
		return;
	kvfree(m->table);
	kfree(m->be);
	kfree(m);
}

/* A backend's name in the table: its control address and port. */
static u64 baton_sched_be_key(const struct baton_be *be)
{
	const u32 *a = (__force const u32 *)be->addr.s6_addr32;

	return ((u64)jhash2(a, 4, be->ctl_port) << 32) |
	       jhash2(a, 4, ~(u32)be->ctl_port);
}

static int baton_sched_maglev_build(struct baton_svc *svc,
				    struct baton_svc_maglev **res)
{
	struct baton_maglev_backend *in = NULL;
	struct baton_maglev_work *work = NULL;
	struct baton_svc_maglev *m;
	struct baton_be *be;
	int err = -ENOMEM;
	u32 n = 0;

	*res = NULL;
	list_for_each_entry(be, &svc->backends, node)
		n += !!be->weight;
	if (!n)
		return 0;

	m = kzalloc(sizeof(*m), GFP_KERNEL);
	if (!m)
		return -ENOMEM;
	m->be = kcalloc(n, sizeof(*m->be), GFP_KERNEL);
	m->table = kvmalloc_array(BATON_MAGLEV_SIZE, sizeof(*m->table),
				  GFP_KERNEL);
	in = kcalloc(n, sizeof(*in), GFP_KERNEL);
	work = kcalloc(n, sizeof(*work), GFP_KERNEL);
	if (!m->be || !m->table || !in || !work)
		goto out;

	list_for_each_entry(be, &svc->backends, node) {
		if (!be->weight)
			continue;
		m->be[m->n] = be;
		in[m->n].key = baton_sched_be_key(be);
		in[m->n].weight = be->weight;
		m->n++;
	}
	err = baton_maglev_build(m->table, BATON_MAGLEV_SIZE, in, n, work);
	if (!err) {
		*res = m;
		m = NULL;
	}
out:
	kfree(work);
	kfree(in);
	baton_sched_maglev_free(m);
	return err;
}

/**
 * baton_sched_update() - the backends of a service, or their weights,
 *	or its scheduler changed
 * @svc: the service
 *
 * Rebuilds the maglev table.  On failure the old table is dropped all
 * the same (it may name a backend that is gone), and the service uses
 * round robin until the next update.
 *
 * Return: 0 or -ENOMEM.
 */
int baton_sched_update(struct baton_svc *svc)
{
	struct baton_svc_maglev *m = NULL;
	struct baton_be *be;
	int err = 0;

	/* Weights changed: the weighted round robin starts afresh. */
	list_for_each_entry(be, &svc->backends, node)
		be->wrr_credit = 0;
	if (svc->sched == BATON_SCHED_MAGLEV)
		err = baton_sched_maglev_build(svc, &m);
	baton_sched_maglev_free(svc->maglev);
	svc->maglev = m;
	return err;
}
EXPORT_SYMBOL_GPL(baton_sched_update);

/**
 * baton_sched_free() - free what the scheduler of a service holds
 * @svc: the service, being deleted
 */
void baton_sched_free(struct baton_svc *svc)
{
	baton_sched_maglev_free(svc->maglev);
	svc->maglev = NULL;
}
EXPORT_SYMBOL_GPL(baton_sched_free);
