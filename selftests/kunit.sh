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

[ -d /sys/kernel/debug/kunit ] || skip_all "kernel has no KUnit (use --kernel debug)"

kver=$(uname -r)
mods=$(find "/lib/modules/$kver/extra" -name 'baton_*_test.ko' 2>/dev/null |
	sort)
[ -n "$mods" ] || skip_all "no baton KUnit modules built for $kver (make debug-modules)"

# The KTAP comes from the kernel log: 6.1 keeps only 512 bytes of log per
# test case in debugfs, which cuts parameterised cases short.
status=0
for ko in $mods; do
	m=$(basename "$ko" .ko)
	marker="baton-kunit: loading $m $$"
	echo "$marker" >/dev/kmsg
	if ! modprobe "$m"; then
		echo "not ok - kunit: modprobe $m"
		status=1
		continue
	fi
	dmesg | sed -n "/$marker/,\$p" >"/tmp/kunit-$m.ktap"
	awk -f "$(dirname "$0")/ktap-cases.awk" "/tmp/kunit-$m.ktap" |
		tee "/tmp/kunit-$m.tap"
	grep -q '^not ok' "/tmp/kunit-$m.tap" && status=1
	rmmod "$m" || status=1
done
exit $status
