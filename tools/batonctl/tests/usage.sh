#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of batonctl's command line: usage errors, help,
# version, and "status" with whatever baton modules are loaded (none on
# a build host).  TAP on stdout; exits non-zero if any test fails.
#
# Environment:
#   BATONCTL          the binary to test (default: ../batonctl)
#   BATONCTL_WRAPPER  command to run it under, e.g. "valgrind -q ..."
#   PYTHON            python3 interpreter for the JSON checks

set -u

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
BATONCTL=${BATONCTL:-$here/../batonctl}
BATONCTL_WRAPPER=${BATONCTL_WRAPPER:-}
PYTHON=${PYTHON:-python3}

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

version=$(sed -n 's/^#define BATON_VERSION[[:space:]]*"\(.*\)"/\1/p' \
	"$top/include/baton/version.h")

n=0
failed=0

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

# check DESCRIPTION COMMAND...: pass if COMMAND succeeds.
check() {
	desc=$1
	shift
	if "$@"; then pass "$desc"; else fail "$desc"; fi
}

# run ARGS...: run batonctl; sets rc, leaves $tmp/out and $tmp/err.
run() {
	# shellcheck disable=SC2086 # the wrapper is a command line
	$BATONCTL_WRAPPER "$BATONCTL" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

lines() {
	wc -l <"$1" | tr -d ' '
}

# A usage error: exit 2, nothing on stdout, and on stderr exactly one
# "batonctl: ..." line containing $1, then a "Try ... help" hint.
is_usage_error() {
	[ "$rc" -eq 2 ] && [ ! -s "$tmp/out" ] && [ "$(lines "$tmp/err")" -eq 2 ] &&
		head -n1 "$tmp/err" | grep -q "^batonctl: .*$1" &&
		sed -n 2p "$tmp/err" | grep -q "^Try 'batonctl .*help' for more information\.$"
}

usage_error() {
	desc=$1
	pattern=$2
	shift 2
	run "$@"
	check "usage error, $desc: exit 2 and message" is_usage_error "$pattern"
}

usage_error "no object" "missing object"
usage_error "unknown object" "unknown object 'frobnicate'" frobnicate
usage_error "unknown verb" "unknown verb 'frob'" status frob
usage_error "extra argument" "unexpected argument 'extra'" status show extra
usage_error "extra argument to version" "unexpected argument 'x'" version show x
usage_error "bad short option" "invalid option '-x'" -x status
usage_error "bad long option" "unrecognized option '--bogus'" --bogus status
usage_error "missing option argument" "option '-n' requires an argument" -n
usage_error "missing long option argument" \
	"option '--netns' requires an argument" --netns
usage_error "empty namespace name" "empty network namespace name" -n "" status
usage_error "option after the object" "unknown verb '-j'" status -j

is_help() {
	[ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ] &&
		grep -q "^Usage: batonctl \[OPTIONS\] OBJECT" "$tmp/out" &&
		grep -q "status \[show\]" "$tmp/out" &&
		grep -q "version \[show\]" "$tmp/out"
}

run -h
check "-h prints the usage and exits 0" is_help
run --help
check "--help prints the usage and exits 0" is_help
run help
check "'help' prints the usage and exits 0" is_help

is_status_help() {
	[ "$rc" -eq 0 ] && grep -q "^Usage: batonctl \[OPTIONS\] status VERB" "$tmp/out"
}

run status help
check "'status help' prints the verbs of status" is_status_help

is_version() {
	[ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ] &&
		[ "$(cat "$tmp/out")" = "batonctl $version" ]
}

run -V
check "-V prints 'batonctl $version'" is_version
run --version
check "--version prints 'batonctl $version'" is_version

# Loaded or not, as the kernel says: all absent on a build host.
expected_states() {
	for m in baton_tunnel baton_forwarder baton_classifier baton_migrator; do
		if [ -d "/sys/module/$m" ]; then s=loaded; else s=absent; fi
		printf '%s=%s ' "$m" "$s"
	done
}
states=$(expected_states)
echo "# expected: $states"

valid_json() {
	"$PYTHON" -c 'import json, sys; json.load(sys.stdin)' <"$tmp/out"
}

status_json_ok() {
	"$PYTHON" - "$tmp/out" "$states" "$version" <<'EOF'
import json, sys

want = dict(kv.split("=") for kv in sys.argv[2].split())
with open(sys.argv[1]) as f:
    doc = json.load(f)
mods = doc["modules"]
assert doc["netns"] is None, doc
assert [m["module"] for m in mods] == list(want), mods
assert [m["family"] for m in mods] == \
    ["baton_tunnel", "baton_fwd", "baton_cls", "baton_mig"], mods
keys = {"module", "family", "state", "family_id", "version",
        "netns_cookie", "uptime_ms", "error"}
for m in mods:
    assert set(m) == keys, m
    assert m["state"] == want[m["module"]], m
    assert m["error"] is None, m
    if m["state"] == "absent":
        assert m["version"] is None and m["uptime_ms"] is None, m
    else:
        assert m["version"] == sys.argv[3], m
        assert m["netns_cookie"] > 0 and m["uptime_ms"] >= 0, m
EOF
}

succeeded_quietly() {
	[ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ]
}

run -j status
check "-j status exits 0" succeeded_quietly
check "-j status prints valid JSON" valid_json
check "-j status lists the four modules ($states)" status_json_ok

run --json status show
check "--json status show is the same command" status_json_ok

status_table_ok() {
	[ "$rc" -eq 0 ] && [ "$(lines "$tmp/out")" -eq 5 ] &&
		head -n1 "$tmp/out" | grep -q "^MODULE  *FAMILY  *STATE  *VERSION  *UPTIME" &&
		for kv in $states; do
			grep -q "^${kv%=*}  .* ${kv#*=}  " "$tmp/out" || return 1
		done
}

run status
check "status prints a table of the four modules" status_table_ok

version_json_ok() {
	succeeded_quietly && valid_json &&
		"$PYTHON" -c 'import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["batonctl"] == sys.argv[2], doc
assert isinstance(doc["modules"], list), doc' "$tmp/out" "$version"
}

version_text_ok() {
	succeeded_quietly && [ "$(head -n1 "$tmp/out")" = "batonctl $version" ]
}

run -j version
check "-j version prints valid JSON with the tool version" version_json_ok
run version
check "version prints the tool version first" version_text_ok

no_netns_ok() {
	[ "$rc" -eq 1 ] && [ ! -s "$tmp/out" ] &&
		grep -q '^batonctl: cannot open network namespace "batonctl-test-no-such-netns"' "$tmp/err"
}

run -n batonctl-test-no-such-netns status
check "unknown netns: exit 1 and a message" no_netns_ok

write_error_ok() {
	[ "$rc" -eq 1 ] && grep -q "^batonctl: write error" "$tmp/err"
}

if [ -w /dev/full ]; then
	# shellcheck disable=SC2086
	$BATONCTL_WRAPPER "$BATONCTL" status >/dev/full 2>"$tmp/err"
	rc=$?
	: >"$tmp/out"
	check "write error on stdout: exit 1" write_error_ok
fi

echo "1..$n"
[ "$failed" -eq 0 ]
