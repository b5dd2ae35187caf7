// SPDX-License-Identifier: GPL-2.0
/*
 * baton_tunnel: generic netlink family.
 *
 * Commands: the shared status command, flows (new, del, get and dump),
 * tunnel settings and counters.  Every attribute has a policy, writes
 * need CAP_NET_ADMIN in the netns's user namespace, and every refusal
 * says why in the extended ACK.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/jiffies.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/netlink.h>

#include <uapi/linux/baton.h>
#include <baton/config.h>
#include <baton/flow.h>
#include <baton/stats.h>
#include <baton/version.h>

#include "tunnel.h"

/* Flow IDs tried before an encap FLOW_NEW gives up on collisions. */

static struct genl_family baton_tunnel_genl_family;

/* ------------------------------------------------------------ policies */

static int baton_nl_validate_addr(const struct nlattr *attr,
				  struct netlink_ext_ack *extack)
{
	if (nla_len(attr) == sizeof(struct in_addr) ||
	    nla_len(attr) == sizeof(struct in6_addr))
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr, "address must be 4 or 16 bytes long");
	return -EINVAL;
}

#define BATON_NLA_ADDR	NLA_POLICY_VALIDATE_FN(NLA_BINARY, \
					       baton_nl_validate_addr, \
					       sizeof(struct in6_addr))

static struct netlink_range_validation baton_nl_max_flows_range = {
	.min = 1,
	.max = BATON_FLOW_MAX_LIMIT,
};

static struct netlink_range_validation baton_nl_timeout_range = {
	.min = 1,
	.max = BATON_FLOW_TIMEOUT_MAX,
};

static const struct nla_policy baton_flow_policy[BATON_FLOW_A_MAX + 1] = {
	[BATON_FLOW_A_SIDE] = NLA_POLICY_MAX(NLA_U8, BATON_FLOW_SIDE_MAX),
	[BATON_FLOW_A_FAMILY] = { .type = NLA_U8 },
	[BATON_FLOW_A_CLIENT_ADDR] = BATON_NLA_ADDR,
	[BATON_FLOW_A_CLIENT_PORT] = NLA_POLICY_MIN(NLA_BE16, 1),
	[BATON_FLOW_A_VIP_ADDR] = BATON_NLA_ADDR,
	[BATON_FLOW_A_VIP_PORT] = NLA_POLICY_MIN(NLA_BE16, 1),
	[BATON_FLOW_A_PEER_ADDR] = BATON_NLA_ADDR,
	[BATON_FLOW_A_ID] = { .type = NLA_U32 },
	[BATON_FLOW_A_STATE] = NLA_POLICY_MAX(NLA_U8, BATON_FLOW_STATE_MAX),
	/* The rest are reply-only: strict validation rejects them. */
};

static const struct nla_policy baton_addr_policy[BATON_ADDR_A_MAX + 1] = {
	[BATON_ADDR_A_ADDR] = BATON_NLA_ADDR,
};

static const struct nla_policy baton_tunnel_a_policy[BATON_TUNNEL_A_MAX + 1] = {
	[BATON_TUNNEL_A_LOCAL4] = NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[BATON_TUNNEL_A_LOCAL6] = NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[BATON_TUNNEL_A_FORWARDERS] = NLA_POLICY_NESTED(baton_addr_policy),
	[BATON_TUNNEL_A_FORWARDER_ADD] = BATON_NLA_ADDR,
	[BATON_TUNNEL_A_FORWARDER_DEL] = BATON_NLA_ADDR,
	[BATON_TUNNEL_A_ENCAP_MAX_FLOWS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &baton_nl_max_flows_range),
	[BATON_TUNNEL_A_DECAP_MAX_FLOWS] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &baton_nl_max_flows_range),
	[BATON_TUNNEL_A_ENCAP_TIMEOUT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &baton_nl_timeout_range),
	[BATON_TUNNEL_A_DECAP_TIMEOUT] =
		NLA_POLICY_FULL_RANGE(NLA_U32, &baton_nl_timeout_range),
};

static const struct nla_policy baton_nl_flow_cmd_policy[BATON_TUNNEL_ATTR_MAX + 1] = {
	[BATON_TUNNEL_ATTR_FLOW] = NLA_POLICY_NESTED(baton_flow_policy),
};

static const struct nla_policy baton_nl_tunnel_cmd_policy[BATON_TUNNEL_ATTR_MAX + 1] = {
	[BATON_TUNNEL_ATTR_TUNNEL] = NLA_POLICY_NESTED(baton_tunnel_a_policy),
};

/* ------------------------------------------------------------- helpers */

/* An address attribute of @family as an in6_addr (IPv4 v4-mapped). */
static int baton_nl_get_addr(const struct nlattr *attr, u8 family,
			     struct in6_addr *addr,
			     struct netlink_ext_ack *extack)
{
	if (family == AF_INET && nla_len(attr) == sizeof(struct in_addr)) {
		ipv6_addr_set_v4mapped(nla_get_in_addr(attr), addr);
		return 0;
	}
	if (family == AF_INET6 && nla_len(attr) == sizeof(struct in6_addr)) {
		*addr = nla_get_in6_addr(attr);
		return 0;
	}
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "address length does not match the address family");
	return -EINVAL;
}

/* An address attribute of either family, by its length. */
static void baton_nl_get_any_addr(const struct nlattr *attr,
				  struct in6_addr *addr)
{
	if (nla_len(attr) == sizeof(struct in_addr))
		ipv6_addr_set_v4mapped(nla_get_in_addr(attr), addr);
	else
		*addr = nla_get_in6_addr(attr);
}

/* Put an address: 4 bytes if it is v4-mapped or @family is AF_INET. */
static int baton_nl_put_addr(struct sk_buff *skb, int type, u8 family,
			     const struct in6_addr *addr)
{
	if (family == AF_INET)
		return nla_put_in_addr(skb, type, addr->s6_addr32[3]);
	return nla_put_in6_addr(skb, type, addr);
}

static int baton_nl_put_any_addr(struct sk_buff *skb, int type,
				 const struct in6_addr *addr)
{
	return baton_nl_put_addr(skb, type,
				 ipv6_addr_v4mapped(addr) ? AF_INET : AF_INET6,
				 addr);
}

static struct baton_flow_table *baton_nl_table(struct net *net, u8 side)
{
	return side == BATON_FLOW_SIDE_ENCAP ? baton_flow_table_encap(net) :
					       baton_flow_table_decap(net);
}

/* ---------------------------------------------------------------- flows */

/**
 * struct baton_nl_flow - a flow as given in a request
 * @table: the table of @side
 * @nest: the BATON_TUNNEL_ATTR_FLOW attribute
 * @id_attr: BATON_FLOW_A_ID, or NULL
 * @side: enum baton_flow_side
 * @family: AF_INET or AF_INET6, or 0 if no address was given
 * @state: enum baton_flow_state, if @has_state
 * @has_tuple: @tuple was given
 * @has_peer: @peer was given
 * @has_state: @state was given
 * @id: the flow ID, if @id_attr
 * @tuple: the client connection
 * @peer: the peer (IPv4 as v4-mapped)
 */
struct baton_nl_flow {
	struct baton_flow_table *table;
	const struct nlattr *nest;
	const struct nlattr *id_attr;
	u8 side;
	u8 family;
	u8 state;
	bool has_tuple;
	bool has_peer;
	bool has_state;
	u32 id;
	struct baton_tuple tuple;
	struct in6_addr peer;
};

static int baton_nl_flow_tuple(struct nlattr **tb, struct baton_nl_flow *f,
			       struct netlink_ext_ack *extack)
{
	struct in6_addr client, vip;
	__be16 cport, vport;
	int err;

	err = baton_nl_get_addr(tb[BATON_FLOW_A_CLIENT_ADDR], f->family,
				&client, extack);
	if (err)
		return err;
	err = baton_nl_get_addr(tb[BATON_FLOW_A_VIP_ADDR], f->family, &vip,
				extack);
	if (err)
		return err;

	cport = nla_get_be16(tb[BATON_FLOW_A_CLIENT_PORT]);
	vport = nla_get_be16(tb[BATON_FLOW_A_VIP_PORT]);
	if (f->family == AF_INET)
		baton_tuple_init4(&f->tuple, client.s6_addr32[3], cport,
				  vip.s6_addr32[3], vport);
	else
		baton_tuple_init6(&f->tuple, &client, cport, &vip, vport);
	f->has_tuple = true;
	return 0;
}

static int baton_nl_flow_parse(struct net *net, const struct nlattr *nest,
			       struct baton_nl_flow *f,
			       struct netlink_ext_ack *extack)
{
	struct nlattr *tb[BATON_FLOW_A_MAX + 1];
	unsigned int n;
	int err;

	memset(f, 0, sizeof(*f));
	f->nest = nest;
	err = nla_parse_nested(tb, BATON_FLOW_A_MAX, nest, baton_flow_policy,
			       extack);
	if (err)
		return err;

	if (!tb[BATON_FLOW_A_SIDE]) {
		NL_SET_ERR_MSG_MOD(extack, "flow side (encap or decap) is missing");
		NL_SET_ERR_ATTR_MISS(extack, nest, BATON_FLOW_A_SIDE);
		return -EINVAL;
	}
	f->side = nla_get_u8(tb[BATON_FLOW_A_SIDE]);
	f->table = baton_nl_table(net, f->side);

	n = !!tb[BATON_FLOW_A_CLIENT_ADDR] + !!tb[BATON_FLOW_A_CLIENT_PORT] +
	    !!tb[BATON_FLOW_A_VIP_ADDR] + !!tb[BATON_FLOW_A_VIP_PORT];
	if (n || tb[BATON_FLOW_A_PEER_ADDR]) {
		if (!tb[BATON_FLOW_A_FAMILY]) {
			NL_SET_ERR_MSG_MOD(extack, "address family is missing");
			NL_SET_ERR_ATTR_MISS(extack, nest, BATON_FLOW_A_FAMILY);
			return -EINVAL;
		}
		f->family = nla_get_u8(tb[BATON_FLOW_A_FAMILY]);
		if (f->family != AF_INET && f->family != AF_INET6) {
			NL_SET_ERR_MSG_ATTR(extack, tb[BATON_FLOW_A_FAMILY],
					    "address family must be AF_INET or AF_INET6");
			return -EAFNOSUPPORT;
		}
	}

	if (n && n != 4) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a flow tuple needs the client and VIP addresses and ports");
		return -EINVAL;
	}
	if (n) {
		err = baton_nl_flow_tuple(tb, f, extack);
		if (err)
			return err;
	}

	if (tb[BATON_FLOW_A_PEER_ADDR]) {
		err = baton_nl_get_addr(tb[BATON_FLOW_A_PEER_ADDR], f->family,
					&f->peer, extack);
		if (err)
			return err;
		f->has_peer = true;
	}

	if (tb[BATON_FLOW_A_ID]) {
		f->id_attr = tb[BATON_FLOW_A_ID];
		f->id = nla_get_u32(f->id_attr);
	}

	if (tb[BATON_FLOW_A_STATE]) {
		f->state = nla_get_u8(tb[BATON_FLOW_A_STATE]);
		f->has_state = true;
	}
	return 0;
}

/* Parse the BATON_TUNNEL_ATTR_FLOW of a do request. */
static int baton_nl_flow_request(struct genl_info *info,
				 struct baton_nl_flow *f)
{
	if (GENL_REQ_ATTR_CHECK(info, BATON_TUNNEL_ATTR_FLOW)) {
		NL_SET_ERR_MSG_MOD(info->extack, "flow attributes are missing");
		return -EINVAL;
	}
	return baton_nl_flow_parse(genl_info_net(info),
				   info->attrs[BATON_TUNNEL_ATTR_FLOW], f,
				   info->extack);
}

/*
 * The flow a GET or DEL request names: by ID (with the peer on the decap
 * side), or by tuple.  Anything else given must match too.
 * Context: under rcu_read_lock().
 */
static struct baton_flow *baton_nl_flow_find(const struct baton_nl_flow *f,
					     struct netlink_ext_ack *extack)
{
	struct baton_flow *flow;

	if (f->id_attr) {
		if (f->id == BATON_FLOWID_INVALID) {
			NL_SET_ERR_MSG_ATTR(extack, f->id_attr,
					    "flow ID 0 is reserved");
			return ERR_PTR(-EINVAL);
		}
		if (f->side == BATON_FLOW_SIDE_DECAP && !f->has_peer) {
			NL_SET_ERR_MSG_MOD(extack,
					   "a decap flow ID needs the peer (forwarder) address");
			NL_SET_ERR_ATTR_MISS(extack, f->nest,
					     BATON_FLOW_A_PEER_ADDR);
			return ERR_PTR(-EINVAL);
		}
		flow = baton_flow_lookup_id(f->table, &f->peer, f->id);
		if (flow && f->has_tuple &&
		    memcmp(&flow->tuple, &f->tuple, sizeof(f->tuple)))
			flow = NULL;
	} else if (f->has_tuple) {
		flow = baton_flow_lookup_tuple(f->table, &f->tuple);
	} else {
		NL_SET_ERR_MSG_ATTR(extack, f->nest,
				    "name the flow by its ID or by its tuple");
		return ERR_PTR(-EINVAL);
	}

	if (flow && f->has_peer && !ipv6_addr_equal(&flow->key.peer, &f->peer))
		flow = NULL;
	if (!flow) {
		NL_SET_ERR_MSG_MOD(extack, "flow not found");
		return ERR_PTR(-ENOENT);
	}
	return flow;
}

static int baton_nl_flow_fill(struct sk_buff *skb,
			      const struct baton_flow *flow, u8 side)
{
	const struct baton_tuple *t = &flow->tuple;
	unsigned long now = jiffies;
	unsigned long last = READ_ONCE(flow->last_seen);
	u64 age = get_jiffies_64() - flow->created;
	u64 idle = time_after(last, now) ? 0 : jiffies_to_msecs(now - last);
	struct nlattr *nest;

	nest = nla_nest_start(skb, BATON_TUNNEL_ATTR_FLOW);
	if (!nest)
		return -EMSGSIZE;

	if (nla_put_u8(skb, BATON_FLOW_A_SIDE, side) ||
	    nla_put_u8(skb, BATON_FLOW_A_FAMILY, t->family) ||
	    baton_nl_put_addr(skb, BATON_FLOW_A_CLIENT_ADDR, t->family,
			      &t->client) ||
	    nla_put_be16(skb, BATON_FLOW_A_CLIENT_PORT, t->cport) ||
	    baton_nl_put_addr(skb, BATON_FLOW_A_VIP_ADDR, t->family, &t->vip) ||
	    nla_put_be16(skb, BATON_FLOW_A_VIP_PORT, t->vport) ||
	    baton_nl_put_addr(skb, BATON_FLOW_A_PEER_ADDR, t->family,
			      &flow->key.peer) ||
	    nla_put_u32(skb, BATON_FLOW_A_ID, flow->key.id) ||
	    nla_put_u8(skb, BATON_FLOW_A_STATE, baton_flow_state(flow)) ||
	    nla_put_u64_64bit(skb, BATON_FLOW_A_CREATED_MS,
			      jiffies64_to_msecs(age), BATON_FLOW_A_PAD) ||
	    nla_put_u64_64bit(skb, BATON_FLOW_A_IDLE_MS, idle,
			      BATON_FLOW_A_PAD) ||
	    nla_put_u64_64bit(skb, BATON_FLOW_A_PACKETS,
			      atomic64_read(&flow->packets), BATON_FLOW_A_PAD) ||
	    nla_put_u64_64bit(skb, BATON_FLOW_A_BYTES,
			      atomic64_read(&flow->bytes), BATON_FLOW_A_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* Build the reply carrying @flow.  Context: under rcu_read_lock(). */
static int baton_nl_flow_msg(struct sk_buff *msg, struct genl_info *info,
			     const struct baton_flow *flow, u8 side)
{
	void *hdr;

	hdr = genlmsg_put_reply(msg, info, &baton_tunnel_genl_family, 0,
				info->genlhdr->cmd);
	if (!hdr || baton_nl_flow_fill(msg, flow, side))
		return -EMSGSIZE;
	genlmsg_end(msg, hdr);
	return 0;
}

static void baton_nl_insert_error(struct net *net, int err,
				  const struct baton_nl_flow *f,
				  struct netlink_ext_ack *extack)
{
	switch (err) {
	case -ENOSPC:
		NL_SET_ERR_MSG_MOD(extack, "flow table is full");
		local_bh_disable();
		baton_tunnel_stat_inc(net, BATON_STAT_DROP_TABLE_FULL);
		local_bh_enable();
		break;
	case -EEXIST:
		if (f->id_attr && f->id)
			NL_SET_ERR_MSG_MOD(extack,
					   "flow already exists (its tuple or its ID is in use)");
		else
			NL_SET_ERR_MSG_MOD(extack, "flow already exists");
		break;
	default:
		NL_SET_ERR_MSG_MOD(extack, "cannot insert the flow");
		break;
	}
}

/*
 * Insert @flow, allocating its ID when the request gave none (encap
 * side only): an ID still in use is skipped, a tuple in use is not.
 * Context: under rcu_read_lock().
 */
static int baton_nl_flow_insert(struct net *net, const struct baton_nl_flow *f,
				struct baton_flow *flow)
{
	if (!f->id)
		return baton_flow_insert_new(f->table, flow, net);
	flow->key.id = f->id;
	return baton_flow_insert(f->table, flow);
}

static int baton_nl_flow_new(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct net *net = genl_info_net(info);
	struct baton_flow *flow;
	struct baton_nl_flow f;
	struct sk_buff *msg;
	int err;

	err = baton_nl_flow_request(info, &f);
	if (err)
		return err;

	if (!f.has_tuple) {
		NL_SET_ERR_MSG_ATTR(extack, f.nest,
				    "a new flow needs the client and VIP addresses and ports");
		return -EINVAL;
	}
	if (!f.has_peer) {
		NL_SET_ERR_MSG_MOD(extack, "a new flow needs its peer address");
		NL_SET_ERR_ATTR_MISS(extack, f.nest, BATON_FLOW_A_PEER_ADDR);
		return -EINVAL;
	}
	if (f.side == BATON_FLOW_SIDE_DECAP && !f.id_attr) {
		NL_SET_ERR_MSG_MOD(extack,
				   "a decap flow needs the flow ID its forwarder chose");
		NL_SET_ERR_ATTR_MISS(extack, f.nest, BATON_FLOW_A_ID);
		return -EINVAL;
	}
	if (f.side == BATON_FLOW_SIDE_DECAP && f.id == BATON_FLOWID_INVALID) {
		NL_SET_ERR_MSG_ATTR(extack, f.id_attr, "flow ID 0 is reserved");
		return -EINVAL;
	}

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	flow = baton_flow_alloc(GFP_KERNEL);
	if (!flow) {
		nlmsg_free(msg);
		return -ENOMEM;
	}
	flow->tuple = f.tuple;
	flow->key.peer = f.peer;
	/* An operator's mapping is live unless said otherwise. */
	flow->state = f.has_state ? f.state : BATON_FLOW_STATE_ACTIVE;

	/* The flow stays valid for the reply even if removed at once. */
	rcu_read_lock();
	err = baton_nl_flow_insert(net, &f, flow);
	if (!err)
		err = baton_nl_flow_msg(msg, info, flow, f.side);
	rcu_read_unlock();

	if (err) {
		if (err == -EMSGSIZE) {
			/* Inserted all the same: it cannot happen. */
			WARN_ON_ONCE(1);
		} else {
			baton_nl_insert_error(net, err, &f, extack);
			baton_flow_free(flow);
		}
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

static int baton_nl_flow_del(struct sk_buff *skb, struct genl_info *info)
{
	struct baton_flow *flow;
	struct baton_nl_flow f;
	int err;

	err = baton_nl_flow_request(info, &f);
	if (err)
		return err;

	rcu_read_lock();
	flow = baton_nl_flow_find(&f, info->extack);
	if (IS_ERR(flow))
		err = PTR_ERR(flow);
	else
		err = baton_flow_remove(f.table, flow);
	rcu_read_unlock();

	if (err == -ENOENT)
		NL_SET_ERR_MSG_MOD(info->extack, "flow not found");
	return err;
}

static int baton_nl_flow_get(struct sk_buff *skb, struct genl_info *info)
{
	struct baton_flow *flow;
	struct baton_nl_flow f;
	struct sk_buff *msg;
	int err;

	err = baton_nl_flow_request(info, &f);
	if (err)
		return err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	rcu_read_lock();
	flow = baton_nl_flow_find(&f, info->extack);
	if (IS_ERR(flow))
		err = PTR_ERR(flow);
	else
		err = baton_nl_flow_msg(msg, info, flow, f.side);
	rcu_read_unlock();

	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * Flow dump state, from .start to .done: an rhashtable walker that keeps
 * its place in the side's tuple index between messages, so a dump of n
 * flows costs O(n) however many messages it takes.  The walk order
 * changes only if the table does: then its generation changes, or the
 * walk rewinds after a resize, and the dump is flagged NLM_F_DUMP_INTR.
 */
struct baton_nl_dump {
	struct rhashtable_iter iter;
	struct baton_flow_table *table;
	u8 side;
	u8 last;
	unsigned int rewinds;
};

static struct baton_nl_dump *baton_nl_dump_ctx(struct netlink_callback *cb)
{
	return (struct baton_nl_dump *)cb->args[0];
}

static int baton_nl_flow_dump_start(struct netlink_callback *cb)
{
	const struct genl_dumpit_info *info = genl_dumpit_info(cb);
	const struct nlattr *nest = info->attrs[BATON_TUNNEL_ATTR_FLOW];
	struct nlattr *tb[BATON_FLOW_A_MAX + 1];
	u8 first = BATON_FLOW_SIDE_ENCAP, last = BATON_FLOW_SIDE_DECAP;
	struct baton_nl_dump *d;
	int err;

	/* .done is not called when .start fails: allocate last. */
	if (nest) {
		err = nla_parse_nested(tb, BATON_FLOW_A_MAX, nest,
				       baton_flow_policy, cb->extack);
		if (err)
			return err;
		if (tb[BATON_FLOW_A_SIDE]) {
			first = nla_get_u8(tb[BATON_FLOW_A_SIDE]);
			last = first;
		}
	}

	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d)
		return -ENOMEM;
	d->side = first;
	d->last = last;
	cb->args[0] = (long)d;
	return 0;
}

static int baton_nl_flow_dump_done(struct netlink_callback *cb)
{
	struct baton_nl_dump *d = baton_nl_dump_ctx(cb);

	if (d && d->table)
		rhashtable_walk_exit(&d->iter);
	kfree(d);
	return 0;
}

static unsigned int baton_nl_dump_seq(struct net *net,
				      const struct baton_nl_dump *d)
{
	/* Never 0: genl_dump_check_consistent() ignores a zero seq. */
	return baton_flow_table_gen(baton_flow_table_encap(net)) +
	       baton_flow_table_gen(baton_flow_table_decap(net)) +
	       d->rewinds + 1;
}

static int baton_nl_flow_dump_one(struct sk_buff *skb,
				  struct netlink_callback *cb,
				  const struct baton_flow *flow, u8 side)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &baton_tunnel_genl_family, NLM_F_MULTI,
			  BATON_TUNNEL_CMD_FLOW_GET);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (baton_nl_flow_fill(skb, flow, side)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* A resize restarted the walk: flag the dump. */
static void baton_nl_dump_rewound(struct net *net, struct netlink_callback *cb,
				  struct baton_nl_dump *d)
{
	d->rewinds++;
	cb->seq = baton_nl_dump_seq(net, d);
}

/*
 * Dump the current side from where the last message stopped: 0 when it
 * is done, -EMSGSIZE when the message is full.  A flow that did not fit
 * stays the walker's current object, and the next message starts with it.
 */
static int baton_nl_flow_dump_side(struct sk_buff *skb,
				   struct netlink_callback *cb,
				   struct baton_nl_dump *d)
{
	struct net *net = sock_net(cb->skb->sk);
	struct baton_flow *flow;
	int err = 0;

	if (!d->table) {
		d->table = baton_nl_table(net, d->side);
		rhashtable_walk_enter(&d->table->by_tuple, &d->iter);
	}
	if (rhashtable_walk_start_check(&d->iter) == -EAGAIN)
		baton_nl_dump_rewound(net, cb, d);
	for (flow = rhashtable_walk_peek(&d->iter); flow;
	     flow = rhashtable_walk_next(&d->iter)) {
		if (IS_ERR(flow)) {
			if (PTR_ERR(flow) != -EAGAIN) {
				err = PTR_ERR(flow);
				break;
			}
			baton_nl_dump_rewound(net, cb, d);
			continue;
		}
		err = baton_nl_flow_dump_one(skb, cb, flow, d->side);
		if (err)
			break;
	}
	rhashtable_walk_stop(&d->iter);
	if (err)
		return err;

	rhashtable_walk_exit(&d->iter);
	d->table = NULL;
	return 0;
}

static int baton_nl_flow_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct baton_nl_dump *d = baton_nl_dump_ctx(cb);
	struct net *net = sock_net(cb->skb->sk);
	int err;

	cb->seq = baton_nl_dump_seq(net, d);
	while (d->side <= d->last) {
		err = baton_nl_flow_dump_side(skb, cb, d);
		if (err == -EMSGSIZE) {
			/* Full: go on in the next message, unless empty. */
			return skb->len ? skb->len : -EMSGSIZE;
		}
		if (err)
			return err;
		d->side++;
	}
	return skb->len;
}

/* -------------------------------------------------------- tunnel config */

/* Apply one forwarder list change to @conf. */
static int baton_nl_forwarder_change(struct baton_tunnel_config *conf,
				     const struct nlattr *attr, bool add,
				     struct netlink_ext_ack *extack)
{
	struct in6_addr addr;
	int i;

	baton_nl_get_any_addr(attr, &addr);
	if (ipv6_addr_any(&addr) ||
	    (ipv6_addr_v4mapped(&addr) && !addr.s6_addr32[3])) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "forwarder address must not be unspecified");
		return -EINVAL;
	}

	i = baton_tunnel_config_has_forwarder(conf, &addr);
	if (!add) {
		if (i < 0) {
			NL_SET_ERR_MSG_ATTR(extack, attr, "no such forwarder");
			return -ENOENT;
		}
		conf->forwarders[i] = conf->forwarders[--conf->n_forwarders];
		return 0;
	}
	if (i >= 0) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "forwarder already allowed");
		return -EEXIST;
	}
	if (conf->n_forwarders == BATON_TUNNEL_FORWARDERS_MAX) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "too many forwarders");
		return -ENOSPC;
	}
	conf->forwarders[conf->n_forwarders++] = addr;
	return 0;
}

/* Apply the address settings of @nest to @conf; nothing else changes. */
static int baton_nl_tunnel_apply(struct baton_tunnel_config *conf,
				 const struct nlattr *nest,
				 struct netlink_ext_ack *extack)
{
	const struct nlattr *attr, *entry;
	int rem, erem, err;

	/* A whole new list first, then the single changes in order. */
	nla_for_each_nested(attr, nest, rem) {
		if (nla_type(attr) != BATON_TUNNEL_A_FORWARDERS)
			continue;
		conf->n_forwarders = 0;
		nla_for_each_nested(entry, attr, erem) {
			err = baton_nl_forwarder_change(conf, entry, true,
							extack);
			if (err)
				return err;
		}
	}

	nla_for_each_nested(attr, nest, rem) {
		switch (nla_type(attr)) {
		case BATON_TUNNEL_A_LOCAL4:
			conf->local4 = nla_get_in_addr(attr);
			break;
		case BATON_TUNNEL_A_LOCAL6:
			conf->local6 = nla_get_in6_addr(attr);
			break;
		case BATON_TUNNEL_A_FORWARDER_ADD:
		case BATON_TUNNEL_A_FORWARDER_DEL:
			err = baton_nl_forwarder_change(conf, attr,
							nla_type(attr) ==
							BATON_TUNNEL_A_FORWARDER_ADD,
							extack);
			if (err)
				return err;
			break;
		}
	}
	return 0;
}

static int baton_nl_tunnel_set(struct sk_buff *skb, struct genl_info *info)
{
	struct netlink_ext_ack *extack = info->extack;
	struct net *net = genl_info_net(info);
	struct baton_tunnel_net *tn = baton_tunnel_pernet(net);
	struct nlattr *tb[BATON_TUNNEL_A_MAX + 1];
	struct baton_tunnel_config *conf;
	const struct nlattr *nest;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, BATON_TUNNEL_ATTR_TUNNEL)) {
		NL_SET_ERR_MSG_MOD(extack, "tunnel attributes are missing");
		return -EINVAL;
	}
	nest = info->attrs[BATON_TUNNEL_ATTR_TUNNEL];
	err = nla_parse_nested(tb, BATON_TUNNEL_A_MAX, nest,
			       baton_tunnel_a_policy, extack);
	if (err)
		return err;

	conf = kmalloc(sizeof(*conf), GFP_KERNEL);
	if (!conf)
		return -ENOMEM;

	mutex_lock(&tn->config_lock);
	*conf = *rcu_dereference_protected(tn->config,
					   lockdep_is_held(&tn->config_lock));
	err = baton_nl_tunnel_apply(conf, nest, extack);
	if (err) {
		mutex_unlock(&tn->config_lock);
		kfree(conf);
		return err;
	}

	/* Validated by the policy: these cannot fail any more. */
	if (tb[BATON_TUNNEL_A_ENCAP_MAX_FLOWS])
		baton_flow_table_set_max(&tn->encap,
					 nla_get_u32(tb[BATON_TUNNEL_A_ENCAP_MAX_FLOWS]));
	if (tb[BATON_TUNNEL_A_DECAP_MAX_FLOWS])
		baton_flow_table_set_max(&tn->decap,
					 nla_get_u32(tb[BATON_TUNNEL_A_DECAP_MAX_FLOWS]));
	if (tb[BATON_TUNNEL_A_ENCAP_TIMEOUT])
		baton_flow_table_set_timeout(&tn->encap,
					     nla_get_u32(tb[BATON_TUNNEL_A_ENCAP_TIMEOUT]));
	if (tb[BATON_TUNNEL_A_DECAP_TIMEOUT])
		baton_flow_table_set_timeout(&tn->decap,
					     nla_get_u32(tb[BATON_TUNNEL_A_DECAP_TIMEOUT]));

	baton_tunnel_config_publish(tn, conf);
	mutex_unlock(&tn->config_lock);
	return 0;
}

static int baton_nl_tunnel_fill(struct sk_buff *msg, struct baton_tunnel_net *tn)
{
	const struct baton_tunnel_config *conf;
	struct nlattr *nest, *list;
	unsigned int i;

	nest = nla_nest_start(msg, BATON_TUNNEL_ATTR_TUNNEL);
	if (!nest)
		return -EMSGSIZE;

	conf = rcu_dereference_protected(tn->config,
					 lockdep_is_held(&tn->config_lock));
	if ((conf->local4 &&
	     nla_put_in_addr(msg, BATON_TUNNEL_A_LOCAL4, conf->local4)) ||
	    (!ipv6_addr_any(&conf->local6) &&
	     nla_put_in6_addr(msg, BATON_TUNNEL_A_LOCAL6, &conf->local6)) ||
	    nla_put_u32(msg, BATON_TUNNEL_A_ENCAP_MAX_FLOWS,
			baton_flow_table_max(&tn->encap)) ||
	    nla_put_u32(msg, BATON_TUNNEL_A_DECAP_MAX_FLOWS,
			baton_flow_table_max(&tn->decap)) ||
	    nla_put_u32(msg, BATON_TUNNEL_A_ENCAP_TIMEOUT,
			baton_flow_table_timeout(&tn->encap)) ||
	    nla_put_u32(msg, BATON_TUNNEL_A_DECAP_TIMEOUT,
			baton_flow_table_timeout(&tn->decap)))
		return -EMSGSIZE;

	list = nla_nest_start(msg, BATON_TUNNEL_A_FORWARDERS);
	if (!list)
		return -EMSGSIZE;
	for (i = 0; i < conf->n_forwarders; i++)
		if (baton_nl_put_any_addr(msg, BATON_ADDR_A_ADDR,
					  &conf->forwarders[i]))
			return -EMSGSIZE;
	nla_nest_end(msg, list);
	nla_nest_end(msg, nest);
	return 0;
}

static int baton_nl_tunnel_get(struct sk_buff *skb, struct genl_info *info)
{
	struct baton_tunnel_net *tn = baton_tunnel_pernet(genl_info_net(info));
	struct sk_buff *msg;
	void *hdr;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &baton_tunnel_genl_family, 0,
				BATON_TUNNEL_CMD_TUNNEL_GET);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}

	mutex_lock(&tn->config_lock);
	err = baton_nl_tunnel_fill(msg, tn);
	mutex_unlock(&tn->config_lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* ---------------------------------------------------------------- stats */

static int baton_nl_stats_fill(struct sk_buff *msg, struct net *net)
{
	struct baton_flow_table *encap = baton_flow_table_encap(net);
	struct baton_flow_table *decap = baton_flow_table_decap(net);
	struct nlattr *nest, *drops;
	u64 sum[BATON_STAT_NUM];
	int reason;

	baton_tunnel_stats_read(net, sum);

	nest = nla_nest_start(msg, BATON_TUNNEL_ATTR_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, BATON_STATS_A_ENCAPSULATED,
			      sum[BATON_STAT_ENCAP], BATON_STATS_A_PAD) ||
	    nla_put_u64_64bit(msg, BATON_STATS_A_DECAPSULATED,
			      sum[BATON_STAT_DECAP], BATON_STATS_A_PAD) ||
	    nla_put_u32(msg, BATON_STATS_A_ENCAP_FLOWS,
			baton_flow_table_count(encap)) ||
	    nla_put_u32(msg, BATON_STATS_A_ENCAP_MAX_FLOWS,
			baton_flow_table_max(encap)) ||
	    nla_put_u32(msg, BATON_STATS_A_DECAP_FLOWS,
			baton_flow_table_count(decap)) ||
	    nla_put_u32(msg, BATON_STATS_A_DECAP_MAX_FLOWS,
			baton_flow_table_max(decap)))
		return -EMSGSIZE;

	drops = nla_nest_start(msg, BATON_STATS_A_DROPPED);
	if (!drops)
		return -EMSGSIZE;
	for (reason = BATON_DROP_NO_ROUTE; reason <= BATON_DROP_MAX; reason++)
		if (nla_put_u64_64bit(msg, reason,
				      sum[BATON_STAT_DROP(reason)],
				      BATON_DROP_UNSPEC))
			return -EMSGSIZE;
	nla_nest_end(msg, drops);
	nla_nest_end(msg, nest);
	return 0;
}

static int baton_nl_stats_get(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;

	BUILD_BUG_ON(BATON_STAT_DROP(BATON_DROP_MAX) != BATON_STAT_NUM - 1);

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &baton_tunnel_genl_family, 0,
				BATON_TUNNEL_CMD_STATS_GET);
	if (!hdr || baton_nl_stats_fill(msg, genl_info_net(info))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

/* --------------------------------------------------------------- family */

static int baton_tunnel_nl_status(struct sk_buff *skb, struct genl_info *info)
{
	struct baton_tunnel_net *tn = baton_tunnel_pernet(genl_info_net(info));

	return baton_status_reply(info, &baton_tunnel_genl_family,
				  KBUILD_MODNAME, &tn->stamp);
}

/* Full genl_ops: only they carry a per-command policy in 6.1. */
static const struct genl_ops baton_tunnel_genl_ops[] = {
	{
		.cmd = BATON_CMD_STATUS_GET,
		.validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
		.doit = baton_tunnel_nl_status,
	},
	{
		.cmd = BATON_TUNNEL_CMD_FLOW_NEW,
		.flags = GENL_UNS_ADMIN_PERM,
		.policy = baton_nl_flow_cmd_policy,
		.maxattr = BATON_TUNNEL_ATTR_MAX,
		.doit = baton_nl_flow_new,
	},
	{
		.cmd = BATON_TUNNEL_CMD_FLOW_DEL,
		.flags = GENL_UNS_ADMIN_PERM,
		.policy = baton_nl_flow_cmd_policy,
		.maxattr = BATON_TUNNEL_ATTR_MAX,
		.doit = baton_nl_flow_del,
	},
	{
		.cmd = BATON_TUNNEL_CMD_FLOW_GET,
		.policy = baton_nl_flow_cmd_policy,
		.maxattr = BATON_TUNNEL_ATTR_MAX,
		.doit = baton_nl_flow_get,
		.start = baton_nl_flow_dump_start,
		.dumpit = baton_nl_flow_dump,
		.done = baton_nl_flow_dump_done,
	},
	{
		.cmd = BATON_TUNNEL_CMD_TUNNEL_SET,
		.flags = GENL_UNS_ADMIN_PERM,
		.policy = baton_nl_tunnel_cmd_policy,
		.maxattr = BATON_TUNNEL_ATTR_MAX,
		.doit = baton_nl_tunnel_set,
	},
	{
		.cmd = BATON_TUNNEL_CMD_TUNNEL_GET,
		.doit = baton_nl_tunnel_get,
	},
	{
		.cmd = BATON_TUNNEL_CMD_STATS_GET,
		.doit = baton_nl_stats_get,
	},
};

static struct genl_family baton_tunnel_genl_family __ro_after_init = {
	.name = BATON_TUNNEL_GENL_NAME,
	.version = BATON_GENL_VERSION,
	.module = THIS_MODULE,
	.ops = baton_tunnel_genl_ops,
	.n_ops = ARRAY_SIZE(baton_tunnel_genl_ops),
	.resv_start_op = BATON_CMD_FAMILY_BASE,
	.netnsok = true,
};

int __init baton_tunnel_genl_init(void)
{
	return genl_register_family(&baton_tunnel_genl_family);
}

void baton_tunnel_genl_uninit(void)
{
	genl_unregister_family(&baton_tunnel_genl_family);
}
