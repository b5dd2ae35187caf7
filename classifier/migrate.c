// SPDX-License-Identifier: GPL-2.0
/*
 * baton_classifier: migrating a connection out.
 *
 * The order is what makes it safe:
 *  1. allocate the flow ID and install the forwarder's mapping, PENDING:
 *     from here every client packet of the connection is tunnelled to
 *     the host and none reaches the local socket;
 *  2. wait out the packets already past the forwarder's hook: the path
 *     from PRE_ROUTING to the socket is one RCU read-side section, so one
 *     grace period after step 1 covers them.  Connections are batched:
 *     each takes a grace-period cookie (start_poll_synchronize_rcu()),
 *     and one rcu_work migrates every connection whose grace period is
 *     over, then waits again for the others;
 *  3. TCP repair on, with the timers stopped: the socket sends nothing
 *     more;
 *  4. compile its state top-down, TCP then IP, and copy its whole
 *     receive queue (every byte acknowledged to the client);
 *  5. build the blob, the mapping bundled in, and send it to the host;
 *  6. on the host's ACK: the mapping goes ACTIVE and the socket is closed
 *     in repair mode, silently: no FIN, no RST.
 * On a REFUSE, a lost channel or no answer in time, the mapping is
 * retired and the client reset (repair off, then an abortive close).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/net.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/inet_sock.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/tcp.h>

#include <baton/blob.h>
#include <baton/config.h>
#include <baton/flow.h>
#include <baton/trace.h>

#include "classifier.h"

/**
 * baton_migrate_tuple() - the client and VIP of an accepted connection
 * @sk: its socket
 * @t: filled in
 */
void baton_migrate_tuple(struct sock *sk, struct baton_tuple *t)
{
	if (sk->sk_family == AF_INET)
		baton_tuple_init4(t, sk->sk_daddr, sk->sk_dport,
				  sk->sk_rcv_saddr, htons(sk->sk_num));
	else
		baton_tuple_init6(t, &sk->sk_v6_daddr, sk->sk_dport,
				  &sk->sk_v6_rcv_saddr, htons(sk->sk_num));
}

/* Install the forwarder's mapping of @c, PENDING, to @be. */
static int baton_migrate_map(struct baton_conn *c, struct baton_be *be)
{
	struct net *net = c->pn->net;
	struct baton_flow *flow;
	int err;

	flow = baton_flow_alloc(GFP_KERNEL);
	if (!flow)
		return -ENOMEM;
	baton_migrate_tuple(c->sock->sk, &flow->tuple);
	if (flow->tuple.family == AF_INET)
		ipv6_addr_set_v4mapped(be->tun4, &flow->key.peer);
	else
		flow->key.peer = be->tun6;
	flow->state = BATON_FLOW_STATE_PENDING;
	flow->owner = be->id;
	c->tuple = flow->tuple;
	/* Once in, the flow may be removed (and freed) by others at once. */
	rcu_read_lock();
	err = baton_flow_insert_new(baton_flow_table_encap(net), flow, net);
	if (!err)
		c->id = flow->key.id;
	rcu_read_unlock();
	if (err)
		baton_flow_free(flow);
	return err;
}

/* Retire the mapping of @c, or make it ACTIVE. */
static void baton_migrate_unmap(struct baton_conn *c, bool keep)
{
	struct baton_flow_table *table = baton_flow_table_encap(c->pn->net);
	struct baton_flow *flow;

	rcu_read_lock();
	flow = baton_flow_lookup_tuple(table, &c->tuple);
	if (flow && flow->key.id == c->id) {
		if (keep)
			baton_flow_state_set(flow, BATON_FLOW_STATE_ACTIVE);
		else
			baton_flow_remove(table, flow);
	}
	rcu_read_unlock();
}

/**
 * baton_migrate_start() - steps 1 and 2 for a decided connection
 * @c: the connection, off its service's list, socket events stopped
 * @be: the chosen backend, up
 *
 * Under the lock.  The connection is reset on failure.
 */
void baton_migrate_start(struct baton_conn *c, struct baton_be *be)
{
	struct baton_cls_net *pn = c->pn;
	int err;

	err = baton_migrate_map(c, be);
	if (err) {
		net_info_ratelimited("cannot map a connection: %d\n", err);
		baton_cls_count(pn, BATON_CLS_FAILED);
		baton_conn_reset(c);
		return;
	}
	baton_chan_get(&be->ch);
	c->be = be;
	c->state = BATON_CONN_GRACE;
	c->gp = start_poll_synchronize_rcu();
	list_add_tail(&c->node, &pn->gp_list);
	queue_rcu_work(baton_cls_wq, &pn->gp_work);
}

static int baton_migrate_setopt(struct socket *sock, int name, int val)
{
	return sock->ops->setsockopt(sock, SOL_TCP, name, KERNEL_SOCKPTR(&val),
				     sizeof(val));
}

/* Step 4: the state of @c's socket, in repair mode, into @b. */
static int baton_migrate_compile(struct baton_conn *c, struct baton_blob *b,
				 u8 **data)
{
	struct socket *sock = c->sock;
	struct sock *sk = sock->sk;
	struct tcp_sock *tp = tcp_sk(sk);
	const struct baton_tunnel_config *conf;
	struct net *net = sock_net(sk);
	struct kvec iov;
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
	bool fin;
	u32 len;
	int n;

	memset(b, 0, sizeof(*b));
	lock_sock(sk);
	inet_csk_clear_xmit_timers(sk);

	/* TCP */
	fin = sk->sk_shutdown & RCV_SHUTDOWN;
	b->tcp.snd_una = tp->snd_una;
	b->tcp.snd_nxt = tp->snd_nxt;
	b->tcp.rcv_nxt = tp->rcv_nxt;
	b->tcp.snd_wl1 = tp->snd_wl1;
	b->tcp.snd_wnd = tp->snd_wnd;
	b->tcp.max_window = tp->max_window;
	b->tcp.rcv_wnd = tp->rcv_wnd;
	b->tcp.rcv_wup = tp->rcv_wup;
	b->tcp.mss_clamp = tp->rx_opt.mss_clamp;
	if (tp->rx_opt.wscale_ok) {
		b->tcp.options |= BATON_BLOB_TCP_WSCALE;
		b->tcp.snd_wscale = tp->rx_opt.snd_wscale;
		b->tcp.rcv_wscale = tp->rx_opt.rcv_wscale;
	}
	if (tp->rx_opt.sack_ok)
		b->tcp.options |= BATON_BLOB_TCP_SACK_OK;
	if (tp->rx_opt.tstamp_ok) {
		b->tcp.options |= BATON_BLOB_TCP_TIMESTAMPS;
		b->tcp.ts_offset = tcp_time_stamp_raw() + tp->tsoffset;
		b->tcp.ts_recent = tp->rx_opt.ts_recent;
	}
	if (fin)
		b->tcp.options |= BATON_BLOB_TCP_FIN_RCVD;
	len = tp->rcv_nxt - tp->copied_seq - fin;

	/* IP */
	if (sk->sk_family == AF_INET) {
		int ttl = inet_sk(sk)->uc_ttl;

		b->ip.tos = inet_sk(sk)->tos;
		b->ip.ttl = ttl > 0 ? ttl :
			    READ_ONCE(net->ipv4.sysctl_ip_default_ttl);
	} else {
		int hops = inet6_sk(sk)->hop_limit;

		b->ip.tos = inet6_sk(sk)->tclass;
		b->ip.ttl = hops > 0 ? hops : IPV6_DEFAULT_HOPLIMIT;
	}
	release_sock(sk);

	/* The mapping */
	b->flow.id = c->id;
	b->flow.client_port = ntohs(c->tuple.cport);
	b->flow.vip_port = ntohs(c->tuple.vport);
	b->flow.family = c->tuple.family;
	memcpy(b->flow.client, &c->tuple.client, 16);
	memcpy(b->flow.vip, &c->tuple.vip, 16);
	rcu_read_lock();
	conf = baton_tunnel_config(net);
	if (c->tuple.family == AF_INET)
		ipv6_addr_set_v4mapped(conf->local4,
				       (struct in6_addr *)b->flow.forwarder);
	else
		memcpy(b->flow.forwarder, &conf->local6, 16);
	rcu_read_unlock();

	/* The receive queue, all of it acknowledged already */
	if (!len)
		return 0;
	if (len > BATON_BLOB_DATA_MAX)
		return -E2BIG;
	*data = kvmalloc(len, GFP_KERNEL);
	if (!*data)
		return -ENOMEM;
	n = baton_migrate_setopt(sock, TCP_REPAIR_QUEUE, TCP_RECV_QUEUE);
	if (n)
		return n;
	iov.iov_base = *data;
	iov.iov_len = len;
	n = kernel_recvmsg(sock, &msg, &iov, 1, len, MSG_PEEK | MSG_DONTWAIT);
	if (n != len)
		return n < 0 ? n : -EIO;
	b->data = *data;
	b->data_len = len;
	return 0;
}

/* Steps 3 to 5 for @c, whose grace period is over; under the lock. */
static void baton_migrate_send(struct baton_conn *c)
{
	struct baton_cls_net *pn = c->pn;
	struct baton_be *be = c->be;
	u8 *data = NULL, *buf = NULL;
	struct baton_blob b;
	size_t size, tag_off;
	int err;

	err = baton_migrate_setopt(c->sock, TCP_REPAIR, TCP_REPAIR_ON);
	err = err ?: baton_migrate_compile(c, &b, &data);
	if (err) {
		net_info_ratelimited("cannot compile a connection: %d\n", err);
		goto failed;
	}
	size = baton_blob_size(&b);
	buf = kvmalloc(size, GFP_KERNEL);
	err = buf ? baton_blob_encode(&b, buf, size, &tag_off) : -ENOMEM;
	if (err < 0) {
		net_info_ratelimited("cannot encode a connection: %d\n", err);
		goto failed;
	}
	err = baton_be_send(be, c, buf, size);
	if (err) {
		trace_baton_migrate_refused(&c->tuple, c->id, &be->addr, -1);
		baton_cls_event_conn(pn, BATON_CLS_EV_LOST, &c->tuple, c->id,
				     be, 0, 0);
		baton_cls_count(pn, BATON_CLS_LOST);
		be->refused++;
		goto fail;
	}
	baton_cls_count(pn, BATON_CLS_SENT);
	trace_baton_migrate_out(&c->tuple, c->id, &be->addr, b.data_len);
	goto out;

failed:
	baton_cls_count(pn, BATON_CLS_FAILED);
fail:
	baton_migrate_unmap(c, false);
	c->be = NULL;
	baton_chan_put(&be->ch);
	baton_conn_reset(c);
out:
	kvfree(buf);
	kvfree(data);
}

/**
 * baton_migrate_work() - migrate the connections whose grace period is over
 * @work: baton_cls_net.gp_work
 */
void baton_migrate_work(struct work_struct *work)
{
	struct baton_cls_net *pn = container_of(to_rcu_work(work),
						struct baton_cls_net, gp_work);
	struct baton_conn *c, *tmp;
	bool again = false;

	mutex_lock(&pn->lock);
	list_for_each_entry_safe(c, tmp, &pn->gp_list, node) {
		if (!poll_state_synchronize_rcu(c->gp)) {
			again = true;
			continue;
		}
		list_del(&c->node);
		baton_migrate_send(c);
	}
	if (again)
		queue_rcu_work(baton_cls_wq, &pn->gp_work);
	mutex_unlock(&pn->lock);
}

/**
 * baton_migrate_done() - the host answered a blob, or never will
 * @c: the connection, on its backend's list
 * @reason: 0 for an ACK, an enum baton_ctl_refuse_reason for a REFUSE,
 *	or a negative error when the channel was lost
 *
 * Under the lock.  The connection is forgotten.
 */
void baton_migrate_done(struct baton_conn *c, int reason)
{
	struct baton_cls_net *pn = c->pn;
	struct baton_be *be = c->be;

	list_del(&c->node);
	be->n_inflight--;
	c->be = NULL;
	if (!reason) {
		u64 latency = ktime_get_ns() - c->born;

		trace_baton_migrate_acked(&c->tuple, c->id, &be->addr,
					  latency);
		baton_cls_event_conn(pn, BATON_CLS_EV_MIGRATED, &c->tuple,
				     c->id, be, 0, latency);
		baton_migrate_unmap(c, true);
		baton_cls_count(pn, BATON_CLS_MIGRATED);
		be->migrated++;
		be->active++;
		/* In repair mode: the socket goes without a word. */
		sock_release(c->sock);
		c->sock = NULL;
		baton_conn_put(c);
	} else {
		trace_baton_migrate_refused(&c->tuple, c->id, &be->addr,
					    reason < 0 ? -1 : reason);
		baton_cls_event_conn(pn, reason < 0 ? BATON_CLS_EV_LOST :
				     BATON_CLS_EV_REFUSED, &c->tuple, c->id,
				     be, reason, 0);
		if (reason < 0)
			baton_cls_count(pn, BATON_CLS_LOST);
		else if (reason <= BATON_CTL_REFUSE_MAX)
			baton_cls_count(pn, BATON_CLS_REFUSED + reason);
		be->refused++;
		baton_migrate_unmap(c, false);
		baton_conn_reset(c);
	}
	baton_chan_put(&be->ch);
}
