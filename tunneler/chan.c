// SPDX-License-Identifier: GPL-2.0
/*
 * baton_tunnel: control channel endpoints (see <baton/chan.h>).
 *
 * Both ends run the same code: a kernel TCP socket whose callbacks queue
 * the owner's work item, a receive loop that feeds the frame parser of
 * <baton/ctlmsg.h>, and a blocking send with a timeout.  TCP keepalive
 * with short timers tells a dead peer from a quiet one.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/uio.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/tcp.h>

#include <baton/chan.h>
#include <baton/sockaddr.h>

/* A send that makes no progress for this long breaks the channel. */
#define BATON_CHAN_SNDTIMEO	(5 * HZ)

/* Keepalive: idle seconds, interval and probes before the peer is dead. */
#define BATON_CHAN_KEEPIDLE	5
#define BATON_CHAN_KEEPINTVL	2
#define BATON_CHAN_KEEPCNT	3

static void baton_chan_release(struct kref *ref)
{
	struct baton_chan *ch = container_of(ref, struct baton_chan, ref);

	kfree(ch->rxbuf);
	ch->ops->release(ch);
}

/**
 * baton_chan_get() - take a reference on a channel
 * @ch: the channel
 */
void baton_chan_get(struct baton_chan *ch)
{
	kref_get(&ch->ref);
}
EXPORT_SYMBOL_GPL(baton_chan_get);

/**
 * baton_chan_put() - drop a reference on a channel
 * @ch: the channel; freed by its owner's release() with the last one
 */
void baton_chan_put(struct baton_chan *ch)
{
	kref_put(&ch->ref, baton_chan_release);
}
EXPORT_SYMBOL_GPL(baton_chan_put);

/* Socket event: let the owner's work item look, in process context. */
static void baton_chan_kick(struct sock *sk)
{
	struct baton_chan *ch = sk->sk_user_data;

	if (!ch)
		return;
	kref_get(&ch->ref);
	if (!queue_work(ch->wq, &ch->work))
		kref_put(&ch->ref, baton_chan_release);
}

static void baton_chan_data_ready(struct sock *sk)
{
	struct baton_chan *ch;

	read_lock_bh(&sk->sk_callback_lock);
	ch = sk->sk_user_data;
	if (ch) {
		baton_chan_kick(sk);
		ch->saved_data_ready(sk);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

static void baton_chan_state_change(struct sock *sk)
{
	struct baton_chan *ch;

	read_lock_bh(&sk->sk_callback_lock);
	ch = sk->sk_user_data;
	if (ch) {
		baton_chan_kick(sk);
		ch->saved_state_change(sk);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

/**
 * baton_chan_init() - prepare a channel, with no socket yet
 * @ch: the channel, embedded in the owner's structure
 * @ops: the owner's operations
 * @wq: the workqueue of @fn
 * @fn: the owner's work function; it ends with baton_chan_put()
 * @types: the frame types this end receives (BATON_CTL_*_RECEIVES)
 *
 * The caller holds the first reference.
 *
 * Return: 0 or -ENOMEM.
 */
int baton_chan_init(struct baton_chan *ch, const struct baton_chan_ops *ops,
		    struct workqueue_struct *wq, work_func_t fn,
		    unsigned int types)
{
	memset(ch, 0, sizeof(*ch));
	ch->rxbuf = kmalloc(BATON_CHAN_RXBUF, GFP_KERNEL);
	if (!ch->rxbuf)
		return -ENOMEM;
	ch->ops = ops;
	ch->wq = wq;
	INIT_WORK(&ch->work, fn);
	kref_init(&ch->ref);
	baton_ctl_parser_init(&ch->parser, types);
	return 0;
}
EXPORT_SYMBOL_GPL(baton_chan_init);

/**
 * baton_chan_attach() - give a channel its socket
 * @ch: the channel, with no socket
 * @sock: a connected or connecting TCP socket; the channel owns it now
 */
void baton_chan_attach(struct baton_chan *ch, struct socket *sock)
{
	struct sock *sk = sock->sk;

	sk->sk_sndtimeo = BATON_CHAN_SNDTIMEO;
	sk->sk_rcvtimeo = 0;
	tcp_sock_set_nodelay(sk);
	sock_set_keepalive(sk);
	tcp_sock_set_keepidle(sk, BATON_CHAN_KEEPIDLE);
	tcp_sock_set_keepintvl(sk, BATON_CHAN_KEEPINTVL);
	tcp_sock_set_keepcnt(sk, BATON_CHAN_KEEPCNT);

	if (sk->sk_family == AF_INET)
		ipv6_addr_set_v4mapped(sk->sk_daddr, &ch->peer);
	else
		ch->peer = sk->sk_v6_daddr;

	ch->sock = sock;
	write_lock_bh(&sk->sk_callback_lock);
	ch->saved_data_ready = sk->sk_data_ready;
	ch->saved_state_change = sk->sk_state_change;
	sk->sk_user_data = ch;
	sk->sk_data_ready = baton_chan_data_ready;
	sk->sk_state_change = baton_chan_state_change;
	write_unlock_bh(&sk->sk_callback_lock);

	/* Whatever arrived before the callbacks were in place. */
	baton_chan_get(ch);
	if (!queue_work(ch->wq, &ch->work))
		baton_chan_put(ch);
}
EXPORT_SYMBOL_GPL(baton_chan_attach);

/**
 * baton_chan_connect() - connect a channel to its peer, without waiting
 * @ch: the channel, with no socket
 * @net: the netns
 * @src: the source address (IPv4 as v4-mapped), of @dst's family
 * @dst: the peer (IPv4 as v4-mapped)
 * @port: the peer's port
 *
 * The owner's work runs when the connection is established or fails:
 * see baton_chan_established() and baton_chan_receive().
 *
 * Return: 0 or a negative error; then the channel has no socket.
 */
int baton_chan_connect(struct baton_chan *ch, struct net *net,
		       const struct in6_addr *src, const struct in6_addr *dst,
		       u16 port)
{
	struct sockaddr_storage ss;
	struct socket *sock;
	int family, len, err;

	if (ipv6_addr_v4mapped(src) != ipv6_addr_v4mapped(dst))
		return -EAFNOSUPPORT;
	err = sock_create_kern(net, ipv6_addr_v4mapped(dst) ? AF_INET : AF_INET6,
			       SOCK_STREAM, IPPROTO_TCP, &sock);
	if (err)
		return err;
	family = ipv6_addr_v4mapped(dst) ? AF_INET : AF_INET6;
	len = baton_sockaddr(family, src, 0, &ss);
	err = kernel_bind(sock, (struct sockaddr *)&ss, len);
	if (err) {
		sock_release(sock);
		return err;
	}
	len = baton_sockaddr(family, dst, port, &ss);
	baton_chan_attach(ch, sock);
	err = kernel_connect(sock, (struct sockaddr *)&ss, len, O_NONBLOCK);
	if (err == -EINPROGRESS)
		err = 0;
	if (err)
		baton_chan_close(ch);
	return err;
}
EXPORT_SYMBOL_GPL(baton_chan_connect);

/**
 * baton_chan_established() - is the channel's connection up?
 * @ch: the channel
 *
 * Return: true once the TCP handshake completed, and until it breaks.
 */
bool baton_chan_established(const struct baton_chan *ch)
{
	return ch->sock &&
	       (1 << READ_ONCE(ch->sock->sk->sk_state)) &
	       (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT);
}
EXPORT_SYMBOL_GPL(baton_chan_established);

/* Feed @n received bytes to the parser, handing each frame over. */
static int baton_chan_parse(struct baton_chan *ch, const u8 *data, size_t n)
{
	size_t off = 0, used;
	int ret, err;

	while (off < n) {
		ret = baton_ctl_parser_feed(&ch->parser, data + off, n - off,
					    &used);
		off += used;
		if (ret < 0) {
			net_info_ratelimited("control channel with %pI6c: %s\n",
					     &ch->peer, ch->parser.why);
			return ret;
		}
		if (ret == BATON_CTL_NEED_BUF) {
			kvfree(ch->bigbuf);
			ch->bigbuf = kvmalloc(ch->parser.frame_len, GFP_KERNEL);
			if (!ch->bigbuf)
				return -ENOMEM;
			err = baton_ctl_parser_set_buf(&ch->parser, ch->bigbuf,
						       ch->parser.frame_len);
			if (err)
				return err;
		} else if (ret == BATON_CTL_FRAME_READY) {
			err = ch->ops->frame(ch, &ch->parser.frame);
			kvfree(ch->bigbuf);
			ch->bigbuf = NULL;
			if (err)
				return err;
		}
	}
	return 0;
}

/**
 * baton_chan_receive() - read what the peer sent, frame by frame
 * @ch: the channel, with a socket
 *
 * Calls the owner's frame() for each complete frame, until no more bytes
 * are waiting.
 *
 * Return: 0 when the channel is still usable, or a negative error: the
 * peer closed (-ECONNRESET), the connection failed, or the stream broke
 * a rule; the owner then closes the channel.
 */
int baton_chan_receive(struct baton_chan *ch)
{
	struct kvec iov = { .iov_base = ch->rxbuf, .iov_len = BATON_CHAN_RXBUF };
	int n, err;

	if (!ch->sock)
		return -ENOTCONN;
	for (;;) {
		struct msghdr msg = { .msg_flags = MSG_DONTWAIT };

		n = kernel_recvmsg(ch->sock, &msg, &iov, 1, BATON_CHAN_RXBUF,
				   MSG_DONTWAIT);
		if (n == -EAGAIN)
			return 0;
		if (n < 0)
			return n;
		if (!n)
			return -ECONNRESET;
		err = baton_chan_parse(ch, ch->rxbuf, n);
		if (err)
			return err;
		if (!ch->sock)
			return -ENOTCONN;
	}
}
EXPORT_SYMBOL_GPL(baton_chan_receive);

/**
 * baton_chan_send() - send one frame, waiting for room if need be
 * @ch: the channel, connected
 * @m: the message; for a BLOB, END, KEEPALIVE or HELLO its sequence
 *	number is set here
 *
 * Return: 0, or a negative error; a partial send breaks the stream and
 * the owner closes the channel.
 */
int baton_chan_send(struct baton_chan *ch, struct baton_ctl_msg *m)
{
	size_t size, tag_off, off = 0;
	int n, err;
	u8 *buf;

	if (!ch->sock)
		return -ENOTCONN;
	if (m->type != BATON_CTL_ACK && m->type != BATON_CTL_REFUSE)
		m->seq = ch->tx_seq;
	size = baton_ctl_frame_size(m);
	buf = kvmalloc(size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = baton_ctl_frame_encode(m, buf, size, &tag_off);
	if (err < 0)
		goto out;
	if (m->type != BATON_CTL_ACK && m->type != BATON_CTL_REFUSE)
		ch->tx_seq++;

	err = 0;
	while (off < size) {
		struct kvec iov = { .iov_base = buf + off, .iov_len = size - off };
		struct msghdr msg = { .msg_flags = MSG_NOSIGNAL };

		n = kernel_sendmsg(ch->sock, &msg, &iov, 1, size - off);
		if (n <= 0) {
			err = n ? n : -EPIPE;
			break;
		}
		off += n;
	}
out:
	kvfree(buf);
	return err;
}
EXPORT_SYMBOL_GPL(baton_chan_send);

/**
 * baton_chan_close() - close a channel's connection
 * @ch: the channel; nothing happens if it has no socket
 *
 * No callback queues the owner's work after this; a work item already
 * queued still runs and finds no socket.  The channel may connect again.
 */
void baton_chan_close(struct baton_chan *ch)
{
	struct socket *sock = ch->sock;
	struct sock *sk;

	if (!sock)
		return;
	sk = sock->sk;
	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = NULL;
	sk->sk_data_ready = ch->saved_data_ready;
	sk->sk_state_change = ch->saved_state_change;
	write_unlock_bh(&sk->sk_callback_lock);

	kernel_sock_shutdown(sock, SHUT_RDWR);
	sock_release(sock);
	ch->sock = NULL;
	kvfree(ch->bigbuf);
	ch->bigbuf = NULL;
	/* Ready for another connection, from a clean slate. */
	baton_ctl_parser_init(&ch->parser, ch->parser.types);
	ch->tx_seq = 0;
}
EXPORT_SYMBOL_GPL(baton_chan_close);
