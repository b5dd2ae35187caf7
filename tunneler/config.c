// SPDX-License-Identifier: GPL-2.0
/*
 * baton_tunnel: per-netns tunnel settings.
 *
 * The settings are one immutable struct baton_tunnel_config, published
 * with RCU: writers (netlink, under the netns's config mutex) build a
 * new copy and swap it in, readers on the datapath dereference it under
 * RCU without locks.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include <baton/config.h>

#include "tunnel.h"

/**
 * baton_tunnel_config() - the tunnel settings of a netns
 * @net: the netns, with baton_tunnel's state alive in it
 *
 * Context: under rcu_read_lock(); the settings stay valid until
 * rcu_read_unlock().
 * Return: the settings, never NULL.
 */
const struct baton_tunnel_config *baton_tunnel_config(const struct net *net)
{
	return rcu_dereference(baton_tunnel_pernet(net)->config);
}
EXPORT_SYMBOL_GPL(baton_tunnel_config);

/**
 * baton_tunnel_config_has_forwarder() - is an address in a config's list
 * @conf: the settings
 * @addr: the address (IPv4 as v4-mapped)
 *
 * Return: its index in @conf->forwarders, or -1.
 */
int baton_tunnel_config_has_forwarder(const struct baton_tunnel_config *conf,
				      const struct in6_addr *addr)
{
	unsigned int i;

	for (i = 0; i < conf->n_forwarders; i++)
		if (ipv6_addr_equal(&conf->forwarders[i], addr))
			return i;
	return -1;
}
EXPORT_SYMBOL_GPL(baton_tunnel_config_has_forwarder);

/**
 * baton_tunnel_forwarder_allowed() - may a host accept tunnelled packets
 *	from this address
 * @net: the netns, with baton_tunnel's state alive in it
 * @addr: the source address (IPv4 as v4-mapped)
 *
 * An empty list allows no forwarder.
 *
 * Context: any; takes the RCU read lock itself.
 * Return: true if @addr is an allowed forwarder.
 */
bool baton_tunnel_forwarder_allowed(const struct net *net,
				    const struct in6_addr *addr)
{
	bool ret;

	rcu_read_lock();
	ret = baton_tunnel_config_has_forwarder(baton_tunnel_config(net),
						addr) >= 0;
	rcu_read_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(baton_tunnel_forwarder_allowed);

/**
 * baton_tunnel_config_publish() - replace the settings of a netns
 * @tn: the netns state
 * @conf: the new settings, from kmalloc(); the netns owns them now
 *
 * Context: under @tn->config_lock.
 */
void baton_tunnel_config_publish(struct baton_tunnel_net *tn,
				 struct baton_tunnel_config *conf)
{
	struct baton_tunnel_config *old;

	old = rcu_replace_pointer(tn->config, conf,
				  lockdep_is_held(&tn->config_lock));
	kfree_rcu(old, rcu);
}

/**
 * baton_tunnel_config_init() - empty settings for a new netns
 * @tn: the netns state
 *
 * Return: 0 or -ENOMEM.
 */
int baton_tunnel_config_init(struct baton_tunnel_net *tn)
{
	struct baton_tunnel_config *conf;

	mutex_init(&tn->config_lock);
	conf = kzalloc(sizeof(*conf), GFP_KERNEL);
	if (!conf)
		return -ENOMEM;
	RCU_INIT_POINTER(tn->config, conf);
	return 0;
}

/*
 * Called after the netns's last RCU reader is gone (pernet .exit), but
 * the settings may still be read by an RCU reader of another path, so
 * free them after a grace period all the same.
 */
void baton_tunnel_config_destroy(struct baton_tunnel_net *tn)
{
	struct baton_tunnel_config *conf;

	conf = rcu_replace_pointer(tn->config, NULL, true);
	kfree_rcu(conf, rcu);
}
