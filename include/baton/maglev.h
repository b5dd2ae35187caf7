/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Maglev consistent hashing (Eisenbud et al., "Maglev: A Fast and Reliable
 * Software Network Load Balancer", NSDI 2016, section 3.4), with weights:
 * the lookup table of baton_classifier (classifier/maglev.c), built into
 * userspace too (fuzz/).
 *
 * A table is an array of a prime number M of entries, each the index of a
 * backend.  A flow goes to the backend of entry (flow hash mod M): every
 * balancer that builds the table from the same backends sends it to the
 * same backend, and when a backend comes or goes, most entries keep their
 * backend.  Each backend has a permutation of the M entries, derived from
 * its key alone: the backends take turns to claim the next entry of their
 * permutation that is still free, until none is.
 *
 * Weights: a backend takes its turns in proportion to its weight.  The
 * turns are dealt by the Sainte-Lague divisor method: the next turn goes
 * to the backend with the largest weight / (2 * entries so far + 1).
 * Every turn claims one entry, so the entries each backend ends up with
 * are the Sainte-Lague apportionment of the M entries by the weights:
 * within about one entry of its share M * weight / sum of weights.  With
 * equal weights the turns go round in the order of the keys, one each, as
 * in the paper, and the backends' entries differ by at most one.  A
 * backend of weight 0 (drained) takes no turn and gets no entry: the table
 * is then the one built without it.
 *
 * Which backend each entry goes to depends on the set of (key, weight)
 * pairs and on M only, not on the order of the caller's array (ties
 * between turns go to the lower key): only the indexes that the entries
 * hold follow that order.
 */
#ifndef _BATON_MAGLEV_H
#define _BATON_MAGLEV_H

#include <baton/compat.h>

/* Entries in a table, by default: a prime, as every table size must be. */
#define BATON_MAGLEV_SIZE		65537
/* Largest table size: the prime 2^31 - 1, so that the arithmetic fits. */
#define BATON_MAGLEV_SIZE_MAX		2147483647U
/*
 * Most backends in a table: entries are u16 indexes, and the builder
 * marks the entries still free with 0xffff.  The services of
 * baton_classifier allow far fewer (BATON_SVC_BACKENDS_MAX).
 */
#define BATON_MAGLEV_BACKENDS_MAX	65535

/**
 * struct baton_maglev_backend - what the table is built from, per backend
 * @key: a stable name of the backend, such as a hash of its address and
 *	port: its permutation is derived from @key alone, so that adding or
 *	removing another backend leaves it alone.  The builder mixes @key
 *	with a strong 64-bit mixer first, so @key need not look random (a
 *	raw IPv4 address and port will do); it must only differ between
 *	backends.
 * @weight: the backend's share of the entries, relative to the others';
 *	0 for none (drained)
 */
struct baton_maglev_backend {
	u64 key;
	u32 weight;
};

/**
 * struct baton_maglev_work - the builder's working state, per backend
 * @pos: the next entry of the backend's permutation
 * @skip: the step of its permutation
 * @count: the entries it has claimed: once the builder succeeds, the
 *	entries of the table that hold its index
 * @heap: a slot of the builder's heap of backends (the heap sits in the
 *	@heap fields of the whole array, it is not about this backend)
 *
 * The caller provides one per backend (kvmalloc_array() in the kernel), so
 * that the builder allocates nothing; only @count means anything after.
 */
struct baton_maglev_work {
	u32 pos;
	u32 skip;
	u32 count;
	u32 heap;
};

int baton_maglev_build(u16 *table, u32 size,
		       const struct baton_maglev_backend *backends, u32 n,
		       struct baton_maglev_work *work);

/**
 * baton_maglev_lookup() - the backend of a flow
 * @table: a table that baton_maglev_build() filled
 * @size: its size, as given to baton_maglev_build()
 * @hash: the flow's hash, such as a keyed hash of its addresses and ports
 *
 * Return: the index of the flow's backend, in the array the table was
 * built from.
 */
static inline u16 baton_maglev_lookup(const u16 *table, u32 size, u32 hash)
{
	return table[hash % size];
}

#endif /* _BATON_MAGLEV_H */
