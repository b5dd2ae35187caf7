// SPDX-License-Identifier: GPL-2.0
/*
 * baton_migrator: the hold queue.
 *
 * A blob is applied in two steps: its decap mapping is stored (state
 * PENDING), then its socket is infused.  A tunnelled packet of the flow
 * that arrives in between would find no socket, or one half restored,
 * and the stack would answer it with a RST.  So such packets are
 * de-encapsulated and held, and replayed in their order of arrival into
 * the stack (netif_rx(), as if they came in again) once the socket is
 * live.  If the infusion fails they are dropped.
 *
 * A packet may even come before its blob: the balancer tunnels the
 * client's packets from the moment its mapping exists, and the blob
 * follows over another connection, which may be slower (a loss on it,
 * a congested window).  So while the control port is open, a packet
 * from an allowed forwarder with an unknown flow ID is held "early",
 * still encapsulated; when a blob stores that flow, its early packets
 * are de-encapsulated and held as the others.  Those whose blob never
 * comes are dropped after the hold time, counted as unknown_flow.
 *
 * The queue is one per netns, oldest first, bounded in all
 * (BATON_MIG_HOLD_MAX), for early packets (BATON_MIG_HOLD_EARLY_MAX,
 * so unknown flow IDs cannot crowd out known ones), per flow
 * (BATON_MIG_HOLD_FLOW_MAX) and in time (batonctl migrator set hold-time,
 * 2 s by default, enforced when packets are held and every second by
 * end.c): past any bound a
 * packet is dropped and counted, and the client retransmits it.  The
 * flow's state is read and changed, and early packets adopted, under
 * the queue's lock, so no packet is held after its flow went live and
 * none is left early after its flow was stored.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>
#include <net/dst.h>

#include <baton/encap.h>
#include <baton/flow.h>
#include <baton/stats.h>

#include "migrator.h"

/* What a held packet remembers, in its control buffer. */
struct baton_hold_cb {
	unsigned long since;
	struct in6_addr peer;
	u32 id;
	bool early;	/* still encapsulated: its flow was not known */
};

static struct baton_hold_cb *baton_hold_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct baton_hold_cb) > sizeof(skb->cb));
	return (struct baton_hold_cb *)skb->cb;
}

static bool baton_hold_match_key(struct sk_buff *skb,
				 const struct in6_addr *peer, u32 id)
{
	const struct baton_hold_cb *cb = baton_hold_cb(skb);

	return cb->id == id && ipv6_addr_equal(&cb->peer, peer);
}

static bool baton_hold_match(struct sk_buff *skb, const struct baton_flow *flow)
{
	return baton_hold_match_key(skb, &flow->key.peer, flow->key.id);
}

/* Take @skb off the queue, onto @list; under the queue's lock. */
static void baton_hold_unlink(struct baton_mig_net *pn, struct sk_buff *skb,
			      struct sk_buff_head *list)
{
	__skb_unlink(skb, &pn->hold);
	if (baton_hold_cb(skb)->early)
		pn->n_early--;
	__skb_queue_tail(list, skb);
}

/*
 * Free the held packets on @list, counting them as dropped: those of a
 * known flow as hold drops, early ones as packets of an unknown flow.
 */
static void baton_hold_free(struct net *net, struct sk_buff_head *list)
{
	struct baton_mig_net *pn = baton_mig_pernet(net);
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(list))) {
		if (baton_hold_cb(skb)->early)
			baton_tunnel_stat_inc(net, BATON_STAT_DROP(BATON_DROP_UNKNOWN_FLOW));
		else
			baton_mig_count(pn, BATON_MIG_HOLD_DROPPED);
		dev_put(skb->dev);
		kfree_skb(skb);
	}
}

/* Move the packets held too long to @expired; under the queue's lock. */
static void baton_hold_expired(struct baton_mig_net *pn,
			       struct sk_buff_head *expired)
{
	unsigned long hold_time = READ_ONCE(pn->hold_time);
	struct sk_buff *skb;

	while ((skb = skb_peek(&pn->hold)) &&
	       time_after(jiffies, baton_hold_cb(skb)->since + hold_time))
		baton_hold_unlink(pn, skb, expired);
}

/*
 * Queue @skb under @peer and @id, within the bounds; under the queue's
 * lock.  Return: NF_STOLEN, or NF_DROP past a bound (not counted here).
 */
static unsigned int baton_hold_add(struct baton_mig_net *pn,
				   struct sk_buff *skb,
				   const struct in6_addr *peer, u32 id,
				   bool early)
{
	struct baton_hold_cb *cb;
	unsigned int n = 0;
	struct sk_buff *it;

	if (skb_queue_len(&pn->hold) >= BATON_MIG_HOLD_MAX ||
	    (early && pn->n_early >= BATON_MIG_HOLD_EARLY_MAX))
		return NF_DROP;
	skb_queue_walk(&pn->hold, it)
		n += baton_hold_match_key(it, peer, id);
	if (n >= BATON_MIG_HOLD_FLOW_MAX)
		return NF_DROP;

	cb = baton_hold_cb(skb);
	cb->since = jiffies;
	cb->peer = *peer;
	cb->id = id;
	cb->early = early;
	pn->n_early += early;
	dev_hold(skb->dev);
	__skb_queue_tail(&pn->hold, skb);
	return NF_STOLEN;
}

/**
 * baton_mig_hold() - hold a de-encapsulated packet of a PENDING flow
 * @net: the netns
 * @skb: the packet, its client 4-tuple restored and its route dropped
 * @flow: its flow, under RCU
 *
 * Return: NF_STOLEN if held, NF_DROP if a bound was hit, or NF_ACCEPT
 * if the flow went live meanwhile and the packet may go on.
 */
unsigned int baton_mig_hold(struct net *net, struct sk_buff *skb,
			    struct baton_flow *flow)
{
	struct baton_mig_net *pn = baton_mig_pernet(net);
	unsigned int verdict = NF_ACCEPT;
	struct sk_buff_head expired;

	__skb_queue_head_init(&expired);
	spin_lock_bh(&pn->hold.lock);
	if (baton_flow_state(flow) == BATON_FLOW_STATE_PENDING) {
		baton_hold_expired(pn, &expired);
		verdict = baton_hold_add(pn, skb, &flow->key.peer,
					 flow->key.id, false);
		if (verdict == NF_DROP)
			baton_mig_count(pn, BATON_MIG_HOLD_DROPPED);
	}
	spin_unlock_bh(&pn->hold.lock);
	baton_hold_free(net, &expired);
	return verdict;
}

/**
 * baton_mig_hold_early() - hold a tunnelled packet of an unknown flow
 * @net: the netns
 * @skb: the packet, as it came from the forwarder
 * @peer: the forwarder, allowed
 * @id: the flow ID, not found in the decap table
 * @flow: set to the flow if its blob was stored since the caller looked
 *	(then the packet is not held, and goes the ordinary way)
 *
 * Context: under the RCU read lock, which keeps *@flow valid.
 * Return: NF_STOLEN if held, NF_DROP if not (counted as unknown_flow),
 * or NF_ACCEPT with *@flow set.
 */
unsigned int baton_mig_hold_early(struct net *net, struct sk_buff *skb,
				  const struct in6_addr *peer, u32 id,
				  struct baton_flow **flow)
{
	struct baton_mig_net *pn = baton_mig_pernet(net);
	unsigned int verdict = NF_ACCEPT;
	struct sk_buff_head expired;

	__skb_queue_head_init(&expired);
	spin_lock_bh(&pn->hold.lock);
	/* A blob stored meanwhile adopted what was held before: look again. */
	*flow = baton_flow_lookup_id(baton_flow_table_decap(net), peer, id);
	if (!*flow) {
		baton_hold_expired(pn, &expired);
		skb_dst_drop(skb);
		verdict = baton_hold_add(pn, skb, peer, id, true);
	}
	spin_unlock_bh(&pn->hold.lock);
	baton_hold_free(net, &expired);
	if (verdict == NF_DROP)
		baton_tunnel_stat_inc(net, BATON_STAT_DROP(BATON_DROP_UNKNOWN_FLOW));
	return verdict;
}

/**
 * baton_mig_hold_adopt() - a blob stored its flow: its early packets
 *	become packets of the flow
 * @net: the netns
 * @flow: the flow, just inserted PENDING; under RCU
 *
 * They are de-encapsulated here and stay in the queue, in their place,
 * to be replayed or dropped with the flow's other held packets.
 */
void baton_mig_hold_adopt(struct net *net, struct baton_flow *flow)
{
	struct baton_mig_net *pn = baton_mig_pernet(net);
	struct sk_buff *skb, *tmp;
	struct sk_buff_head bad;

	__skb_queue_head_init(&bad);
	spin_lock_bh(&pn->hold.lock);
	skb_queue_walk_safe(&pn->hold, skb, tmp) {
		if (!baton_hold_cb(skb)->early || !baton_hold_match(skb, flow))
			continue;
		if (baton_tunnel_decap(skb, flow)) {
			baton_hold_unlink(pn, skb, &bad);
			continue;
		}
		baton_hold_cb(skb)->early = false;
		pn->n_early--;
		baton_flow_touch(flow, skb->len);
		baton_tunnel_stat_inc(net, BATON_STAT_DECAP);
		baton_mig_count(pn, BATON_MIG_HELD_EARLY);
	}
	spin_unlock_bh(&pn->hold.lock);

	while ((skb = __skb_dequeue(&bad))) {
		baton_tunnel_stat_inc(net, BATON_STAT_DROP(BATON_DROP_MALFORMED));
		dev_put(skb->dev);
		kfree_skb(skb);
	}
}

/**
 * baton_mig_hold_expire() - drop the packets held too long
 * @net: the netns
 */
void baton_mig_hold_expire(struct net *net)
{
	struct baton_mig_net *pn = baton_mig_pernet(net);
	struct sk_buff_head expired;

	__skb_queue_head_init(&expired);
	spin_lock_bh(&pn->hold.lock);
	baton_hold_expired(pn, &expired);
	spin_unlock_bh(&pn->hold.lock);
	baton_hold_free(net, &expired);
}

/* Take @flow's held packets off the queue, setting its state. */
static void baton_hold_take(struct baton_mig_net *pn,
			    const struct baton_flow *flow, u8 state,
			    struct sk_buff_head *list)
{
	struct sk_buff *skb, *tmp;

	__skb_queue_head_init(list);
	spin_lock_bh(&pn->hold.lock);
	/* The flow is the caller's: only its state changes here. */
	baton_flow_state_set((struct baton_flow *)flow, state);
	skb_queue_walk_safe(&pn->hold, skb, tmp) {
		if (!baton_hold_cb(skb)->early && baton_hold_match(skb, flow))
			baton_hold_unlink(pn, skb, list);
	}
	spin_unlock_bh(&pn->hold.lock);
}

/**
 * baton_mig_hold_release() - a flow went live: replay its packets
 * @net: the netns
 * @flow: the flow, now ACTIVE
 */
void baton_mig_hold_release(struct net *net, const struct baton_flow *flow)
{
	struct baton_mig_net *pn = baton_mig_pernet(net);
	struct sk_buff_head list;
	struct sk_buff *skb;

	baton_hold_take(pn, flow, BATON_FLOW_STATE_ACTIVE, &list);
	while ((skb = __skb_dequeue(&list))) {
		struct net_device *dev = skb->dev;

		memset(skb->cb, 0, sizeof(skb->cb));
		baton_mig_count(pn, BATON_MIG_HELD);
		netif_rx(skb);
		dev_put(dev);
	}
}

/**
 * baton_mig_hold_drop() - a flow will not go live: drop its packets
 * @net: the netns
 * @flow: the flow, about to be removed
 */
void baton_mig_hold_drop(struct net *net, const struct baton_flow *flow)
{
	struct baton_mig_net *pn = baton_mig_pernet(net);
	struct sk_buff_head list;

	baton_hold_take(pn, flow, BATON_FLOW_STATE_CLOSING, &list);
	baton_hold_free(net, &list);
}

/**
 * baton_mig_hold_purge() - drop every held packet, once the hooks are gone
 * @net: the netns
 */
void baton_mig_hold_purge(struct net *net)
{
	struct baton_mig_net *pn = baton_mig_pernet(net);
	struct sk_buff_head list;

	__skb_queue_head_init(&list);
	spin_lock_bh(&pn->hold.lock);
	skb_queue_splice_init(&pn->hold, &list);
	pn->n_early = 0;
	spin_unlock_bh(&pn->hold.lock);
	baton_hold_free(net, &list);
}
