/* SPDX-License-Identifier: GPL-2.0 */
/* baton_migrator: internal declarations. */
#ifndef _BATON_MIGRATOR_H
#define _BATON_MIGRATOR_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/skbuff.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include <baton/chan.h>
#include <baton/counters.h>
#include <baton/hooks.h>
#include <baton/listen.h>
#include <baton/status.h>

struct baton_blob;
struct baton_flow;

/* Counters; the refusals follow enum baton_ctl_refuse_reason. */
enum baton_mig_counter {
	BATON_MIG_RECEIVED,
	BATON_MIG_INFUSED,
	BATON_MIG_HELD,
	BATON_MIG_HOLD_DROPPED,
	BATON_MIG_CHANNELS_REFUSED,
	BATON_MIG_ENDED,
	BATON_MIG_HELD_EARLY,
	BATON_MIG_REFUSED,
	BATON_MIG_NUM = BATON_MIG_REFUSED + BATON_CTL_REFUSE_MAX + 1,
};

/* Packets held for flows being infused: in all, and per flow. */
#define BATON_MIG_HOLD_MAX		1024
#define BATON_MIG_HOLD_FLOW_MAX		64
/* Of those, held before their flow is known (hold.c). */
#define BATON_MIG_HOLD_EARLY_MAX	256

/**
 * struct baton_mig_net - per-netns state of baton_migrator
 * @stamp: creation time, reported by the status command
 * @hooks: the datapath hooks
 * @net: the netns
 * @lock: serialises the control plane: the listener, the channels and
 *	the blobs they bring
 * @port: the control port, or 0 when closed; read locklessly by the hook
 * @listener: the control listener (IPv6, taking IPv4 too), closed
 *	while @port is 0
 * @chans: the control channels, struct baton_mig_chan
 * @n_chans: how many
 * @end_work: reports the migrated connections that ended (end.c)
 * @hold: packets held for flows being infused, oldest first
 * @n_early: of those, held before their flow was known; under @hold's
 *	lock
 * @hold_time: the longest a packet is held, in jiffies; READ_ONCE()
 * @counters: per-CPU counters, enum baton_mig_counter
 */
struct baton_mig_net {
	struct baton_netns_stamp stamp;
	struct baton_hooks hooks;
	struct net *net;
	struct mutex lock; /* the control plane, see above */
	u16 port;
	struct baton_listener listener;
	struct list_head chans;
	unsigned int n_chans;
	struct delayed_work end_work;
	struct sk_buff_head hold;
	unsigned int n_early;
	unsigned long hold_time;
	struct baton_counters __percpu *counters;
};

/**
 * struct baton_mig_chan - a control connection from a balancer
 * @ch: the channel
 * @node: in baton_mig_net.chans
 * @pn: the netns's state
 */
struct baton_mig_chan {
	struct baton_chan ch;
	struct list_head node;
	struct baton_mig_net *pn;
};

extern unsigned int baton_mig_net_id;
extern struct workqueue_struct *baton_mig_wq;

static inline struct baton_mig_net *baton_mig_pernet(const struct net *net)
{
	return net_generic(net, baton_mig_net_id);
}

static inline void baton_mig_count(struct baton_mig_net *pn,
				   enum baton_mig_counter c)
{
	baton_counters_add(pn->counters, c, 1);
}

/* hook.c */
int baton_mig_hooks_register(struct net *net);
void baton_mig_hooks_unregister(struct net *net);

/* hold.c */
unsigned int baton_mig_hold(struct net *net, struct sk_buff *skb,
			    struct baton_flow *flow);
unsigned int baton_mig_hold_early(struct net *net, struct sk_buff *skb,
				  const struct in6_addr *peer, u32 id,
				  struct baton_flow **flow);
void baton_mig_hold_adopt(struct net *net, struct baton_flow *flow);
void baton_mig_hold_expire(struct net *net);
void baton_mig_hold_release(struct net *net, const struct baton_flow *flow);
void baton_mig_hold_drop(struct net *net, const struct baton_flow *flow);
void baton_mig_hold_purge(struct net *net);

/* end.c */
void baton_mig_end_start(struct baton_mig_net *pn);
void baton_mig_end_stop(struct baton_mig_net *pn);

/* infuse.c */
int baton_mig_infuse(struct net *net, const struct baton_blob *b);

/* ctl.c */
void baton_mig_ctl_init(struct baton_mig_net *pn);
int baton_mig_ctl_set_port(struct net *net, u16 port);
void baton_mig_ctl_stop(struct net *net);

/* netlink.c */
int baton_mig_genl_init(void);
void baton_mig_genl_uninit(void);

#endif /* _BATON_MIGRATOR_H */
