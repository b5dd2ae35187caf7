// SPDX-License-Identifier: GPL-2.0
/*
 * baton_tunnel_test: KUnit suites for baton_tunnel's flow IDs
 * (flowid_test.c), flow table (table_test.c), checksum rewriting
 * (csum_test.c), encapsulation (encap_test.c), migration blob codec
 * (blob_test.c) and control-channel frame codec (ctlmsg_test.c), with
 * test packets from test_skb.c, test blobs from blob_cases.c and test
 * frames from ctlmsg_cases.c.  Built only against a kernel with
 * CONFIG_KUNIT; the suites run when the module is loaded, after
 * baton_tunnel.
 */
#include <linux/module.h>

#include <baton/version.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for baton_tunnel");
MODULE_VERSION(BATON_VERSION);
