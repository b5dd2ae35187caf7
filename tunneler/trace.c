// SPDX-License-Identifier: GPL-2.0
/*
 * baton_tunnel: the home of the baton tracepoints (include/baton/trace.h),
 * which the classifier, the migrator and the forwarder fire.
 */
#include <linux/module.h>

#define CREATE_TRACE_POINTS
#include <baton/trace.h>

EXPORT_TRACEPOINT_SYMBOL_GPL(baton_migrate_out);
EXPORT_TRACEPOINT_SYMBOL_GPL(baton_migrate_acked);
EXPORT_TRACEPOINT_SYMBOL_GPL(baton_migrate_refused);
EXPORT_TRACEPOINT_SYMBOL_GPL(baton_infuse);
EXPORT_TRACEPOINT_SYMBOL_GPL(baton_encap_drop);
