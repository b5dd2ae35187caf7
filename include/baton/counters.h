/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-CPU u64 counters for the control-plane modules (baton_classifier,
 * baton_migrator): a fixed number of counters per netns, summed over
 * all CPUs when read.
 */
#ifndef _BATON_COUNTERS_H
#define _BATON_COUNTERS_H

#include <linux/overflow.h>
#include <linux/percpu.h>
#include <linux/string.h>
#include <linux/u64_stats_sync.h>

/**
 * struct baton_counters - one CPU's counters
 * @syncp: for 32-bit readers
 * @cnt: the counters
 */
struct baton_counters {
	struct u64_stats_sync syncp;
	u64_stats_t cnt[];
};

/**
 * baton_counters_alloc() - allocate @n counters per CPU, all 0
 * @n: how many
 *
 * Return: the counters, or NULL.
 */
static inline struct baton_counters __percpu *baton_counters_alloc(unsigned int n)
{
	struct baton_counters __percpu *c;
	int cpu;

	c = __alloc_percpu(struct_size((struct baton_counters *)NULL, cnt, n),
			   __alignof__(u64));
	if (!c)
		return NULL;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(c, cpu)->syncp);
	return c;
}

/**
 * baton_counters_add() - add to a counter of this CPU
 * @c: the counters
 * @i: which one
 * @n: how much
 */
static inline void baton_counters_add(struct baton_counters __percpu *c,
				      unsigned int i, u64 n)
{
	struct baton_counters *s = get_cpu_ptr(c);

	u64_stats_update_begin(&s->syncp);
	u64_stats_add(&s->cnt[i], n);
	u64_stats_update_end(&s->syncp);
	put_cpu_ptr(c);
}

/**
 * baton_counters_read() - sum the counters over every CPU
 * @c: the counters
 * @n: how many there are
 * @sum: @n values, set here
 */
static inline void baton_counters_read(struct baton_counters __percpu *c,
				       unsigned int n, u64 *sum)
{
	unsigned int i, start;
	int cpu;

	memset(sum, 0, n * sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct baton_counters *s = per_cpu_ptr(c, cpu);

		for (i = 0; i < n; i++) {
			u64 v;

			do {
				start = u64_stats_fetch_begin(&s->syncp);
				v = u64_stats_read(&s->cnt[i]);
			} while (u64_stats_fetch_retry(&s->syncp, start));
			sum[i] += v;
		}
	}
}

#endif /* _BATON_COUNTERS_H */
