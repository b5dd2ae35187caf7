#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What an operator watches: the baton tracepoints (tracefs, as perf and
# bpftrace read them) along real handoffs and refusals.
#
#  - a handed-off GET fires baton_migrate_out and baton_migrate_acked on
#    the balancer and baton_infuse on the host, all with the same flow
#    ID and client port, the ACK with the accept-to-ACK latency;
#  - a refused blob (no listener on the host) fires baton_infuse with
#    the reason on the host and baton_migrate_refused on the balancer;
#  - "batonctl monitor" prints the multicast events as they happen:
#    migrated, refused, ended, backend down and up, in JSON and text,
#    and is refused to a user without CAP_NET_ADMIN.
#
# (The forwarder's baton_encap_drop is checked in tunnel_bad.sh.)
#
# The addresses are those of tunnel_lib.sh.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tunnel_lib.sh"

require_vm
require_root
require_cmd modprobe curl setpriv "$PYTHON"

HERE=$(cd "$(dirname "$0")" && pwd)
PORT=8080	# httpd.py
NOLISTEN=8081	# a service whose host has no listener
CTL=7280

cstat() { bstat "$NS_BAL" "$1"; }

mkdir -p "$TMP/www"
head -c 1000 /dev/urandom >"$TMP/www/small"

baton_load || skip_all "cannot load the baton modules"
trace_start || skip_all "no tracefs, or no baton events in it"
use_topo flat || skip_all "cannot build the flat topology"

setup()
{
	local port

	"$BATONCTL" -n "$NS_HOST1" migrator set port "$CTL" || return 1
	for port in $PORT $NOLISTEN; do
		"$BATONCTL" -n "$NS_BAL" service add "$VIP4:$port" &&
			"$BATONCTL" -n "$NS_BAL" backend add "$VIP4:$port" "$HOST4" ||
			return 1
	done
	ip netns exec "$NS_HOST1" "$PYTHON" -I -S "$HERE/httpd.py" "$TMP/www" \
		"$PORT" >"$TMP/httpd.log" 2>&1 &
	wait_listen "$NS_HOST1" "$PORT" 60 &&
		wait_for 60 eval '[ "$("$BATONCTL" -n "$NS_BAL" service show | grep -c " up ")" -ge 2 ]'
}
check "a service with a backend, and one whose host has no listener" setup

# curl_port PORT: one GET from the client on a known local port; prints
# the port.
curl_port()
{
	local cport=$((40000 + RANDOM % 20000))

	echo "$cport"
	ip netns exec "$NS_CLIENT" timeout 60 curl -sS -o "$TMP/got" \
		--local-port "$cport" "http://$VIP4:$1/small" >/dev/null 2>&1
}

# event NAME CPORT: the lines of event NAME for client port CPORT.
event()
{
	trace_events | grep -E " $1: .* client=\[::ffff:$CLIENT4\]:$2 "
}

handoff_traced()
{
	local cport out acked infuse id lat

	: >"$TRACEFS/trace"
	cport=$(curl_port "$PORT") || return 1
	cmp -s "$TMP/www/small" "$TMP/got" || { echo "# bad body"; return 1; }
	trace_events | sed 's/^ *//; s/^/# /'
	out=$(event baton_migrate_out "$cport") || return 1
	acked=$(event baton_migrate_acked "$cport") || return 1
	infuse=$(event baton_infuse "$cport") || return 1
	id=$(sed -n 's/.* id=\([0-9a-f]*\) .*/\1/p' <<<"$out")
	lat=$(sed -n 's/.* latency_ns=\([0-9]*\).*/\1/p' <<<"$acked")
	echo "# flow $id, accept to ACK: $lat ns"
	[ -n "$id" ] && [ "${lat:-0}" -gt 0 ] &&
		grep -q "vip=\[::ffff:$VIP4\]:$PORT host=::ffff:$HOST4 data=[1-9]" <<<"$out" &&
		grep -q "id=$id " <<<"$acked" &&
		grep -q "id=$id .* forwarder=::ffff:$BTUN4 result=ok" <<<"$infuse"
}
check "a handoff fires migrate_out, infuse and migrate_acked, one flow ID, with its latency" \
	handoff_traced

refusal_traced()
{
	local cport refused infuse before

	before=$(cstat "refused no listener")
	: >"$TRACEFS/trace"
	if cport=$(curl_port "$NOLISTEN"); then
		echo "# the request to a host without a listener succeeded"
		return 1
	fi
	trace_events | sed 's/^ *//; s/^/# /'
	refused=$(event baton_migrate_refused "$cport") || return 1
	infuse=$(event baton_infuse "$cport") || return 1
	grep -q "reason=no listener" <<<"$refused" &&
		grep -q "result=no listener" <<<"$infuse" &&
		[ "$(cstat "refused no listener")" -eq $((before + 1)) ]
}
check "a refusal fires infuse and migrate_refused with the reason" \
	refusal_traced

trace_stop

# ---------------------------------------------------------------- monitor

# monitor_start N: "batonctl -j monitor count N" on the balancer, in the
# background, its output in $TMP/mon; returns once it has joined the
# group (its socket shows in the netlink table).
monitor_start()
{
	: >"$TMP/mon"
	ip netns exec "$NS_BAL" timeout 60 "$BATONCTL" -j monitor count "$1" \
		>"$TMP/mon" 2>"$TMP/mon.err" &
	MON=$!
	sleep 1
}

# monitor_check PYTHON: wait for the monitor, then run PYTHON on its
# events (a list of dicts, "ev").
monitor_check()
{
	local rc=0

	wait "$MON" || rc=1
	sed 's/^/# /' "$TMP/mon" "$TMP/mon.err"
	[ $rc = 0 ] && "$PYTHON" -I -S -c "
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
$1" "$TMP/mon"
}

conn_events()
{
	local cport

	monitor_start 3
	cport=$(curl_port "$PORT") || return 1
	! curl_port "$NOLISTEN" >/dev/null || return 1
	# the first connection's END follows within the host's scan (1 s)
	monitor_check "
by = {x['event']: x for x in ev}
m, r, e = by['migrated'], by['refused'], by['ended']
svc = '$VIP4:$PORT'
assert m['event'] == 'migrated' and m['service'] == svc, m
assert m['client'] == '$CLIENT4:$cport' and m['backend'] == '$HOST4', m
assert m['latency_ns'] > 0 and m['flow_id'] is not None, m
assert r['event'] == 'refused' and r['service'] == '$VIP4:$NOLISTEN', r
assert r['reason'] == 'no_listener' and r['backend'] == '$HOST4', r
assert e['event'] == 'ended' and e['flow_id'] == m['flow_id'], e
assert e['reason'] == 'closed' and e['backend'] == '$HOST4', e
"
}
check "monitor: migrated (with its latency), refused (with the reason), ended (same flow)" \
	conn_events

backend_events()
{
	monitor_start 4
	"$BATONCTL" -n "$NS_HOST1" migrator set port 0 &&
		wait_for 30 eval '! "$BATONCTL" -n "$NS_BAL" service show | grep -q " up "' &&
		"$BATONCTL" -n "$NS_HOST1" migrator set port "$CTL" || return 1
	monitor_check "
kinds = sorted((x['event'], x['service']) for x in ev)
want = sorted([('backend-down', '$VIP4:$PORT'), ('backend-down', '$VIP4:$NOLISTEN'),
               ('backend-up', '$VIP4:$PORT'), ('backend-up', '$VIP4:$NOLISTEN')])
assert kinds == want, kinds
assert all(x['backend'] == '$HOST4' and x['client'] is None for x in ev), ev
"
}
check "monitor: a host's channels down and up again: backend-down, backend-up" \
	backend_events

check "monitor, text: one line per event" \
	eval 'ip netns exec "$NS_BAL" timeout 60 "$BATONCTL" monitor count 1 >"$TMP/mon.txt" &
	      sleep 1; curl_port "$PORT" >/dev/null; wait $! &&
	      sed "s/^/# /" "$TMP/mon.txt" &&
	      grep -Eq "^migrated $VIP4:$PORT client $CLIENT4:[0-9]+ flow [0-9a-f]{8} backend $HOST4 latency [0-9]+\.[0-9]{3}ms$" "$TMP/mon.txt"'

unprivileged()
{
	local out

	if out=$(ip netns exec "$NS_BAL" setpriv --reuid=65534 --regid=65534 \
		--clear-groups timeout 10 "$BATONCTL" monitor count 1 2>&1); then
		echo "# it ran: $out"
		return 1
	fi
	echo "# $out"
	grep -q "CAP_NET_ADMIN" <<<"$out"
}
check "monitor: refused without CAP_NET_ADMIN (the events name clients)" \
	unprivileged

tap_exit
