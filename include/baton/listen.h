/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A kernel listening TCP socket whose connections are accepted in a work
 * item (tunneler/listen.c): the classifier's service listeners and the
 * migrator's control listener.
 *
 * The listener's data_ready callback, in softirq context, only queues
 * the owner's work item, which calls baton_listener_accept() until it
 * returns NULL.  Accepted sockets come back with the callbacks they
 * would have had without us.
 */
#ifndef _BATON_LISTEN_H
#define _BATON_LISTEN_H

#include <linux/net.h>
#include <linux/socket.h>
#include <linux/workqueue.h>

/* baton_listener_open() flags */
#define BATON_LISTEN_FREEBIND	BIT(0)	/* bind an address not (yet) local */
#define BATON_LISTEN_V6ONLY	BIT(1)	/* AF_INET6: no v4-mapped peers */

/**
 * struct baton_listener - a listening socket and its accept work
 * @sock: the socket, or NULL while closed
 * @work: the owner's accept work, queued on @wq by the socket
 * @wq: the owner's workqueue
 * @saved_data_ready: the socket's callback before ours, which accepted
 *	sockets inherit and get back
 */
struct baton_listener {
	struct socket *sock;
	struct work_struct work;
	struct workqueue_struct *wq;
	void (*saved_data_ready)(struct sock *sk);
};

void baton_listener_init(struct baton_listener *l, struct workqueue_struct *wq,
			 work_func_t accept);
int baton_listener_open(struct baton_listener *l, struct net *net,
			const struct sockaddr_storage *addr, int addrlen,
			unsigned int flags, int backlog);
struct socket *baton_listener_accept(struct baton_listener *l);
void baton_listener_close(struct baton_listener *l);
void baton_listener_sync(struct baton_listener *l);

#endif /* _BATON_LISTEN_H */
