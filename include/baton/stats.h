/* SPDX-License-Identifier: GPL-2.0 */
/*
 * baton_tunnel per-netns datapath counters, bumped by the forwarder and
 * the migrator and reported by BATON_TUNNEL_CMD_STATS_GET.
 *
 * The counters are per CPU, so bumping one takes no lock and writes a
 * cache line no other CPU writes.  Readers sum them with u64_stats.
 */
#ifndef _BATON_STATS_H
#define _BATON_STATS_H

#include <linux/percpu.h>
#include <linux/u64_stats_sync.h>

#include <uapi/linux/baton.h>

struct net;

/* The counters; the drop reasons follow enum baton_drop_reason. */
enum baton_stat {
	BATON_STAT_ENCAP,
	BATON_STAT_DECAP,
	BATON_STAT_DROP_NO_ROUTE,
	BATON_STAT_DROP_UNKNOWN_FLOW,
	BATON_STAT_DROP_NOT_FORWARDER,
	BATON_STAT_DROP_MALFORMED,
	BATON_STAT_DROP_TABLE_FULL,
	BATON_STAT_DROP_NO_LOCAL_ADDR,

	BATON_STAT_NUM,
};

/* The counter of drop reason @reason, an enum baton_drop_reason. */
#define BATON_STAT_DROP(reason) \
	(BATON_STAT_DROP_NO_ROUTE + (reason) - BATON_DROP_NO_ROUTE)

/**
 * struct baton_tunnel_stats - the counters of one CPU
 * @cnt: one per enum baton_stat
 * @syncp: lets 32-bit readers see whole values
 */
struct baton_tunnel_stats {
	u64_stats_t cnt[BATON_STAT_NUM];
	struct u64_stats_sync syncp;
};

/* tunneler/stats.c */
struct baton_tunnel_stats __percpu *baton_tunnel_stats(const struct net *net);
void baton_tunnel_stats_read(const struct net *net, u64 *sum);

/**
 * baton_tunnel_stat_add() - add to a counter of a netns
 * @net: the netns, with baton_tunnel's state alive in it
 * @stat: the counter, an enum baton_stat
 * @n: the amount
 *
 * Context: BHs disabled (the datapath hooks run in softirq context).
 */
static inline void baton_tunnel_stat_add(const struct net *net,
					 enum baton_stat stat, u64 n)
{
	struct baton_tunnel_stats *s = this_cpu_ptr(baton_tunnel_stats(net));

	u64_stats_update_begin(&s->syncp);
	u64_stats_add(&s->cnt[stat], n);
	u64_stats_update_end(&s->syncp);
}

/**
 * baton_tunnel_stat_inc() - count one event in a netns
 * @net: the netns, with baton_tunnel's state alive in it
 * @stat: the counter, an enum baton_stat
 *
 * Context: BHs disabled (the datapath hooks run in softirq context).
 */
static inline void baton_tunnel_stat_inc(const struct net *net,
					 enum baton_stat stat)
{
	baton_tunnel_stat_add(net, stat, 1);
}

#endif /* _BATON_STATS_H */
