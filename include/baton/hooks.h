/* SPDX-License-Identifier: GPL-2.0 */
/*
 * baton datapath hooks: where the forwarder and the migrator sit in the
 * netfilter PRE_ROUTING chain, registered through baton_tunnel
 * (tunneler/hooks.c).
 */
#ifndef _BATON_HOOKS_H
#define _BATON_HOOKS_H

#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>

struct net;

/*
 * After the defragmentation hooks (-400) and the raw table (-300), so
 * that a raw rule still sees the client's packet, and before conntrack
 * (-200), which must see only the restored (host) or never see the
 * tunnelled (balancer) packet.  The same for IPv6.
 */
#define BATON_HOOK_PRIORITY	(NF_IP_PRI_CONNTRACK - 1)

/**
 * struct baton_hooks - the PRE_ROUTING hooks of one module in one netns
 * @ops: IPv4 and IPv6
 */
struct baton_hooks {
	struct nf_hook_ops ops[2];
};

/* tunneler/hooks.c */
int baton_hooks_register(struct net *net, struct baton_hooks *hooks,
			 nf_hookfn *fn);
void baton_hooks_unregister(struct net *net, struct baton_hooks *hooks);

#endif /* _BATON_HOOKS_H */
