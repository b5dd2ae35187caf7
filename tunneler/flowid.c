// SPDX-License-Identifier: GPL-2.0
/*
 * baton_tunnel: flow ID allocation.
 *
 * Flow IDs come from a per-netns connection counter passed through a
 * keyed permutation of the 32-bit space, so consecutive connections get
 * IDs that cannot be guessed from each other, yet no ID repeats before
 * the counter wraps.  The permutation is a balanced Feistel network on
 * two 16-bit halves; its round function is SipHash under the netns's
 * secret key, with the round number as input.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/random.h>
#include <linux/siphash.h>

#include <baton/flow.h>

#include "tunnel.h"

/* Four rounds of a pseudo-random function give a pseudo-random permutation. */
#define BATON_FLOWID_ROUNDS	4

static u16 baton_flowid_round(const siphash_key_t *key, u32 round, u16 half)
{
	return (u16)siphash_2u32(round, half, key);
}

/**
 * baton_flowid_permute() - map a counter value to a flow ID
 * @key: secret key
 * @x: counter value
 *
 * A bijection of the 32-bit values for any @key;
 * baton_flowid_unpermute() is its inverse.
 *
 * Return: the permuted value.
 */
u32 baton_flowid_permute(const siphash_key_t *key, u32 x)
{
	u16 left = x >> 16;
	u16 right = x & 0xffff;
	u32 round;
	u16 tmp;

	for (round = 0; round < BATON_FLOWID_ROUNDS; round++) {
		tmp = left ^ baton_flowid_round(key, round, right);
		left = right;
		right = tmp;
	}
	return (u32)left << 16 | right;
}
EXPORT_SYMBOL_GPL(baton_flowid_permute);

/**
 * baton_flowid_unpermute() - inverse of baton_flowid_permute()
 * @key: secret key
 * @y: permuted value
 *
 * Return: the counter value @x for which baton_flowid_permute(@key, @x)
 * is @y.
 */
u32 baton_flowid_unpermute(const siphash_key_t *key, u32 y)
{
	u16 left = y >> 16;
	u16 right = y & 0xffff;
	u32 round = BATON_FLOWID_ROUNDS;
	u16 tmp;

	while (round--) {
		tmp = right ^ baton_flowid_round(key, round, left);
		right = left;
		left = tmp;
	}
	return (u32)left << 16 | right;
}
EXPORT_SYMBOL_GPL(baton_flowid_unpermute);

/**
 * baton_flowid_gen_init() - seed a flow ID generator
 * @gen: the generator
 *
 * Draws a fresh secret key and starts the counter at zero.
 */
void baton_flowid_gen_init(struct baton_flowid_gen *gen)
{
	get_random_bytes(&gen->key, sizeof(gen->key));
	atomic_set(&gen->counter, 0);
}
EXPORT_SYMBOL_GPL(baton_flowid_gen_init);

/**
 * baton_flowid_next() - allocate the next flow ID
 * @gen: the generator
 *
 * IDs repeat only after 2^32 allocations, so an ID can still be in use
 * when it comes round again: callers handle -EEXIST from
 * baton_flow_insert() by allocating another.
 *
 * Context: any context; lockless.
 * Return: a flow ID, never BATON_FLOWID_INVALID.
 */
u32 baton_flowid_next(struct baton_flowid_gen *gen)
{
	u32 id;

	do {
		id = baton_flowid_permute(&gen->key,
					  (u32)atomic_inc_return(&gen->counter));
	} while (unlikely(id == BATON_FLOWID_INVALID));

	return id;
}
EXPORT_SYMBOL_GPL(baton_flowid_next);

/**
 * baton_flowid_alloc() - allocate a flow ID in a netns
 * @net: the netns, with baton_tunnel's state alive in it
 *
 * Return: a flow ID, never BATON_FLOWID_INVALID.
 */
u32 baton_flowid_alloc(const struct net *net)
{
	return baton_flowid_next(&baton_tunnel_pernet(net)->flowid);
}
EXPORT_SYMBOL_GPL(baton_flowid_alloc);
