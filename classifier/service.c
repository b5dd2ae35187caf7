// SPDX-License-Identifier: GPL-2.0
/*
 * baton_classifier: services, their listeners, and the decision.
 *
 * A service holds a kernel listening socket on VIP:port in its netns
 * (IP_FREEBIND, so the VIP may be configured later; SYN cookies under a
 * flood as for any listener).  Each accepted connection is peeked at,
 * never read, on every socket event, until there is enough to decide:
 *  - a complete HTTP/1.x request head, or bytes that cannot start one;
 *  - a complete TLS ClientHello;
 *  - the service's byte limit (head-max), or a FIN from the client;
 *  - or the service's decision timeout, with whatever arrived.
 * Then the service's scheduler chooses a backend (sched.c) and the
 * connection migrates out (migrate.c).  With no backend, the client is
 * reset.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/inet_sock.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/tcp.h>

#include <baton/sniff.h>
#include <baton/sockaddr.h>

#include "classifier.h"

#define BATON_SVC_BACKLOG	1024

static void baton_conn_release(struct kref *ref)
{
	kfree(container_of(ref, struct baton_conn, ref));
}

/**
 * baton_conn_put() - drop a reference on a connection
 * @c: the connection
 */
void baton_conn_put(struct baton_conn *c)
{
	kref_put(&c->ref, baton_conn_release);
}

static void baton_conn_kick(struct sock *sk)
{
	struct baton_conn *c = sk->sk_user_data;

	if (!c)
		return;
	kref_get(&c->ref);
	/* Already pending: it holds a reference of its own. */
	if (mod_delayed_work(baton_cls_wq, &c->work, 0))
		baton_conn_put(c);
}

static void baton_conn_data_ready(struct sock *sk)
{
	read_lock_bh(&sk->sk_callback_lock);
	baton_conn_kick(sk);
	read_unlock_bh(&sk->sk_callback_lock);
}

/* Stop the socket events of @c; under the lock. */
static void baton_conn_detach(struct baton_conn *c)
{
	struct sock *sk = c->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	if (sk->sk_user_data == c) {
		sk->sk_user_data = NULL;
		sk->sk_data_ready = c->saved_data_ready;
		sk->sk_state_change = c->saved_state_change;
	}
	write_unlock_bh(&sk->sk_callback_lock);
	if (cancel_delayed_work(&c->work))
		baton_conn_put(c);
}

/**
 * baton_conn_reset() - reset the client and forget the connection
 * @c: the connection, off every list; under the lock
 *
 * Repair mode, if on, is left first so that the RST goes out.
 */
void baton_conn_reset(struct baton_conn *c)
{
	struct socket *sock = c->sock;
	int off = TCP_REPAIR_OFF_NO_WP;

	baton_conn_detach(c);
	if (tcp_sk(sock->sk)->repair)
		sock->ops->setsockopt(sock, SOL_TCP, TCP_REPAIR,
				      KERNEL_SOCKPTR(&off), sizeof(off));
	sock_no_linger(sock->sk);
	sock_release(sock);
	c->sock = NULL;
	baton_conn_put(c);
}

/* Is what @buf holds enough to decide on? */
static bool baton_conn_enough(const u8 *buf, size_t n, u32 head_max)
{
	union {
		struct baton_sniff_http http;
		struct baton_sniff_tls tls;
	} out;

	if (n >= head_max)
		return true;
	switch (baton_sniff_http(buf, n, head_max, &out.http)) {
	case BATON_SNIFF_NEED_MORE:
		return false;
	case BATON_SNIFF_NOT_THIS:
		break;
	default:
		return true;
	}
	return baton_sniff_tls(buf, n, &out.tls) != BATON_SNIFF_NEED_MORE;
}

/* Take the decision on @c if it can be taken; under the lock. */
static void baton_conn_decide(struct baton_conn *c)
{
	struct baton_cls_net *pn = c->pn;
	struct baton_svc *svc = c->svc;
	struct kvec iov = { .iov_base = pn->peek, .iov_len = svc->head_max };
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
	struct sock *sk = c->sock->sk;
	struct baton_tuple tuple;
	bool fin, late;
	struct baton_be *be;
	int n;

	n = kernel_recvmsg(c->sock, &msg, &iov, 1, svc->head_max,
			   MSG_PEEK | MSG_DONTWAIT);
	fin = READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN;
	late = time_after_eq(jiffies, c->deadline);
	if (n == -EAGAIN)
		n = 0;
	if (n < 0 || (!n && fin) ||
	    (sk->sk_state != TCP_ESTABLISHED && sk->sk_state != TCP_CLOSE_WAIT)) {
		/* The client left, or reset, before it said anything useful. */
		baton_cls_count(pn, BATON_CLS_CLIENT_GONE);
		goto drop;
	}
	if (!late && !fin &&
	    (!n || !baton_conn_enough(pn->peek, n, svc->head_max))) {
		kref_get(&c->ref);
		if (!queue_delayed_work(baton_cls_wq, &c->work,
					c->deadline - jiffies))
			baton_conn_put(c);
		return;
	}

	baton_cls_count(pn, BATON_CLS_DECIDED);
	if (late)
		baton_cls_count(pn, BATON_CLS_DECIDE_TIMEOUT);
	baton_migrate_tuple(sk, &tuple);
	be = baton_sched_pick(svc, &tuple,
			      baton_rule_select(svc, pn->peek, n));
	if (!be) {
		baton_cls_count(pn, BATON_CLS_NO_BACKEND);
		goto drop;
	}
	list_del(&c->node);
	svc->n_pending--;
	c->svc = NULL;
	baton_conn_detach(c);
	baton_migrate_start(c, be);
	return;

drop:
	list_del(&c->node);
	svc->n_pending--;
	c->svc = NULL;
	baton_conn_reset(c);
}

static void baton_conn_work(struct work_struct *work)
{
	struct baton_conn *c = container_of(to_delayed_work(work),
					    struct baton_conn, work);
	struct baton_cls_net *pn = c->pn;

	mutex_lock(&pn->lock);
	if (c->state == BATON_CONN_DECIDING && c->svc && c->sock)
		baton_conn_decide(c);
	mutex_unlock(&pn->lock);
	baton_conn_put(c);
}

/* A new client connection on @svc; under the lock. */
static void baton_conn_new(struct baton_svc *svc, struct socket *sock)
{
	struct baton_cls_net *pn = svc->pn;
	struct baton_conn *c;
	struct sock *sk = sock->sk;

	baton_cls_count(pn, BATON_CLS_ACCEPTED);
	svc->accepted++;
	if (svc->n_pending >= BATON_CLS_PENDING_MAX) {
		baton_cls_count(pn, BATON_CLS_FAILED);
		goto err_reset;
	}
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c) {
		baton_cls_count(pn, BATON_CLS_FAILED);
		goto err_reset;
	}
	c->pn = pn;
	c->svc = svc;
	c->sock = sock;
	c->state = BATON_CONN_DECIDING;
	c->born = ktime_get_ns();
	c->deadline = jiffies + msecs_to_jiffies(svc->decide_ms);
	INIT_DELAYED_WORK(&c->work, baton_conn_work);
	kref_init(&c->ref);
	list_add_tail(&c->node, &svc->conns);
	svc->n_pending++;

	write_lock_bh(&sk->sk_callback_lock);
	c->saved_data_ready = sk->sk_data_ready;
	c->saved_state_change = sk->sk_state_change;
	sk->sk_user_data = c;
	sk->sk_data_ready = baton_conn_data_ready;
	sk->sk_state_change = baton_conn_data_ready;
	/* Whatever arrived already. */
	baton_conn_kick(sk);
	write_unlock_bh(&sk->sk_callback_lock);
	return;

err_reset:
	sock_no_linger(sk);
	sock_release(sock);
}

static void baton_svc_accept_work(struct work_struct *work)
{
	struct baton_svc *svc = container_of(work, struct baton_svc,
					     listener.work);
	struct baton_cls_net *pn = svc->pn;
	struct socket *sock;

	mutex_lock(&pn->lock);
	while (!svc->dead && (sock = baton_listener_accept(&svc->listener)))
		baton_conn_new(svc, sock);
	mutex_unlock(&pn->lock);
}

static int baton_svc_listen(struct baton_svc *svc)
{
	unsigned int flags = BATON_LISTEN_FREEBIND | BATON_LISTEN_V6ONLY;
	struct sockaddr_storage ss;
	int len;

	len = baton_sockaddr(svc->family, &svc->addr, svc->port, &ss);
	return baton_listener_open(&svc->listener, svc->pn->net, &ss, len,
				   flags, BATON_SVC_BACKLOG);
}

/**
 * baton_svc_find() - look a service up; under the lock
 * @pn: the netns's state
 * @family: AF_INET or AF_INET6
 * @addr: the VIP (IPv4 as v4-mapped)
 * @port: the port, host order
 *
 * Return: the service, or NULL.
 */
struct baton_svc *baton_svc_find(struct baton_cls_net *pn, u8 family,
				 const struct in6_addr *addr, u16 port)
{
	struct baton_svc *svc;

	list_for_each_entry(svc, &pn->services, node)
		if (svc->family == family && svc->port == port &&
		    ipv6_addr_equal(&svc->addr, addr))
			return svc;
	return NULL;
}

/**
 * baton_svc_add() - open a service's listener and list it; under the lock
 * @pn: the netns's state
 * @svc: the service, its key and settings filled in
 *
 * Return: 0, or a negative error; then the caller frees @svc.
 */
int baton_svc_add(struct baton_cls_net *pn, struct baton_svc *svc)
{
	int err;

	svc->pn = pn;
	INIT_LIST_HEAD(&svc->backends);
	INIT_LIST_HEAD(&svc->conns);
	INIT_LIST_HEAD(&svc->rules);
	baton_listener_init(&svc->listener, baton_cls_wq, baton_svc_accept_work);
	err = baton_svc_listen(svc);
	if (err)
		return err;
	list_add_tail(&svc->node, &pn->services);
	pn->n_services++;
	return 0;
}

/**
 * baton_svc_del() - close a service; under the lock, which is dropped
 *	and taken again to wait for its work
 * @svc: the service; freed here
 *
 * Its connections being decided are reset, its backends' channels
 * closed; connections already migrated live on.
 */
void baton_svc_del(struct baton_svc *svc)
{
	struct baton_cls_net *pn = svc->pn;
	struct baton_conn *c, *ctmp;
	struct baton_be *be, *btmp;

	svc->dead = true;
	list_del(&svc->node);
	pn->n_services--;
	baton_listener_close(&svc->listener);

	list_for_each_entry_safe(c, ctmp, &svc->conns, node) {
		list_del(&c->node);
		c->svc = NULL;
		baton_conn_reset(c);
	}
	/* No table to rebuild at each backend's deletion. */
	baton_sched_free(svc);
	baton_rule_flush(svc);
	svc->sched = BATON_SCHED_RR;
	list_for_each_entry_safe(be, btmp, &svc->backends, node)
		baton_be_del(be);

	mutex_unlock(&pn->lock);
	baton_listener_sync(&svc->listener);
	mutex_lock(&pn->lock);
	kfree(svc);
}

/**
 * baton_svc_flush() - delete every service; under the lock
 * @pn: the netns's state
 */
void baton_svc_flush(struct baton_cls_net *pn)
{
	struct baton_svc *svc;

	while ((svc = list_first_entry_or_null(&pn->services, struct baton_svc,
					       node)))
		baton_svc_del(svc);
}
