// SPDX-License-Identifier: GPL-2.0
/*
 * baton_classifier: backends and their control channels.
 *
 * Each backend of a service is a host reached on its control address
 * and port.  The classifier keeps one control connection to it, from
 * this node's tunnel address of the host's family (the address the host
 * allows as a forwarder).  The host's first frame, HELLO, gives its
 * tunnel addresses; from then on the backend is up and takes blobs.
 * The channel is re-established every BATON_CLS_RECONNECT while down.
 *
 * A backend's delayed work doubles as its clock: while the channel is
 * up it runs every BATON_CLS_RECONNECT and resets a channel whose
 * oldest blob waited more than BATON_CLS_ACK_TIMEOUT for its answer, or
 * that sent no HELLO in as long.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in6.h>
#include <linux/slab.h>
#include <net/ipv6.h>

#include <baton/config.h>

#include "classifier.h"

static void baton_be_release(struct baton_chan *ch)
{
	kfree(container_of(ch, struct baton_be, ch));
}

/* Arm the backend's clock, holding a reference for it. */
static void baton_be_tick(struct baton_be *be, unsigned long delay)
{
	baton_chan_get(&be->ch);
	if (!mod_delayed_work(baton_cls_wq, &be->reconnect, delay))
		return;
	/* It was pending already, with a reference of its own. */
	baton_chan_put(&be->ch);
}

/* The channel broke or is given up: every blob in flight is lost. */
static void baton_be_down(struct baton_be *be)
{
	bool was_up = be->state == BATON_BE_STATE_UP;
	struct baton_conn *c, *tmp;

	baton_chan_close(&be->ch);
	be->state = BATON_BE_STATE_DOWN;
	if (was_up)
		baton_cls_event_be(be, BATON_CLS_EV_BACKEND_DOWN);
	be->tun4 = 0;
	be->tun6 = in6addr_any;
	list_for_each_entry_safe(c, tmp, &be->inflight, node)
		baton_migrate_done(c, -ECONNRESET);
}

static void baton_be_connect(struct baton_be *be)
{
	struct net *net = be->pn->net;
	const struct baton_tunnel_config *conf;
	struct in6_addr src;
	int err;

	rcu_read_lock();
	conf = baton_tunnel_config(net);
	if (ipv6_addr_v4mapped(&be->addr))
		ipv6_addr_set_v4mapped(conf->local4, &src);
	else
		src = conf->local6;
	rcu_read_unlock();

	err = -EADDRNOTAVAIL;
	if (!ipv6_addr_any(&src) && !(ipv6_addr_v4mapped(&src) &&
				      !src.s6_addr32[3]))
		err = baton_chan_connect(&be->ch, net, &src, &be->addr,
					 be->ctl_port);
	if (!err) {
		be->state = BATON_BE_STATE_CONNECTING;
		be->since = jiffies;
	}
}

static void baton_be_clock(struct work_struct *work)
{
	struct baton_be *be = container_of(to_delayed_work(work),
					   struct baton_be, reconnect);
	struct baton_cls_net *pn = be->pn;
	struct baton_conn *c;

	mutex_lock(&pn->lock);
	if (be->dead)
		goto out;
	switch (be->state) {
	case BATON_BE_STATE_DOWN:
		baton_be_connect(be);
		break;
	case BATON_BE_STATE_CONNECTING:
		if (time_after(jiffies, be->since + BATON_CLS_ACK_TIMEOUT))
			baton_be_down(be);
		break;
	case BATON_BE_STATE_UP:
		c = list_first_entry_or_null(&be->inflight, struct baton_conn,
					     node);
		if (c && time_after(jiffies, c->sent + BATON_CLS_ACK_TIMEOUT)) {
			net_info_ratelimited("backend %pI6c: no answer to a blob: channel reset\n",
					     &be->addr);
			baton_be_down(be);
		}
		break;
	}
	baton_be_tick(be, BATON_CLS_RECONNECT);
out:
	mutex_unlock(&pn->lock);
	baton_chan_put(&be->ch);
}

static bool baton_be_is_peer(const struct baton_be *be,
			     const struct in6_addr *peer)
{
	struct in6_addr tun4;

	ipv6_addr_set_v4mapped(be->tun4, &tun4);
	return (be->tun4 && ipv6_addr_equal(peer, &tun4)) ||
	       (!ipv6_addr_any(&be->tun6) && ipv6_addr_equal(peer, &be->tun6));
}

static struct baton_be *baton_be_find_id(struct baton_svc *svc, u16 id)
{
	struct baton_be *be;

	list_for_each_entry(be, &svc->backends, node)
		if (be->id == id)
			return be;
	return NULL;
}

/*
 * A connection of @flow ended, for @reason: one fewer active on the
 * backend that took it, its owner.  The END may come on the channel of
 * another backend on the same host, of this service or another.
 */
static void baton_be_ended(struct baton_cls_net *pn,
			   const struct baton_tuple *t, u32 id, u16 owner,
			   u16 reason)
{
	struct baton_svc *svc;
	struct baton_be *be;

	svc = baton_svc_find(pn, t->family, &t->vip, ntohs(t->vport));
	be = svc ? baton_be_find_id(svc, owner) : NULL;
	if (be && be->active)
		be->active--;
	baton_cls_event_conn(pn, BATON_CLS_EV_ENDED, t, id, be, reason, 0);
}

/* The host says flow @id ended: retire its mapping, if it is ours. */
static void baton_be_end(struct baton_be *be, u32 id, u16 reason)
{
	struct baton_flow_table *table = baton_flow_table_encap(be->pn->net);
	struct baton_flow *flow;
	struct baton_tuple tuple;
	bool ended = false;
	u16 owner = 0;

	rcu_read_lock();
	flow = baton_flow_lookup_id(table, NULL, id);
	if (flow && baton_be_is_peer(be, &flow->key.peer) &&
	    !baton_flow_remove(table, flow)) {
		tuple = flow->tuple;
		owner = flow->owner;
		ended = true;
	}
	rcu_read_unlock();
	if (ended)
		baton_be_ended(be->pn, &tuple, id, owner, reason);
}

/* The blob in flight with sequence number @seq. */
static struct baton_conn *baton_be_inflight(struct baton_be *be, u32 seq)
{
	struct baton_conn *c;

	list_for_each_entry(c, &be->inflight, node)
		if (c->seq == seq)
			return c;
	return NULL;
}

static int baton_be_frame(struct baton_chan *ch,
			  const struct baton_ctl_frame *f)
{
	struct baton_be *be = container_of(ch, struct baton_be, ch);
	const struct baton_ctl_msg *m = &f->msg;
	struct baton_conn *c;

	switch (m->type) {
	case BATON_CTL_HELLO:
		memcpy(&be->tun4, m->tunnel4, sizeof(be->tun4));
		memcpy(&be->tun6, m->tunnel6, sizeof(be->tun6));
		if (be->state != BATON_BE_STATE_UP) {
			be->state = BATON_BE_STATE_UP;
			baton_cls_event_be(be, BATON_CLS_EV_BACKEND_UP);
		}
		return 0;
	case BATON_CTL_ACK:
	case BATON_CTL_REFUSE:
		if (be->state != BATON_BE_STATE_UP)
			return -EPROTO;
		c = baton_be_inflight(be, m->seq);
		if (!c || (m->flow_id && m->flow_id != c->id))
			return -EPROTO;
		baton_migrate_done(c, m->type == BATON_CTL_ACK ? 0 : m->reason);
		return 0;
	case BATON_CTL_END:
		baton_cls_count(be->pn, BATON_CLS_ENDED);
		baton_be_end(be, m->flow_id, m->reason);
		return 0;
	case BATON_CTL_KEEPALIVE:
		return 0;
	default:
		return -EPROTO;
	}
}

static const struct baton_chan_ops baton_be_chan_ops = {
	.frame = baton_be_frame,
	.release = baton_be_release,
};

static void baton_be_work(struct work_struct *work)
{
	struct baton_be *be = container_of(work, struct baton_be, ch.work);
	struct baton_cls_net *pn = be->pn;

	mutex_lock(&pn->lock);
	if (!be->dead && be->ch.sock && baton_chan_receive(&be->ch)) {
		baton_be_down(be);
		baton_be_tick(be, BATON_CLS_RECONNECT);
	}
	mutex_unlock(&pn->lock);
	baton_chan_put(&be->ch);
}

/**
 * baton_be_set_health() - what a health checker says of a backend; under
 *	the lock
 * @be: the backend
 * @health: enum baton_be_health
 *
 * A change between down and not down is an event, as a channel's is.
 */
void baton_be_set_health(struct baton_be *be, u8 health)
{
	bool was_down = be->health == BATON_BE_HEALTH_DOWN;
	bool down = health == BATON_BE_HEALTH_DOWN;

	be->health = health;
	if (down != was_down && be->state == BATON_BE_STATE_UP)
		baton_cls_event_be(be, down ? BATON_CLS_EV_BACKEND_DOWN :
					      BATON_CLS_EV_BACKEND_UP);
}

/**
 * baton_be_find() - look a backend of a service up; under the lock
 * @svc: the service
 * @addr: the host's control address (IPv4 as v4-mapped)
 *
 * Return: the backend, or NULL.
 */
struct baton_be *baton_be_find(struct baton_svc *svc,
			       const struct in6_addr *addr)
{
	struct baton_be *be;

	list_for_each_entry(be, &svc->backends, node)
		if (ipv6_addr_equal(&be->addr, addr))
			return be;
	return NULL;
}

/**
 * baton_be_add() - add a backend to a service and connect to it; under
 *	the lock
 * @svc: the service
 * @addr: the host's control address (IPv4 as v4-mapped)
 * @ctl_port: its control port
 * @weight: its weight
 * @group: its group, a valid name
 *
 * Return: 0 or -ENOMEM (then nothing changed).
 */
int baton_be_add(struct baton_svc *svc, const struct in6_addr *addr,
		 u16 ctl_port, u32 weight, const char *group)
{
	struct baton_be *be;
	int err;

	be = kzalloc(sizeof(*be), GFP_KERNEL);
	if (!be)
		return -ENOMEM;
	err = baton_chan_init(&be->ch, &baton_be_chan_ops, baton_cls_wq,
			      baton_be_work, BATON_CTL_BALANCER_RECEIVES);
	if (err) {
		kfree(be);
		return err;
	}
	be->pn = svc->pn;
	/* At most BATON_SVC_BACKENDS_MAX taken: a free one is near. */
	do {
		be->id = svc->next_id++;
	} while (!be->id || baton_be_find_id(svc, be->id));
	be->addr = *addr;
	be->ctl_port = ctl_port;
	be->weight = weight;
	strscpy(be->group, group, sizeof(be->group));
	be->state = BATON_BE_STATE_DOWN;
	INIT_LIST_HEAD(&be->inflight);
	INIT_DELAYED_WORK(&be->reconnect, baton_be_clock);
	list_add_tail(&be->node, &svc->backends);
	svc->n_backends++;
	be->svc = svc;
	err = baton_sched_update(svc);
	if (err) {
		list_del(&be->node);
		svc->n_backends--;
		baton_sched_update(svc);
		baton_chan_put(&be->ch);
		return err;
	}
	baton_be_tick(be, 0);
	return 0;
}

/**
 * baton_be_del() - remove a backend; under the lock
 * @be: the backend
 *
 * Its blobs in flight are lost: their clients are reset.
 */
void baton_be_del(struct baton_be *be)
{
	be->dead = true;
	baton_be_down(be);
	list_del(&be->node);
	be->svc->n_backends--;
	/* Not named by the maglev table from here on, whatever happens. */
	baton_sched_update(be->svc);
	if (cancel_delayed_work(&be->reconnect))
		baton_chan_put(&be->ch);
	baton_chan_put(&be->ch);
}

/**
 * baton_be_send() - send a connection's blob; under the lock
 * @be: the backend, up
 * @c: the connection; on success it waits on @be's list for the answer
 * @blob: the blob
 * @len: its length
 *
 * Return: 0, or a negative error; then the channel was reset.
 */
int baton_be_send(struct baton_be *be, struct baton_conn *c,
		  const u8 *blob, size_t len)
{
	struct baton_ctl_msg m = {
		.type = BATON_CTL_BLOB,
		.blob = blob,
		.blob_len = len,
	};
	int err;

	if (be->state != BATON_BE_STATE_UP)
		return -ENOTCONN;
	err = baton_chan_send(&be->ch, &m);
	if (err) {
		baton_be_down(be);
		return err;
	}
	c->seq = m.seq;
	c->sent = jiffies;
	c->state = BATON_CONN_INFLIGHT;
	list_add_tail(&c->node, &be->inflight);
	be->n_inflight++;
	return 0;
}
