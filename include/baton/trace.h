/* SPDX-License-Identifier: GPL-2.0 */
/*
 * baton tracepoints, system "baton": the life of a handoff on both
 * sides, and the forwarder's drops.  Defined in baton_tunnel
 * (tunneler/trace.c) and exported to the other modules, so that one
 * `perf trace -e 'baton:*'` or bpftrace probe sees them all.
 *
 *   baton_migrate_out       balancer: a blob went to a host
 *   baton_migrate_acked     balancer: the host applied it; with the time
 *                           from accept() to the ACK, the handoff latency
 *   baton_migrate_refused   balancer: the host refused it, or the channel
 *                           was lost before its answer; the client is reset
 *   baton_infuse            host: a blob was applied (result 0) or refused
 *   baton_encap_drop        balancer: a client packet of a mapped
 *                           connection could not be tunnelled
 *
 * Addresses are IPv6, IPv4 as v4-mapped (::ffff:192.0.2.1).
 */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM baton

#if !defined(_BATON_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _BATON_TRACE_H

#include <linux/in6.h>
#include <linux/tracepoint.h>

#include <uapi/linux/baton.h>
#include <baton/flow.h>

#define baton_show_refuse(r)						\
	__print_symbolic(r,						\
		{ -1, "channel lost" },					\
		{ 0, "ok" },						\
		{ BATON_CTL_REFUSE_MALFORMED, "malformed" },		\
		{ BATON_CTL_REFUSE_VERSION, "version" },		\
		{ BATON_CTL_REFUSE_TOO_LONG, "too long" },		\
		{ BATON_CTL_REFUSE_AUTH, "auth" },			\
		{ BATON_CTL_REFUSE_REPLAY, "replay" },			\
		{ BATON_CTL_REFUSE_NOT_FORWARDER, "not forwarder" },	\
		{ BATON_CTL_REFUSE_NO_LISTENER, "no listener" },	\
		{ BATON_CTL_REFUSE_BACKLOG, "backlog" },		\
		{ BATON_CTL_REFUSE_EXISTS, "exists" },			\
		{ BATON_CTL_REFUSE_TABLE_FULL, "table full" },		\
		{ BATON_CTL_REFUSE_NO_MEMORY, "no memory" },		\
		{ BATON_CTL_REFUSE_INFUSE, "infuse" },			\
		{ BATON_CTL_REFUSE_SHUTDOWN, "shutdown" })

#define baton_show_drop(r)						\
	__print_symbolic(r,						\
		{ BATON_DROP_NO_ROUTE, "no_route" },			\
		{ BATON_DROP_MALFORMED, "malformed" },			\
		{ BATON_DROP_NO_LOCAL_ADDR, "no_local_addr" })

/*
 * A connection: its tuple, its flow ID, the other node (the host's
 * control address on the balancer, the forwarder on the host) and one
 * number whose meaning is the event's.
 */
DECLARE_EVENT_CLASS(baton_conn_class,
		    TP_PROTO(const struct baton_tuple *t, u32 id,
			     const struct in6_addr *peer, s64 arg),
		    TP_ARGS(t, id, peer, arg),
		    TP_STRUCT__entry(__array(u8, client, 16)
				     __array(u8, vip, 16)
				     __array(u8, peer, 16)
				     __field(s64, arg)
				     __field(u32, id)
				     __field(u16, cport)
				     __field(u16, vport)),
		    TP_fast_assign(memcpy(__entry->client, &t->client, 16);
				   memcpy(__entry->vip, &t->vip, 16);
				   memcpy(__entry->peer, peer, 16);
				   __entry->arg = arg;
				   __entry->id = id;
				   __entry->cport = ntohs(t->cport);
				   __entry->vport = ntohs(t->vport);),
		    /* baton_migrate_out's; the others print their own */
		    TP_printk("id=%08x client=[%pI6c]:%u vip=[%pI6c]:%u host=%pI6c data=%lld",
			      __entry->id, __entry->client, __entry->cport,
			      __entry->vip, __entry->vport, __entry->peer,
			      __entry->arg));

/* arg: bytes of request data in the blob */
DEFINE_EVENT(baton_conn_class, baton_migrate_out,
	     TP_PROTO(const struct baton_tuple *t, u32 id,
		      const struct in6_addr *peer, s64 arg),
	     TP_ARGS(t, id, peer, arg));

/* arg: nanoseconds from accept() to the host's ACK */
DEFINE_EVENT_PRINT(baton_conn_class, baton_migrate_acked,
		   TP_PROTO(const struct baton_tuple *t, u32 id,
			    const struct in6_addr *peer, s64 arg),
		   TP_ARGS(t, id, peer, arg),
		   TP_printk("id=%08x client=[%pI6c]:%u vip=[%pI6c]:%u host=%pI6c latency_ns=%lld",
			     __entry->id, __entry->client, __entry->cport,
			     __entry->vip, __entry->vport, __entry->peer,
			     __entry->arg));

/* arg: the host's refusal reason, or -1 when the channel was lost */
DEFINE_EVENT_PRINT(baton_conn_class, baton_migrate_refused,
		   TP_PROTO(const struct baton_tuple *t, u32 id,
			    const struct in6_addr *peer, s64 arg),
		   TP_ARGS(t, id, peer, arg),
		   TP_printk("id=%08x client=[%pI6c]:%u vip=[%pI6c]:%u host=%pI6c reason=%s",
			     __entry->id, __entry->client, __entry->cport,
			     __entry->vip, __entry->vport, __entry->peer,
			     baton_show_refuse(__entry->arg)));

/* arg: 0 when infused, else the reason of the refusal sent back */
DEFINE_EVENT_PRINT(baton_conn_class, baton_infuse,
		   TP_PROTO(const struct baton_tuple *t, u32 id,
			    const struct in6_addr *peer, s64 arg),
		   TP_ARGS(t, id, peer, arg),
		   TP_printk("id=%08x client=[%pI6c]:%u vip=[%pI6c]:%u forwarder=%pI6c result=%s",
			     __entry->id, __entry->client, __entry->cport,
			     __entry->vip, __entry->vport, __entry->peer,
			     baton_show_refuse(__entry->arg)));

TRACE_EVENT(baton_encap_drop,
	    TP_PROTO(u32 id, const struct in6_addr *host, int reason, int err),
	    TP_ARGS(id, host, reason, err),
	    TP_STRUCT__entry(__array(u8, host, 16)
			     __field(u32, id)
			     __field(int, reason)
			     __field(int, err)),
	    TP_fast_assign(memcpy(__entry->host, host, 16);
			   __entry->id = id;
			   __entry->reason = reason;
			   __entry->err = err;),
	    TP_printk("id=%08x host=%pI6c reason=%s err=%d",
		      __entry->id, __entry->host,
		      baton_show_drop(__entry->reason), __entry->err));

#endif /* _BATON_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH baton
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE trace
#include <trace/define_trace.h>
