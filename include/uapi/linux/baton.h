/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * baton: TCP connection handoff load balancer - user API.
 *
 * Four generic netlink families, one per module.  Every family answers
 * BATON_CMD_STATUS_GET with the BATON_STATUS_A_* attributes, so a tool
 * can tell which baton modules are loaded in a network namespace.
 */
#ifndef _UAPI_LINUX_BATON_H
#define _UAPI_LINUX_BATON_H

#include <linux/types.h>

#define BATON_TUNNEL_GENL_NAME	"baton_tunnel"
#define BATON_FWD_GENL_NAME	"baton_fwd"
#define BATON_CLS_GENL_NAME	"baton_cls"
#define BATON_MIG_GENL_NAME	"baton_mig"

#define BATON_GENL_VERSION	1

/*
 * Command numbers shared by every baton family.  Family-specific commands
 * are numbered from BATON_CMD_FAMILY_BASE.
 */
enum baton_cmd {
	BATON_CMD_UNSPEC,
	BATON_CMD_STATUS_GET,	/* do: reply with BATON_STATUS_A_* */

	__BATON_CMD_COMMON_MAX,
};

#define BATON_CMD_FAMILY_BASE	16

/* Attributes of a BATON_CMD_STATUS_GET reply. */
enum baton_status_attr {
	BATON_STATUS_A_UNSPEC,
	BATON_STATUS_A_PAD,
	BATON_STATUS_A_MODULE,		/* string: module name */
	BATON_STATUS_A_VERSION,		/* string: module version */
	BATON_STATUS_A_NETNS_COOKIE,	/* u64: identity of this netns */
	BATON_STATUS_A_UPTIME_MS,	/* u64: age of this netns's state */

	__BATON_STATUS_A_MAX,
};

#define BATON_STATUS_A_MAX	(__BATON_STATUS_A_MAX - 1)

/*
 * State of a flow mapping (baton_tunnel tables), as reported in flow
 * dumps.
 *   PENDING: installed by the balancer before the host confirmed the
 *            migration (client packets are already tunnelled), or
 *            stored by the host before the socket is live (packets held).
 *   ACTIVE:  the migrated connection is live on its host.
 *   CLOSING: the connection ended; the mapping lingers until collected.
 */
enum baton_flow_state {
	BATON_FLOW_STATE_PENDING,
	BATON_FLOW_STATE_ACTIVE,
	BATON_FLOW_STATE_CLOSING,

	__BATON_FLOW_STATE_MAX,
};

#define BATON_FLOW_STATE_MAX	(__BATON_FLOW_STATE_MAX - 1)

/*
 * baton_tunnel family commands.  Every write needs CAP_NET_ADMIN in the
 * user namespace that owns the network namespace.
 *
 * FLOW_NEW      do: BATON_TUNNEL_ATTR_FLOW with side, family, the tuple
 *               (client addr/port, VIP addr/port) and the peer; the flow
 *               ID is required on the decap side, and optional on the
 *               encap side (absent or 0: allocated).  State defaults to
 *               ACTIVE.  Replies with the flow as stored (its ID).
 * FLOW_DEL      do: BATON_TUNNEL_ATTR_FLOW with side and either the ID
 *               (plus the peer on the decap side) or the tuple.
 * FLOW_GET      do: as FLOW_DEL, replies with the flow.
 *               dump: every flow, or those of the side given in an
 *               optional BATON_TUNNEL_ATTR_FLOW; one flow per message.
 * TUNNEL_SET    do: BATON_TUNNEL_ATTR_TUNNEL with BATON_TUNNEL_A_*.
 * TUNNEL_GET    do: replies with BATON_TUNNEL_ATTR_TUNNEL.
 * STATS_GET     do: replies with BATON_TUNNEL_ATTR_STATS.
 */
enum baton_tunnel_cmd {
	BATON_TUNNEL_CMD_FLOW_NEW = BATON_CMD_FAMILY_BASE,
	BATON_TUNNEL_CMD_FLOW_DEL,
	BATON_TUNNEL_CMD_FLOW_GET,
	BATON_TUNNEL_CMD_TUNNEL_SET,
	BATON_TUNNEL_CMD_TUNNEL_GET,
	BATON_TUNNEL_CMD_STATS_GET,

	__BATON_TUNNEL_CMD_MAX,
};

#define BATON_TUNNEL_CMD_MAX	(__BATON_TUNNEL_CMD_MAX - 1)

/* Top-level attributes of the baton_tunnel commands above. */
enum baton_tunnel_attr {
	BATON_TUNNEL_ATTR_UNSPEC,
	BATON_TUNNEL_ATTR_FLOW,		/* nest: BATON_FLOW_A_* */
	BATON_TUNNEL_ATTR_TUNNEL,	/* nest: BATON_TUNNEL_A_* */
	BATON_TUNNEL_ATTR_STATS,	/* nest: BATON_STATS_A_* */

	__BATON_TUNNEL_ATTR_MAX,
};

#define BATON_TUNNEL_ATTR_MAX	(__BATON_TUNNEL_ATTR_MAX - 1)

/* The two flow tables of a network namespace. */
enum baton_flow_side {
	BATON_FLOW_SIDE_ENCAP,	/* balancer: client tuple -> (host, ID) */
	BATON_FLOW_SIDE_DECAP,	/* host: (forwarder, ID) -> client tuple */

	__BATON_FLOW_SIDE_MAX,
};

#define BATON_FLOW_SIDE_MAX	(__BATON_FLOW_SIDE_MAX - 1)

/*
 * Attributes of a flow.  Addresses are struct in_addr (4 bytes) or
 * struct in6_addr (16 bytes), in network order, and must all be of
 * BATON_FLOW_A_FAMILY.  Ports are in network order and never 0.
 */
enum baton_flow_attr {
	BATON_FLOW_A_UNSPEC,
	BATON_FLOW_A_PAD,
	BATON_FLOW_A_SIDE,		/* u8: enum baton_flow_side */
	BATON_FLOW_A_FAMILY,		/* u8: AF_INET or AF_INET6 */
	BATON_FLOW_A_CLIENT_ADDR,	/* binary: client address */
	BATON_FLOW_A_CLIENT_PORT,	/* be16: client port */
	BATON_FLOW_A_VIP_ADDR,		/* binary: virtual service address */
	BATON_FLOW_A_VIP_PORT,		/* be16: virtual service port */
	BATON_FLOW_A_PEER_ADDR,		/* binary: host (encap) or forwarder (decap) */
	BATON_FLOW_A_ID,		/* u32: flow ID, host order */
	BATON_FLOW_A_STATE,		/* u8: enum baton_flow_state */
	BATON_FLOW_A_CREATED_MS,	/* u64: age of the flow (reply only) */
	BATON_FLOW_A_IDLE_MS,		/* u64: time since its last packet (reply only) */
	BATON_FLOW_A_PACKETS,		/* u64: packets tunnelled (reply only) */
	BATON_FLOW_A_BYTES,		/* u64: bytes tunnelled (reply only) */

	__BATON_FLOW_A_MAX,
};

#define BATON_FLOW_A_MAX	(__BATON_FLOW_A_MAX - 1)

/*
 * Tunnel settings of a network namespace.  TUNNEL_SET changes only the
 * attributes it carries: first FORWARDERS (replaces the whole list; an
 * empty nest clears it), then each FORWARDER_ADD and FORWARDER_DEL in
 * order.  An all-zero LOCAL4 or LOCAL6 clears that address.  The
 * request is checked as a whole before anything changes.
 */
enum baton_tunnel_a {
	BATON_TUNNEL_A_UNSPEC,
	BATON_TUNNEL_A_LOCAL4,		/* binary (4): local tunnel address */
	BATON_TUNNEL_A_LOCAL6,		/* binary (16): local tunnel address */
	BATON_TUNNEL_A_FORWARDERS,	/* nest: BATON_ADDR_A_ADDR list */
	BATON_TUNNEL_A_FORWARDER_ADD,	/* binary (4 or 16), set only */
	BATON_TUNNEL_A_FORWARDER_DEL,	/* binary (4 or 16), set only */
	BATON_TUNNEL_A_ENCAP_MAX_FLOWS,	/* u32: 1 .. 2^24 */
	BATON_TUNNEL_A_DECAP_MAX_FLOWS,	/* u32: 1 .. 2^24 */
	BATON_TUNNEL_A_ENCAP_TIMEOUT,	/* u32: idle timeout, seconds */
	BATON_TUNNEL_A_DECAP_TIMEOUT,	/* u32: idle timeout, seconds */

	__BATON_TUNNEL_A_MAX,
};

#define BATON_TUNNEL_A_MAX	(__BATON_TUNNEL_A_MAX - 1)

/* Most allowed forwarders per network namespace. */
#define BATON_TUNNEL_FORWARDERS_MAX	64

/* Entries of an address list: BATON_ADDR_A_ADDR, 4 or 16 bytes each. */
enum baton_addr_attr {
	BATON_ADDR_A_UNSPEC,
	BATON_ADDR_A_ADDR,

	__BATON_ADDR_A_MAX,
};

#define BATON_ADDR_A_MAX	(__BATON_ADDR_A_MAX - 1)

/*
 * Why the datapath dropped a packet (or refused a flow).  In
 * BATON_STATS_A_DROPPED each reason is a u64 attribute of that type;
 * type 0 is padding.
 */
enum baton_drop_reason {
	BATON_DROP_UNSPEC,
	BATON_DROP_NO_ROUTE,		/* no route to the peer */
	BATON_DROP_UNKNOWN_FLOW,	/* tunnelled packet with no mapping */
	BATON_DROP_NOT_FORWARDER,	/* tunnelled packet from a stranger */
	BATON_DROP_MALFORMED,		/* truncated or inconsistent packet */
	BATON_DROP_TABLE_FULL,		/* flow refused: its table was full */
	BATON_DROP_NO_LOCAL_ADDR,	/* no tunnel address of the family */

	__BATON_DROP_MAX,
};

#define BATON_DROP_MAX	(__BATON_DROP_MAX - 1)

/* Counters of a network namespace (sums over all CPUs). */
enum baton_stats_attr {
	BATON_STATS_A_UNSPEC,
	BATON_STATS_A_PAD,
	BATON_STATS_A_ENCAPSULATED,	/* u64: packets encapsulated */
	BATON_STATS_A_DECAPSULATED,	/* u64: packets de-encapsulated */
	BATON_STATS_A_DROPPED,		/* nest: u64 per enum baton_drop_reason */
	BATON_STATS_A_ENCAP_FLOWS,	/* u32: flows in the encap table */
	BATON_STATS_A_ENCAP_MAX_FLOWS,	/* u32: its limit */
	BATON_STATS_A_DECAP_FLOWS,	/* u32: flows in the decap table */
	BATON_STATS_A_DECAP_MAX_FLOWS,	/* u32: its limit */

	__BATON_STATS_A_MAX,
};

#define BATON_STATS_A_MAX	(__BATON_STATS_A_MAX - 1)

/*
 * baton_cls family (baton_classifier, on the balancer).  Writes need
 * CAP_NET_ADMIN in the user namespace that owns the network namespace.
 *
 * SERVICE_NEW   do: BATON_CLS_ATTR_SERVICE with FAMILY, ADDR and PORT,
 *               optional HEAD_MAX, DECIDE_MS and SCHED.  Opens a
 *               listening socket on ADDR:PORT in this netns
 *               (IP_FREEBIND: the address may come later).
 * SERVICE_SET   do: as SERVICE_NEW, for an existing service: changes
 *               the attributes given.
 * SERVICE_DEL   do: BATON_CLS_ATTR_SERVICE with FAMILY, ADDR and PORT.
 *               Connections still being decided are reset; migrated
 *               ones live on.
 * SERVICE_GET   do: as SERVICE_DEL; dump: every service.  Replies carry
 *               the service with its BACKENDS.
 * BACKEND_NEW   do: BATON_CLS_ATTR_SERVICE (FAMILY, ADDR, PORT) and
 *               BATON_CLS_ATTR_BACKEND with ADDR, optional CTL_PORT and
 *               WEIGHT.
 * BACKEND_DEL   do: as BACKEND_NEW, without CTL_PORT.  Refused (EBUSY)
 *               while it has ACTIVE connections or blobs in flight,
 *               unless FORCE.
 * STATS_GET     do: replies with BATON_CLS_ATTR_STATS.
 * BACKEND_SET   do: as BACKEND_NEW, for an existing backend: changes
 *               its WEIGHT (0 drains it: no new connections).
 * LOOKUP        do: BATON_CLS_ATTR_SERVICE (FAMILY, ADDR, PORT) and
 *               BATON_CLS_ATTR_CLIENT (ADDR, PORT): replies with the
 *               BATON_CLS_ATTR_BACKEND a new connection from that client
 *               would go to, if the service's scheduler depends on the
 *               client alone (maglev); nothing changes.
 * RULE_NEW      do: BATON_CLS_ATTR_SERVICE (FAMILY, ADDR, PORT) and
 *               BATON_CLS_ATTR_RULE: a content rule, inserted at its POS
 *               (1 first; default, or past the end: last).  A rule has
 *               a GROUP and up to three conditions, all of which must
 *               hold: HOST (the request's Host, a name or "*.name"),
 *               PATH_PREFIX (the start of its path, from '/'), SNI (the
 *               ClientHello's server name, a name or "*.name").  The
 *               first rule that matches a new connection gives its
 *               group; none: the service's DEFAULT_GROUP.
 * RULE_DEL      do: BATON_CLS_ATTR_SERVICE and BATON_CLS_ATTR_RULE with
 *               POS: deletes that rule; the later ones move up.
 * EVENT         never sent to the kernel: the notifications multicast to
 *               the BATON_CLS_MCGRP_EVENTS group, whose members need
 *               CAP_NET_ADMIN.  BATON_CLS_ATTR_EVENT says what happened
 *               (enum baton_cls_event), BATON_CLS_ATTR_SERVICE (FAMILY,
 *               ADDR, PORT) and BATON_CLS_ATTR_BACKEND (as in GET) where;
 *               for a connection also BATON_CLS_ATTR_CLIENT,
 *               BATON_CLS_ATTR_FLOW_ID, and BATON_CLS_ATTR_REASON (REFUSED:
 *               enum baton_ctl_refuse_reason; ENDED: enum
 *               baton_ctl_end_reason) or BATON_CLS_ATTR_LATENCY_NS
 *               (MIGRATED: from accept() to the host's ACK).
 */
enum baton_cls_cmd {
	BATON_CLS_CMD_SERVICE_NEW = BATON_CMD_FAMILY_BASE,
	BATON_CLS_CMD_SERVICE_DEL,
	BATON_CLS_CMD_SERVICE_GET,
	BATON_CLS_CMD_BACKEND_NEW,
	BATON_CLS_CMD_BACKEND_DEL,
	BATON_CLS_CMD_STATS_GET,
	BATON_CLS_CMD_SERVICE_SET,
	BATON_CLS_CMD_BACKEND_SET,
	BATON_CLS_CMD_LOOKUP,
	BATON_CLS_CMD_EVENT,
	BATON_CLS_CMD_RULE_NEW,
	BATON_CLS_CMD_RULE_DEL,

	__BATON_CLS_CMD_MAX,
};

#define BATON_CLS_CMD_MAX	(__BATON_CLS_CMD_MAX - 1)

/* Top-level attributes of the baton_cls commands. */
enum baton_cls_attr {
	BATON_CLS_ATTR_UNSPEC,
	BATON_CLS_ATTR_SERVICE,		/* nest: BATON_SVC_A_* */
	BATON_CLS_ATTR_BACKEND,		/* nest: BATON_BE_A_* */
	BATON_CLS_ATTR_STATS,		/* nest: BATON_CLS_STATS_A_* */
	BATON_CLS_ATTR_CLIENT,		/* nest: BATON_CLIENT_A_* (LOOKUP) */
	BATON_CLS_ATTR_FORCE,		/* flag: BACKEND_DEL with connections */
	BATON_CLS_ATTR_PAD,
	BATON_CLS_ATTR_EVENT,		/* u8: enum baton_cls_event (EVENT) */
	BATON_CLS_ATTR_FLOW_ID,		/* u32: the connection's (EVENT) */
	BATON_CLS_ATTR_REASON,		/* u16: why refused or ended (EVENT) */
	BATON_CLS_ATTR_LATENCY_NS,	/* u64: accept() to ACK (EVENT) */
	BATON_CLS_ATTR_RULE,		/* nest: BATON_RULE_A_* */

	__BATON_CLS_ATTR_MAX,
};

#define BATON_CLS_ATTR_MAX	(__BATON_CLS_ATTR_MAX - 1)

/* The multicast group of the baton_cls EVENT notifications. */
#define BATON_CLS_MCGRP_EVENTS	"events"

/* What an EVENT notification reports. */
enum baton_cls_event {
	BATON_CLS_EV_UNSPEC,
	BATON_CLS_EV_MIGRATED,		/* a host applied a connection's blob */
	BATON_CLS_EV_REFUSED,		/* a host refused it: client reset */
	BATON_CLS_EV_LOST,		/* no answer (channel lost): reset */
	BATON_CLS_EV_ENDED,		/* a host reported a connection over */
	BATON_CLS_EV_BACKEND_UP,	/* a backend's channel came up */
	BATON_CLS_EV_BACKEND_DOWN,	/* and went down */

	__BATON_CLS_EV_MAX,
};

#define BATON_CLS_EV_MAX	(__BATON_CLS_EV_MAX - 1)

/* Limits of a service's decision: bytes peeked and time waited. */
#define BATON_SVC_HEAD_MAX_DEFAULT	8192
#define BATON_SVC_HEAD_MAX_MAX		65536
#define BATON_SVC_DECIDE_MS_DEFAULT	5000
#define BATON_SVC_DECIDE_MS_MAX		600000
#define BATON_SVC_BACKENDS_MAX		256
#define BATON_CLS_SERVICES_MAX		1024
/* A backend's weight: its share of new connections, relative. */
#define BATON_BE_WEIGHT_DEFAULT		1
#define BATON_BE_WEIGHT_MAX		65535

/* How a service spreads new connections over its backends. */
enum baton_sched {
	BATON_SCHED_RR,		/* round robin */
	BATON_SCHED_WRR,	/* weighted round robin (smooth) */
	BATON_SCHED_LC,		/* least connections, per unit of weight */
	BATON_SCHED_MAGLEV,	/* consistent hash of the client's 4-tuple */

	__BATON_SCHED_MAX,
};

#define BATON_SCHED_MAX	(__BATON_SCHED_MAX - 1)

/* Attributes of a service.  Addresses are 4 or 16 bytes, network order. */
enum baton_svc_attr {
	BATON_SVC_A_UNSPEC,
	BATON_SVC_A_PAD,
	BATON_SVC_A_FAMILY,		/* u8: AF_INET or AF_INET6 */
	BATON_SVC_A_ADDR,		/* binary: the VIP */
	BATON_SVC_A_PORT,		/* be16: the service port, not 0 */
	BATON_SVC_A_HEAD_MAX,		/* u32: bytes peeked at most, 1 .. 65536 */
	BATON_SVC_A_DECIDE_MS,		/* u32: decision timeout, 1 .. 600000 */
	BATON_SVC_A_BACKENDS,		/* nest of BATON_CLS_ATTR_BACKEND nests */
	BATON_SVC_A_ACCEPTED,		/* u64: connections accepted (reply) */
	BATON_SVC_A_PENDING,		/* u32: connections being decided (reply) */
	BATON_SVC_A_SCHED,		/* u8: enum baton_sched (default RR) */
	BATON_SVC_A_DEFAULT_GROUP,	/* string: the group of connections no
					 * rule matched (default "default")
					 */
	BATON_SVC_A_RULES,		/* nest of BATON_CLS_ATTR_RULE nests,
					 * in order (reply)
					 */

	__BATON_SVC_A_MAX,
};

#define BATON_SVC_A_MAX	(__BATON_SVC_A_MAX - 1)

/* State of a backend's control channel. */
enum baton_be_state {
	BATON_BE_STATE_DOWN,		/* not connected */
	BATON_BE_STATE_CONNECTING,	/* connecting, or waiting for HELLO */
	BATON_BE_STATE_UP,		/* ready for blobs */

	__BATON_BE_STATE_MAX,
};

#define BATON_BE_STATE_MAX	(__BATON_BE_STATE_MAX - 1)

/*
 * A backend's health, as an active checker (tools/batond) reports it with
 * BACKEND_SET.  DOWN takes it out of scheduling, as a channel down does;
 * UNKNOWN (never checked) and UP leave it in.
 */
enum baton_be_health {
	BATON_BE_HEALTH_UNKNOWN,
	BATON_BE_HEALTH_UP,
	BATON_BE_HEALTH_DOWN,

	__BATON_BE_HEALTH_MAX,
};

#define BATON_BE_HEALTH_MAX	(__BATON_BE_HEALTH_MAX - 1)

/* Attributes of a backend (a host, reached on its control port). */
enum baton_be_attr {
	BATON_BE_A_UNSPEC,
	BATON_BE_A_PAD,
	BATON_BE_A_ADDR,		/* binary: the host's control address */
	BATON_BE_A_CTL_PORT,		/* u16: its control port, host order */
	BATON_BE_A_STATE,		/* u8: enum baton_be_state (reply) */
	BATON_BE_A_TUNNEL4,		/* binary (4): from its HELLO (reply) */
	BATON_BE_A_TUNNEL6,		/* binary (16): from its HELLO (reply) */
	BATON_BE_A_MIGRATED,		/* u64: blobs acknowledged (reply) */
	BATON_BE_A_REFUSED,		/* u64: blobs refused or lost (reply) */
	BATON_BE_A_INFLIGHT,		/* u32: blobs awaiting an answer (reply) */
	BATON_BE_A_WEIGHT,		/* u32: 0 .. BATON_BE_WEIGHT_MAX */
	BATON_BE_A_ACTIVE,		/* u32: migrated connections not yet
					 * ended (reply)
					 */
	BATON_BE_A_GROUP,		/* string: its group (default "default") */
	BATON_BE_A_HEALTH,		/* u8: enum baton_be_health, as a
					 * health checker (batond) set it
					 */

	__BATON_BE_A_MAX,
};

#define BATON_BE_A_MAX	(__BATON_BE_A_MAX - 1)

/*
 * Group names: 1 to BATON_GROUP_NAMSIZ - 1 bytes of [A-Za-z0-9_.-].
 * Every backend is in one group, "default" unless it is given one.
 */
#define BATON_GROUP_NAMSIZ		32
#define BATON_GROUP_DEFAULT		"default"
/* Rules of a service, at most; longest HOST/SNI pattern and PATH_PREFIX. */
#define BATON_SVC_RULES_MAX		256
#define BATON_RULE_HOST_MAX		255
#define BATON_RULE_PATH_MAX		1024

/* A content rule of a service (RULE_NEW, RULE_DEL, SERVICE_GET). */
enum baton_rule_attr {
	BATON_RULE_A_UNSPEC,
	BATON_RULE_A_PAD,
	BATON_RULE_A_POS,		/* u32: 1-based place in the list */
	BATON_RULE_A_GROUP,		/* string: where its connections go */
	BATON_RULE_A_HOST,		/* string: Host pattern */
	BATON_RULE_A_PATH_PREFIX,	/* string: path prefix, from '/' */
	BATON_RULE_A_SNI,		/* string: server name pattern */
	BATON_RULE_A_MATCHED,		/* u64: connections it matched (reply) */

	__BATON_RULE_A_MAX,
};

#define BATON_RULE_A_MAX	(__BATON_RULE_A_MAX - 1)

/* A client, for LOOKUP.  The address is of the service's family. */
enum baton_client_attr {
	BATON_CLIENT_A_UNSPEC,
	BATON_CLIENT_A_ADDR,		/* binary: 4 or 16 bytes */
	BATON_CLIENT_A_PORT,		/* be16 */

	__BATON_CLIENT_A_MAX,
};

#define BATON_CLIENT_A_MAX	(__BATON_CLIENT_A_MAX - 1)

/*
 * Counters of baton_cls in a network namespace.  REFUSED is a nest with
 * a u64 per enum baton_ctl_refuse_reason, as the host gave it.
 */
enum baton_cls_stats_attr {
	BATON_CLS_STATS_A_UNSPEC,
	BATON_CLS_STATS_A_PAD,
	BATON_CLS_STATS_A_ACCEPTED,	/* u64: client connections accepted */
	BATON_CLS_STATS_A_DECIDED,	/* u64: decisions taken */
	BATON_CLS_STATS_A_DECIDE_TIMEOUT, /* u64: of them, on the timeout */
	BATON_CLS_STATS_A_SENT,		/* u64: blobs sent */
	BATON_CLS_STATS_A_MIGRATED,	/* u64: blobs acknowledged */
	BATON_CLS_STATS_A_REFUSED,	/* nest: u64 per refuse reason */
	BATON_CLS_STATS_A_LOST,		/* u64: blobs unanswered (channel lost) */
	BATON_CLS_STATS_A_NO_BACKEND,	/* u64: no backend was up: reset */
	BATON_CLS_STATS_A_FAILED,	/* u64: local failures: reset */
	BATON_CLS_STATS_A_CLIENT_GONE,	/* u64: client left before deciding */
	BATON_CLS_STATS_A_ENDED,	/* u64: END notices from hosts */
	BATON_CLS_STATS_A_PENDING,	/* u32: connections being decided */

	__BATON_CLS_STATS_A_MAX,
};

#define BATON_CLS_STATS_A_MAX	(__BATON_CLS_STATS_A_MAX - 1)

/*
 * baton_mig family (baton_migrator, on a host).
 *
 * SET           do: BATON_MIG_ATTR_CONFIG with BATON_MIG_A_*.  PORT
 *               opens the control listener on that port, on every
 *               address of this netns; 0 closes it.
 * GET           do: replies with BATON_MIG_ATTR_CONFIG.
 * STATS_GET     do: replies with BATON_MIG_ATTR_STATS.
 */
enum baton_mig_cmd {
	BATON_MIG_CMD_SET = BATON_CMD_FAMILY_BASE,
	BATON_MIG_CMD_GET,
	BATON_MIG_CMD_STATS_GET,

	__BATON_MIG_CMD_MAX,
};

#define BATON_MIG_CMD_MAX	(__BATON_MIG_CMD_MAX - 1)

enum baton_mig_attr {
	BATON_MIG_ATTR_UNSPEC,
	BATON_MIG_ATTR_CONFIG,		/* nest: BATON_MIG_A_* */
	BATON_MIG_ATTR_STATS,		/* nest: BATON_MIG_STATS_A_* */

	__BATON_MIG_ATTR_MAX,
};

#define BATON_MIG_ATTR_MAX	(__BATON_MIG_ATTR_MAX - 1)

enum baton_mig_a {
	BATON_MIG_A_UNSPEC,
	BATON_MIG_A_PORT,		/* u16: control port, host order; 0: closed */
	BATON_MIG_A_CHANNELS,		/* u32: balancers connected (reply) */
	BATON_MIG_A_HOLD_MS,		/* u32: longest a packet is held,
					 * BATON_MIG_HOLD_MS_MIN .. _MAX
					 */

	__BATON_MIG_A_MAX,
};

#define BATON_MIG_A_MAX	(__BATON_MIG_A_MAX - 1)

#define BATON_MIG_HOLD_MS_DEFAULT	2000
#define BATON_MIG_HOLD_MS_MIN		10
#define BATON_MIG_HOLD_MS_MAX		60000

/* Counters of baton_mig.  REFUSED: a u64 per refuse reason. */
enum baton_mig_stats_attr {
	BATON_MIG_STATS_A_UNSPEC,
	BATON_MIG_STATS_A_PAD,
	BATON_MIG_STATS_A_RECEIVED,	/* u64: blobs received */
	BATON_MIG_STATS_A_INFUSED,	/* u64: sockets infused */
	BATON_MIG_STATS_A_REFUSED,	/* nest: u64 per refuse reason */
	BATON_MIG_STATS_A_HELD,		/* u64: packets held, then replayed */
	BATON_MIG_STATS_A_HOLD_DROPPED,	/* u64: packets held, then dropped */
	BATON_MIG_STATS_A_CHANNELS_REFUSED, /* u64: control connections refused */
	BATON_MIG_STATS_A_ENDED,	/* u64: END notices sent */
	BATON_MIG_STATS_A_HELD_EARLY,	/* u64: packets held before their
					 * blob came (also in HELD or
					 * HOLD_DROPPED)
					 */

	__BATON_MIG_STATS_A_MAX,
};

#define BATON_MIG_STATS_A_MAX	(__BATON_MIG_STATS_A_MAX - 1)

/*
 * Migration blob, wire format version 1.
 *
 * A blob carries one connection's TCP/IP state and received bytes from
 * the balancer to its host.  Integers are big-endian, offsets are in
 * bytes.  A receiver refuses a blob that breaks any rule below.
 *
 * Header, BATON_BLOB_HDR_LEN bytes:
 *	 0  u32  magic		BATON_BLOB_MAGIC ("BTNB")
 *	 4  u16  version	BATON_BLOB_VERSION
 *	 6  u16  flags		0 (none defined yet)
 *	 8  u32  length		of the whole blob, header and TAG included,
 *				at most BATON_BLOB_LEN_MAX
 *	12  u32  reserved	0
 *
 * Then sections, back to back until the end of the blob:
 *	 0  u16  type		BATON_BLOB_SEC_*
 *	 2  u16  flags		0
 *	 4  u32  length		of the value, padding excluded
 *	 8	 value, then zero bytes up to a multiple of 4
 *
 * The type is matched on all 16 bits.  A receiver refuses a blob with a
 * type it does not know if the type has BATON_BLOB_SEC_CRITICAL set, and
 * skips the section if not.  FLOW, IP, TCP and TAG are required,
 * RECV_DATA is optional; none may appear twice.  They come in any
 * order, except that TAG is the last section.  Reserved fields are 0.
 *
 * FLOW, BATON_BLOB_FLOW_LEN bytes: the flow ID mapping.
 *	 0  u32  flow ID		not 0
 *	 4  u16  client port		not 0
 *	 6  u16  VIP port		not 0
 *	 8  u8   family			BATON_BLOB_FAMILY_*
 *	 9  u8   reserved[3]
 *	12  u8   client address[16]
 *	28  u8   VIP address[16]
 *	44  u8   forwarder address[16]	the balancer's tunnel address
 *   Addresses are IPv4-mapped (::ffff:a.b.c.d) in an IPv4 flow and not
 *   in an IPv6 one; none is unspecified or multicast.
 *
 * IP, BATON_BLOB_IP_LEN bytes:
 *	 0  u8   TOS (IPv4) or traffic class (IPv6)
 *	 1  u8   TTL (IPv4) or hop limit (IPv6), not 0
 *	 2  u16  reserved
 *	 4  u32  flow label		IPv6: 20 bits; IPv4: 0
 *
 * TCP, BATON_BLOB_TCP_LEN bytes.  Sequence numbers compare modulo 2^32;
 * windows are in bytes, already scaled (struct tcp_repair_window).
 *	 0  u32  snd_una
 *	 4  u32  snd_nxt	not before snd_una, nor more than
 *				BATON_BLOB_INFLIGHT_MAX after it
 *	 8  u32  rcv_nxt
 *	12  u32  snd_wl1	not after rcv_nxt + rcv_wnd
 *	16  u32  snd_wnd	at most max_window
 *	20  u32  max_window	at most 65535 << snd_wscale
 *	24  u32  rcv_wnd	at most 65535 << rcv_wscale
 *	28  u32  rcv_wup	not after rcv_nxt
 *	32  u16  MSS clamp	at least BATON_BLOB_MSS_MIN
 *	34  u8   snd_wscale	the peer's shift, at most BATON_BLOB_WSCALE_MAX
 *	35  u8   rcv_wscale	ours, at most BATON_BLOB_WSCALE_MAX
 *	36  u16  options	BATON_BLOB_TCP_*; both shifts are 0 without
 *				BATON_BLOB_TCP_WSCALE
 *	38  u16  reserved
 *	40  u32  TSval offset	both 0 without BATON_BLOB_TCP_TIMESTAMPS
 *	44  u32  ts_recent
 *
 * RECV_DATA, 1 to BATON_BLOB_DATA_MAX bytes: the receive queue, the
 * bytes up to rcv_nxt that were acknowledged but not read.
 *
 * TAG, BATON_BLOB_TAG_LEN bytes: HMAC-SHA256 of every byte before the
 * value, the TAG section's own type and length included.
 */
#define BATON_BLOB_MAGIC		0x42544e42U	/* "BTNB" */
#define BATON_BLOB_VERSION		1

#define BATON_BLOB_HDR_LEN		16
#define BATON_BLOB_SEC_HDR_LEN		8
#define BATON_BLOB_ALIGN		4

#define BATON_BLOB_SEC_CRITICAL		0x8000
#define BATON_BLOB_SEC_FLOW		(BATON_BLOB_SEC_CRITICAL | 1)
#define BATON_BLOB_SEC_IP		(BATON_BLOB_SEC_CRITICAL | 2)
#define BATON_BLOB_SEC_TCP		(BATON_BLOB_SEC_CRITICAL | 3)
#define BATON_BLOB_SEC_RECV_DATA	(BATON_BLOB_SEC_CRITICAL | 4)
#define BATON_BLOB_SEC_TAG		(BATON_BLOB_SEC_CRITICAL | 5)

#define BATON_BLOB_FLOW_LEN		60
#define BATON_BLOB_IP_LEN		8
#define BATON_BLOB_TCP_LEN		48
#define BATON_BLOB_TAG_LEN		32

/* FLOW family */
#define BATON_BLOB_FAMILY_IPV4		4
#define BATON_BLOB_FAMILY_IPV6		6

/* TCP options: what the handshake negotiated, and a received FIN */
#define BATON_BLOB_TCP_SACK_OK		0x0001
#define BATON_BLOB_TCP_TIMESTAMPS	0x0002
#define BATON_BLOB_TCP_WSCALE		0x0004
#define BATON_BLOB_TCP_FIN_RCVD		0x0008

/* Smallest MSS clamp: the stack's TCP_MIN_SND_MSS. */
#define BATON_BLOB_MSS_MIN		48
/* Largest window shift (RFC 7323), the stack's TCP_MAX_WSCALE. */
#define BATON_BLOB_WSCALE_MAX		14
/* Most bytes in flight, snd_nxt - snd_una: a window never exceeds it. */
#define BATON_BLOB_INFLIGHT_MAX		(1U << 30)
/* Longest receive queue carried. */
#define BATON_BLOB_DATA_MAX		(16U << 20)
/* Longest blob: the receive queue plus 64 KiB for everything else. */
#define BATON_BLOB_LEN_MAX		(BATON_BLOB_DATA_MAX + 65536U)

/*
 * Control channel, frame format version 1.
 *
 * Each balancer keeps one TCP connection to each host's migrator port.
 * Both directions carry frames, back to back.  Integers are big-endian,
 * offsets are in bytes.  A receiver closes the connection on a frame
 * that breaks any rule below: the stream cannot be trusted after it.
 *
 * Header, BATON_CTL_HDR_LEN bytes:
 *	 0  u32  magic		BATON_CTL_MAGIC ("BTNC")
 *	 4  u8   version	BATON_CTL_VERSION
 *	 5  u8   type		BATON_CTL_BLOB .. BATON_CTL_HELLO
 *	 6  u16  flags		0 (none defined yet)
 *	 8  u32  sequence	see each type
 *	12  u32  length		of the payload, header and tag excluded
 * Then the payload, of the length its type allows, and the tag:
 *	16	 payload
 *	16 + length	u8 tag[BATON_CTL_TAG_LEN]
 *
 * The tag is an HMAC-SHA256 of the header and the payload, with the
 * cluster key.  Without a key it is zero.  A frame is therefore
 * BATON_CTL_HDR_LEN + length + BATON_CTL_TAG_LEN bytes, and its header
 * alone tells how long it is: a receiver knows after BATON_CTL_HDR_LEN
 * bytes how much more it needs, at most BATON_CTL_FRAME_MAX in all.
 *
 * Types, with the direction they go in and their payload:
 *
 * BLOB, balancer to host: a migration blob, BATON_CTL_BLOB_MIN to
 *   BATON_CTL_BLOB_MAX bytes, whose own format is above.  The host
 *   answers each BLOB with one ACK or one REFUSE of its sequence number.
 *
 * ACK, host to balancer, BATON_CTL_ACK_LEN bytes: the blob was applied.
 *	 0  u32  flow ID	of the blob, not 0
 *
 * REFUSE, host to balancer, BATON_CTL_REFUSE_LEN bytes: the blob was
 * not applied, and nothing of it was kept.
 *	 0  u32  flow ID	of the blob, or 0 if it could not be read
 *	 4  u16  reason		enum baton_ctl_refuse_reason, not 0
 *	 6  u16  reserved	0
 *
 * END, host to balancer, BATON_CTL_END_LEN bytes: a migrated
 * connection ended, and the balancer may retire its mapping.
 *	 0  u32  flow ID	not 0
 *	 4  u16  reason		enum baton_ctl_end_reason, not 0
 *	 6  u16  reserved	0
 *
 * KEEPALIVE, either way, no payload: sent by a side that had nothing
 * else to send for a while, as BGP does.
 *
 * HELLO, host to balancer, BATON_CTL_HELLO_LEN bytes: the first frame
 * a host sends on a new connection.  It names the host's tunnel
 * addresses, where the balancer tunnels the clients' packets; the
 * balancer sends no BLOB before it has one of the flow's family.
 *	 0  u8   tunnel4[4]	IPv4 tunnel address, or 0.0.0.0 for none
 *	 4  u8   tunnel6[16]	IPv6 tunnel address, or :: for none
 *   At least one is set.  Neither is loopback (127/8, ::1) nor
 *   multicast (224/4, ff00::/8); tunnel4 is not 255.255.255.255, and
 *   tunnel6 is not IPv4-mapped.
 *
 * Sequence numbers: each side counts the BLOB, END, KEEPALIVE and HELLO frames
 * it sends, from 0 and modulo 2^32, and puts the count in each; ACK and
 * REFUSE carry the number of the BLOB they answer instead.  The
 * receiver, not the frame format, holds the peer to this.
 *
 * A reason this version does not know is refused like any other bad
 * value: a new reason comes with a new version.
 */
#define BATON_CTL_MAGIC			0x42544e43U	/* "BTNC" */
#define BATON_CTL_VERSION		1

#define BATON_CTL_HDR_LEN		16
#define BATON_CTL_TAG_LEN		32

/* Frame types */
enum baton_ctl_type {
	BATON_CTL_UNSPEC,
	BATON_CTL_BLOB,
	BATON_CTL_ACK,
	BATON_CTL_REFUSE,
	BATON_CTL_END,
	BATON_CTL_KEEPALIVE,
	BATON_CTL_HELLO,

	__BATON_CTL_TYPE_MAX,
};

#define BATON_CTL_TYPE_MAX		(__BATON_CTL_TYPE_MAX - 1)

/* Payload lengths */
#define BATON_CTL_BLOB_MIN		BATON_BLOB_HDR_LEN
#define BATON_CTL_BLOB_MAX		BATON_BLOB_LEN_MAX
#define BATON_CTL_ACK_LEN		4
#define BATON_CTL_REFUSE_LEN		8
#define BATON_CTL_END_LEN		8
#define BATON_CTL_KEEPALIVE_LEN		0
#define BATON_CTL_HELLO_LEN		20

/* The migrator's control port when none is configured. */
#define BATON_CTL_PORT_DEFAULT		7280

/* Longest frame: a BLOB of BATON_CTL_BLOB_MAX bytes. */
#define BATON_CTL_FRAME_MAX		(BATON_CTL_HDR_LEN + BATON_CTL_BLOB_MAX + \
					 BATON_CTL_TAG_LEN)

/* Why a host refused a blob (REFUSE). */
enum baton_ctl_refuse_reason {
	BATON_CTL_REFUSE_UNSPEC,
	BATON_CTL_REFUSE_MALFORMED,	/* the blob failed decoding */
	BATON_CTL_REFUSE_VERSION,	/* unknown blob version, flag or section */
	BATON_CTL_REFUSE_TOO_LONG,	/* the blob or its data is too long */
	BATON_CTL_REFUSE_AUTH,		/* its tag did not verify */
	BATON_CTL_REFUSE_REPLAY,	/* a blob already applied */
	BATON_CTL_REFUSE_NOT_FORWARDER,	/* its forwarder is not allowed here */
	BATON_CTL_REFUSE_NO_LISTENER,	/* nothing listens on its VIP:port */
	BATON_CTL_REFUSE_BACKLOG,	/* the listener's accept queue is full */
	BATON_CTL_REFUSE_EXISTS,	/* its flow ID or 4-tuple is in use */
	BATON_CTL_REFUSE_TABLE_FULL,	/* the flow table is full */
	BATON_CTL_REFUSE_NO_MEMORY,	/* out of memory */
	BATON_CTL_REFUSE_INFUSE,	/* the stack refused the socket state */
	BATON_CTL_REFUSE_SHUTDOWN,	/* the migrator is going away */

	__BATON_CTL_REFUSE_MAX,
};

#define BATON_CTL_REFUSE_MAX		(__BATON_CTL_REFUSE_MAX - 1)

/* Why a migrated connection ended (END). */
enum baton_ctl_end_reason {
	BATON_CTL_END_UNSPEC,
	BATON_CTL_END_CLOSED,		/* orderly close, FIN both ways */
	BATON_CTL_END_RESET,		/* reset, sent or received */
	BATON_CTL_END_TIMEOUT,		/* retransmission or keepalive timeout */
	BATON_CTL_END_EXPIRED,		/* the host's mapping idled out */
	BATON_CTL_END_FLUSHED,		/* the host's mapping was deleted */

	__BATON_CTL_END_MAX,
};

#define BATON_CTL_END_MAX		(__BATON_CTL_END_MAX - 1)

#endif /* _UAPI_LINUX_BATON_H */
