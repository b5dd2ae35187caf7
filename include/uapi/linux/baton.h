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

#endif /* _UAPI_LINUX_BATON_H */
