// SPDX-License-Identifier: GPL-2.0
/*
 * baton_classifier: generic netlink family: services, backends and
 * counters.  Every attribute has a policy, writes need CAP_NET_ADMIN in
 * the netns's user namespace, and every refusal says why in extack.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in6.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/ipv6.h>

#include <uapi/linux/baton.h>
#include <baton/version.h>

#include "classifier.h"

static struct netlink_range_validation baton_svc_head_range = {
	.min = 1,
	.max = BATON_SVC_HEAD_MAX_MAX,
};

static struct netlink_range_validation baton_svc_decide_range = {
	.min = 1,
	.max = BATON_SVC_DECIDE_MS_MAX,
};

static const struct nla_policy baton_svc_policy[BATON_SVC_A_MAX + 1] = {
	[BATON_SVC_A_FAMILY] = { .type = NLA_U8 },
	[BATON_SVC_A_ADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[BATON_SVC_A_PORT] = NLA_POLICY_MIN(NLA_BE16, 1),
	[BATON_SVC_A_HEAD_MAX] = NLA_POLICY_FULL_RANGE(NLA_U32,
						       &baton_svc_head_range),
	[BATON_SVC_A_DECIDE_MS] = NLA_POLICY_FULL_RANGE(NLA_U32,
							&baton_svc_decide_range),
	[BATON_SVC_A_BACKENDS] = { .type = NLA_REJECT },
	[BATON_SVC_A_ACCEPTED] = { .type = NLA_REJECT },
	[BATON_SVC_A_PENDING] = { .type = NLA_REJECT },
	[BATON_SVC_A_SCHED] = NLA_POLICY_MAX(NLA_U8, BATON_SCHED_MAX),
	[BATON_SVC_A_DEFAULT_GROUP] = { .type = NLA_NUL_STRING,
					.len = BATON_GROUP_NAMSIZ - 1 },
	[BATON_SVC_A_RULES] = { .type = NLA_REJECT },
};

/* Past what NLA_POLICY_MAX holds (s16). */
static struct netlink_range_validation baton_be_weight_range = {
	.max = BATON_BE_WEIGHT_MAX,
};

static const struct nla_policy baton_be_policy[BATON_BE_A_MAX + 1] = {
	[BATON_BE_A_ADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[BATON_BE_A_CTL_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
	[BATON_BE_A_STATE] = { .type = NLA_REJECT },
	[BATON_BE_A_TUNNEL4] = { .type = NLA_REJECT },
	[BATON_BE_A_TUNNEL6] = { .type = NLA_REJECT },
	[BATON_BE_A_MIGRATED] = { .type = NLA_REJECT },
	[BATON_BE_A_REFUSED] = { .type = NLA_REJECT },
	[BATON_BE_A_INFLIGHT] = { .type = NLA_REJECT },
	[BATON_BE_A_WEIGHT] = NLA_POLICY_FULL_RANGE(NLA_U32, &baton_be_weight_range),
	[BATON_BE_A_ACTIVE] = { .type = NLA_REJECT },
	[BATON_BE_A_GROUP] = { .type = NLA_NUL_STRING,
			       .len = BATON_GROUP_NAMSIZ - 1 },
	[BATON_BE_A_HEALTH] = NLA_POLICY_MAX(NLA_U8, BATON_BE_HEALTH_MAX),
};

static const struct nla_policy baton_rule_policy[BATON_RULE_A_MAX + 1] = {
	[BATON_RULE_A_POS] = { .type = NLA_U32 },
	[BATON_RULE_A_GROUP] = { .type = NLA_NUL_STRING,
				 .len = BATON_GROUP_NAMSIZ - 1 },
	[BATON_RULE_A_HOST] = { .type = NLA_NUL_STRING,
				.len = BATON_RULE_HOST_MAX },
	[BATON_RULE_A_PATH_PREFIX] = { .type = NLA_NUL_STRING,
				       .len = BATON_RULE_PATH_MAX },
	[BATON_RULE_A_SNI] = { .type = NLA_NUL_STRING,
			       .len = BATON_RULE_HOST_MAX },
	[BATON_RULE_A_MATCHED] = { .type = NLA_REJECT },
};

static const struct nla_policy baton_client_policy[BATON_CLIENT_A_MAX + 1] = {
	[BATON_CLIENT_A_ADDR] = NLA_POLICY_RANGE(NLA_BINARY, 4, 16),
	[BATON_CLIENT_A_PORT] = NLA_POLICY_MIN(NLA_BE16, 1),
};

static const struct nla_policy baton_cls_cmd_policy[BATON_CLS_ATTR_MAX + 1] = {
	[BATON_CLS_ATTR_SERVICE] = NLA_POLICY_NESTED(baton_svc_policy),
	[BATON_CLS_ATTR_BACKEND] = NLA_POLICY_NESTED(baton_be_policy),
	[BATON_CLS_ATTR_STATS] = { .type = NLA_REJECT },
	[BATON_CLS_ATTR_CLIENT] = NLA_POLICY_NESTED(baton_client_policy),
	[BATON_CLS_ATTR_FORCE] = { .type = NLA_FLAG },
	[BATON_CLS_ATTR_EVENT] = { .type = NLA_REJECT },
	[BATON_CLS_ATTR_FLOW_ID] = { .type = NLA_REJECT },
	[BATON_CLS_ATTR_REASON] = { .type = NLA_REJECT },
	[BATON_CLS_ATTR_LATENCY_NS] = { .type = NLA_REJECT },
	[BATON_CLS_ATTR_RULE] = NLA_POLICY_NESTED(baton_rule_policy),
};

/* A group name attribute, checked; NULL if @attr is NULL or bad. */
static const char *baton_cls_nl_group(const struct nlattr *attr,
				      struct netlink_ext_ack *extack)
{
	const char *name;

	if (!attr)
		return NULL;
	name = nla_data(attr);
	if (!baton_rule_group_valid(name)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "a group name is 1 to 31 of A-Z a-z 0-9 _ . -");
		return NULL;
	}
	return name;
}

/* An address attribute of 4 or 16 bytes, as v4-mapped or IPv6. */
static int baton_cls_nl_addr(const struct nlattr *attr, u8 family,
			     struct in6_addr *addr,
			     struct netlink_ext_ack *extack)
{
	int len = nla_len(attr);

	if (family == AF_INET && len == 4)
		ipv6_addr_set_v4mapped(nla_get_in_addr(attr), addr);
	else if (family == AF_INET6 && len == 16)
		*addr = nla_get_in6_addr(attr);
	else
		goto bad;
	if (ipv6_addr_any(addr) || ipv6_addr_is_multicast(addr) ||
	    (family == AF_INET && (!addr->s6_addr32[3] ||
				   ipv4_is_multicast(addr->s6_addr32[3]) ||
				   ipv4_is_lbcast(addr->s6_addr32[3]))))
		goto bad;
	return 0;
bad:
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "not a unicast address of the family");
	return -EINVAL;
}

/* The service named by the request, parsed into @tb; under the lock. */
static int baton_cls_nl_svc_key(struct genl_info *info, struct nlattr **tb,
				u8 *family, struct in6_addr *addr, u16 *port)
{
	struct nlattr *nest = info->attrs[BATON_CLS_ATTR_SERVICE];
	struct netlink_ext_ack *extack = info->extack;
	int err;

	if (!nest) {
		NL_SET_ERR_MSG_MOD(extack, "missing service");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, BATON_SVC_A_MAX, nest, baton_svc_policy,
			       extack);
	if (err)
		return err;
	if (!tb[BATON_SVC_A_FAMILY] || !tb[BATON_SVC_A_ADDR] ||
	    !tb[BATON_SVC_A_PORT]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a service needs its family, VIP and port");
		return -EINVAL;
	}
	*family = nla_get_u8(tb[BATON_SVC_A_FAMILY]);
	if (*family != AF_INET && *family != AF_INET6) {
		NL_SET_ERR_MSG_ATTR(extack, tb[BATON_SVC_A_FAMILY],
				    "family must be AF_INET or AF_INET6");
		return -EAFNOSUPPORT;
	}
	*port = ntohs(nla_get_be16(tb[BATON_SVC_A_PORT]));
	return baton_cls_nl_addr(tb[BATON_SVC_A_ADDR], *family, addr, extack);
}

static struct baton_svc *baton_cls_nl_svc(struct baton_cls_net *pn,
					  struct genl_info *info,
					  struct nlattr **tb, int *err)
{
	struct baton_svc *svc;
	struct in6_addr addr;
	u8 family;
	u16 port;

	*err = baton_cls_nl_svc_key(info, tb, &family, &addr, &port);
	if (*err)
		return NULL;
	svc = baton_svc_find(pn, family, &addr, port);
	if (!svc) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such service");
		*err = -ENOENT;
	}
	return svc;
}

static int baton_cls_nl_svc_new(struct sk_buff *skb, struct genl_info *info)
{
	struct baton_cls_net *pn = baton_cls_pernet(genl_info_net(info));
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *tb[BATON_SVC_A_MAX + 1];
	struct baton_svc *svc;
	struct in6_addr addr;
	const char *group;
	u8 family;
	u16 port;
	int err;

	mutex_lock(&pn->lock);
	err = baton_cls_nl_svc_key(info, tb, &family, &addr, &port);
	if (err)
		goto out;
	if (baton_svc_find(pn, family, &addr, port)) {
		NL_SET_ERR_MSG_MOD(extack, "service already exists");
		err = -EEXIST;
		goto out;
	}
	if (pn->n_services >= BATON_CLS_SERVICES_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "too many services");
		err = -ENOSPC;
		goto out;
	}
	svc = kzalloc(sizeof(*svc), GFP_KERNEL);
	if (!svc) {
		err = -ENOMEM;
		goto out;
	}
	svc->family = family;
	svc->addr = addr;
	svc->port = port;
	svc->head_max = tb[BATON_SVC_A_HEAD_MAX] ?
			nla_get_u32(tb[BATON_SVC_A_HEAD_MAX]) :
			BATON_SVC_HEAD_MAX_DEFAULT;
	svc->decide_ms = tb[BATON_SVC_A_DECIDE_MS] ?
			 nla_get_u32(tb[BATON_SVC_A_DECIDE_MS]) :
			 BATON_SVC_DECIDE_MS_DEFAULT;
	svc->sched = tb[BATON_SVC_A_SCHED] ? nla_get_u8(tb[BATON_SVC_A_SCHED]) :
					     BATON_SCHED_RR;
	group = BATON_GROUP_DEFAULT;
	if (tb[BATON_SVC_A_DEFAULT_GROUP]) {
		group = baton_cls_nl_group(tb[BATON_SVC_A_DEFAULT_GROUP],
					   extack);
		if (!group) {
			kfree(svc);
			err = -EINVAL;
			goto out;
		}
	}
	strscpy(svc->default_group, group, sizeof(svc->default_group));
	err = baton_svc_add(pn, svc);
	if (err) {
		kfree(svc);
		if (err == -EADDRINUSE)
			NL_SET_ERR_MSG_MOD(extack,
					   "VIP:port is in use by another socket");
		else
			NL_SET_ERR_MSG_MOD(extack, "cannot listen on VIP:port");
	}
out:
	mutex_unlock(&pn->lock);
	return err;
}

static int baton_cls_nl_svc_set(struct sk_buff *skb, struct genl_info *info)
{
	struct baton_cls_net *pn = baton_cls_pernet(genl_info_net(info));
	struct nlattr *tb[BATON_SVC_A_MAX + 1];
	struct baton_svc *svc;
	const char *group;
	u8 old;
	int err;

	mutex_lock(&pn->lock);
	svc = baton_cls_nl_svc(pn, info, tb, &err);
	if (!svc)
		goto out;
	if (tb[BATON_SVC_A_DEFAULT_GROUP]) {
		group = baton_cls_nl_group(tb[BATON_SVC_A_DEFAULT_GROUP],
					   info->extack);
		if (!group) {
			err = -EINVAL;
			goto out;
		}
		strscpy(svc->default_group, group, sizeof(svc->default_group));
	}
	if (tb[BATON_SVC_A_HEAD_MAX])
		svc->head_max = nla_get_u32(tb[BATON_SVC_A_HEAD_MAX]);
	if (tb[BATON_SVC_A_DECIDE_MS])
		svc->decide_ms = nla_get_u32(tb[BATON_SVC_A_DECIDE_MS]);
	if (tb[BATON_SVC_A_SCHED]) {
		old = svc->sched;
		svc->sched = nla_get_u8(tb[BATON_SVC_A_SCHED]);
		err = svc->sched == old ? 0 : baton_sched_update(svc);
		if (err) {
			svc->sched = old;
			baton_sched_update(svc);
			NL_SET_ERR_MSG_MOD(info->extack,
					   "no memory for the scheduler's table");
		}
	}
out:
	mutex_unlock(&pn->lock);
	return err;
}

static int baton_cls_nl_svc_del(struct sk_buff *skb, struct genl_info *info)
{
	struct baton_cls_net *pn = baton_cls_pernet(genl_info_net(info));
	struct nlattr *tb[BATON_SVC_A_MAX + 1];
	struct baton_svc *svc;
	int err;

	mutex_lock(&pn->lock);
	svc = baton_cls_nl_svc(pn, info, tb, &err);
	if (svc)
		baton_svc_del(svc);
	mutex_unlock(&pn->lock);
	return err;
}

int baton_cls_nl_be_fill(struct sk_buff *msg, const struct baton_be *be)
{
	struct nlattr *nest = nla_nest_start(msg, BATON_CLS_ATTR_BACKEND);
	bool v4 = ipv6_addr_v4mapped(&be->addr);

	if (!nest ||
	    (v4 ? nla_put_in_addr(msg, BATON_BE_A_ADDR, be->addr.s6_addr32[3]) :
		  nla_put_in6_addr(msg, BATON_BE_A_ADDR, &be->addr)) ||
	    nla_put_u16(msg, BATON_BE_A_CTL_PORT, be->ctl_port) ||
	    nla_put_u8(msg, BATON_BE_A_STATE, be->state) ||
	    (be->tun4 && nla_put_in_addr(msg, BATON_BE_A_TUNNEL4, be->tun4)) ||
	    (!ipv6_addr_any(&be->tun6) &&
	     nla_put_in6_addr(msg, BATON_BE_A_TUNNEL6, &be->tun6)) ||
	    nla_put_u64_64bit(msg, BATON_BE_A_MIGRATED, be->migrated,
			      BATON_BE_A_PAD) ||
	    nla_put_u64_64bit(msg, BATON_BE_A_REFUSED, be->refused,
			      BATON_BE_A_PAD) ||
	    nla_put_u32(msg, BATON_BE_A_INFLIGHT, be->n_inflight) ||
	    nla_put_u32(msg, BATON_BE_A_WEIGHT, be->weight) ||
	    nla_put_u32(msg, BATON_BE_A_ACTIVE, be->active) ||
	    nla_put_string(msg, BATON_BE_A_GROUP, be->group) ||
	    nla_put_u8(msg, BATON_BE_A_HEALTH, be->health))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int baton_cls_nl_rule_fill(struct sk_buff *msg,
				  const struct baton_rule *rule, u32 pos)
{
	struct nlattr *nest = nla_nest_start(msg, BATON_CLS_ATTR_RULE);

	if (!nest ||
	    nla_put_u32(msg, BATON_RULE_A_POS, pos) ||
	    nla_put_string(msg, BATON_RULE_A_GROUP, rule->group) ||
	    (rule->host && nla_put_string(msg, BATON_RULE_A_HOST, rule->host)) ||
	    (rule->path &&
	     nla_put_string(msg, BATON_RULE_A_PATH_PREFIX, rule->path)) ||
	    (rule->sni && nla_put_string(msg, BATON_RULE_A_SNI, rule->sni)) ||
	    nla_put_u64_64bit(msg, BATON_RULE_A_MATCHED, rule->matched,
			      BATON_RULE_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int baton_cls_nl_svc_fill(struct sk_buff *msg, u32 portid, u32 seq,
				 int flags, const struct baton_svc *svc)
{
	struct nlattr *nest, *list;
	struct baton_rule *rule;
	struct baton_be *be;
	u32 pos = 0;
	void *hdr;

	hdr = genlmsg_put(msg, portid, seq, &baton_cls_genl_family, flags,
			  BATON_CLS_CMD_SERVICE_GET);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(msg, BATON_CLS_ATTR_SERVICE);
	if (!nest ||
	    nla_put_u8(msg, BATON_SVC_A_FAMILY, svc->family) ||
	    (svc->family == AF_INET ?
	     nla_put_in_addr(msg, BATON_SVC_A_ADDR, svc->addr.s6_addr32[3]) :
	     nla_put_in6_addr(msg, BATON_SVC_A_ADDR, &svc->addr)) ||
	    nla_put_be16(msg, BATON_SVC_A_PORT, htons(svc->port)) ||
	    nla_put_u32(msg, BATON_SVC_A_HEAD_MAX, svc->head_max) ||
	    nla_put_u32(msg, BATON_SVC_A_DECIDE_MS, svc->decide_ms) ||
	    nla_put_u64_64bit(msg, BATON_SVC_A_ACCEPTED, svc->accepted,
			      BATON_SVC_A_PAD) ||
	    nla_put_u32(msg, BATON_SVC_A_PENDING, svc->n_pending) ||
	    nla_put_u8(msg, BATON_SVC_A_SCHED, svc->sched) ||
	    nla_put_string(msg, BATON_SVC_A_DEFAULT_GROUP, svc->default_group))
		goto err;
	list = nla_nest_start(msg, BATON_SVC_A_BACKENDS);
	if (!list)
		goto err;
	list_for_each_entry(be, &svc->backends, node)
		if (baton_cls_nl_be_fill(msg, be))
			goto err;
	nla_nest_end(msg, list);
	list = nla_nest_start(msg, BATON_SVC_A_RULES);
	if (!list)
		goto err;
	list_for_each_entry(rule, &svc->rules, node)
		if (baton_cls_nl_rule_fill(msg, rule, ++pos))
			goto err;
	nla_nest_end(msg, list);
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return 0;
err:
	genlmsg_cancel(msg, hdr);
	return -EMSGSIZE;
}

static int baton_cls_nl_svc_get(struct sk_buff *skb, struct genl_info *info)
{
	struct baton_cls_net *pn = baton_cls_pernet(genl_info_net(info));
	struct nlattr *tb[BATON_SVC_A_MAX + 1];
	struct baton_svc *svc;
	struct sk_buff *msg;
	int err;

	msg = nlmsg_new(NLMSG_DEFAULT_SIZE * 8, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	mutex_lock(&pn->lock);
	svc = baton_cls_nl_svc(pn, info, tb, &err);
	if (svc)
		err = baton_cls_nl_svc_fill(msg, info->snd_portid,
					    info->snd_seq, 0, svc);
	mutex_unlock(&pn->lock);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

static int baton_cls_nl_svc_dump(struct sk_buff *skb,
				 struct netlink_callback *cb)
{
	struct baton_cls_net *pn = baton_cls_pernet(sock_net(skb->sk));
	struct baton_svc *svc;
	long i = 0, start = cb->args[0];
	int err = 0;

	mutex_lock(&pn->lock);
	list_for_each_entry(svc, &pn->services, node) {
		if (i++ < start)
			continue;
		err = baton_cls_nl_svc_fill(skb, NETLINK_CB(cb->skb).portid,
					    cb->nlh->nlmsg_seq, NLM_F_MULTI,
					    svc);
		if (err) {
			i--;
			break;
		}
	}
	mutex_unlock(&pn->lock);
	/* A service too big for an empty message is an error, not a loop. */
	if (err && i == start)
		return err;
	cb->args[0] = i;
	return skb->len;
}

static int baton_cls_nl_be_key(struct genl_info *info, struct nlattr **tb,
			       struct in6_addr *addr)
{
	struct nlattr *nest = info->attrs[BATON_CLS_ATTR_BACKEND];
	struct netlink_ext_ack *extack = info->extack;
	int err;

	if (!nest) {
		NL_SET_ERR_MSG_MOD(extack, "missing backend");
		return -EINVAL;
	}
	err = nla_parse_nested(tb, BATON_BE_A_MAX, nest, baton_be_policy,
			       extack);
	if (err)
		return err;
	if (!tb[BATON_BE_A_ADDR]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "a backend needs its address");
		return -EINVAL;
	}
	return baton_cls_nl_addr(tb[BATON_BE_A_ADDR],
				 nla_len(tb[BATON_BE_A_ADDR]) == 4 ?
				 AF_INET : AF_INET6, addr, extack);
}

static int baton_cls_nl_be_new(struct sk_buff *skb, struct genl_info *info)
{
	struct baton_cls_net *pn = baton_cls_pernet(genl_info_net(info));
	struct nlattr *stb[BATON_SVC_A_MAX + 1], *btb[BATON_BE_A_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct baton_svc *svc;
	struct in6_addr addr;
	const char *group;
	int err;

	mutex_lock(&pn->lock);
	svc = baton_cls_nl_svc(pn, info, stb, &err);
	if (!svc)
		goto out;
	err = baton_cls_nl_be_key(info, btb, &addr);
	if (err)
		goto out;
	if (baton_be_find(svc, &addr)) {
		NL_SET_ERR_MSG_MOD(extack, "backend already exists");
		err = -EEXIST;
		goto out;
	}
	if (svc->n_backends >= BATON_SVC_BACKENDS_MAX) {
		NL_SET_ERR_MSG_MOD(extack, "too many backends");
		err = -ENOSPC;
		goto out;
	}
	group = BATON_GROUP_DEFAULT;
	if (btb[BATON_BE_A_GROUP]) {
		group = baton_cls_nl_group(btb[BATON_BE_A_GROUP], extack);
		if (!group) {
			err = -EINVAL;
			goto out;
		}
	}
	err = baton_be_add(svc, &addr, btb[BATON_BE_A_CTL_PORT] ?
			   nla_get_u16(btb[BATON_BE_A_CTL_PORT]) :
			   BATON_CTL_PORT_DEFAULT,
			   btb[BATON_BE_A_WEIGHT] ?
			   nla_get_u32(btb[BATON_BE_A_WEIGHT]) :
			   BATON_BE_WEIGHT_DEFAULT, group);
	if (err)
		NL_SET_ERR_MSG_MOD(extack, "cannot add the backend");
out:
	mutex_unlock(&pn->lock);
	return err;
}

/* The backend a request names, with its attributes in @btb; under the lock. */
static struct baton_be *baton_cls_nl_be(struct baton_cls_net *pn,
					struct genl_info *info,
					struct nlattr **btb, int *err)
{
	struct nlattr *stb[BATON_SVC_A_MAX + 1];
	struct baton_svc *svc;
	struct in6_addr addr;
	struct baton_be *be;

	svc = baton_cls_nl_svc(pn, info, stb, err);
	if (!svc)
		return NULL;
	*err = baton_cls_nl_be_key(info, btb, &addr);
	if (*err)
		return NULL;
	be = baton_be_find(svc, &addr);
	if (!be) {
		NL_SET_ERR_MSG_MOD(info->extack, "no such backend");
		*err = -ENOENT;
	}
	return be;
}

static int baton_cls_nl_be_del(struct sk_buff *skb, struct genl_info *info)
{
	struct baton_cls_net *pn = baton_cls_pernet(genl_info_net(info));
	struct nlattr *btb[BATON_BE_A_MAX + 1];
	struct baton_be *be;
	int err;

	mutex_lock(&pn->lock);
	be = baton_cls_nl_be(pn, info, btb, &err);
	if (!be)
		goto out;
	if ((be->active || be->n_inflight) &&
	    !nla_get_flag(info->attrs[BATON_CLS_ATTR_FORCE])) {
		NL_SET_ERR_MSG_MOD(info->extack,
				   "backend has connections: drain it (weight 0), or force");
		err = -EBUSY;
		goto out;
	}
	baton_be_del(be);
out:
	mutex_unlock(&pn->lock);
	return err;
}

static int baton_cls_nl_be_set(struct sk_buff *skb, struct genl_info *info)
{
	struct baton_cls_net *pn = baton_cls_pernet(genl_info_net(info));
	struct nlattr *btb[BATON_BE_A_MAX + 1];
	const char *group;
	struct baton_be *be;
	u32 old;
	int err;

	mutex_lock(&pn->lock);
	be = baton_cls_nl_be(pn, info, btb, &err);
	if (!be)
		goto out;
	if (btb[BATON_BE_A_CTL_PORT]) {
		NL_SET_ERR_MSG_ATTR(info->extack, btb[BATON_BE_A_CTL_PORT],
				    "the control port cannot change: delete and add the backend");
		err = -EOPNOTSUPP;
		goto out;
	}
	if (btb[BATON_BE_A_GROUP]) {
		group = baton_cls_nl_group(btb[BATON_BE_A_GROUP], info->extack);
		if (!group) {
			err = -EINVAL;
			goto out;
		}
		strscpy(be->group, group, sizeof(be->group));
	}
	if (btb[BATON_BE_A_HEALTH])
		baton_be_set_health(be, nla_get_u8(btb[BATON_BE_A_HEALTH]));
	if (btb[BATON_BE_A_WEIGHT]) {
		old = be->weight;
		be->weight = nla_get_u32(btb[BATON_BE_A_WEIGHT]);
		err = baton_sched_update(be->svc);
		if (err) {
			be->weight = old;
			baton_sched_update(be->svc);
			NL_SET_ERR_MSG_MOD(info->extack,
					   "no memory for the scheduler's table");
		}
	}
out:
	mutex_unlock(&pn->lock);
	return err;
}

/* The rule attributes of a request, parsed into @rtb. */
static int baton_cls_nl_rule_attrs(struct genl_info *info, struct nlattr **rtb)
{
	struct nlattr *nest = info->attrs[BATON_CLS_ATTR_RULE];

	if (!nest) {
		NL_SET_ERR_MSG_MOD(info->extack, "missing rule");
		return -EINVAL;
	}
	return nla_parse_nested(rtb, BATON_RULE_A_MAX, nest, baton_rule_policy,
				info->extack);
}

/* A pattern attribute: a host name or "*." and one; NULL if absent. */
static int baton_cls_nl_pattern(const struct nlattr *attr, char **out,
				struct netlink_ext_ack *extack)
{
	const char *p;

	*out = NULL;
	if (!attr)
		return 0;
	p = nla_data(attr);
	if (!*p || (p[0] == '*' && (p[1] != '.' || !p[2]))) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "a name pattern is a host name, or *. and one");
		return -EINVAL;
	}
	*out = kstrdup(p, GFP_KERNEL);
	return *out ? 0 : -ENOMEM;
}

static struct baton_rule *baton_cls_nl_rule_new(struct nlattr **rtb,
						struct netlink_ext_ack *extack,
						int *err)
{
	struct baton_rule *rule;
	const char *group;

	group = baton_cls_nl_group(rtb[BATON_RULE_A_GROUP], extack);
	if (!group) {
		if (!rtb[BATON_RULE_A_GROUP])
			NL_SET_ERR_MSG_MOD(extack, "a rule needs its group");
		*err = -EINVAL;
		return NULL;
	}
	rule = kzalloc(sizeof(*rule), GFP_KERNEL);
	if (!rule) {
		*err = -ENOMEM;
		return NULL;
	}
	strscpy(rule->group, group, sizeof(rule->group));
	*err = baton_cls_nl_pattern(rtb[BATON_RULE_A_HOST], &rule->host, extack);
	*err = *err ?: baton_cls_nl_pattern(rtb[BATON_RULE_A_SNI], &rule->sni,
					    extack);
	if (!*err && rtb[BATON_RULE_A_PATH_PREFIX]) {
		const char *path = nla_data(rtb[BATON_RULE_A_PATH_PREFIX]);

		if (path[0] != '/') {
			NL_SET_ERR_MSG_ATTR(extack, rtb[BATON_RULE_A_PATH_PREFIX],
					    "a path prefix starts with /");
			*err = -EINVAL;
		} else {
			rule->path = kstrdup(path, GFP_KERNEL);
			rule->path_len = strlen(path);
			*err = rule->path ? 0 : -ENOMEM;
		}
	}
	if (*err) {
		baton_rule_free(rule);
		return NULL;
	}
	return rule;
}

static int baton_cls_nl_rule_add(struct sk_buff *skb, struct genl_info *info)
{
	struct baton_cls_net *pn = baton_cls_pernet(genl_info_net(info));
	struct nlattr *stb[BATON_SVC_A_MAX + 1];
	struct nlattr *rtb[BATON_RULE_A_MAX + 1];
	struct baton_rule *rule;
	struct baton_svc *svc;
	int err;

	err = baton_cls_nl_rule_attrs(info, rtb);
	if (err)
		return err;
	rule = baton_cls_nl_rule_new(rtb, info->extack, &err);
	if (!rule)
		return err;
	mutex_lock(&pn->lock);
	svc = baton_cls_nl_svc(pn, info, stb, &err);
	if (svc && svc->n_rules >= BATON_SVC_RULES_MAX) {
		NL_SET_ERR_MSG_MOD(info->extack, "too many rules");
		err = -ENOSPC;
	}
	if (!err) {
		baton_rule_insert(svc, rule,
				  rtb[BATON_RULE_A_POS] ?
				  nla_get_u32(rtb[BATON_RULE_A_POS]) : 0);
		rule = NULL;
	}
	mutex_unlock(&pn->lock);
	baton_rule_free(rule);
	return err;
}

static int baton_cls_nl_rule_del(struct sk_buff *skb, struct genl_info *info)
{
	struct baton_cls_net *pn = baton_cls_pernet(genl_info_net(info));
	struct nlattr *stb[BATON_SVC_A_MAX + 1];
	struct nlattr *rtb[BATON_RULE_A_MAX + 1];
	struct baton_svc *svc;
	int err;

	err = baton_cls_nl_rule_attrs(info, rtb);
	if (err)
		return err;
	if (!rtb[BATON_RULE_A_POS]) {
		NL_SET_ERR_MSG_MOD(info->extack, "which rule: its position");
		return -EINVAL;
	}
	mutex_lock(&pn->lock);
	svc = baton_cls_nl_svc(pn, info, stb, &err);
	if (svc) {
		err = baton_rule_delete(svc, nla_get_u32(rtb[BATON_RULE_A_POS]));
		if (err)
			NL_SET_ERR_MSG_ATTR(info->extack, rtb[BATON_RULE_A_POS],
					    "no rule at that position");
	}
	mutex_unlock(&pn->lock);
	return err;
}

static int baton_cls_nl_lookup(struct sk_buff *skb, struct genl_info *info)
{
	struct baton_cls_net *pn = baton_cls_pernet(genl_info_net(info));
	struct nlattr *nest = info->attrs[BATON_CLS_ATTR_CLIENT];
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr *stb[BATON_SVC_A_MAX + 1];
	struct nlattr *ctb[BATON_CLIENT_A_MAX + 1];
	struct baton_tuple tuple;
	struct in6_addr client;
	struct baton_svc *svc;
	struct sk_buff *msg;
	struct baton_be *be;
	void *hdr;
	int err;

	if (!nest) {
		NL_SET_ERR_MSG_MOD(extack, "missing client");
		return -EINVAL;
	}
	err = nla_parse_nested(ctb, BATON_CLIENT_A_MAX, nest,
			       baton_client_policy, extack);
	if (err)
		return err;
	if (!ctb[BATON_CLIENT_A_ADDR] || !ctb[BATON_CLIENT_A_PORT]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "a client needs its address and port");
		return -EINVAL;
	}
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	mutex_lock(&pn->lock);
	svc = baton_cls_nl_svc(pn, info, stb, &err);
	if (!svc)
		goto err_unlock;
	err = baton_cls_nl_addr(ctb[BATON_CLIENT_A_ADDR], svc->family, &client,
				extack);
	if (err)
		goto err_unlock;
	if (svc->sched != BATON_SCHED_MAGLEV) {
		NL_SET_ERR_MSG_MOD(extack,
				   "only the maglev scheduler chooses by the client alone");
		err = -EOPNOTSUPP;
		goto err_unlock;
	}
	if (svc->family == AF_INET)
		baton_tuple_init4(&tuple, client.s6_addr32[3],
				  nla_get_be16(ctb[BATON_CLIENT_A_PORT]),
				  svc->addr.s6_addr32[3], htons(svc->port));
	else
		baton_tuple_init6(&tuple, &client,
				  nla_get_be16(ctb[BATON_CLIENT_A_PORT]),
				  &svc->addr, htons(svc->port));
	be = baton_sched_lookup(svc, &tuple, svc->default_group);
	if (!be) {
		NL_SET_ERR_MSG_MOD(extack, "no backend can take a connection");
		err = -EHOSTUNREACH;
		goto err_unlock;
	}
	hdr = genlmsg_put_reply(msg, info, &baton_cls_genl_family, 0,
				BATON_CLS_CMD_LOOKUP);
	err = -EMSGSIZE;
	if (!hdr || baton_cls_nl_be_fill(msg, be))
		goto err_unlock;
	mutex_unlock(&pn->lock);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

err_unlock:
	mutex_unlock(&pn->lock);
	nlmsg_free(msg);
	return err;
}

static const u8 baton_cls_stats_attr[] = {
	[BATON_CLS_ACCEPTED] = BATON_CLS_STATS_A_ACCEPTED,
	[BATON_CLS_DECIDED] = BATON_CLS_STATS_A_DECIDED,
	[BATON_CLS_DECIDE_TIMEOUT] = BATON_CLS_STATS_A_DECIDE_TIMEOUT,
	[BATON_CLS_SENT] = BATON_CLS_STATS_A_SENT,
	[BATON_CLS_MIGRATED] = BATON_CLS_STATS_A_MIGRATED,
	[BATON_CLS_LOST] = BATON_CLS_STATS_A_LOST,
	[BATON_CLS_NO_BACKEND] = BATON_CLS_STATS_A_NO_BACKEND,
	[BATON_CLS_FAILED] = BATON_CLS_STATS_A_FAILED,
	[BATON_CLS_CLIENT_GONE] = BATON_CLS_STATS_A_CLIENT_GONE,
	[BATON_CLS_ENDED] = BATON_CLS_STATS_A_ENDED,
};

static int baton_cls_nl_stats(struct sk_buff *skb, struct genl_info *info)
{
	struct baton_cls_net *pn = baton_cls_pernet(genl_info_net(info));
	u64 sum[BATON_CLS_NUM];
	unsigned int pending = 0;
	struct baton_svc *svc;
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	baton_counters_read(pn->counters, BATON_CLS_NUM, sum);
	mutex_lock(&pn->lock);
	list_for_each_entry(svc, &pn->services, node)
		pending += svc->n_pending;
	mutex_unlock(&pn->lock);

	hdr = genlmsg_put_reply(msg, info, &baton_cls_genl_family, 0,
				BATON_CLS_CMD_STATS_GET);
	if (!hdr)
		goto err;
	nest = nla_nest_start(msg, BATON_CLS_ATTR_STATS);
	if (!nest ||
	    baton_nl_put_counters(msg, baton_cls_stats_attr,
				  ARRAY_SIZE(baton_cls_stats_attr), sum,
				  BATON_CLS_STATS_A_PAD, BATON_CLS_STATS_A_REFUSED,
				  sum + BATON_CLS_REFUSED) ||
	    nla_put_u32(msg, BATON_CLS_STATS_A_PENDING, pending))
		goto err;
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
err:
	nlmsg_free(msg);
	return -EMSGSIZE;
}

static int baton_cls_nl_status(struct sk_buff *skb, struct genl_info *info)
{
	struct baton_cls_net *pn = baton_cls_pernet(genl_info_net(info));

	return baton_status_reply(info, &baton_cls_genl_family,
				  KBUILD_MODNAME, &pn->stamp);
}

static const struct genl_ops baton_cls_genl_ops[] = {
	{
		.cmd = BATON_CMD_STATUS_GET,
		.validate = GENL_DONT_VALIDATE_STRICT | GENL_DONT_VALIDATE_DUMP,
		.doit = baton_cls_nl_status,
	},
	{
		.cmd = BATON_CLS_CMD_SERVICE_NEW,
		.flags = GENL_UNS_ADMIN_PERM,
		.policy = baton_cls_cmd_policy,
		.maxattr = BATON_CLS_ATTR_MAX,
		.doit = baton_cls_nl_svc_new,
	},
	{
		.cmd = BATON_CLS_CMD_SERVICE_DEL,
		.flags = GENL_UNS_ADMIN_PERM,
		.policy = baton_cls_cmd_policy,
		.maxattr = BATON_CLS_ATTR_MAX,
		.doit = baton_cls_nl_svc_del,
	},
	{
		.cmd = BATON_CLS_CMD_SERVICE_GET,
		.policy = baton_cls_cmd_policy,
		.maxattr = BATON_CLS_ATTR_MAX,
		.doit = baton_cls_nl_svc_get,
		.dumpit = baton_cls_nl_svc_dump,
	},
	{
		.cmd = BATON_CLS_CMD_BACKEND_NEW,
		.flags = GENL_UNS_ADMIN_PERM,
		.policy = baton_cls_cmd_policy,
		.maxattr = BATON_CLS_ATTR_MAX,
		.doit = baton_cls_nl_be_new,
	},
	{
		.cmd = BATON_CLS_CMD_BACKEND_DEL,
		.flags = GENL_UNS_ADMIN_PERM,
		.policy = baton_cls_cmd_policy,
		.maxattr = BATON_CLS_ATTR_MAX,
		.doit = baton_cls_nl_be_del,
	},
	{
		.cmd = BATON_CLS_CMD_STATS_GET,
		.doit = baton_cls_nl_stats,
	},
	{
		.cmd = BATON_CLS_CMD_SERVICE_SET,
		.flags = GENL_UNS_ADMIN_PERM,
		.policy = baton_cls_cmd_policy,
		.maxattr = BATON_CLS_ATTR_MAX,
		.doit = baton_cls_nl_svc_set,
	},
	{
		.cmd = BATON_CLS_CMD_BACKEND_SET,
		.flags = GENL_UNS_ADMIN_PERM,
		.policy = baton_cls_cmd_policy,
		.maxattr = BATON_CLS_ATTR_MAX,
		.doit = baton_cls_nl_be_set,
	},
	{
		.cmd = BATON_CLS_CMD_RULE_NEW,
		.flags = GENL_UNS_ADMIN_PERM,
		.policy = baton_cls_cmd_policy,
		.maxattr = BATON_CLS_ATTR_MAX,
		.doit = baton_cls_nl_rule_add,
	},
	{
		.cmd = BATON_CLS_CMD_RULE_DEL,
		.flags = GENL_UNS_ADMIN_PERM,
		.policy = baton_cls_cmd_policy,
		.maxattr = BATON_CLS_ATTR_MAX,
		.doit = baton_cls_nl_rule_del,
	},
	{
		.cmd = BATON_CLS_CMD_LOOKUP,
		.policy = baton_cls_cmd_policy,
		.maxattr = BATON_CLS_ATTR_MAX,
		.doit = baton_cls_nl_lookup,
	},
};

static const struct genl_multicast_group baton_cls_mcgrps[] = {
	[BATON_CLS_MCGRP_EVENTS_ID] = {
		.name = BATON_CLS_MCGRP_EVENTS,
		/* they name clients: for the admins of the netns only */
		.flags = GENL_MCAST_CAP_NET_ADMIN,
	},
};

struct genl_family baton_cls_genl_family __ro_after_init = {
	.name = BATON_CLS_GENL_NAME,
	.mcgrps = baton_cls_mcgrps,
	.n_mcgrps = ARRAY_SIZE(baton_cls_mcgrps),
	.version = BATON_GENL_VERSION,
	.module = THIS_MODULE,
	.ops = baton_cls_genl_ops,
	.n_ops = ARRAY_SIZE(baton_cls_genl_ops),
	.resv_start_op = BATON_CMD_FAMILY_BASE,
	.netnsok = true,
};

int __init baton_cls_genl_init(void)
{
	return genl_register_family(&baton_cls_genl_family);
}

void baton_cls_genl_uninit(void)
{
	genl_unregister_family(&baton_cls_genl_family);
}
