#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Load every baton KUnit test module in the running (debug) kernel and
# report each test case as a flat TAP line "ok - kunit: SUITE: CASE".
# KUnit runs a module's suites when the module loads and keeps the KTAP
# results in debugfs.

source "$(dirname "$0")/lib.sh"

require_vm
require_root

kunit_fs=/sys/kernel/debug/kunit
[ -d "$kunit_fs" ] || skip_all "kernel has no KUnit debugfs (use --kernel debug)"

kver=$(uname -r)
mods=$(find "/lib/modules/$kver/extra" -name 'baton_*_test.ko' 2>/dev/null |
	sort)
[ -n "$mods" ] || skip_all "no baton KUnit modules built for $kver (make debug-modules)"

status=0
for ko in $mods; do
	m=$(basename "$ko" .ko)
	before=$(ls "$kunit_fs")
	if ! modprobe "$m"; then
		echo "not ok - kunit: modprobe $m"
		status=1
		continue
	fi
	for s in $(ls "$kunit_fs"); do
		case " $(echo $before) " in *" $s "*) continue ;; esac
		# Test cases are the first level of nesting in a suite's
		# results.  A parameterised case nests one result per
		# parameter: those are reported instead of the case.
		awk -v suite="$s" -f "$(dirname "$0")/ktap-cases.awk" \
			"$kunit_fs/$s/results"
	done
	grep -q '^    not ok' "$kunit_fs"/*/results && status=1
	rmmod "$m" || status=1
done
exit $status
