/* SPDX-License-Identifier: GPL-2.0 */
/*
 * baton flow mapping table and flow IDs, implemented by baton_tunnel and
 * used by the forwarder (encap side) and the migrator (decap side).
 *
 * A flow maps a client connection (client addr:port -> VIP:port) to a
 * 32-bit flow ID scoped by a peer: the host a balancer tunnels it to, or
 * the forwarder a host receives it from.  Each table indexes its flows
 * both by tuple and by ID key.  Lookups are lockless (RCU); writers
 * serialise on the table's spinlock.
 */
#ifndef _BATON_FLOW_H
#define _BATON_FLOW_H

#include <linux/atomic.h>
#include <linux/in6.h>
#include <linux/jiffies.h>
#include <linux/rhashtable-types.h>
#include <linux/siphash.h>
#include <linux/socket.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <net/ipv6.h>

#include <uapi/linux/baton.h>

struct net;

/* Entries per table: default, and the most that can be configured. */
#define BATON_FLOW_MAX_DEFAULT		65536U
#define BATON_FLOW_MAX_LIMIT		BIT(24)

/* Idle timeout in seconds: default, and the most that can be configured. */
#define BATON_FLOW_TIMEOUT_DEFAULT	300U
#define BATON_FLOW_TIMEOUT_MAX		(7U * 24 * 3600)

/* The flow's socket was infused here: its end is watched for (migrator). */
#define BATON_FLOW_F_INFUSED		BIT(0)

/* Flow ID 0 is never allocated and never accepted into a table. */
#define BATON_FLOWID_INVALID		0U

/**
 * struct baton_tuple - the client side of a connection
 * @client: client address (IPv4 as v4-mapped ::ffff:a.b.c.d)
 * @vip: virtual service address (IPv4 as v4-mapped)
 * @cport: client port
 * @vport: virtual service port
 * @family: AF_INET or AF_INET6
 * @pad: always zero
 *
 * Hashed and compared as raw bytes: always build one with
 * baton_tuple_init4() or baton_tuple_init6(), which clear the padding.
 */
struct baton_tuple {
	struct in6_addr client;
	struct in6_addr vip;
	__be16 cport;
	__be16 vport;
	u8 family;
	u8 pad[3];
};

/**
 * struct baton_flow_key - the ID side of a flow
 * @peer: the host a balancer tunnels to, or the forwarder a host hears
 *	from (IPv4 as v4-mapped)
 * @id: the flow ID, in host order (see baton_flowid_to_ports())
 *
 * On the balancer side IDs are unique per netns and @peer is not part
 * of the index key; on the host side the key is (@peer, @id).
 */
struct baton_flow_key {
	struct in6_addr peer;
	u32 id;
};

/**
 * struct baton_flow - one mapping, in both indexes of a table
 * @tuple_node: link in the tuple index
 * @id_node: link in the ID index
 * @tuple: client connection, key of the tuple index
 * @key: peer and flow ID, key of the ID index
 * @state: enum baton_flow_state; READ_ONCE()/WRITE_ONCE()
 * @flags: BATON_FLOW_F_*, set before the flow is inserted
 * @owner: for the module that made the flow, set before it is inserted
 *	(baton_classifier: the ID of the backend it went to), or 0
 * @created: get_jiffies_64() at allocation
 * @last_seen: jiffies of the last packet; READ_ONCE()/WRITE_ONCE()
 * @packets: packets seen on the fast path
 * @bytes: bytes seen on the fast path
 * @rcu: for kfree_rcu()
 *
 * The counters are atomic64_t: they are exact and never tear on 32-bit,
 * and as RSS keeps the packets of one connection on one CPU the atomic
 * add hits a cache line no other CPU writes, which costs about as much
 * as a plain add.  Per-CPU counters would cost 16 bytes per CPU per flow.
 * The fields written per packet share the second cache line, away from
 * the index links and the tuple which other flows' lookups may read.
 * 128 bytes on 64-bit: one kmalloc-128 object.
 */
struct baton_flow {
	struct rhash_head tuple_node;
	struct rhash_head id_node;
	struct baton_tuple tuple;
	struct baton_flow_key key;
	u8 state;
	u8 flags;
	u16 owner;
	u64 created;
	unsigned long last_seen;
	atomic64_t packets;
	atomic64_t bytes;
	struct rcu_head rcu;
};

/**
 * struct baton_flow_table - a per-netns flow table
 * @by_tuple: index by struct baton_tuple
 * @by_id: index by struct baton_flow_key, or by the ID alone when
 *	!@id_per_peer
 * @lock: serialises writers (insert, remove); readers use RCU only
 * @count: number of flows in the table
 * @max: most flows allowed; inserts beyond fail with -ENOSPC
 * @timeout: idle timeout in seconds
 * @id_per_peer: the ID index key includes the peer (host side)
 * @gen: bumped under @lock by every insert and remove, so that a dump
 *	spanning several messages can tell that the table changed
 * @gc_work: periodic collection of idle flows
 */
struct baton_flow_table {
	struct rhashtable by_tuple;
	struct rhashtable by_id;
	spinlock_t lock;		/* writers only */
	atomic_t count;
	unsigned int max;
	unsigned int timeout;
	bool id_per_peer;
	unsigned int gen;
	struct delayed_work gc_work;
};

/**
 * struct baton_flowid_gen - per-netns flow ID generator
 * @key: secret key of the permutation
 * @counter: connections allocated so far
 */
struct baton_flowid_gen {
	siphash_key_t key;
	atomic_t counter;
};

/**
 * baton_tuple_init4() - build an IPv4 tuple
 * @tuple: tuple to fill, padding included
 * @client: client address
 * @cport: client port
 * @vip: virtual service address
 * @vport: virtual service port
 */
static inline void baton_tuple_init4(struct baton_tuple *tuple,
				     __be32 client, __be16 cport,
				     __be32 vip, __be16 vport)
{
	memset(tuple, 0, sizeof(*tuple));
	ipv6_addr_set_v4mapped(client, &tuple->client);
	ipv6_addr_set_v4mapped(vip, &tuple->vip);
	tuple->cport = cport;
	tuple->vport = vport;
	tuple->family = AF_INET;
}

/**
 * baton_tuple_init6() - build an IPv6 tuple
 * @tuple: tuple to fill, padding included
 * @client: client address
 * @cport: client port
 * @vip: virtual service address
 * @vport: virtual service port
 */
static inline void baton_tuple_init6(struct baton_tuple *tuple,
				     const struct in6_addr *client,
				     __be16 cport,
				     const struct in6_addr *vip, __be16 vport)
{
	memset(tuple, 0, sizeof(*tuple));
	tuple->client = *client;
	tuple->vip = *vip;
	tuple->cport = cport;
	tuple->vport = vport;
	tuple->family = AF_INET6;
}

/**
 * baton_flow_touch() - account a packet of a flow (fast path)
 * @flow: the flow, found under RCU
 * @len: packet length
 */
static inline void baton_flow_touch(struct baton_flow *flow, unsigned int len)
{
	WRITE_ONCE(flow->last_seen, jiffies);
	atomic64_inc(&flow->packets);
	atomic64_add(len, &flow->bytes);
}

/**
 * baton_flow_state() - read the state of a flow
 * @flow: the flow
 *
 * Return: an enum baton_flow_state value.
 */
static inline u8 baton_flow_state(const struct baton_flow *flow)
{
	return READ_ONCE(flow->state);
}

/**
 * baton_flow_state_set() - change the state of a flow
 * @flow: the flow
 * @state: an enum baton_flow_state value
 */
static inline void baton_flow_state_set(struct baton_flow *flow, u8 state)
{
	WRITE_ONCE(flow->state, state);
}

/**
 * baton_flowid_to_ports() - the port fields that carry a flow ID
 * @id: flow ID
 * @sport: set to the high 16 bits
 * @dport: set to the low 16 bits
 */
static inline void baton_flowid_to_ports(u32 id, __be16 *sport,
					 __be16 *dport)
{
	*sport = htons(id >> 16);
	*dport = htons(id & 0xffff);
}

/**
 * baton_flowid_from_ports() - the flow ID carried by a tunnelled packet
 * @sport: TCP source port of the tunnelled packet
 * @dport: TCP destination port of the tunnelled packet
 *
 * Return: the flow ID.
 */
static inline u32 baton_flowid_from_ports(__be16 sport, __be16 dport)
{
	return (u32)ntohs(sport) << 16 | ntohs(dport);
}

/**
 * baton_flow_table_count() - number of flows in a table
 * @table: the table
 *
 * Return: the number of flows.
 */
static inline unsigned int baton_flow_table_count(const struct baton_flow_table *table)
{
	return atomic_read(&table->count);
}

/**
 * baton_flow_table_max() - most flows a table accepts
 * @table: the table
 *
 * Return: the limit.
 */
static inline unsigned int baton_flow_table_max(const struct baton_flow_table *table)
{
	return READ_ONCE(table->max);
}

/**
 * baton_flow_table_timeout() - idle timeout of a table
 * @table: the table
 *
 * Return: the timeout in seconds.
 */
static inline unsigned int baton_flow_table_timeout(const struct baton_flow_table *table)
{
	return READ_ONCE(table->timeout);
}

/**
 * baton_flow_table_gen() - generation of a table
 * @table: the table
 *
 * Return: a number that changes whenever a flow is inserted or removed.
 */
static inline unsigned int baton_flow_table_gen(const struct baton_flow_table *table)
{
	return READ_ONCE(table->gen);
}

/* tunneler/table.c */
int baton_flow_table_init(struct baton_flow_table *table, bool id_per_peer,
			  unsigned int max);
void baton_flow_table_destroy(struct baton_flow_table *table);
int baton_flow_table_set_max(struct baton_flow_table *table, unsigned int max);
int baton_flow_table_set_timeout(struct baton_flow_table *table,
				 unsigned int secs);
unsigned int baton_flow_table_gc(struct baton_flow_table *table,
				 unsigned long now);
unsigned int baton_flow_table_walk(struct baton_flow_table *table,
				   bool (*done)(struct baton_flow *flow,
						void *arg),
				   void *arg);
struct baton_flow_table *baton_flow_table_encap(const struct net *net);
struct baton_flow_table *baton_flow_table_decap(const struct net *net);

struct baton_flow *baton_flow_alloc(gfp_t gfp);
void baton_flow_free(struct baton_flow *flow);
int baton_flow_insert(struct baton_flow_table *table, struct baton_flow *flow);
int baton_flow_insert_new(struct baton_flow_table *table,
			  struct baton_flow *flow, const struct net *net);
int baton_flow_remove(struct baton_flow_table *table, struct baton_flow *flow);
struct baton_flow *baton_flow_lookup_tuple(struct baton_flow_table *table,
					   const struct baton_tuple *tuple);
struct baton_flow *baton_flow_lookup_id(struct baton_flow_table *table,
					const struct in6_addr *peer, u32 id);

/* tunneler/flowid.c */
void baton_flowid_gen_init(struct baton_flowid_gen *gen);
u32 baton_flowid_permute(const siphash_key_t *key, u32 x);
u32 baton_flowid_unpermute(const siphash_key_t *key, u32 y);
u32 baton_flowid_next(struct baton_flowid_gen *gen);
u32 baton_flowid_alloc(const struct net *net);

#endif /* _BATON_FLOW_H */
