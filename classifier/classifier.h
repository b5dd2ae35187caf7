/* SPDX-License-Identifier: GPL-2.0 */
/* baton_classifier: internal declarations. */
#ifndef _BATON_CLASSIFIER_H
#define _BATON_CLASSIFIER_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include <baton/chan.h>
#include <baton/counters.h>
#include <baton/flow.h>
#include <baton/listen.h>
#include <baton/status.h>

/* Counters; the refusals follow enum baton_ctl_refuse_reason. */
enum baton_cls_counter {
	BATON_CLS_ACCEPTED,
	BATON_CLS_DECIDED,
	BATON_CLS_DECIDE_TIMEOUT,
	BATON_CLS_SENT,
	BATON_CLS_MIGRATED,
	BATON_CLS_LOST,
	BATON_CLS_NO_BACKEND,
	BATON_CLS_FAILED,
	BATON_CLS_CLIENT_GONE,
	BATON_CLS_ENDED,
	BATON_CLS_REFUSED,
	BATON_CLS_NUM = BATON_CLS_REFUSED + BATON_CTL_REFUSE_MAX + 1,
};

/* A blob unanswered this long is lost: the channel is reset. */
#define BATON_CLS_ACK_TIMEOUT	(10 * HZ)
/* Pause between attempts to connect a backend's control channel. */
#define BATON_CLS_RECONNECT	(1 * HZ)
/* Connections accepted per service and not yet decided, at most. */
#define BATON_CLS_PENDING_MAX	4096

union baton_rule_sniff;

/**
 * struct baton_cls_net - per-netns state of baton_classifier
 * @stamp: creation time, reported by the status command
 * @net: the netns
 * @lock: serialises the control plane: services, backends, connections
 * @services: the services, struct baton_svc
 * @n_services: how many
 * @gp_list: connections waiting out their RCU grace period
 * @gp_work: runs after a grace period, to migrate them
 * @peek: a BATON_SVC_HEAD_MAX_MAX-byte buffer for peeking, under @lock
 * @sniff: what the sniffers make of it, under @lock (rule.c)
 * @counters: per-CPU counters, enum baton_cls_counter
 */
struct baton_cls_net {
	struct baton_netns_stamp stamp;
	struct net *net;
	struct mutex lock; /* the control plane, see above */
	struct list_head services;
	unsigned int n_services;
	struct list_head gp_list;
	struct rcu_work gp_work;
	u8 *peek;
	union baton_rule_sniff *sniff;
	struct baton_counters __percpu *counters;
};

struct baton_svc_maglev;

/**
 * struct baton_svc - a service: a VIP:port the classifier listens on
 * @node: in baton_cls_net.services
 * @pn: the netns's state
 * @family: AF_INET or AF_INET6
 * @addr: the VIP (IPv4 as v4-mapped)
 * @port: the port, host order
 * @head_max: bytes peeked at most
 * @decide_ms: decision timeout
 * @listener: the listening socket and its accept work
 * @backends: struct baton_be, in the order they were added
 * @n_backends: how many
 * @next_id: the next backend ID to try
 * @sched: enum baton_sched
 * @rr: round-robin cursor
 * @maglev: the maglev scheduler's table, or NULL (sched.c)
 * @conns: connections being decided, struct baton_conn
 * @n_pending: how many
 * @accepted: connections accepted
 * @default_group: the group of the connections no rule matched
 * @rules: its content rules, struct baton_rule, in order (rule.c)
 * @n_rules: how many
 * @dead: deleted; its work items do nothing
 */
struct baton_svc {
	struct list_head node;
	struct baton_cls_net *pn;
	u8 family;
	struct in6_addr addr;
	u16 port;
	u32 head_max;
	u32 decide_ms;
	struct baton_listener listener;
	struct list_head backends;
	unsigned int n_backends;
	u16 next_id;
	u8 sched;
	unsigned int rr;
	struct baton_svc_maglev *maglev;
	struct list_head conns;
	unsigned int n_pending;
	u64 accepted;
	char default_group[BATON_GROUP_NAMSIZ];
	struct list_head rules;
	unsigned int n_rules;
	bool dead;
};

/**
 * struct baton_rule - a content rule of a service
 * @node: in baton_svc.rules
 * @group: where the connections it matches go
 * @host: Host pattern, or NULL
 * @path: path prefix, or NULL
 * @sni: server name pattern, or NULL
 * @path_len: length of @path
 * @matched: connections it matched
 */
struct baton_rule {
	struct list_head node;
	char group[BATON_GROUP_NAMSIZ];
	char *host;
	char *path;
	char *sni;
	size_t path_len;
	u64 matched;
};

/**
 * struct baton_be - a backend host of a service, and its control channel
 * @ch: the control channel; its reference count governs the structure
 * @node: in baton_svc.backends
 * @pn: the netns's state
 * @svc: its service
 * @id: its ID in its service, not 0: its flows' owner
 * @addr: the host's control address (IPv4 as v4-mapped)
 * @ctl_port: its control port
 * @state: enum baton_be_state
 * @since: when it started connecting
 * @tun4: its IPv4 tunnel address from its HELLO, or 0
 * @tun6: its IPv6 tunnel address from its HELLO, or ::
 * @inflight: connections whose blob awaits an answer, oldest first
 * @n_inflight: how many
 * @reconnect: connects the channel again
 * @weight: its share of new connections, relative to the others'; 0:
 *	none (drained)
 * @wrr_credit: the weighted round robin's running credit
 * @active: connections acknowledged and not yet reported ended
 * @migrated: blobs acknowledged
 * @refused: blobs refused or lost
 * @group: its group, for content rules
 * @health: enum baton_be_health, from a health checker
 * @dead: deleted; its work items do nothing
 */
struct baton_be {
	struct baton_chan ch;
	struct list_head node;
	struct baton_cls_net *pn;
	struct baton_svc *svc;
	u16 id;
	struct in6_addr addr;
	u16 ctl_port;
	u8 state;
	unsigned long since;
	__be32 tun4;
	struct in6_addr tun6;
	struct list_head inflight;
	unsigned int n_inflight;
	struct delayed_work reconnect;
	u32 weight;
	s64 wrr_credit;
	u32 active;
	u64 migrated;
	u64 refused;
	char group[BATON_GROUP_NAMSIZ];
	u8 health;
	bool dead;
};

/* Where a connection is in its life. */
enum baton_conn_state {
	BATON_CONN_DECIDING,	/* peeking, on its service's list */
	BATON_CONN_GRACE,	/* mapping in, on baton_cls_net.gp_list */
	BATON_CONN_INFLIGHT,	/* blob sent, on its backend's list */
};

/**
 * struct baton_conn - a client connection, until its host took it
 * @node: on the list of its state
 * @pn: the netns's state
 * @svc: its service while deciding, or NULL
 * @be: its backend once chosen (holding a reference), or NULL
 * @sock: the accepted socket
 * @work: runs the decision on socket events and at the deadline
 * @ref: references: the list's, plus one per queued @work
 * @state: enum baton_conn_state
 * @deadline: when the decision is taken whatever was received
 * @tuple: the client and VIP of the connection
 * @id: its flow ID, once allocated
 * @gp: the RCU grace period cookie of its mapping
 * @seq: the sequence number of its BLOB
 * @sent: when its blob was sent
 * @saved_data_ready: the socket's callback before the classifier's
 * @saved_state_change: likewise
 */
struct baton_conn {
	struct list_head node;
	struct baton_cls_net *pn;
	struct baton_svc *svc;
	struct baton_be *be;
	struct socket *sock;
	struct delayed_work work;
	struct kref ref;
	u8 state;
	unsigned long deadline;
	struct baton_tuple tuple;
	u32 id;
	unsigned long gp;
	u32 seq;
	unsigned long sent;
	u64 born;
	void (*saved_data_ready)(struct sock *sk);
	void (*saved_state_change)(struct sock *sk);
};

extern unsigned int baton_cls_net_id;
extern struct workqueue_struct *baton_cls_wq;

static inline struct baton_cls_net *baton_cls_pernet(const struct net *net)
{
	return net_generic(net, baton_cls_net_id);
}

static inline void baton_cls_count(struct baton_cls_net *pn,
				   enum baton_cls_counter c)
{
	baton_counters_add(pn->counters, c, 1);
}

/* service.c */
struct baton_svc *baton_svc_find(struct baton_cls_net *pn, u8 family,
				 const struct in6_addr *addr, u16 port);
int baton_svc_add(struct baton_cls_net *pn, struct baton_svc *svc);
void baton_svc_del(struct baton_svc *svc);
void baton_svc_flush(struct baton_cls_net *pn);
void baton_conn_put(struct baton_conn *c);
void baton_conn_reset(struct baton_conn *c);

/* backend.c */
struct baton_be *baton_be_find(struct baton_svc *svc,
			       const struct in6_addr *addr);
int baton_be_add(struct baton_svc *svc, const struct in6_addr *addr,
		 u16 ctl_port, u32 weight, const char *group);
void baton_be_del(struct baton_be *be);
void baton_be_set_health(struct baton_be *be, u8 health);
int baton_be_send(struct baton_be *be, struct baton_conn *c,
		  const u8 *blob, size_t len);

/* migrate.c */
void baton_migrate_tuple(struct sock *sk, struct baton_tuple *t);
void baton_migrate_start(struct baton_conn *c, struct baton_be *be);
void baton_migrate_done(struct baton_conn *c, int reason);
void baton_migrate_work(struct work_struct *work);

/* rule.c */
union baton_rule_sniff *baton_rule_sniff_alloc(void);
bool baton_rule_group_valid(const char *name);
void baton_rule_insert(struct baton_svc *svc, struct baton_rule *rule,
		       u32 pos);
int baton_rule_delete(struct baton_svc *svc, u32 pos);
void baton_rule_free(struct baton_rule *rule);
void baton_rule_flush(struct baton_svc *svc);
const char *baton_rule_select(struct baton_svc *svc, const u8 *buf,
			      size_t len);

/* event.c */
void baton_cls_event_conn(struct baton_cls_net *pn, u8 event,
			  const struct baton_tuple *t, u32 id,
			  const struct baton_be *be, int reason, u64 latency);
void baton_cls_event_be(const struct baton_be *be, u8 event);

/* sched.c */
struct baton_be *baton_sched_pick(struct baton_svc *svc,
				  const struct baton_tuple *tuple,
				  const char *group);
struct baton_be *baton_sched_lookup(struct baton_svc *svc,
				    const struct baton_tuple *tuple,
				    const char *group);
int baton_sched_update(struct baton_svc *svc);
void baton_sched_free(struct baton_svc *svc);

/* netlink.c */
enum {
	BATON_CLS_MCGRP_EVENTS_ID,
};

extern struct genl_family baton_cls_genl_family;
int baton_cls_nl_be_fill(struct sk_buff *msg, const struct baton_be *be);
int baton_cls_genl_init(void);
void baton_cls_genl_uninit(void);

#endif /* _BATON_CLASSIFIER_H */
