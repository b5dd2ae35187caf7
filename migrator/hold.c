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
 * The queue is one per netns, oldest first, bounded in all
 * (BATON_MIG_HOLD_MAX), per flow (BATON_MIG_HOLD_FLOW_MAX) and in time
 * (BATON_MIG_HOLD_TIME): past any bound a packet is dropped and counted,
 * and the client retransmits it.  The flow's state is read and changed
 * under the queue's lock, so no packet is held after its flow went live.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/netdevice.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>

#include <baton/flow.h>

#include "migrator.h"

/* What a held packet remembers, in its control buffer. */
struct baton_hold_cb {
	unsigned long since;
	struct in6_addr peer;
	u32 id;
};

static struct baton_hold_cb *baton_hold_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct baton_hold_cb) > sizeof(skb->cb));
	return (struct baton_hold_cb *)skb->cb;
}

static bool baton_hold_match(struct sk_buff *skb, const struct baton_flow *flow)
{
	const struct baton_hold_cb *cb = baton_hold_cb(skb);

	return cb->id == flow->key.id && ipv6_addr_equal(&cb->peer, &flow->key.peer);
}

/* Free the held packets on @list, counting them as dropped. */
static void baton_hold_free(struct baton_mig_net *pn, struct sk_buff_head *list)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(list))) {
		dev_put(skb->dev);
		kfree_skb(skb);
		baton_mig_count(pn, BATON_MIG_HOLD_DROPPED);
	}
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
	struct sk_buff_head *q = &pn->hold, expired;
	unsigned int verdict = NF_STOLEN, n = 0;
	struct baton_hold_cb *cb;
	struct sk_buff *it;

	__skb_queue_head_init(&expired);
	spin_lock_bh(&q->lock);
	if (baton_flow_state(flow) != BATON_FLOW_STATE_PENDING) {
		verdict = NF_ACCEPT;
		goto out;
	}
	while ((it = skb_peek(q)) &&
	       time_after(jiffies, baton_hold_cb(it)->since + BATON_MIG_HOLD_TIME)) {
		__skb_unlink(it, q);
		__skb_queue_tail(&expired, it);
	}
	skb_queue_walk(q, it)
		n += baton_hold_match(it, flow);
	if (skb_queue_len(q) >= BATON_MIG_HOLD_MAX ||
	    n >= BATON_MIG_HOLD_FLOW_MAX) {
		baton_mig_count(pn, BATON_MIG_HOLD_DROPPED);
		verdict = NF_DROP;
		goto out;
	}
	cb = baton_hold_cb(skb);
	cb->since = jiffies;
	cb->peer = flow->key.peer;
	cb->id = flow->key.id;
	dev_hold(skb->dev);
	__skb_queue_tail(q, skb);
out:
	spin_unlock_bh(&q->lock);
	baton_hold_free(pn, &expired);
	return verdict;
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
		if (baton_hold_match(skb, flow)) {
			__skb_unlink(skb, &pn->hold);
			__skb_queue_tail(list, skb);
		}
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
	baton_hold_free(pn, &list);
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
	spin_unlock_bh(&pn->hold.lock);
	baton_hold_free(pn, &list);
}
