#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Health: a backend that an active check (tools/batond) finds down gets
# no new connections, and comes back when the check passes again.
#
#  - "batond --once" with a TCP check and an HTTP check (expected status
#    200, the path answers 404): one backend up, the other down, as
#    "backend show" says; every new connection goes to the healthy one;
#  - "backend set ... health" by hand does the same;
#  - batond as a daemon: when the port it checks stops listening, the
#    backend goes down within fall x interval (a backend-down event) and
#    new connections go elsewhere; a listener there again brings it back
#    (backend-up), and connections spread over both again.
#
# Two backends on host1 (its address and .21), as in sched.sh.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tunnel_lib.sh"

require_vm
require_root
require_cmd modprobe curl socat "$PYTHON"

HERE=$(cd "$(dirname "$0")" && pwd)
PORT=8080
CTL=7280
BATOND=${BATOND:-$BATON_TOP/tools/batond/batond}
[ -x "$BATOND" ] || skip_all "tools/batond/batond is not built"

bc_bal() { "$BATONCTL" -n "$NS_BAL" "$@"; }

baton_load || skip_all "cannot load the baton modules"
use_topo flat || skip_all "cannot build the flat topology"
B2=$FLAT_NET4.21

mkdir -p "$TMP/www"
head -c 1000 /dev/urandom >"$TMP/www/small"

# be_field ADDR KEY: a key of backend ADDR in "backend show -j".
be_field()
{
	bc_bal -j backend show "$VIP4:$PORT" | "$PYTHON" -I -S -c '
import json, sys
for s in json.load(sys.stdin):
    for b in s["backends"]:
        if b["host"] == sys.argv[1]:
            print(b.get(sys.argv[2]))' "$1" "$2"
}

both_up()
{
	[ "$(bc_bal service show | grep -c ' up ')" -ge 2 ]
}

setup()
{
	addr "$NS_HOST1" eth0 "$B2/24" &&
		"$BATONCTL" -n "$NS_HOST1" migrator set port "$CTL" &&
		bc_bal service add "$VIP4:$PORT" sched rr &&
		bc_bal backend add "$VIP4:$PORT" "$HOST4" &&
		bc_bal backend add "$VIP4:$PORT" "$B2" || return 1
	ip netns exec "$NS_HOST1" "$PYTHON" -I -S "$HERE/httpd.py" "$TMP/www" \
		"$PORT" >"$TMP/httpd.log" 2>&1 &
	wait_listen "$NS_HOST1" "$PORT" 60 && wait_for 60 both_up
}
check "a service with two backends on host1" setup

# split N: N GETs; prints the migrated counts of the two backends gained.
split()
{
	local a0 b0 i

	a0=$(be_field "$HOST4" migrated) b0=$(be_field "$B2" migrated)
	for i in $(seq 1 "$1"); do
		ip netns exec "$NS_CLIENT" timeout 30 curl -sS -o /dev/null \
			"http://$VIP4:$PORT/small" || return 1
	done
	echo "$(($(be_field "$HOST4" migrated) - a0)) $(($(be_field "$B2" migrated) - b0))"
}

# expect_split N "A B": N connections went A to host1, B to .21.
expect_split()
{
	local got

	got=$(split "$1") || return 1
	echo "# split: $got (want $2)"
	[ "$got" = "$2" ]
}

check "health unknown on both at first" \
	eval '[ "$(be_field "$HOST4" health)" = unknown ] &&
	      [ "$(be_field "$B2" health)" = unknown ]'
check "both take connections" expect_split 4 "2 2"

once()
{
	ip netns exec "$NS_BAL" "$BATOND" --once \
		"$VIP4:$PORT,$HOST4,tcp:$PORT" \
		"$VIP4:$PORT,$B2,http:$PORT/missing=200" | sed 's/^/# /'
	[ "${PIPESTATUS[0]}" = 0 ] &&
		[ "$(be_field "$HOST4" health)" = up ] &&
		[ "$(be_field "$B2" health)" = down ]
}
check "batond --once: the TCP check passes (up), the HTTP check gets 404 (down)" once
check "the backend found down gets no new connection" expect_split 6 "6 0"
check "backend set health up by hand: it takes connections again" \
	eval 'bc_bal backend set "$VIP4:$PORT" "$B2" health up &&
	      expect_split 4 "2 2"'

# daemon: .21 is checked on a port of its own (8099).  With a listener
# there it is up; when the listener goes, the daemon takes .21 down
# within its fall x interval plus a timeout (new connections go to the
# other backend), and brings it back up when the listener returns.  The
# monitor sees backend-down, then backend-up.
INTERVAL_MS=300
TIMEOUT_MS=1000
FALL=2

now_ms() { echo $(($(date +%s%N) / 1000000)); }

listen_8099()
{
	ip netns exec "$NS_HOST1" socat TCP-LISTEN:8099,fork,reuseaddr \
		EXEC:/bin/true >/dev/null 2>&1 &
	LIS=$!
	wait_listen "$NS_HOST1" 8099 20
}

daemon()
{
	local rc=0 pid mon t0 took limit

	listen_8099 || return 1
	# every event until the end: the connections' migrated events
	# come between the two that matter
	ip netns exec "$NS_BAL" timeout 300 "$BATONCTL" -j monitor \
		>"$TMP/mon" 2>&1 &
	mon=$!
	sleep 1
	ip netns exec "$NS_BAL" "$BATOND" -i $INTERVAL_MS -t $TIMEOUT_MS \
		--fall $FALL --rise 2 \
		"$VIP4:$PORT,$HOST4,tcp:$PORT" "$VIP4:$PORT,$B2,tcp:8099" \
		>"$TMP/batond.log" 2>&1 &
	pid=$!
	wait_for 20 eval '[ "$(be_field "$B2" health)" = up ]' ||
		{ echo "# .21 did not go up"; rc=1; }

	kill "$LIS"
	wait "$LIS" 2>/dev/null
	t0=$(now_ms)
	# a refused connect fails at once: FALL rounds, plus one round
	# under way and one check's timeout, plus 4 s for TCG and for the
	# polling of "backend show" (a second or more on a loaded machine)
	limit=$(((FALL + 1) * INTERVAL_MS + TIMEOUT_MS + 4000))
	wait_for 20 eval '[ "$(be_field "$B2" health)" = down ]' ||
		{ echo "# .21 did not go down"; rc=1; }
	took=$(($(now_ms) - t0))
	echo "# down $took ms after its listener went (limit $limit ms)"
	[ "$took" -le "$limit" ] || rc=1
	[ $rc = 0 ] && { expect_split 4 "4 0" || rc=1; }

	listen_8099 || rc=1
	wait_for 20 eval '[ "$(be_field "$B2" health)" = up ]' ||
		{ echo "# .21 did not come back up"; rc=1; }
	[ $rc = 0 ] && { expect_split 4 "2 2" || rc=1; }
	kill "$pid" "$LIS" 2>/dev/null
	wait "$pid"
	echo "# batond exited with $?"
	kill "$mon" 2>/dev/null
	wait "$mon"
	sed 's/^/# batond: /' "$TMP/batond.log"
	grep -v '"event":"migrated"' "$TMP/mon" | sed 's/^/# monitor: /'
	grep -v '"event":"migrated"' "$TMP/mon" | grep "\"$B2\"" |
		grep -o '"event":"backend-[a-z]*"' | tr '\n' ' ' >"$TMP/ev"
	[ "$(cat "$TMP/ev")" = '"event":"backend-down" "event":"backend-up" ' ] ||
		{ echo "# events of .21: $(cat "$TMP/ev")"; rc=1; }
	return $rc
}
check "batond: a failed check takes a backend down within fall x interval, a passing one brings it back" daemon

tap_exit
