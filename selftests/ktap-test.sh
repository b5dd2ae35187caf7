#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host test of ktap-cases.awk, which decides what make check counts from
# the KUnit results: parameters count one by one, skips stay skips.

dir=$(cd "$(dirname "$0")" && pwd)
failed=0
echo "1..2"
out=$(awk -f "$dir/ktap-cases.awk" \
	"$dir/testdata/kunit-results.ktap")
if [ "$out" = "$(cat "$dir/testdata/kunit-results.expected")" ]; then
	echo "ok 1 - ktap: parameters, failures and skips counted one by one"
else
	echo "not ok 1 - ktap: parameters, failures and skips counted one by one"
	failed=1
	diff <(echo "$out") "$dir/testdata/kunit-results.expected" | sed 's/^/# /'
fi
out=$(printf '[ 1.0] baton-kunit: loading m\n    # Subtest: s\n    1..0\nok 1 s\n' |
	awk -f "$dir/ktap-cases.awk")
if [ "$out" = "not ok - kunit: no results" ]; then
	echo "ok 2 - ktap: a suite with no results counts as a failure"
else
	echo "not ok 2 - ktap: a suite with no results counts as a failure"
	failed=1
fi
exit $failed
