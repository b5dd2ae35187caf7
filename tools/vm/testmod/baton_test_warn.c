// SPDX-License-Identifier: GPL-2.0
/*
 * Test module for the VM harness self-test (tools/vm/selftest.sh).  With
 * warn=1 its init triggers a WARN, with leak=1 it leaks an allocation for
 * kmemleak to find; tools/vm/run must fail both runs.  Without parameters
 * it loads and unloads cleanly.
 */

#include <linux/bug.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>

static bool warn;
module_param(warn, bool, 0444);
MODULE_PARM_DESC(warn, "WARN in module init (default: no)");

static bool leak;
module_param(leak, bool, 0444);
MODULE_PARM_DESC(leak, "leak 64 bytes in module init (default: no)");

static int __init baton_test_warn_init(void)
{
	WARN_ON(warn);

	if (leak) {
		/* Deliberately forgotten: kmemleak reports it. */
		void *p = kmalloc(64, GFP_KERNEL);

		if (!p)
			return -ENOMEM;
	}
	return 0;
}

static void __exit baton_test_warn_exit(void)
{
}

module_init(baton_test_warn_init);
module_exit(baton_test_warn_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("baton: VM harness self-test module that WARNs or leaks on demand");
