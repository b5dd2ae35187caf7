// SPDX-License-Identifier: GPL-2.0
/*
 * baton_migrator: telling the balancer that a migrated connection ended.
 *
 * Every BATON_MIG_END_SCAN the decap table is walked.  A flow that
 * came in a blob (BATON_FLOW_F_INFUSED) and is live is looked up in the
 * TCP established hash by its client 4-tuple: once its socket is gone,
 * or in TIME_WAIT, the connection is over.  Its mapping is removed and
 * an END goes to the balancer it came from, which retires its own.
 *
 * A notice that finds no channel to its balancer is lost; the balancer's
 * mapping then goes with its idle timeout.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <net/inet6_hashtables.h>
#include <net/inet_hashtables.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/tcp.h>

#include <baton/flow.h>

#include "migrator.h"

/* How often the table is walked, and most ends reported per walk. */
#define BATON_MIG_END_SCAN	(1 * HZ)
#define BATON_MIG_END_BATCH	256

struct baton_mig_end {
	struct in6_addr peer;
	u32 id;
};

struct baton_mig_end_walk {
	struct net *net;
	struct baton_mig_end *ends;
	unsigned int n;
};

/* Is the connection of @t over on this host?  Under RCU. */
static bool baton_mig_conn_over(struct net *net, const struct baton_tuple *t)
{
	struct inet_hashinfo *hinfo = net->ipv4.tcp_death_row.hashinfo;
	struct sock *sk = NULL;
	bool over;

	if (t->family == AF_INET)
		sk = __inet_lookup_established(net, hinfo,
					       t->client.s6_addr32[3], t->cport,
					       t->vip.s6_addr32[3],
					       ntohs(t->vport), 0, 0);
#if IS_ENABLED(CONFIG_IPV6)
	else
		sk = __inet6_lookup_established(net, hinfo, &t->client,
						t->cport, &t->vip,
						ntohs(t->vport), 0, 0);
#endif
	if (!sk)
		return true;
	over = sk->sk_state == TCP_TIME_WAIT;
	sock_gen_put(sk);
	return over;
}

static bool baton_mig_end_done(struct baton_flow *flow, void *arg)
{
	struct baton_mig_end_walk *w = arg;

	if (!(flow->flags & BATON_FLOW_F_INFUSED) ||
	    baton_flow_state(flow) != BATON_FLOW_STATE_ACTIVE ||
	    w->n == BATON_MIG_END_BATCH ||
	    !baton_mig_conn_over(w->net, &flow->tuple))
		return false;
	w->ends[w->n].peer = flow->key.peer;
	w->ends[w->n].id = flow->key.id;
	w->n++;
	return true;
}

/* Send the END of @e to the balancer it came from; under the lock. */
static void baton_mig_end_send(struct baton_mig_net *pn,
			       const struct baton_mig_end *e)
{
	struct baton_mig_chan *mc;

	list_for_each_entry(mc, &pn->chans, node) {
		struct baton_ctl_msg m = {
			.type = BATON_CTL_END,
			.flow_id = e->id,
			.reason = BATON_CTL_END_CLOSED,
		};

		if (!mc->ch.sock || !ipv6_addr_equal(&mc->ch.peer, &e->peer))
			continue;
		if (!baton_chan_send(&mc->ch, &m))
			baton_mig_count(pn, BATON_MIG_ENDED);
		return;
	}
}

static void baton_mig_end_work(struct work_struct *work)
{
	struct baton_mig_net *pn = container_of(to_delayed_work(work),
						struct baton_mig_net, end_work);
	struct baton_mig_end_walk w = { .net = pn->net };
	unsigned int i;

	w.ends = kmalloc_array(BATON_MIG_END_BATCH, sizeof(*w.ends),
			       GFP_KERNEL);
	if (w.ends) {
		baton_flow_table_walk(baton_flow_table_decap(pn->net),
				      baton_mig_end_done, &w);
		mutex_lock(&pn->lock);
		for (i = 0; i < w.n; i++)
			baton_mig_end_send(pn, &w.ends[i]);
		mutex_unlock(&pn->lock);
		kfree(w.ends);
	}
	/* Held packets expire even when no new one comes. */
	baton_mig_hold_expire(pn->net);
	queue_delayed_work(baton_mig_wq, &pn->end_work, BATON_MIG_END_SCAN);
}

/**
 * baton_mig_end_start() - start watching for ends in a netns
 * @pn: its state
 */
void baton_mig_end_start(struct baton_mig_net *pn)
{
	INIT_DELAYED_WORK(&pn->end_work, baton_mig_end_work);
	queue_delayed_work(baton_mig_wq, &pn->end_work, BATON_MIG_END_SCAN);
}

/**
 * baton_mig_end_stop() - stop watching, for good
 * @pn: its state
 */
void baton_mig_end_stop(struct baton_mig_net *pn)
{
	cancel_delayed_work_sync(&pn->end_work);
}
