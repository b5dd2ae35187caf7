// SPDX-License-Identifier: GPL-2.0
/*
 * baton_classifier: the Maglev lookup table (see <baton/maglev.h>).
 *
 * Plain C with no kernel-only calls: this file builds into
 * baton_classifier and, with <baton/compat.h> standing in for the kernel,
 * into the userspace unit test (fuzz/).  It allocates nothing and does
 * not sleep.
 *
 * The permutation of a backend is the paper's: entry j of it is
 * (offset + j * skip) mod M, with offset = h1(key) mod M and skip =
 * h2(key) mod (M - 1) + 1.  Since M is prime, every skip from 1 to M - 1
 * is prime to M, and the permutation holds every entry once.  h1 and h2
 * are the finalizer of splitmix64 (Stafford's "Mix13", a bijection of the
 * 64-bit words in which every input bit flips every output bit with
 * probability close to 1/2) applied to the key XORed with two different
 * constants, keeping the high 32 bits.  It needs no secret: the keys are
 * the caller's names of its own backends, which no client chooses, and a
 * fixed function gives every balancer the same table.  (The flow hash
 * that indexes the table is the caller's, and should be keyed.)
 *
 * The builder deals the turns with a binary heap of the backends of
 * non-zero weight, ordered by the time of their next turn, (2 * count +
 * 1) / weight, compared exactly as cross products in 64 bits.  A turn
 * walks the backend's permutation from where its last turn stopped to
 * the next free entry.  A permutation is never walked past its end: the
 * entries a backend walked over were taken and stay taken, so once it has
 * seen all M, the table is full.  The walks take about M ln M steps in
 * all (the last free entries are the hardest to find), M * n at the very
 * worst, and the heap about 2 M log2(n) comparisons.
 */
#include <baton/maglev.h>

/* An entry no backend has claimed yet. */
#define BATON_MAGLEV_FREE	0xffff

/* The two seeds of h1 and h2: the first 128 bits of the fraction of pi. */
#define BATON_MAGLEV_SEED_OFFSET	0x243f6a8885a308d3ULL
#define BATON_MAGLEV_SEED_SKIP		0x13198a2e03707344ULL

/* The finalizer of splitmix64, Stafford's variant 13 of MurmurHash3's. */
static u64 baton_maglev_mix(u64 z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* 32 bits of the key's hash under @seed. */
static u32 baton_maglev_hash(u64 key, u64 seed)
{
	return baton_maglev_mix(key ^ seed) >> 32;
}

/* @n is prime: trial division, at most 23170 odd divisors below 2^31. */
static bool baton_maglev_prime(u32 n)
{
	u32 d;

	if (n < 4)
		return n >= 2;
	if (!(n & 1))
		return false;
	for (d = 3; d <= n / d; d += 2)
		if (!(n % d))
			return false;
	return true;
}

/*
 * Backend @a's next turn comes before backend @b's: (2 * count_a + 1) /
 * weight_a < (2 * count_b + 1) / weight_b, or at the same time and @a has
 * the lower key (the lower index for equal keys).  Counts stay below 2^31
 * and weights below 2^32: the products fit in 64 bits.
 */
static bool baton_maglev_before(const struct baton_maglev_backend *backends,
				const struct baton_maglev_work *work,
				u32 a, u32 b)
{
	u64 ta = (2 * (u64)work[a].count + 1) * backends[b].weight;
	u64 tb = (2 * (u64)work[b].count + 1) * backends[a].weight;

	if (ta != tb)
		return ta < tb;
	if (backends[a].key != backends[b].key)
		return backends[a].key < backends[b].key;
	return a < b;
}

/* Move the backend in heap slot @slot down to its place in the heap. */
static void baton_maglev_sift(const struct baton_maglev_backend *backends,
			      struct baton_maglev_work *work, u32 len,
			      u32 slot)
{
	u32 i = work[slot].heap, child;

	for (;;) {
		child = 2 * slot + 1;
		if (child >= len)
			break;
		if (child + 1 < len &&
		    baton_maglev_before(backends, work, work[child + 1].heap,
					work[child].heap))
			child++;
		if (!baton_maglev_before(backends, work, work[child].heap, i))
			break;
		work[slot].heap = work[child].heap;
		slot = child;
	}
	work[slot].heap = i;
}

/**
 * baton_maglev_build() - fill a Maglev lookup table
 * @table: the table to fill, @size entries
 * @size: its size: a prime, at most BATON_MAGLEV_SIZE_MAX
 *	(BATON_MAGLEV_SIZE unless the caller has reason to choose another;
 *	the paper advises more than 100 entries per backend)
 * @backends: the backends, @n of them: entry i of @table will hold index
 *	i for backends[i]
 * @n: how many, 1 to BATON_MAGLEV_BACKENDS_MAX
 * @work: the builder's working state, @n of them
 *
 * Every entry of @table is given to a backend of non-zero weight, in
 * proportion to the weights (see <baton/maglev.h>).  The table depends on
 * the keys, the weights and @size only: it is the same on every build.
 * A backend whose share is below one entry may get none.
 *
 * Context: any: does not sleep, but runs for milliseconds without a
 * break (2 to 8 for BATON_MAGLEV_SIZE entries and 4 to 256 backends, in
 * userspace): better in process context, outside of locks.
 * Return: 0, the table filled and each backend's entries in
 * @work[i].count; -EINVAL if @size is not a prime up to
 * BATON_MAGLEV_SIZE_MAX or @n is 0 or over BATON_MAGLEV_BACKENDS_MAX;
 * -ENOENT if every weight is 0.  On error neither @table nor @work is
 * written.
 */
int baton_maglev_build(u16 *table, u32 size,
		       const struct baton_maglev_backend *backends, u32 n,
		       struct baton_maglev_work *work)
{
	struct baton_maglev_work *w;
	u32 i, len, filled, pos;

	if (!n || n > BATON_MAGLEV_BACKENDS_MAX ||
	    size > BATON_MAGLEV_SIZE_MAX || !baton_maglev_prime(size))
		return -EINVAL;
	for (i = 0; i < n; i++)
		if (backends[i].weight)
			break;
	if (i == n)
		return -ENOENT;

	for (pos = 0; pos < size; pos++)
		table[pos] = BATON_MAGLEV_FREE;
	len = 0;
	for (i = 0; i < n; i++) {
		w = &work[i];
		w->pos = baton_maglev_hash(backends[i].key,
					   BATON_MAGLEV_SEED_OFFSET) % size;
		w->skip = baton_maglev_hash(backends[i].key,
					    BATON_MAGLEV_SEED_SKIP) %
			  (size - 1) + 1;
		w->count = 0;
		if (backends[i].weight)
			work[len++].heap = i;
	}
	for (i = len / 2; i-- > 0;)
		baton_maglev_sift(backends, work, len, i);

	/* Each turn claims one entry, so that the table fills in @size. */
	for (filled = 0; filled < size; filled++) {
		i = work[0].heap;
		w = &work[i];
		pos = w->pos;
		while (table[pos] != BATON_MAGLEV_FREE) {
			pos += w->skip;
			if (pos >= size)
				pos -= size;
		}
		table[pos] = i;
		pos += w->skip;
		w->pos = pos >= size ? pos - size : pos;
		w->count++;
		baton_maglev_sift(backends, work, len, 0);
	}
	return 0;
}
