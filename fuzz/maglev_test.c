// SPDX-License-Identifier: GPL-2.0
/*
 * Unit test of the Maglev lookup table (classifier/maglev.c) in userspace,
 * TAP on stdout:
 *   - every entry holds a valid index, for 1 to 65535 backends, and the
 *     counts the builder reports are the table's;
 *   - equal weights: the backends' entries differ by at most one;
 *   - weights: each backend's share is its weight's, within a tolerance;
 *   - weight 0 gets no entry and is the same as no backend; the refusals;
 *   - disruption: removing one of 5 backends, or adding a 6th, moves
 *     about the share of that backend, over several sets of backends;
 *   - the same table on every build, whatever the order of the backends;
 *   - flows hashed through the table before and after a removal.
 * It also prints how long a table of BATON_MAGLEV_SIZE entries for 256
 * backends takes to build, without a bound on it.
 *
 *   maglev_test          run the tests; exit 1 if any failed
 */
#define _POSIX_C_SOURCE 200809L	/* clock_gettime() */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <baton/maglev.h>

#include "tap.h"
#include "util.h"

#define M		BATON_MAGLEV_SIZE
/* Sets of backends the disruption tests are run over. */
#define TRIALS		20
/* Flows hashed through the tables. */
#define FLOWS		100000
/* Builds timed. */
#define RUNS		21

static u32 rand_state = 0x2545f491;

static u32 rand32(void)
{
	/* xorshift32 */
	rand_state ^= rand_state << 13;
	rand_state ^= rand_state >> 17;
	rand_state ^= rand_state << 5;
	return rand_state;
}

/*
 * The key of backend @i of set @set: what a caller may pass, an address
 * and a port as they are, 10.set.i/256.i%256:8080.
 */
static u64 addr_key(unsigned int set, unsigned int i)
{
	u32 addr = 10U << 24 | (set & 0xff) << 16 | (i & 0xffff);

	return (u64)addr << 16 | 8080;
}

static void set_backends(struct baton_maglev_backend *b, unsigned int n,
			 unsigned int set, u32 weight)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		b[i].key = addr_key(set, i);
		b[i].weight = weight;
	}
}

/* Build into a fresh table; NULL if the builder failed (@err says why). */
static u16 *build(u32 size, const struct baton_maglev_backend *b, u32 n,
		  struct baton_maglev_work **workp, int *err)
{
	struct baton_maglev_work *work = xmalloc(sizeof(*work) * (n ? n : 1));
	u16 *table = xmalloc(sizeof(*table) * size);

	*err = baton_maglev_build(table, size, b, n, work);
	if (*err) {
		free(table);
		free(work);
		return NULL;
	}
	if (workp)
		*workp = work;
	else
		free(work);
	return table;
}

static u16 *build_ok(u32 size, const struct baton_maglev_backend *b, u32 n,
		     struct baton_maglev_work **workp)
{
	u16 *table;
	int err;

	table = build(size, b, n, workp, &err);
	if (!table) {
		printf("Bail out! build of %u entries for %u backends: %d\n",
		       size, n, err);
		exit(2);
	}
	return table;
}

/*
 * Every entry holds an index below @n, and backend i holds
 * work[i].count of them; NULL, or what is wrong.
 */
static const char *check_filled(const u16 *table, u32 size, u32 n,
				const struct baton_maglev_work *work)
{
	u32 *count = calloc(n, sizeof(*count));
	const char *why = NULL;
	u32 e, i;

	if (!count)
		abort();
	for (e = 0; e < size; e++) {
		if (table[e] >= n) {
			why = "an entry holds no backend";
			goto out;
		}
		count[table[e]]++;
	}
	for (i = 0; i < n; i++)
		if (count[i] != work[i].count) {
			why = "the counts are not the table's";
			goto out;
		}
out:
	free(count);
	return why;
}

static void test_filled(void)
{
	static const u32 ns[] = { 1, 2, 5, 256, 65535 };
	struct baton_maglev_backend *b;
	struct baton_maglev_work *work;
	const char *why;
	unsigned int k;
	u16 *table;

	for (k = 0; k < ARRAY_SIZE(ns); k++) {
		b = xmalloc(sizeof(*b) * ns[k]);
		set_backends(b, ns[k], 1, 1);
		table = build_ok(M, b, ns[k], &work);
		why = check_filled(table, M, ns[k], work);
		if (!tap_ok(!why, "%u backends: every entry filled and counted",
			    ns[k]))
			tap_diag("%s", why);
		free(table);
		free(work);
		free(b);
	}
}

static void test_equal(void)
{
	static const u32 ns[] = { 2, 5, 256 };
	struct baton_maglev_backend b[256];
	struct baton_maglev_work *work;
	u32 i, lo, hi, k;
	double ideal, dev;
	u16 *table;

	for (k = 0; k < ARRAY_SIZE(ns); k++) {
		set_backends(b, ns[k], 2, 7);
		table = build_ok(M, b, ns[k], &work);
		lo = work[0].count;
		hi = lo;
		for (i = 1; i < ns[k]; i++) {
			lo = work[i].count < lo ? work[i].count : lo;
			hi = work[i].count > hi ? work[i].count : hi;
		}
		ideal = (double)M / ns[k];
		dev = (hi - ideal > ideal - lo ? hi - ideal : ideal - lo) /
		      ideal;
		/*
		 * One entry each per round, in every round but the last:
		 * at most one apart, so within one entry of M / n.  For
		 * n = 256 that is 0.4% of a backend's share (and 0.0015%
		 * of the table); assert 1% of the share, stricter than 1%
		 * of the table, which would be 2.6 shares.
		 */
		tap_ok(hi - lo <= 1 && dev < 0.01,
		       "%u equal backends: %u to %u entries each, ideal %.2f, at most %.3f%% off",
		       ns[k], lo, hi, ideal, 100 * dev);
		free(table);
		free(work);
	}
}

/*
 * Each backend's entries against its share of @size: the largest
 * difference, in entries.
 */
static double worst_share(const struct baton_maglev_backend *b, u32 n,
			  const struct baton_maglev_work *work, u32 size)
{
	double sum = 0, quota, d, worst = 0;
	u32 i;

	for (i = 0; i < n; i++)
		sum += b[i].weight;
	for (i = 0; i < n; i++) {
		quota = size * (double)b[i].weight / sum;
		d = work[i].count > quota ? work[i].count - quota :
					    quota - work[i].count;
		worst = d > worst ? d : worst;
	}
	return worst;
}

static void test_weights(void)
{
	struct baton_maglev_backend b[256];
	struct baton_maglev_work *work;
	const char *why;
	double worst;
	u16 *table;
	u32 i;

	set_backends(b, 4, 3, 0);
	for (i = 0; i < 4; i++)
		b[i].weight = i + 1;
	table = build_ok(M, b, 4, &work);
	worst = worst_share(b, 4, work, M);
	tap_ok(worst < 0.01 * M,
	       "weights 1 2 3 4: %.3f%% %.3f%% %.3f%% %.3f%%, at most %.2f entries (%.4f%%) off",
	       100.0 * work[0].count / M, 100.0 * work[1].count / M,
	       100.0 * work[2].count / M, 100.0 * work[3].count / M, worst,
	       100 * worst / M);
	free(table);
	free(work);

	/*
	 * Random weights: the Sainte-Lague apportionment keeps every
	 * backend close to its quota; assert 0.1% of the table (65
	 * entries), far more than the few entries it should be off.
	 */
	set_backends(b, 256, 4, 0);
	for (i = 0; i < 256; i++)
		b[i].weight = 1 + rand32() % 100;
	table = build_ok(M, b, 256, &work);
	why = check_filled(table, M, 256, work);
	worst = worst_share(b, 256, work, M);
	tap_ok(!why && worst < 0.001 * M,
	       "256 backends, weights 1 to 100: at most %.2f entries off their share",
	       worst);
	free(table);
	free(work);

	/* Weights far apart: no overflow, the tiny one gets its share, 0. */
	set_backends(b, 3, 5, 0);
	b[0].weight = 1;
	b[1].weight = 0xffffffff;
	b[2].weight = 0x7fffffff;
	table = build_ok(M, b, 3, &work);
	why = check_filled(table, M, 3, work);
	worst = worst_share(b, 3, work, M);
	tap_ok(!why && !work[0].count && worst <= 1,
	       "weights 1, 2^32 - 1, 2^31 - 1: %u, %u and %u entries",
	       work[0].count, work[1].count, work[2].count);
	free(table);
	free(work);
}

/* Entries of @a and @b whose backends, by key, differ. */
static u32 moved(const u16 *a, const struct baton_maglev_backend *ba,
		 const u16 *b, const struct baton_maglev_backend *bb, u32 size)
{
	u32 e, n = 0;

	for (e = 0; e < size; e++)
		n += ba[a[e]].key != bb[b[e]].key;
	return n;
}

static void test_drained(void)
{
	struct baton_maglev_backend b[5], four[4];
	struct baton_maglev_work *work;
	u16 *table, *table4;
	u32 i, j;

	set_backends(b, 5, 6, 1);
	b[2].weight = 0;
	table = build_ok(M, b, 5, &work);
	tap_ok(!check_filled(table, M, 5, work) && !work[2].count,
	       "weight 0: no entry (%u %u %u %u %u)", work[0].count,
	       work[1].count, work[2].count, work[3].count, work[4].count);

	for (i = j = 0; i < 5; i++)
		if (i != 2)
			four[j++] = b[i];
	table4 = build_ok(M, four, 4, NULL);
	tap_ok(!moved(table, b, table4, four, M),
	       "weight 0: the same table as without the backend");
	free(table4);
	free(table);
	free(work);
}

static void test_refusals(void)
{
	static const u32 not_prime[] = { 0, 1, 4, 9, 65535, 65536, 65539 * 3 };
	static const u32 primes[] = { 2, 3, 7, 65539, 1000003 };
	struct baton_maglev_backend b[5], *many;
	struct baton_maglev_work work[5], *worked;
	u16 table[16];
	const char *why;
	unsigned int k;
	u16 *big;
	int err;

	set_backends(b, 5, 7, 0);
	memset(table, 0x5a, sizeof(table));
	memset(work, 0x5a, sizeof(work));
	err = baton_maglev_build(table, 13, b, 5, work);
	tap_ok(err == -ENOENT, "every weight 0: -ENOENT (%d)", err);
	tap_ok(table[0] == 0x5a5a && table[12] == 0x5a5a &&
	       work[0].count == 0x5a5a5a5a && work[4].pos == 0x5a5a5a5a,
	       "-ENOENT writes neither the table nor the work");

	b[3].weight = 1;
	err = baton_maglev_build(table, 13, b, 0, work);
	tap_ok(err == -EINVAL, "no backend: -EINVAL (%d)", err);

	many = xmalloc(sizeof(*many) * 65536);
	set_backends(many, 65536, 7, 1);
	big = build(M, many, 65536, NULL, &err);
	tap_ok(!big && err == -EINVAL, "65536 backends: -EINVAL (%d)", err);
	free(big);
	free(many);

	for (k = 0; k < ARRAY_SIZE(not_prime); k++) {
		big = build(not_prime[k], b, 5, NULL, &err);
		tap_ok(!big && err == -EINVAL, "size %u: -EINVAL (%d)",
		       not_prime[k], err);
		free(big);
	}
	/* A prime above BATON_MAGLEV_SIZE_MAX: refused before any access. */
	err = baton_maglev_build(table, 4294967291U, b, 5, work);
	tap_ok(err == -EINVAL, "size 4294967291: -EINVAL (%d)", err);

	/* Other primes, among them fewer entries than backends. */
	set_backends(b, 5, 7, 1);
	for (k = 0; k < ARRAY_SIZE(primes); k++) {
		big = build(primes[k], b, 5, &worked, &err);
		why = big ? check_filled(big, primes[k], 5, worked) : "failed";
		if (!tap_ok(!why, "size %u: every entry filled and counted",
			    primes[k]))
			tap_diag("%s (%d)", why, err);
		if (big)
			free(worked);
		free(big);
	}
}

/*
 * Remove backend @gone of 5 equal ones (set @set): the entries that
 * moved, and of them those that did not belong to @gone, over the table.
 */
static void remove_one(unsigned int set, unsigned int gone, double *all,
		       double *needless)
{
	struct baton_maglev_backend b[5], four[4];
	u16 *t5, *t4;
	u32 e, i, j, n = 0, extra = 0;

	set_backends(b, 5, set, 1);
	for (i = j = 0; i < 5; i++)
		if (i != gone)
			four[j++] = b[i];
	t5 = build_ok(M, b, 5, NULL);
	t4 = build_ok(M, four, 4, NULL);
	for (e = 0; e < M; e++) {
		if (b[t5[e]].key == four[t4[e]].key)
			continue;
		n++;
		extra += t5[e] != gone;
	}
	*all = (double)n / M;
	*needless = (double)extra / M;
	free(t5);
	free(t4);
}

static void test_remove(void)
{
	double all, needless, sum = 0, sum_extra = 0, lo = 1, hi = 0,
	       worst = 0;
	unsigned int set, gone, runs = 0, bad = 0;

	for (set = 0; set < TRIALS; set++)
		for (gone = 0; gone < 5; gone++, runs++) {
			remove_one(set, gone, &all, &needless);
			sum += all;
			sum_extra += needless;
			lo = all < lo ? all : lo;
			hi = all > hi ? all : hi;
			worst = needless > worst ? needless : worst;
			if (all < 0.15 || all > 0.25 || needless >= 0.05) {
				tap_diag("set %u, without %u: %.2f%% moved, %.2f%% needlessly",
					 set, gone, 100 * all, 100 * needless);
				bad++;
			}
		}
	tap_ok(!bad,
	       "remove 1 of 5: %.2f%% of entries moved on average (%.2f%% to %.2f%%), over %u removals",
	       100 * sum / runs, 100 * lo, 100 * hi, runs);
	tap_ok(!bad,
	       "remove 1 of 5: %.2f%% of entries moved needlessly on average, %.2f%% at worst",
	       100 * sum_extra / runs, 100 * worst);
}

static void test_add(void)
{
	double f, sum = 0, lo = 1, hi = 0;
	struct baton_maglev_backend b[6];
	unsigned int set, bad = 0;
	u16 *t5, *t6;
	u32 n;

	for (set = 0; set < TRIALS; set++) {
		set_backends(b, 6, 100 + set, 1);
		t5 = build_ok(M, b, 5, NULL);
		t6 = build_ok(M, b, 6, NULL);
		n = moved(t5, b, t6, b, M);
		f = (double)n / M;
		sum += f;
		lo = f < lo ? f : lo;
		hi = f > hi ? f : hi;
		if (f < 0.12 || f > 0.22) {
			tap_diag("set %u: %.2f%% moved", 100 + set, 100 * f);
			bad++;
		}
		free(t5);
		free(t6);
	}
	tap_ok(!bad,
	       "add a 6th to 5: %.2f%% of entries moved on average (%.2f%% to %.2f%%, ideal %.2f%%)",
	       100 * sum / TRIALS, 100 * lo, 100 * hi, 100.0 / 6);
}

static void test_same(void)
{
	struct baton_maglev_backend b[256], r[256];
	u16 *t1, *t2, *tr;
	u32 i;

	set_backends(b, 256, 8, 0);
	for (i = 0; i < 256; i++)
		b[i].weight = 1 + i % 4;
	t1 = build_ok(M, b, 256, NULL);
	t2 = build_ok(M, b, 256, NULL);
	tap_ok(!memcmp(t1, t2, sizeof(*t1) * M), "the same table twice");

	for (i = 0; i < 256; i++)
		r[i] = b[255 - i];
	tr = build_ok(M, r, 256, NULL);
	tap_ok(!moved(t1, b, tr, r, M),
	       "the backends in reverse order: each entry the same backend");
	free(t1);
	free(t2);
	free(tr);
}

/* FNV-1a of a 4-tuple, as a simple flow hash. */
static u32 flow_hash(u32 saddr, u32 daddr, u16 sport, u16 dport)
{
	u32 w[3] = { saddr, daddr, (u32)sport << 16 | dport };
	const u8 *p = (const u8 *)w;
	u32 h = 2166136261U;
	unsigned int i;

	for (i = 0; i < sizeof(w); i++)
		h = (h ^ p[i]) * 16777619U;
	return h;
}

static void test_flows(void)
{
	struct baton_maglev_backend b[5], four[4];
	u32 i, e, f, hash, n = 0, entries = 0;
	u32 per[5] = { 0 };
	u16 *t5, *t4;
	u16 x, y;

	set_backends(b, 5, 9, 1);
	memcpy(four, b, sizeof(four[0]) * 2);
	memcpy(four + 2, b + 3, sizeof(four[0]) * 2);
	t5 = build_ok(M, b, 5, NULL);
	t4 = build_ok(M, four, 4, NULL);
	for (e = 0; e < M; e++)
		entries += b[t5[e]].key != four[t4[e]].key;

	for (f = 0; f < FLOWS; f++) {
		hash = flow_hash(rand32(), 0xc0000201, rand32(), 443);
		x = baton_maglev_lookup(t5, M, hash);
		y = baton_maglev_lookup(t4, M, hash);
		per[x]++;
		n += b[x].key != four[y].key;
	}
	for (i = 0; i < 5; i++)
		tap_diag("flows: backend %u has %.2f%% of them", i,
			 100.0 * per[i] / FLOWS);
	/* Binomial: the standard deviation of the fraction is 0.13%. */
	tap_ok((double)n / FLOWS - (double)entries / M < 0.01 &&
	       (double)entries / M - (double)n / FLOWS < 0.01,
	       "flows: %.2f%% of %u moved on removing 1 of 5, %.2f%% of entries",
	       100.0 * n / FLOWS, FLOWS, 100.0 * entries / M);
	free(t5);
	free(t4);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void test_time(void)
{
	struct baton_maglev_backend b[256];
	struct baton_maglev_work work[256];
	struct timespec t0, t1;
	double ms[RUNS];
	u16 *table = xmalloc(sizeof(*table) * M);
	unsigned int k;
	int err = 0;

	set_backends(b, 256, 10, 1);
	for (k = 0; k < RUNS; k++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		err |= baton_maglev_build(table, M, b, 256, work);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		ms[k] = (t1.tv_sec - t0.tv_sec) * 1e3 +
			(t1.tv_nsec - t0.tv_nsec) / 1e6;
	}
	qsort(ms, RUNS, sizeof(ms[0]), cmp_double);
	tap_ok(!err, "build, %u entries, 256 backends: %.3f ms median, %.3f to %.3f",
	       M, ms[RUNS / 2], ms[0], ms[RUNS - 1]);
	free(table);
}

int main(int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		fputs("usage: maglev_test\n", stderr);
		return 2;
	}
	test_filled();
	test_equal();
	test_weights();
	test_drained();
	test_refusals();
	test_remove();
	test_add();
	test_same();
	test_flows();
	test_time();
	return tap_done();
}
