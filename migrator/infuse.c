// SPDX-License-Identifier: GPL-2.0
/*
 * baton_migrator: infuse a migrated connection into the local stack.
 *
 * The route taken is TCP repair, as CRIU restores a connection, followed
 * by a graft onto the accept queue of the application's own listener:
 *
 *  1. find the listener on VIP:port, as a SYN from the client would;
 *  2. create an ordinary (not kernel) TCP socket in the host's netns:
 *     it holds a netns reference, it is charged to the accepting
 *     process's memory cgroup when accept() takes it (inet_csk_accept()),
 *     it has the lockdep class of user sockets and it went through the
 *     LSM socket_create/post_create hooks;
 *  3. in repair mode: set both sequence spaces, bind to VIP:port (repair
 *     mode forces the reuse of the listener's port), connect to the
 *     client (repair mode sends no SYN: the socket is ESTABLISHED and
 *     hashed), restore the negotiated options, the TSval clock, the
 *     received bytes, the windows and a FIN already received;
 *  4. copy the listener's inheritable settings (as an accepted socket
 *     gets them from its listener);
 *  5. leave repair mode, which sends one window probe: the client
 *     answers with an ACK that resynchronises both sides;
 *  6. detach the socket from the struct socket it was created with and
 *     queue it on the listener with a request sock, as the SYN-cookie
 *     path does.  The application's accept() grafts it onto a new file.
 *
 * Congestion state starts fresh (initial window, no RTT sample), as on
 * any new connection.  The send queue is empty: a classifier never
 * sends, and a blob with data in flight is refused.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/tcp.h>
#include <linux/uio.h>
#include <net/inet_connection_sock.h>
#include <net/inet_hashtables.h>
#include <net/inet6_hashtables.h>
#include <net/ipv6.h>
#include <net/request_sock.h>
#include <net/sock.h>
#include <net/tcp.h>

#include <baton/blob.h>
#include <baton/sockaddr.h>

#include "migrator.h"

static int baton_infuse_setopt(struct socket *sock, int level, int name,
			       int val)
{
	return sock->ops->setsockopt(sock, level, name, KERNEL_SOCKPTR(&val),
				     sizeof(val));
}

/* The listener a SYN from the client to VIP:port would find, held. */
static struct sock *baton_infuse_listener(struct net *net,
					  const struct baton_blob_flow *f)
{
	struct inet_hashinfo *hinfo = net->ipv4.tcp_death_row.hashinfo;
	__be16 cport = htons(f->client_port);
	struct sock *sk = NULL;

	rcu_read_lock();
	if (f->family == AF_INET) {
		__be32 client, vip;

		memcpy(&client, f->client + 12, 4);
		memcpy(&vip, f->vip + 12, 4);
		sk = __inet_lookup_listener(net, hinfo, NULL, 0, client, cport,
					    vip, f->vip_port, 0, 0);
	}
#if IS_ENABLED(CONFIG_IPV6)
	else
		sk = inet6_lookup_listener(net, hinfo, NULL, 0,
					   (const struct in6_addr *)f->client,
					   cport,
					   (const struct in6_addr *)f->vip,
					   f->vip_port, 0, 0);
#endif
	if (sk && (sk->sk_state != TCP_LISTEN ||
		   !refcount_inc_not_zero(&sk->sk_refcnt)))
		sk = NULL;
	rcu_read_unlock();
	return sk;
}

static int baton_infuse_options(struct socket *sock,
				const struct baton_blob_tcp *t)
{
	struct tcp_repair_opt opts[4];
	int n = 0;

	opts[n].opt_code = TCPOPT_MSS;
	opts[n++].opt_val = t->mss_clamp;
	if (t->options & BATON_BLOB_TCP_WSCALE) {
		opts[n].opt_code = TCPOPT_WINDOW;
		opts[n++].opt_val = t->snd_wscale | (u32)t->rcv_wscale << 16;
	}
	if (t->options & BATON_BLOB_TCP_SACK_OK) {
		opts[n].opt_code = TCPOPT_SACK_PERM;
		opts[n++].opt_val = 0;
	}
	if (t->options & BATON_BLOB_TCP_TIMESTAMPS) {
		opts[n].opt_code = TCPOPT_TIMESTAMP;
		opts[n++].opt_val = 0;
	}
	return sock->ops->setsockopt(sock, SOL_TCP, TCP_REPAIR_OPTIONS,
				     KERNEL_SOCKPTR(opts), n * sizeof(opts[0]));
}

static int baton_infuse_window(struct socket *sock,
			       const struct baton_blob_tcp *t)
{
	struct tcp_repair_window w = {
		.snd_wl1 = t->snd_wl1,
		.snd_wnd = t->snd_wnd,
		.max_window = t->max_window,
		.rcv_wnd = t->rcv_wnd,
		.rcv_wup = t->rcv_wup,
	};

	return sock->ops->setsockopt(sock, SOL_TCP, TCP_REPAIR_WINDOW,
				     KERNEL_SOCKPTR(&w), sizeof(w));
}

/* Queue the received bytes, as TCP_REPAIR_QUEUE TCP_RECV_QUEUE does. */
static int baton_infuse_data(struct socket *sock, const u8 *data, u32 len)
{
	int err;

	err = baton_infuse_setopt(sock, SOL_TCP, TCP_REPAIR_QUEUE,
				  TCP_RECV_QUEUE);
	while (!err && len) {
		struct kvec iov = { .iov_base = (void *)data, .iov_len = len };
		struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
		int n;

		n = kernel_sendmsg(sock, &msg, &iov, 1, len);
		if (n <= 0)
			return n ? n : -EIO;
		data += n;
		len -= n;
	}
	return err;
}

/*
 * What the socket keeps of the blob that no socket option sets: the
 * peer's last TSval, the header length that goes with the negotiated
 * timestamps, and a FIN already received (queued on the last bytes as
 * the receive path would, so that read() returns them and then 0).
 */
static void baton_infuse_finish(struct sock *sk, const struct baton_blob *b)
{
	struct tcp_sock *tp = tcp_sk(sk);

	lock_sock(sk);
	if (b->tcp.options & BATON_BLOB_TCP_TIMESTAMPS) {
		tp->rx_opt.ts_recent = b->tcp.ts_recent;
		tp->rx_opt.ts_recent_stamp = ktime_get_seconds();
		tp->tcp_header_len = sizeof(struct tcphdr) +
				     TCPOLEN_TSTAMP_ALIGNED;
	} else {
		tp->tcp_header_len = sizeof(struct tcphdr);
	}
	tcp_sync_mss(sk, inet_csk(sk)->icsk_pmtu_cookie);

	if (b->tcp.options & BATON_BLOB_TCP_FIN_RCVD) {
		struct sk_buff *skb = skb_peek_tail(&sk->sk_receive_queue);

		if (skb) {
			TCP_SKB_CB(skb)->tcp_flags |= TCPHDR_FIN;
			TCP_SKB_CB(skb)->end_seq++;
		}
		WRITE_ONCE(tp->rcv_nxt, tp->rcv_nxt + 1);
		tp->rcv_wup = min_t(u32, tp->rcv_wup, tp->rcv_nxt);
		WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | RCV_SHUTDOWN);
		sock_set_flag(sk, SOCK_DONE);
		tcp_set_state(sk, TCP_CLOSE_WAIT);
		inet_csk_enter_pingpong_mode(sk);
	}
	release_sock(sk);
}

/*
 * The settings an accepted socket takes from its listener
 * (sk_clone_lock() and tcp_create_openreq_child()) and that a socket
 * created here would not have: buffer sizes set by the application,
 * keepalive and its timers, TCP_NODELAY, the user timeout, the mark,
 * the priority, TOS/traffic class, and the congestion control.  Port
 * reuse follows, once repair mode is off.
 */
static void baton_infuse_inherit(struct socket *sock, struct sock *listener)
{
	const struct tcp_congestion_ops *ca = inet_csk(listener)->icsk_ca_ops;
	const struct tcp_sock *ltp = tcp_sk(listener);
	struct sock *sk = sock->sk;
	struct tcp_sock *tp = tcp_sk(sk);
	char name[TCP_CA_NAME_MAX];

	lock_sock(sk);
	if (listener->sk_userlocks & SOCK_SNDBUF_LOCK)
		WRITE_ONCE(sk->sk_sndbuf, READ_ONCE(listener->sk_sndbuf));
	if (listener->sk_userlocks & SOCK_RCVBUF_LOCK)
		WRITE_ONCE(sk->sk_rcvbuf, READ_ONCE(listener->sk_rcvbuf));
	sk->sk_userlocks |= listener->sk_userlocks &
			    (SOCK_SNDBUF_LOCK | SOCK_RCVBUF_LOCK);
	sk->sk_mark = READ_ONCE(listener->sk_mark);
	sk->sk_priority = READ_ONCE(listener->sk_priority);
	WRITE_ONCE(tp->keepalive_time, READ_ONCE(ltp->keepalive_time));
	WRITE_ONCE(tp->keepalive_intvl, READ_ONCE(ltp->keepalive_intvl));
	WRITE_ONCE(tp->keepalive_probes, READ_ONCE(ltp->keepalive_probes));
	WRITE_ONCE(inet_csk(sk)->icsk_user_timeout,
		   READ_ONCE(inet_csk(listener)->icsk_user_timeout));
	tp->nonagle = ltp->nonagle;
	inet_sk(sk)->tos = inet_sk(listener)->tos;
	if (sock_flag(listener, SOCK_KEEPOPEN) && !sock_flag(sk, SOCK_KEEPOPEN)) {
		sock_set_flag(sk, SOCK_KEEPOPEN);
		inet_csk_reset_keepalive_timer(sk, keepalive_time_when(tp));
	}
	release_sock(sk);

	/* Best effort, as when the listener's algorithm is unloaded. */
	if (ca != inet_csk(sk)->icsk_ca_ops) {
		strscpy(name, ca->name, sizeof(name));
		sock->ops->setsockopt(sock, SOL_TCP, TCP_CONGESTION,
				      KERNEL_SOCKPTR(name), strlen(name));
	}
}

/*
 * Hand @sk over to @listener's accept queue.  On success the queue owns
 * the socket; on failure the socket was reset and destroyed.
 */
static int baton_infuse_graft(struct socket *sock, struct sock *listener,
			      struct request_sock *req)
{
	struct sock *sk = sock->sk;

	/* The socket keeps the reference its struct socket had. */
	write_lock_bh(&sk->sk_callback_lock);
	RCU_INIT_POINTER(sk->sk_wq, NULL);
	sk_set_socket(sk, NULL);
	write_unlock_bh(&sk->sk_callback_lock);
	sock->sk = NULL;
	sock_release(sock);

	local_bh_disable();
	if (!inet_csk_reqsk_queue_add(listener, req, sk)) {
		/* The listener closed: it reset and freed the socket. */
		local_bh_enable();
		reqsk_put(req);
		return -ECONNREFUSED;
	}
	listener->sk_data_ready(listener);
	local_bh_enable();
	return 0;
}

/**
 * baton_mig_infuse() - make a migrated connection an accepted one
 * @net: the host's netns
 * @b: the decoded blob
 *
 * The socket lands in the accept queue of the listener on the blob's
 * VIP:port, with the received bytes readable.
 *
 * Return: 0, or an enum baton_ctl_refuse_reason saying why not; then
 * nothing of the connection is left behind.
 */
int baton_mig_infuse(struct net *net, const struct baton_blob *b)
{
	const struct baton_blob_tcp *t = &b->tcp;
	struct sockaddr_storage vip, client;
	struct request_sock *req;
	struct sock *listener;
	struct socket *sock;
	int alen, err;
	u32 rcv_start;

	if (t->snd_nxt != t->snd_una)
		return BATON_CTL_REFUSE_INFUSE;
	if ((t->options & BATON_BLOB_TCP_FIN_RCVD) && !b->data_len)
		return BATON_CTL_REFUSE_INFUSE;

	listener = baton_infuse_listener(net, &b->flow);
	if (!listener)
		return BATON_CTL_REFUSE_NO_LISTENER;
	if (sk_acceptq_is_full(listener)) {
		err = BATON_CTL_REFUSE_BACKLOG;
		goto out_listener;
	}

	/*
	 * An IPv4 flow goes to an IPv6 listener (one that takes IPv4 too)
	 * with v4-mapped addresses, as accept() would give it.
	 */
	alen = baton_sockaddr(listener->sk_family,
			      (const struct in6_addr *)b->flow.vip,
			      b->flow.vip_port, &vip);
	baton_sockaddr(listener->sk_family,
		       (const struct in6_addr *)b->flow.client,
		       b->flow.client_port, &client);
	err = __sock_create(net, listener->sk_family, SOCK_STREAM, IPPROTO_TCP,
			    &sock, 0);
	if (err) {
		err = BATON_CTL_REFUSE_NO_MEMORY;
		goto out_listener;
	}

	rcv_start = t->rcv_nxt - b->data_len -
		    !!(t->options & BATON_BLOB_TCP_FIN_RCVD);
	err = baton_infuse_setopt(sock, SOL_TCP, TCP_REPAIR, TCP_REPAIR_ON);
	err = err ?: baton_infuse_setopt(sock, SOL_TCP, TCP_REPAIR_QUEUE,
					 TCP_SEND_QUEUE);
	err = err ?: baton_infuse_setopt(sock, SOL_TCP, TCP_QUEUE_SEQ,
					 t->snd_una);
	err = err ?: baton_infuse_setopt(sock, SOL_TCP, TCP_REPAIR_QUEUE,
					 TCP_RECV_QUEUE);
	err = err ?: baton_infuse_setopt(sock, SOL_TCP, TCP_QUEUE_SEQ,
					 rcv_start);
	err = err ?: kernel_bind(sock, (struct sockaddr *)&vip, alen);
	err = err ?: kernel_connect(sock, (struct sockaddr *)&client, alen, 0);
	err = err ?: baton_infuse_options(sock, t);
	if (!err && (t->options & BATON_BLOB_TCP_TIMESTAMPS))
		err = baton_infuse_setopt(sock, SOL_TCP, TCP_TIMESTAMP,
					  t->ts_offset);
	err = err ?: baton_infuse_data(sock, b->data, b->data_len);
	err = err ?: baton_infuse_window(sock, t);
	if (err) {
		net_dbg_ratelimited("infusion failed: %d\n", err);
		err = err == -ENOMEM ? BATON_CTL_REFUSE_NO_MEMORY :
				       BATON_CTL_REFUSE_INFUSE;
		goto out_release;
	}
	baton_infuse_finish(sock->sk, b);
	baton_infuse_inherit(sock, listener);

	req = inet_reqsk_alloc(listener->sk_prot->rsk_prot, listener, false);
	if (!req) {
		err = BATON_CTL_REFUSE_NO_MEMORY;
		goto out_release;
	}
	refcount_set(&req->rsk_refcnt, 1);
	tcp_rsk(req)->tfo_listener = false;

	/* Live from here: the window probe resynchronises the client. */
	err = baton_infuse_setopt(sock, SOL_TCP, TCP_REPAIR, TCP_REPAIR_OFF);
	if (err) {
		reqsk_put(req);
		err = BATON_CTL_REFUSE_INFUSE;
		goto out_release;
	}
	/*
	 * Leaving repair mode cleared the port reuse it forced; take the
	 * listener's, as its accepted sockets do, or a restarted server
	 * could not bind its port while this connection lingers.
	 */
	lock_sock(sock->sk);
	sock->sk->sk_reuse = listener->sk_reuse;
	sock->sk->sk_reuseport = listener->sk_reuseport;
	release_sock(sock->sk);

	err = baton_infuse_graft(sock, listener, req);
	if (err)
		err = BATON_CTL_REFUSE_NO_LISTENER;
	goto out_listener;

out_release:
	/* Still in repair mode: closing sends nothing. */
	sock_release(sock);
out_listener:
	sock_put(listener);
	return err;
}
