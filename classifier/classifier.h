/* SPDX-License-Identifier: GPL-2.0 */
/* baton_classifier: internal declarations. */
#ifndef _BATON_CLASSIFIER_H
#define _BATON_CLASSIFIER_H

#include <net/net_namespace.h>
#include <net/netns/generic.h>

#include <baton/status.h>

/**
 * struct baton_cls_net - per-netns state of baton_classifier
 * @stamp: creation time, reported by the status command
 */
struct baton_cls_net {
	struct baton_netns_stamp stamp;
};

extern unsigned int baton_cls_net_id;

static inline struct baton_cls_net *baton_cls_pernet(const struct net *net)
{
	return net_generic(net, baton_cls_net_id);
}

int baton_cls_genl_init(void);
void baton_cls_genl_uninit(void);

#endif /* _BATON_CLASSIFIER_H */
