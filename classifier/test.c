// SPDX-License-Identifier: GPL-2.0
/*
 * baton_classifier_test: KUnit suites for baton_classifier's request
 * sniffers (sniff_test.c), with test inputs from sniff_cases.c, and its
 * schedulers (sched_test.c).  Built
 * only against a kernel with CONFIG_KUNIT; the suite runs when the module
 * is loaded, after baton_classifier.
 */
#include <linux/module.h>

#include <baton/version.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for baton_classifier");
MODULE_VERSION(BATON_VERSION);
