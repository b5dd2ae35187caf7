// SPDX-License-Identifier: GPL-2.0
/*
 * baton_migrator: the control listener and the blobs it receives.
 *
 * With a control port set (batonctl migrator set port N), the host
 * listens on it, on every address of the netns, IPv4 and IPv6.  It
 * keeps a connection only if it comes from an allowed forwarder
 * (batonctl tunnel set forwarder add ...); others are closed at once
 * and counted.  Its first frame is a HELLO naming the host's tunnel
 * addresses.  Then each BLOB is applied in order and answered:
 *
 *  1. decode and check it (baton_blob_decode());
 *  2. check its forwarder, and store its decap mapping, PENDING: from
 *     here the flow's tunnelled packets are held (hold.c);
 *  3. infuse the socket into the listener on VIP:port (infuse.c);
 *  4. ACTIVE: replay the held packets; send ACK.
 *
 * Any failure undoes what was done, drops the held packets and sends a
 * REFUSE with the reason; the balancer then resets the client.
 *
 * Everything here runs in process context, in work items on
 * baton_mig_wq, under the netns's lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in6.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include <baton/blob.h>
#include <baton/config.h>
#include <baton/flow.h>
#include <baton/sockaddr.h>
#include <baton/trace.h>

#include "migrator.h"

#define BATON_MIG_BACKLOG	64

static void baton_mig_chan_release(struct baton_chan *ch)
{
	kfree(container_of(ch, struct baton_mig_chan, ch));
}

/* Close a channel and forget it; under the lock. */
static void baton_mig_chan_drop(struct baton_mig_chan *mc)
{
	baton_chan_close(&mc->ch);
	list_del(&mc->node);
	mc->pn->n_chans--;
	baton_chan_put(&mc->ch);
}

static int baton_mig_reply(struct baton_mig_chan *mc, u8 type, u32 seq,
			   u32 id, u16 reason)
{
	struct baton_ctl_msg m = {
		.type = type,
		.seq = seq,
		.flow_id = id,
		.reason = reason,
	};

	return baton_chan_send(&mc->ch, &m);
}

static int baton_mig_refuse_reason(int err)
{
	switch (err) {
	case -EPROTONOSUPPORT:
		return BATON_CTL_REFUSE_VERSION;
	case -E2BIG:
	case -EMSGSIZE:
		return BATON_CTL_REFUSE_TOO_LONG;
	default:
		return BATON_CTL_REFUSE_MALFORMED;
	}
}

/* The flow of @b in the decap table, if it is still the one stored. */
static struct baton_flow *baton_mig_flow_find(struct net *net,
					      const struct baton_tuple *tuple,
					      u32 id)
{
	struct baton_flow *flow;

	flow = baton_flow_lookup_tuple(baton_flow_table_decap(net), tuple);
	return flow && flow->key.id == id ? flow : NULL;
}

static void baton_mig_blob_tuple(const struct baton_blob *b,
				 struct baton_tuple *tuple)
{
	const struct baton_blob_flow *f = &b->flow;

	if (f->family == AF_INET) {
		__be32 client, vip;

		memcpy(&client, f->client + 12, 4);
		memcpy(&vip, f->vip + 12, 4);
		baton_tuple_init4(tuple, client, htons(f->client_port),
				  vip, htons(f->vip_port));
	} else {
		baton_tuple_init6(tuple, (const struct in6_addr *)f->client,
				  htons(f->client_port),
				  (const struct in6_addr *)f->vip,
				  htons(f->vip_port));
	}
}

/* Apply one blob: 0 or the reason to refuse it. */
static int baton_mig_apply(struct net *net, const struct baton_blob *b)
{
	struct baton_flow_table *table = baton_flow_table_decap(net);
	struct baton_tuple tuple;
	struct baton_flow *flow;
	int reason, err;

	if (!baton_tunnel_forwarder_allowed(net, (const struct in6_addr *)
					    b->flow.forwarder))
		return BATON_CTL_REFUSE_NOT_FORWARDER;

	flow = baton_flow_alloc(GFP_KERNEL);
	if (!flow)
		return BATON_CTL_REFUSE_NO_MEMORY;
	baton_mig_blob_tuple(b, &tuple);
	flow->tuple = tuple;
	memcpy(&flow->key.peer, b->flow.forwarder, sizeof(flow->key.peer));
	flow->key.id = b->flow.id;
	flow->state = BATON_FLOW_STATE_PENDING;
	flow->flags = BATON_FLOW_F_INFUSED;
	rcu_read_lock();
	err = baton_flow_insert(table, flow);
	if (!err)
		baton_mig_hold_adopt(net, flow);
	rcu_read_unlock();
	if (err) {
		baton_flow_free(flow);
		return err == -ENOSPC ? BATON_CTL_REFUSE_TABLE_FULL :
					BATON_CTL_REFUSE_EXISTS;
	}

	reason = baton_mig_infuse(net, b);

	/* The flow may have gone meanwhile (batonctl flow del). */
	rcu_read_lock();
	flow = baton_mig_flow_find(net, &tuple, b->flow.id);
	if (!flow) {
		rcu_read_unlock();
		return reason;
	}
	if (reason) {
		baton_mig_hold_drop(net, flow);
		baton_flow_remove(table, flow);
	} else {
		baton_mig_hold_release(net, flow);
	}
	rcu_read_unlock();
	return reason;
}

static int baton_mig_blob(struct baton_mig_chan *mc,
			  const struct baton_ctl_frame *f)
{
	struct baton_mig_net *pn = mc->pn;
	struct baton_blob b;
	const char *why;
	size_t tag_off;
	int reason, err;

	baton_mig_count(pn, BATON_MIG_RECEIVED);
	err = baton_blob_decode(f->msg.blob, f->msg.blob_len, &b, &tag_off,
				&why);
	if (err) {
		net_info_ratelimited("blob from %pI6c refused: %s\n",
				     &mc->ch.peer, why);
		reason = baton_mig_refuse_reason(err);
		baton_mig_count(pn, BATON_MIG_REFUSED + reason);
		return baton_mig_reply(mc, BATON_CTL_REFUSE, f->msg.seq, 0,
				       reason);
	}

	reason = baton_mig_apply(pn->net, &b);
	if (trace_baton_infuse_enabled()) {
		struct baton_tuple tuple;

		baton_mig_blob_tuple(&b, &tuple);
		trace_baton_infuse(&tuple, b.flow.id, (const struct in6_addr *)
				   b.flow.forwarder, reason);
	}
	if (reason) {
		baton_mig_count(pn, BATON_MIG_REFUSED + reason);
		return baton_mig_reply(mc, BATON_CTL_REFUSE, f->msg.seq,
				       b.flow.id, reason);
	}
	baton_mig_count(pn, BATON_MIG_INFUSED);
	return baton_mig_reply(mc, BATON_CTL_ACK, f->msg.seq, b.flow.id, 0);
}

static int baton_mig_frame(struct baton_chan *ch,
			   const struct baton_ctl_frame *f)
{
	struct baton_mig_chan *mc = container_of(ch, struct baton_mig_chan, ch);

	switch (f->msg.type) {
	case BATON_CTL_BLOB:
		return baton_mig_blob(mc, f);
	case BATON_CTL_KEEPALIVE:
		return 0;
	default:
		return -EINVAL;
	}
}

static const struct baton_chan_ops baton_mig_chan_ops = {
	.frame = baton_mig_frame,
	.release = baton_mig_chan_release,
};

static void baton_mig_chan_work(struct work_struct *work)
{
	struct baton_mig_chan *mc = container_of(work, struct baton_mig_chan,
						 ch.work);
	struct baton_mig_net *pn = mc->pn;

	mutex_lock(&pn->lock);
	if (mc->ch.sock && baton_chan_receive(&mc->ch))
		baton_mig_chan_drop(mc);
	mutex_unlock(&pn->lock);
	baton_chan_put(&mc->ch);
}

/* The HELLO of this host: its tunnel addresses. */
static bool baton_mig_hello(struct net *net, struct baton_ctl_msg *m)
{
	const struct baton_tunnel_config *conf;
	bool any;

	memset(m, 0, sizeof(*m));
	m->type = BATON_CTL_HELLO;
	rcu_read_lock();
	conf = baton_tunnel_config(net);
	memcpy(m->tunnel4, &conf->local4, sizeof(m->tunnel4));
	memcpy(m->tunnel6, &conf->local6, sizeof(m->tunnel6));
	any = conf->local4 || !ipv6_addr_any(&conf->local6);
	rcu_read_unlock();
	return any;
}

/* Take one accepted connection: keep it, or close it; under the lock. */
static void baton_mig_chan_new(struct baton_mig_net *pn, struct socket *sock)
{
	struct baton_mig_chan *mc;
	struct baton_ctl_msg hello;
	struct in6_addr peer;
	struct sock *sk = sock->sk;

	if (sk->sk_family == AF_INET)
		ipv6_addr_set_v4mapped(sk->sk_daddr, &peer);
	else
		peer = sk->sk_v6_daddr;
	if (!baton_tunnel_forwarder_allowed(pn->net, &peer) ||
	    !baton_mig_hello(pn->net, &hello)) {
		net_info_ratelimited("control connection from %pI6c refused: not an allowed forwarder, or no tunnel address\n",
				     &peer);
		baton_mig_count(pn, BATON_MIG_CHANNELS_REFUSED);
		goto err_release;
	}

	mc = kzalloc(sizeof(*mc), GFP_KERNEL);
	if (!mc)
		goto err_release;
	if (baton_chan_init(&mc->ch, &baton_mig_chan_ops, baton_mig_wq,
			    baton_mig_chan_work, BATON_CTL_HOST_RECEIVES)) {
		kfree(mc);
		goto err_release;
	}
	mc->pn = pn;
	list_add_tail(&mc->node, &pn->chans);
	pn->n_chans++;
	baton_chan_attach(&mc->ch, sock);
	if (baton_chan_send(&mc->ch, &hello))
		baton_mig_chan_drop(mc);
	return;

err_release:
	sock_release(sock);
}

static void baton_mig_accept_work(struct work_struct *work)
{
	struct baton_mig_net *pn = container_of(work, struct baton_mig_net,
						listener.work);
	struct socket *sock;

	mutex_lock(&pn->lock);
	while ((sock = baton_listener_accept(&pn->listener)))
		baton_mig_chan_new(pn, sock);
	mutex_unlock(&pn->lock);
}

static void baton_mig_ctl_drop_chans(struct baton_mig_net *pn)
{
	struct baton_mig_chan *mc, *tmp;

	list_for_each_entry_safe(mc, tmp, &pn->chans, node)
		baton_mig_chan_drop(mc);
}

/* Close the listener and every channel; under the lock. */
static void baton_mig_ctl_close(struct baton_mig_net *pn)
{
	baton_listener_close(&pn->listener);
	WRITE_ONCE(pn->port, 0);
	baton_mig_ctl_drop_chans(pn);
}

/**
 * baton_mig_ctl_set_port() - open, move or close the control listener
 * @net: the netns
 * @port: the port, or 0 to close
 *
 * Return: 0 or a negative error (then nothing changed).
 */
int baton_mig_ctl_set_port(struct net *net, u16 port)
{
	struct baton_mig_net *pn = baton_mig_pernet(net);
	struct sockaddr_storage ss;
	int len, err = 0;

	mutex_lock(&pn->lock);
	if (port == pn->port)
		goto out;
	if (!port) {
		baton_mig_ctl_close(pn);
		goto out;
	}
	/* IPv6, taking IPv4 too. */
	len = baton_sockaddr(AF_INET6, &in6addr_any, port, &ss);
	err = baton_listener_open(&pn->listener, net, &ss, len, 0,
				  BATON_MIG_BACKLOG);
	if (err)
		goto out;
	/* The balancers connect again, to the new port. */
	baton_mig_ctl_drop_chans(pn);
	WRITE_ONCE(pn->port, port);
out:
	mutex_unlock(&pn->lock);
	return err;
}

/**
 * baton_mig_ctl_init() - prepare the control plane of a netns
 * @pn: its state
 */
void baton_mig_ctl_init(struct baton_mig_net *pn)
{
	mutex_init(&pn->lock);
	INIT_LIST_HEAD(&pn->chans);
	baton_listener_init(&pn->listener, baton_mig_wq, baton_mig_accept_work);
}

/**
 * baton_mig_ctl_stop() - close the control plane of a netns for good
 * @net: the netns
 *
 * No work item of the netns runs once this returns.
 */
void baton_mig_ctl_stop(struct net *net)
{
	struct baton_mig_net *pn = baton_mig_pernet(net);

	mutex_lock(&pn->lock);
	baton_mig_ctl_close(pn);
	mutex_unlock(&pn->lock);
	baton_listener_sync(&pn->listener);
	flush_workqueue(baton_mig_wq);
}
