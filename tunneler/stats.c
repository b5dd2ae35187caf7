// SPDX-License-Identifier: GPL-2.0
/*
 * baton_tunnel: per-netns, per-CPU datapath counters.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/string.h>
#include <linux/u64_stats_sync.h>

#include <baton/stats.h>

#include "tunnel.h"

/**
 * baton_tunnel_stats() - the per-CPU counters of a netns
 * @net: the netns, with baton_tunnel's state alive in it
 *
 * Modules bump them with baton_tunnel_stat_inc().
 *
 * Return: the per-CPU counters.
 */
struct baton_tunnel_stats __percpu *baton_tunnel_stats(const struct net *net)
{
	return baton_tunnel_pernet(net)->stats;
}
EXPORT_SYMBOL_GPL(baton_tunnel_stats);

/**
 * baton_tunnel_stats_read() - sum the counters of a netns over all CPUs
 * @net: the netns
 * @sum: BATON_STAT_NUM values to fill
 */
void baton_tunnel_stats_read(const struct net *net, u64 *sum)
{
	struct baton_tunnel_stats __percpu *stats = baton_tunnel_stats(net);
	u64 v[BATON_STAT_NUM];
	unsigned int start;
	int cpu, i;

	memset(sum, 0, BATON_STAT_NUM * sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct baton_tunnel_stats *s = per_cpu_ptr(stats, cpu);

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			for (i = 0; i < BATON_STAT_NUM; i++)
				v[i] = u64_stats_read(&s->cnt[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		for (i = 0; i < BATON_STAT_NUM; i++)
			sum[i] += v[i];
	}
}
EXPORT_SYMBOL_GPL(baton_tunnel_stats_read);

/**
 * baton_tunnel_stats_init() - allocate the counters of a netns
 * @tn: the netns state
 *
 * Return: 0 or -ENOMEM.
 */
int baton_tunnel_stats_init(struct baton_tunnel_net *tn)
{
	int cpu;

	tn->stats = alloc_percpu(struct baton_tunnel_stats);
	if (!tn->stats)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(tn->stats, cpu)->syncp);
	return 0;
}

void baton_tunnel_stats_destroy(struct baton_tunnel_net *tn)
{
	free_percpu(tn->stats);
	tn->stats = NULL;
}
