// SPDX-License-Identifier: GPL-2.0
/*
 * baton_tunnel: registration of the datapath hooks of the forwarder and
 * the migrator.
 *
 * Both hook NF_INET_PRE_ROUTING of IPv4 and IPv6 at
 * BATON_HOOK_PRIORITY, after defragmentation and before conntrack, and
 * both need whole packets: a TCP header split over IP fragments cannot
 * be rewritten.  So registering the hooks in a netns turns on
 * defragmentation there, as conntrack and IPVS do.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/netfilter.h>
#include <net/netfilter/ipv4/nf_defrag_ipv4.h>
#include <net/netfilter/ipv6/nf_defrag_ipv6.h>

#include <baton/hooks.h>

/**
 * baton_hooks_register() - register a module's PRE_ROUTING hooks in a netns
 * @net: the netns
 * @hooks: where the hook ops live: in the module's state of @net, which
 *	must outlive the registration
 * @fn: the hook, for IPv4 and IPv6, at BATON_HOOK_PRIORITY
 *
 * Turns on IPv4 and IPv6 defragmentation in @net first, so that the
 * hook only ever sees whole packets.
 *
 * Context: process context, may sleep.
 * Return: 0 or a negative error; nothing is left registered on error.
 */
int baton_hooks_register(struct net *net, struct baton_hooks *hooks,
			 nf_hookfn *fn)
{
	static const u8 pf[] = { NFPROTO_IPV4, NFPROTO_IPV6 };
	unsigned int i;
	int err;

	BUILD_BUG_ON(ARRAY_SIZE(pf) != ARRAY_SIZE(hooks->ops));
	for (i = 0; i < ARRAY_SIZE(hooks->ops); i++) {
		hooks->ops[i] = (struct nf_hook_ops) {
			.hook = fn,
			.pf = pf[i],
			.hooknum = NF_INET_PRE_ROUTING,
			.priority = BATON_HOOK_PRIORITY,
		};
	}

	err = nf_defrag_ipv4_enable(net);
	if (err)
		goto err_defrag4;
	err = nf_defrag_ipv6_enable(net);
	if (err)
		goto err_defrag6;
	err = nf_register_net_hooks(net, hooks->ops, ARRAY_SIZE(hooks->ops));
	if (err)
		goto err_hooks;
	return 0;

err_hooks:
	nf_defrag_ipv6_disable(net);
err_defrag6:
	nf_defrag_ipv4_disable(net);
err_defrag4:
	return err;
}
EXPORT_SYMBOL_GPL(baton_hooks_register);

/**
 * baton_hooks_unregister() - undo baton_hooks_register()
 * @net: the netns
 * @hooks: as registered
 *
 * On return no hook runs any more: nf_unregister_net_hooks() waits for
 * the readers.
 *
 * Context: process context, may sleep.
 */
void baton_hooks_unregister(struct net *net, struct baton_hooks *hooks)
{
	nf_unregister_net_hooks(net, hooks->ops, ARRAY_SIZE(hooks->ops));
	nf_defrag_ipv6_disable(net);
	nf_defrag_ipv4_disable(net);
}
EXPORT_SYMBOL_GPL(baton_hooks_unregister);
