// SPDX-License-Identifier: GPL-2.0
/*
 * baton_tunnel: kernel listening sockets accepted in a work item, for
 * the classifier (one per service) and the migrator (its control port).
 *
 * A socket accepted from a listener starts as a copy of it: it inherits
 * the listener's sk_data_ready and sk_user_data until its owner sets its
 * own.  The listener's callback therefore checks that it runs for the
 * listener itself, and baton_listener_accept() hands every new socket
 * over with the callback it had before us and no user data, so no
 * owner has to remember that.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/tcp_states.h>

#include <baton/listen.h>

static void baton_listener_data_ready(struct sock *sk)
{
	struct baton_listener *l;

	if (sk->sk_state != TCP_LISTEN)
		return;
	read_lock_bh(&sk->sk_callback_lock);
	l = sk->sk_user_data;
	if (l)
		queue_work(l->wq, &l->work);
	read_unlock_bh(&sk->sk_callback_lock);
}

/**
 * baton_listener_init() - prepare a closed listener
 * @l: the listener
 * @wq: the workqueue its accept work runs on
 * @accept: the accept work; container_of(work, struct baton_listener,
 *	work) is @l
 */
void baton_listener_init(struct baton_listener *l, struct workqueue_struct *wq,
			 work_func_t accept)
{
	l->sock = NULL;
	l->wq = wq;
	l->saved_data_ready = NULL;
	INIT_WORK(&l->work, accept);
}
EXPORT_SYMBOL_GPL(baton_listener_init);

/* Stop @sock from queueing work and release it. */
static void baton_listener_release(struct socket *sock)
{
	struct sock *sk = sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = NULL;
	write_unlock_bh(&sk->sk_callback_lock);
	sock_release(sock);
}

/**
 * baton_listener_open() - listen on an address, or move there
 * @l: the listener, open or closed
 * @net: the netns
 * @addr: the address and port (AF_INET or AF_INET6)
 * @addrlen: its length
 * @flags: BATON_LISTEN_*
 * @backlog: the accept queue's length
 *
 * An open listener is replaced only once the new socket listens.  The
 * caller serialises this with the accept work and baton_listener_close().
 *
 * Return: 0, or a negative error (then @l is as it was).
 */
int baton_listener_open(struct baton_listener *l, struct net *net,
			const struct sockaddr_storage *addr, int addrlen,
			unsigned int flags, int backlog)
{
	struct socket *sock;
	struct sock *sk;
	int err;

	err = sock_create_kern(net, addr->ss_family, SOCK_STREAM, IPPROTO_TCP,
			       &sock);
	if (err)
		return err;
	sk = sock->sk;
	sock_set_reuseaddr(sk);
	if (flags & BATON_LISTEN_FREEBIND)
		ip_sock_set_freebind(sk);
	/* Whatever net.ipv6.bindv6only says. */
	if (addr->ss_family == AF_INET6)
		sk->sk_ipv6only = !!(flags & BATON_LISTEN_V6ONLY);
	err = kernel_bind(sock, (struct sockaddr *)addr, addrlen);
	if (err)
		goto err_release;

	write_lock_bh(&sk->sk_callback_lock);
	l->saved_data_ready = sk->sk_data_ready;
	sk->sk_user_data = l;
	sk->sk_data_ready = baton_listener_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);

	err = kernel_listen(sock, backlog);
	if (err)
		goto err_release;
	if (l->sock)
		baton_listener_release(l->sock);
	l->sock = sock;
	return 0;

err_release:
	baton_listener_release(sock);
	return err;
}
EXPORT_SYMBOL_GPL(baton_listener_open);

/**
 * baton_listener_accept() - take one connection from the accept queue
 * @l: the listener, open or closed
 *
 * Context: process context, serialised with baton_listener_open() and
 * baton_listener_close().
 * Return: an accepted socket with its own (the stack's) data_ready and
 * no user data, or NULL if there is none now or @l is closed.
 */
struct socket *baton_listener_accept(struct baton_listener *l)
{
	struct socket *sock;
	struct sock *sk;

	if (!l->sock || kernel_accept(l->sock, &sock, O_NONBLOCK))
		return NULL;
	sk = sock->sk;
	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = NULL;
	sk->sk_data_ready = l->saved_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);
	return sock;
}
EXPORT_SYMBOL_GPL(baton_listener_accept);

/**
 * baton_listener_close() - stop listening; connections not yet accepted
 *	are reset
 * @l: the listener, open or closed
 *
 * The accept work may still be queued or running: the owner waits for
 * it with baton_listener_sync() without holding what the work takes.
 */
void baton_listener_close(struct baton_listener *l)
{
	if (!l->sock)
		return;
	baton_listener_release(l->sock);
	l->sock = NULL;
}
EXPORT_SYMBOL_GPL(baton_listener_close);

/**
 * baton_listener_sync() - wait until the accept work is neither queued
 *	nor running
 * @l: the listener, closed
 */
void baton_listener_sync(struct baton_listener *l)
{
	cancel_work_sync(&l->work);
}
EXPORT_SYMBOL_GPL(baton_listener_sync);
