// SPDX-License-Identifier: GPL-2.0
/*
 * baton_tunnel: the flow mapping table.
 *
 * Every flow sits in two rhashtables, one keyed by its tuple and one by
 * its ID key.  Readers look up either index under RCU without locks.
 * Writers take the table's spinlock, so the pair of indexes changes as
 * one with respect to other writers; a reader may still see a flow in
 * one index a moment before or after the other.  Flows are freed with
 * kfree_rcu() once out of both indexes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/jiffies.h>
#include <linux/minmax.h>
#include <linux/module.h>
#include <linux/rhashtable.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include <baton/flow.h>

#include "tunnel.h"

/* Entries the collector visits before it lets the CPU go. */
#define BATON_FLOW_GC_BATCH	256

static const struct rhashtable_params baton_flow_tuple_params = {
	.head_offset = offsetof(struct baton_flow, tuple_node),
	.key_offset = offsetof(struct baton_flow, tuple),
	.key_len = sizeof(struct baton_tuple),
	.automatic_shrinking = true,
};

/* Balancer side: an ID is unique in the netns whatever the peer. */
static const struct rhashtable_params baton_flow_id_params = {
	.head_offset = offsetof(struct baton_flow, id_node),
	.key_offset = offsetof(struct baton_flow, key.id),
	.key_len = sizeof(u32),
	.automatic_shrinking = true,
};

/* Host side: each forwarder allocates its own IDs. */
static const struct rhashtable_params baton_flow_peer_id_params = {
	.head_offset = offsetof(struct baton_flow, id_node),
	.key_offset = offsetof(struct baton_flow, key),
	.key_len = sizeof(struct baton_flow_key),
	.automatic_shrinking = true,
};

static void baton_flow_layout_check(void)
{
	/* Keys are hashed as raw bytes and hashed as u32 words. */
	BUILD_BUG_ON(sizeof(struct baton_tuple) != 40);
	BUILD_BUG_ON(sizeof(struct baton_flow_key) != 20);
	/* One kmalloc-128 object per flow: see the README. */
	BUILD_BUG_ON(sizeof(struct baton_flow) > 128);
}

/**
 * baton_flow_alloc() - allocate a flow
 * @gfp: allocation flags
 *
 * The flow is zeroed, in state BATON_FLOW_STATE_PENDING, and stamped as
 * created and last seen now.  Fill in its tuple and key, then insert it
 * with baton_flow_insert().
 *
 * Return: the flow, or NULL.
 */
struct baton_flow *baton_flow_alloc(gfp_t gfp)
{
	struct baton_flow *flow;

	flow = kzalloc(sizeof(*flow), gfp);
	if (!flow)
		return NULL;

	flow->state = BATON_FLOW_STATE_PENDING;
	flow->created = get_jiffies_64();
	flow->last_seen = jiffies;
	return flow;
}
EXPORT_SYMBOL_GPL(baton_flow_alloc);

/**
 * baton_flow_free() - free a flow that is in no table
 * @flow: the flow, or NULL
 *
 * The memory is released after an RCU grace period, so this is also the
 * way to free a flow whose insertion failed: it may have been visible to
 * readers for a moment.
 */
void baton_flow_free(struct baton_flow *flow)
{
	if (flow)
		kfree_rcu(flow, rcu);
}
EXPORT_SYMBOL_GPL(baton_flow_free);

static void baton_flow_free_fn(void *ptr, void *arg)
{
	baton_flow_free(ptr);
}

/* The flow with this ID key; under RCU or the table lock. */
static struct baton_flow *baton_flow_find_key(struct baton_flow_table *table,
					      const struct baton_flow_key *key)
{
	if (!table->id_per_peer)
		return rhashtable_lookup(&table->by_id, &key->id,
					 baton_flow_id_params);
	return rhashtable_lookup(&table->by_id, key, baton_flow_peer_id_params);
}

/**
 * baton_flow_lookup_tuple() - find a flow by client connection
 * @table: the table
 * @tuple: the connection, built by baton_tuple_init4() or _init6()
 *
 * Context: under rcu_read_lock(); the flow stays valid until
 * rcu_read_unlock().
 * Return: the flow, or NULL.
 */
struct baton_flow *baton_flow_lookup_tuple(struct baton_flow_table *table,
					   const struct baton_tuple *tuple)
{
	return rhashtable_lookup(&table->by_tuple, tuple,
				 baton_flow_tuple_params);
}
EXPORT_SYMBOL_GPL(baton_flow_lookup_tuple);

/**
 * baton_flow_lookup_id() - find a flow by peer and flow ID
 * @table: the table
 * @peer: the peer (IPv4 as v4-mapped); ignored, and may be NULL, on a
 *	table that was initialised with !id_per_peer
 * @id: the flow ID
 *
 * On a table without id_per_peer the flow found may belong to another
 * peer: check flow->key.peer if that matters.
 *
 * Context: under rcu_read_lock(); the flow stays valid until
 * rcu_read_unlock().
 * Return: the flow, or NULL.
 */
struct baton_flow *baton_flow_lookup_id(struct baton_flow_table *table,
					const struct in6_addr *peer, u32 id)
{
	struct baton_flow_key key;

	if (!table->id_per_peer)
		return rhashtable_lookup(&table->by_id, &id,
					 baton_flow_id_params);

	key.peer = *peer;
	key.id = id;
	return rhashtable_lookup(&table->by_id, &key,
				 baton_flow_peer_id_params);
}
EXPORT_SYMBOL_GPL(baton_flow_lookup_id);

static int baton_flow_insert_id(struct baton_flow_table *table,
				struct baton_flow *flow)
{
	if (!table->id_per_peer)
		return rhashtable_insert_fast(&table->by_id, &flow->id_node,
					      baton_flow_id_params);
	return rhashtable_insert_fast(&table->by_id, &flow->id_node,
				      baton_flow_peer_id_params);
}

static int baton_flow_remove_id(struct baton_flow_table *table,
				struct baton_flow *flow)
{
	if (!table->id_per_peer)
		return rhashtable_remove_fast(&table->by_id, &flow->id_node,
					      baton_flow_id_params);
	return rhashtable_remove_fast(&table->by_id, &flow->id_node,
				      baton_flow_peer_id_params);
}

/*
 * Check, then add @flow to both indexes: either it goes into both, or
 * into neither.  Writers are serialised by the table lock, held here,
 * so checking both indexes first leaves only allocation failures to
 * undo.
 */
static int baton_flow_insert_locked(struct baton_flow_table *table,
				    struct baton_flow *flow)
{
	int err;

	lockdep_assert_held(&table->lock);
	rcu_read_lock();
	if (rhashtable_lookup(&table->by_tuple, &flow->tuple,
			      baton_flow_tuple_params) ||
	    baton_flow_find_key(table, &flow->key))
		err = -EEXIST;
	else if (atomic_read(&table->count) >= READ_ONCE(table->max))
		err = -ENOSPC;
	else
		err = 0;
	rcu_read_unlock();
	if (err)
		return err;

	err = rhashtable_insert_fast(&table->by_tuple, &flow->tuple_node,
				     baton_flow_tuple_params);
	if (err)
		return err;

	err = baton_flow_insert_id(table, flow);
	if (err) {
		rhashtable_remove_fast(&table->by_tuple, &flow->tuple_node,
				       baton_flow_tuple_params);
		return err;
	}
	atomic_inc(&table->count);
	WRITE_ONCE(table->gen, table->gen + 1);
	return 0;
}

static bool baton_flow_family_ok(const struct baton_flow *flow)
{
	return flow->tuple.family == AF_INET || flow->tuple.family == AF_INET6;
}

/**
 * baton_flow_insert() - add a flow to both indexes of a table
 * @table: the table
 * @flow: a flow from baton_flow_alloc(), tuple and key filled in
 *
 * Either the flow goes into both indexes, or into neither.  On success
 * the table owns the flow.  On failure the caller still owns it and must
 * release it with baton_flow_free(), not kfree().
 *
 * Context: any context; takes the table lock with BHs disabled.
 * Return: 0; -EINVAL for a tuple family other than AF_INET/AF_INET6 or
 * a zero flow ID; -EEXIST if the tuple or the ID key is already in the
 * table; -ENOSPC if the table is full; or an rhashtable error.
 */
int baton_flow_insert(struct baton_flow_table *table, struct baton_flow *flow)
{
	int err;

	if (flow->key.id == BATON_FLOWID_INVALID || !baton_flow_family_ok(flow))
		return -EINVAL;

	spin_lock_bh(&table->lock);
	err = baton_flow_insert_locked(table, flow);
	spin_unlock_bh(&table->lock);
	return err;
}
EXPORT_SYMBOL_GPL(baton_flow_insert);

/* A wrapped counter may hand out an ID still held by a long-lived flow. */
#define BATON_FLOW_ID_TRIES	8

/**
 * baton_flow_insert_new() - add a flow under a newly allocated flow ID
 * @table: the table
 * @flow: a flow from baton_flow_alloc(), tuple and peer filled in; its
 *	ID is set here
 * @net: the netns whose flow ID counter allocates (baton_flowid_alloc())
 *
 * An ID that is still in use (the counter wrapped around a flow that
 * lives on) is passed over for the next, a few times.  Ownership is as
 * for baton_flow_insert().
 *
 * Context: any context; takes the table lock with BHs disabled.
 * Return: 0; -EINVAL for a bad tuple family; -EEXIST if the tuple is
 * already mapped, or no free ID was found; -ENOSPC if the table is full;
 * or an rhashtable error.
 */
int baton_flow_insert_new(struct baton_flow_table *table,
			  struct baton_flow *flow, const struct net *net)
{
	int tries, err;

	if (!baton_flow_family_ok(flow))
		return -EINVAL;

	spin_lock_bh(&table->lock);
	for (tries = 0; tries < BATON_FLOW_ID_TRIES; tries++) {
		flow->key.id = baton_flowid_alloc(net);
		err = baton_flow_insert_locked(table, flow);
		if (err != -EEXIST)
			break;
		rcu_read_lock();
		if (rhashtable_lookup(&table->by_tuple, &flow->tuple,
				      baton_flow_tuple_params))
			tries = BATON_FLOW_ID_TRIES;
		rcu_read_unlock();
	}
	spin_unlock_bh(&table->lock);
	return err;
}
EXPORT_SYMBOL_GPL(baton_flow_insert_new);

/**
 * baton_flow_remove() - take a flow out of its table and free it
 * @table: the table
 * @flow: the flow, found under RCU or otherwise known to be valid
 *
 * Safe against concurrent removal of the same flow: only one caller
 * removes it, the others get -ENOENT.  The memory is freed after an RCU
 * grace period, so readers that found the flow can finish with it.
 *
 * Context: any context; takes the table lock with BHs disabled.
 * Return: 0, or -ENOENT if the flow was not in the table.
 */
int baton_flow_remove(struct baton_flow_table *table, struct baton_flow *flow)
{
	int err;

	spin_lock_bh(&table->lock);
	err = rhashtable_remove_fast(&table->by_tuple, &flow->tuple_node,
				     baton_flow_tuple_params);
	if (!err) {
		WARN_ON_ONCE(baton_flow_remove_id(table, flow));
		atomic_dec(&table->count);
		WRITE_ONCE(table->gen, table->gen + 1);
	}
	spin_unlock_bh(&table->lock);

	if (!err)
		baton_flow_free(flow);
	return err;
}
EXPORT_SYMBOL_GPL(baton_flow_remove);

static bool baton_flow_idle(const struct baton_flow *flow, unsigned long now,
			    unsigned long timeout)
{
	return time_after(now, READ_ONCE(flow->last_seen) + timeout);
}

/**
 * baton_flow_table_walk() - remove the flows a predicate says are done
 * @table: the table
 * @done: called on each flow, under RCU: true to remove it
 * @arg: passed to @done
 *
 * A flow removed by someone else during the walk, or missed because the
 * walk yielded the CPU just after removing its neighbour, is left to the
 * next pass.
 *
 * Context: process context; may sleep.
 * Return: the number of flows removed.
 */
unsigned int baton_flow_table_walk(struct baton_flow_table *table,
				   bool (*done)(struct baton_flow *flow,
						void *arg),
				   void *arg)
{
	struct rhashtable_iter iter;
	struct baton_flow *flow;
	unsigned int removed = 0;
	unsigned int seen = 0;

	might_sleep();

	rhashtable_walk_enter(&table->by_tuple, &iter);
	rhashtable_walk_start(&iter);
	while ((flow = rhashtable_walk_next(&iter))) {
		if (IS_ERR(flow)) {
			/* A resize rewound the walk: just go on. */
			if (PTR_ERR(flow) == -EAGAIN)
				continue;
			break;
		}

		if (done(flow, arg) && !baton_flow_remove(table, flow))
			removed++;

		if (++seen == BATON_FLOW_GC_BATCH) {
			seen = 0;
			rhashtable_walk_stop(&iter);
			cond_resched();
			rhashtable_walk_start(&iter);
		}
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);

	return removed;
}
EXPORT_SYMBOL_GPL(baton_flow_table_walk);

struct baton_flow_gc_arg {
	unsigned long now;
	unsigned long timeout;
};

static bool baton_flow_gc_done(struct baton_flow *flow, void *arg)
{
	const struct baton_flow_gc_arg *gc = arg;

	return baton_flow_idle(flow, gc->now, gc->timeout);
}

/**
 * baton_flow_table_gc() - remove the flows idle longer than the timeout
 * @table: the table
 * @now: the current time in jiffies (tests pass a fake clock)
 *
 * A flow is idle when more than the table's timeout has passed between
 * its last_seen and @now.
 *
 * Context: process context; may sleep.
 * Return: the number of flows removed.
 */
unsigned int baton_flow_table_gc(struct baton_flow_table *table,
				 unsigned long now)
{
	struct baton_flow_gc_arg gc = {
		.now = now,
		.timeout = (unsigned long)READ_ONCE(table->timeout) * HZ,
	};

	return baton_flow_table_walk(table, baton_flow_gc_done, &gc);
}
EXPORT_SYMBOL_GPL(baton_flow_table_gc);

/* A tenth of the timeout, within [1 s, 30 s]. */
static unsigned long baton_flow_gc_interval(const struct baton_flow_table *table)
{
	unsigned long interval = (unsigned long)READ_ONCE(table->timeout) * HZ / 10;

	return clamp_t(unsigned long, interval, HZ, 30 * HZ);
}

static void baton_flow_gc_worker(struct work_struct *work)
{
	struct baton_flow_table *table =
		container_of(to_delayed_work(work), struct baton_flow_table,
			     gc_work);

	baton_flow_table_gc(table, jiffies);
	queue_delayed_work(system_power_efficient_wq, &table->gc_work,
			   baton_flow_gc_interval(table));
}

/**
 * baton_flow_table_init() - initialise a flow table and start its GC
 * @table: the table
 * @id_per_peer: key the ID index by (peer, ID) rather than by ID alone
 * @max: most flows allowed, 0 for BATON_FLOW_MAX_DEFAULT
 *
 * Context: process context.
 * Return: 0, -EINVAL if @max is above BATON_FLOW_MAX_LIMIT, or -ENOMEM.
 */
int baton_flow_table_init(struct baton_flow_table *table, bool id_per_peer,
			  unsigned int max)
{
	int err;

	baton_flow_layout_check();

	if (!max)
		max = BATON_FLOW_MAX_DEFAULT;
	if (max > BATON_FLOW_MAX_LIMIT)
		return -EINVAL;

	spin_lock_init(&table->lock);
	atomic_set(&table->count, 0);
	table->max = max;
	table->timeout = BATON_FLOW_TIMEOUT_DEFAULT;
	table->id_per_peer = id_per_peer;

	err = rhashtable_init(&table->by_tuple, &baton_flow_tuple_params);
	if (err)
		return err;

	err = rhashtable_init(&table->by_id, id_per_peer ?
			      &baton_flow_peer_id_params :
			      &baton_flow_id_params);
	if (err)
		goto err_tuple;

	INIT_DEFERRABLE_WORK(&table->gc_work, baton_flow_gc_worker);
	queue_delayed_work(system_power_efficient_wq, &table->gc_work,
			   baton_flow_gc_interval(table));
	return 0;

err_tuple:
	rhashtable_destroy(&table->by_tuple);
	return err;
}
EXPORT_SYMBOL_GPL(baton_flow_table_init);

/**
 * baton_flow_table_destroy() - stop the GC and free a table and its flows
 * @table: the table, which may still hold flows
 *
 * The caller guarantees that no reader or writer can reach the table any
 * more, and that any that could have has left its RCU read-side section
 * (pernet .exit runs after such a grace period).  The flows themselves
 * are freed after a further grace period.
 *
 * Context: process context; may sleep.
 */
void baton_flow_table_destroy(struct baton_flow_table *table)
{
	cancel_delayed_work_sync(&table->gc_work);
	/* Every flow is in both indexes: free it through one of them. */
	rhashtable_destroy(&table->by_id);
	rhashtable_free_and_destroy(&table->by_tuple, baton_flow_free_fn, NULL);
	atomic_set(&table->count, 0);
}
EXPORT_SYMBOL_GPL(baton_flow_table_destroy);

/**
 * baton_flow_table_set_max() - change the most flows a table accepts
 * @table: the table
 * @max: the new limit, 1 to BATON_FLOW_MAX_LIMIT
 *
 * Lowering the limit below the current count removes nothing: inserts
 * fail with -ENOSPC until enough flows are gone.
 *
 * Return: 0, or -EINVAL if @max is out of range.
 */
int baton_flow_table_set_max(struct baton_flow_table *table, unsigned int max)
{
	if (!max || max > BATON_FLOW_MAX_LIMIT)
		return -EINVAL;

	WRITE_ONCE(table->max, max);
	return 0;
}
EXPORT_SYMBOL_GPL(baton_flow_table_set_max);

/**
 * baton_flow_table_set_timeout() - change the idle timeout of a table
 * @table: the table, not being destroyed
 * @secs: the new timeout in seconds, 1 to BATON_FLOW_TIMEOUT_MAX
 *
 * The GC is rescheduled at the interval the new timeout calls for.
 *
 * Return: 0, or -EINVAL if @secs is out of range.
 */
int baton_flow_table_set_timeout(struct baton_flow_table *table,
				 unsigned int secs)
{
	if (!secs || secs > BATON_FLOW_TIMEOUT_MAX)
		return -EINVAL;

	WRITE_ONCE(table->timeout, secs);
	mod_delayed_work(system_power_efficient_wq, &table->gc_work,
			 baton_flow_gc_interval(table));
	return 0;
}
EXPORT_SYMBOL_GPL(baton_flow_table_set_timeout);

/**
 * baton_flow_table_encap() - the balancer-side table of a netns
 * @net: the netns, with baton_tunnel's state alive in it
 *
 * Client tuple -> (host, flow ID); flow IDs are unique in the netns.
 *
 * Return: the table.
 */
struct baton_flow_table *baton_flow_table_encap(const struct net *net)
{
	return &baton_tunnel_pernet(net)->encap;
}
EXPORT_SYMBOL_GPL(baton_flow_table_encap);

/**
 * baton_flow_table_decap() - the host-side table of a netns
 * @net: the netns, with baton_tunnel's state alive in it
 *
 * (forwarder, flow ID) -> client tuple; each forwarder has its own IDs.
 *
 * Return: the table.
 */
struct baton_flow_table *baton_flow_table_decap(const struct net *net)
{
	return &baton_tunnel_pernet(net)->decap;
}
EXPORT_SYMBOL_GPL(baton_flow_table_decap);
