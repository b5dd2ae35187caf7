#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of batond's command line: usage errors exit 2 with a
# message, help and version, a kernel without baton_classifier (as on a
# build host: the checks run, setting the health fails with exit 1),
# and SIGTERM.  The only addresses checked are this machine's loopback.
# TAP on stdout; exits non-zero if any test fails.
#
# Environment:
#   BATOND          the binary to test (default: ../batond)
#   BATOND_WRAPPER  command to run it under, e.g. "valgrind -q ..."

set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
BATOND=${BATOND:-$here/../batond}
BATOND_WRAPPER=${BATOND_WRAPPER:-}

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

version=$(sed -n 's/^#define BATON_VERSION[[:space:]]*"\(.*\)"/\1/p' \
	"$top/include/baton/version.h")

n=0
failed=0
rc=0

pass() {
	n=$((n + 1))
	echo "ok $n - $1"
}

fail() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	echo "#   exit status: $rc"
	sed 's/^/#   stdout: /' "$tmp/out"
	sed 's/^/#   stderr: /' "$tmp/err"
}

# run ARGS...: run batond; sets rc, leaves $tmp/out and $tmp/err.
run() {
	# shellcheck disable=SC2086 # the wrapper is a command line
	$BATOND_WRAPPER "$BATOND" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

# usage_error DESC PATTERN ARGS...: exit 2, PATTERN on stderr, nothing
# on stdout, and the hint to --help.
usage_error() {
	desc=$1 pattern=$2
	shift 2
	run "$@"
	if [ $rc -eq 2 ] && grep -q -- "$pattern" "$tmp/err" &&
		grep -q "Try 'batond --help'" "$tmp/err" && [ ! -s "$tmp/out" ]; then
		pass "$desc"
	else
		fail "$desc"
	fi
}

V4=192.0.2.1:80
GOOD="$V4,127.0.0.1,tcp:9"

usage_error "no CHECK" "missing CHECK"
usage_error "an unknown option" "unknown option '--bogus'" --bogus "$GOOD"
usage_error "an unknown short option" "unknown option '-x'" -x "$GOOD"
usage_error "an option without its value" "option '-i' needs a value" "$GOOD" -i
usage_error "interval 0" "invalid interval '0'" -i 0 "$GOOD"
usage_error "interval over an hour" "invalid interval '3600001'" -i 3600001 "$GOOD"
usage_error "timeout not a number" "invalid timeout '1s'" -t 1s "$GOOD"
usage_error "fall 0" "invalid --fall '0'" --fall 0 "$GOOD"
usage_error "rise over the limit" "invalid --rise '1001'" --rise 1001 "$GOOD"
usage_error "an empty namespace name" "empty network namespace name" -n "" "$GOOD"
usage_error "a CHECK without its probe" "invalid check '$V4,127.0.0.1'" "$V4,127.0.0.1"
usage_error "a CHECK of an unknown kind" "unknown check 'icmp'" "$V4,127.0.0.1,icmp"
usage_error "a backend with a port" "without a port" "$V4,127.0.0.1:80,tcp:80"
usage_error "an IPv6 service without brackets" "\[VIP\]:PORT" "2001:db8::1:80,::1,tcp:80"
usage_error "two checks of one backend" "two checks of backend 192.0.2.1:80 127.0.0.1" \
	"$GOOD" "$V4,127.0.0.1,http:80/"

run --help
if [ $rc -eq 0 ] && grep -q '^Usage: batond' "$tmp/out" &&
	grep -q 'http:PORT/PATH\[=STATUS\]' "$tmp/out" && [ ! -s "$tmp/err" ]; then
	pass "--help"
else
	fail "--help"
fi

run -V
if [ $rc -eq 0 ] && [ "$(cat "$tmp/out")" = "batond $version" ]; then
	pass "-V prints the version ($version)"
else
	fail "-V prints the version ($version)"
fi

# A namespace that does not exist.
run -n baton-no-such-netns --once "$GOOD"
if [ $rc -eq 1 ] && grep -q 'baton-no-such-netns' "$tmp/err"; then
	pass "a namespace that does not exist: exit 1, named"
else
	fail "a namespace that does not exist: exit 1, named"
fi

# --once on a kernel without baton_classifier (a build host): the check
# of a closed loopback port runs and finds the backend down; telling
# the kernel fails, with the reason.  If the module happens to be
# loaded here, this is not a build host: skip.
if [ -d /sys/module/baton_classifier ]; then
	n=$((n + 1))
	echo "ok $n # SKIP baton_classifier is loaded on this machine"
else
	run --once -t 500 "$GOOD"
	if [ $rc -eq 1 ] &&
		grep -qx '192.0.2.1:80 127.0.0.1 down (connect: Connection refused)' "$tmp/out" &&
		grep -q 'cannot set health down: baton_classifier is not loaded' "$tmp/err"; then
		pass "--once without the module: the check runs, exit 1 with the reason"
	else
		fail "--once without the module: the check runs, exit 1 with the reason"
	fi
fi

# SIGTERM ends the daemon between two steps, with status 0.
# shellcheck disable=SC2086
$BATOND_WRAPPER "$BATOND" -i 100 -t 100 -v "$GOOD" >"$tmp/out" 2>"$tmp/err" &
pid=$!
sleep 1
kill -TERM $pid
i=0
while kill -0 $pid 2>/dev/null && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
wait $pid
rc=$?
if [ $rc -eq 0 ] && [ "$(grep -c 'check failed (connect: Connection refused)' "$tmp/out")" -ge 3 ]; then
	pass "the daemon checks every interval and ends on SIGTERM with 0"
else
	fail "the daemon checks every interval and ends on SIGTERM with 0"
fi

echo "1..$n"
[ $failed -eq 0 ]
