/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A control channel endpoint (tunneler/chan.c), shared by the balancer
 * (baton_classifier, which connects) and the host (baton_migrator, which
 * accepts): a kernel TCP socket that carries frames of
 * <baton/ctlmsg.h>.
 *
 * Socket callbacks run in softirq context and only queue the owner's
 * work item, holding a reference on the channel; everything else runs
 * in that work item, in process context.
 */
#ifndef _BATON_CHAN_H
#define _BATON_CHAN_H

#include <linux/in6.h>
#include <linux/kref.h>
#include <linux/net.h>
#include <linux/workqueue.h>

#include <baton/ctlmsg.h>

struct baton_chan;

/**
 * struct baton_chan_ops - what the owner of a channel does
 * @frame: a frame arrived, checked but for its tag; return 0, or an error
 *	to give up the stream
 * @release: the last reference is gone: free the structure embedding the
 *	channel; may run in softirq context
 */
struct baton_chan_ops {
	int (*frame)(struct baton_chan *ch, const struct baton_ctl_frame *f);
	void (*release)(struct baton_chan *ch);
};

/**
 * struct baton_chan - one end of a control connection
 * @sock: the socket, or NULL once closed
 * @ops: the owner's operations
 * @wq: where @work is queued
 * @work: the owner's work item, queued on every socket event
 * @ref: references: the owner's, plus one per queued @work
 * @parser: the frame parser of the receive direction
 * @rxbuf: a BATON_CHAN_RXBUF-byte buffer for the receive direction
 * @bigbuf: the buffer of the BLOB being received, or NULL
 * @peer: the peer's address (IPv4 as v4-mapped)
 * @tx_seq: sequence number of the next BLOB, END, KEEPALIVE or HELLO
 * @saved_data_ready: the socket's callback before baton_chan_attach()
 * @saved_state_change: likewise
 */
struct baton_chan {
	struct socket *sock;
	const struct baton_chan_ops *ops;
	struct workqueue_struct *wq;
	struct work_struct work;
	struct kref ref;
	struct baton_ctl_parser parser;
	u8 *rxbuf;
	u8 *bigbuf;
	struct in6_addr peer;
	u32 tx_seq;
	void (*saved_data_ready)(struct sock *sk);
	void (*saved_state_change)(struct sock *sk);
};

#define BATON_CHAN_RXBUF	16384

/* tunneler/chan.c */
int baton_chan_init(struct baton_chan *ch, const struct baton_chan_ops *ops,
		    struct workqueue_struct *wq, work_func_t fn,
		    unsigned int types);
void baton_chan_attach(struct baton_chan *ch, struct socket *sock);
int baton_chan_connect(struct baton_chan *ch, struct net *net,
		       const struct in6_addr *src, const struct in6_addr *dst,
		       u16 port);
int baton_chan_receive(struct baton_chan *ch);
int baton_chan_send(struct baton_chan *ch, struct baton_ctl_msg *m);
void baton_chan_close(struct baton_chan *ch);
bool baton_chan_established(const struct baton_chan *ch);
void baton_chan_get(struct baton_chan *ch);
void baton_chan_put(struct baton_chan *ch);

#endif /* _BATON_CHAN_H */
