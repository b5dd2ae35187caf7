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

#endif /* _UAPI_LINUX_BATON_H */
