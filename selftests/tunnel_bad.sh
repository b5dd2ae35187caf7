#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The tunnel against bad input and faults:
#  - truncated, garbage and bad-checksum TCP packets to the VIP and to
#    the host's tunnel address, tunnel packets with unknown flow IDs and
#    from non-forwarders: each is dropped where documented, with its
#    counter, and the mapped connections keep working;
#  - the tunnel leaves alone what is not its own: a connection from the
#    balancer's tunnel address to the host's ordinary address (the shape
#    of the control channel), one between the ordinary addresses, ICMP
#    and neighbour discovery on the tunnel address;
#  - a mapped packet with no route to its host or no tunnel address of
#    its family is dropped, counted and logged;
#  - deleting the host's or the balancer's namespace, and unloading
#    every module, while a transfer runs: no crash, no leak (the VM
#    harness fails the run on any splat or kmemleak report).

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tunnel_lib.sh"

require_vm
require_root
require_cmd modprobe rmmod socat nstat tc "$PYTHON"

SIZE=$((1024 * 1024))
PKT=$BATON_TOP/selftests/pkt.py

# pkt NS SRC DST SPORT DPORT KIND [COUNT]: hand-made packets from NS.
pkt()
{
	local ns=$1

	shift
	ip netns exec "$ns" "$PYTHON" -I -S "$PKT" "$@"
}

# delta NS "COUNTER" CMD...: print how much a batonctl counter moved
# while CMD ran.
delta()
{
	local ns=$1 name=$2 before

	shift 2
	before=$(bstat "$ns" "$name")
	"$@" >/dev/null || return 1
	sleep 0.3
	echo $(($(bstat "$ns" "$name") - before))
}

# expect_delta N NS "COUNTER" CMD...: the counter moved by exactly N.
expect_delta()
{
	local n=$1 got

	shift
	got=$(delta "$@") || return 1
	echo "# $2 moved by $got"
	[ "$got" = "$n" ]
}

# nstat_delta NS COUNTER CMD...: the same for a kernel SNMP counter.
nstat_value()
{
	ip netns exec "$1" nstat -asz "$2" | awk -v k="$2" '$1 == k { print $2 }'
}

expect_nstat()
{
	local n=$1 ns=$2 name=$3 before got

	shift 3
	before=$(nstat_value "$ns" "$name")
	"$@" >/dev/null || return 1
	sleep 0.3
	got=$(($(nstat_value "$ns" "$name") - before))
	echo "# $name moved by $got"
	[ "$got" = "$n" ]
}

# The ports carrying flow ID $1.
id_ports()
{
	echo "$(($1 >> 16)) $(($1 & 0xffff))"
}

# --------------------------------------------------- host tunnel address

ID=$((0x5d0e91b3))
ID_V6=$((0x2c44a817))
read -r ID_SP ID_DP <<<"$(id_ports "$ID")"
read -r ID6_SP ID6_DP <<<"$(id_ports "$ID_V6")"

garbage_counted()
{
	local before after

	before=$(($(bstat "$NS_HOST1" "dropped malformed") +
		  $(bstat "$NS_HOST1" "dropped unknown_flow")))
	pkt "$NS_BAL" "$BTUN4" "$HTUN4" 1 1 garbage 20 || return 1
	sleep 0.3
	after=$(($(bstat "$NS_HOST1" "dropped malformed") +
		 $(bstat "$NS_HOST1" "dropped unknown_flow")))
	echo "# malformed + unknown_flow moved by $((after - before))"
	[ $((after - before)) -eq 20 ]
}

flow_packets_unchanged()
{
	local before after

	before=$("$BATONCTL" -n "$NS_HOST1" -j flow get decap id "$ID" peer "$BTUN4")
	pkt "$NS_CLIENT" "$CLIENT4" "$HTUN4" "$ID_SP" "$ID_DP" syn 3 || return 1
	pkt "$NS_BAL" "$BAL4" "$HTUN4" "$ID_SP" "$ID_DP" syn 3 || return 1
	sleep 0.3
	after=$("$BATONCTL" -n "$NS_HOST1" -j flow get decap id "$ID" peer "$BTUN4")
	[ "$(grep -o '"packets":[0-9]*' <<<"$before")" = \
	  "$(grep -o '"packets":[0-9]*' <<<"$after")" ]
}

# An echo server on HOST_ADDR:PORT and a client from SRC: what goes
# back is what went in.
echo_works()
{
	local src=$1 dst=$2 port=$3 out

	ip netns exec "$NS_HOST1" timeout 90 socat -t 30 "TCP-LISTEN:$port,reuseaddr" EXEC:cat \
		>"$TMP/echo.log" 2>&1 &
	wait_listen "$NS_HOST1" "$port" 60 || return 1
	out=$(echo "baton-$port" | ip netns exec "$NS_BAL" timeout 60 \
		socat -t 30 - "TCP:$dst:$port,bind=$src,shut-down")
	wait
	echo "# got '$out'"
	[ "$out" = "baton-$port" ]
}

# ------------------------------------------------------------ balancer

client_syn_dropped()
{
	local reason=$1 fam=$2 cport=$3

	if [ "$fam" = 4 ]; then
		expect_delta 1 "$NS_BAL" "dropped $reason" \
			pkt "$NS_CLIENT" "$CLIENT4" "$VIP4" "$cport" 80 syn
	else
		expect_delta 1 "$NS_BAL" "dropped $reason" \
			pkt "$NS_CLIENT" "$CLIENT6" "$VIP6" "$cport" 80 syn
	fi
}

logged()
{
	ip netns exec "$NS_BAL" dmesg | grep -q "$1"
}

# --------------------------------------------------------------- faults

# slow_transfer: a transfer held to 4 Mbit/s by netem on the client, in
# the background; its socat's PID in SLOW_PID.
slow_transfer()
{
	local cport=$1 vport=$2

	tc -n "$NS_CLIENT" qdisc replace dev eth0 root netem rate 4mbit
	map 4 "$cport" "$vport" $((ID + cport)) || return 1
	ip netns exec "$NS_HOST1" socat -u "TCP-LISTEN:$vport,reuseaddr" \
		"CREATE:$TMP/slow.recv" >"$TMP/slow.log" 2>&1 &
	wait_listen "$NS_HOST1" "$vport" 60 || return 1
	head -c $((20 * 1024 * 1024)) /dev/zero >"$TMP/slow.bin"
	ip netns exec "$NS_CLIENT" timeout 60 socat -u "OPEN:$TMP/slow.bin" \
		"TCP4:$VIP4:$vport,sourceport=$cport" 2>/dev/null &
	SLOW_PID=$!
	# running: bytes are arriving through the tunnel
	wait_for 20 test -s "$TMP/slow.recv"
}

stop_slow()
{
	kill "$SLOW_PID" 2>/dev/null
	jobs -p | xargs -r kill 2>/dev/null
	wait 2>/dev/null
	rm -f "$TMP/slow.recv" "$TMP/slow.bin"
}

# -------------------------------------------------------------- the plan

if [ "${BATON_KERNEL:-}" = debug ]; then
	tap_plan 28
else
	tap_plan 29
fi

check "modules load" baton_load
head -c "$SIZE" /dev/urandom >"$TMP/up.bin"
head -c "$SIZE" /dev/urandom >"$TMP/down.bin"
if use_topo flat && map 4 40101 5101 "$ID" && map 6 40102 5102 "$ID_V6"; then
	tap_ok "flat topology, tunnel settings and mappings"
else
	tap_fail "flat topology, tunnel settings and mappings"
fi

# To the host's tunnel address
check "host: truncated TCP header from the forwarder: malformed" \
	expect_delta 1 "$NS_HOST1" "dropped malformed" \
	pkt "$NS_BAL" "$BTUN4" "$HTUN4" "$ID_SP" "$ID_DP" short
check "host: TCP data offset past the packet: malformed" \
	expect_delta 1 "$NS_HOST1" "dropped malformed" \
	pkt "$NS_BAL" "$BTUN4" "$HTUN4" "$ID_SP" "$ID_DP" doff
check "host: TCP data offset below 5: malformed" \
	expect_delta 1 "$NS_HOST1" "dropped malformed" \
	pkt "$NS_BAL" "$BTUN4" "$HTUN4" "$ID_SP" "$ID_DP" doff4
check "host: IPv6 truncated TCP header: malformed" \
	expect_delta 1 "$NS_HOST1" "dropped malformed" \
	pkt "$NS_BAL" "$BTUN6" "$HTUN6" "$ID6_SP" "$ID6_DP" short
check "host: 20 garbage packets: all malformed or unknown_flow" garbage_counted
check "host: unknown flow ID from the forwarder: unknown_flow" \
	expect_delta 2 "$NS_HOST1" "dropped unknown_flow" \
	pkt "$NS_BAL" "$BTUN4" "$HTUN4" 4242 4242 syn 2
check "host: IPv6 unknown flow ID from the forwarder: unknown_flow" \
	expect_delta 1 "$NS_HOST1" "dropped unknown_flow" \
	pkt "$NS_BAL" "$BTUN6" "$HTUN6" 4242 4242 syn

# unknown_held: with the migrator's control port open, the host holds
# such packets in case their blob is on the way (it may be slower than
# the tunnel); when none comes they are dropped as unknown_flow after
# the hold time (set to 15 s here, so that "not yet" holds even on the
# debug kernel; enforced every second).
unknown_held()
{
	local before now rc=0

	"$BATONCTL" -n "$NS_HOST1" migrator set port 7280 hold-time 15000 ||
		return 1
	before=$(bstat "$NS_HOST1" "dropped unknown_flow")
	pkt "$NS_BAL" "$BTUN4" "$HTUN4" 4243 4243 syn 2 >/dev/null || rc=1
	now=$(bstat "$NS_HOST1" "dropped unknown_flow")
	echo "# unknown_flow drops: $before before, $now at once"
	[ "$now" = "$before" ] || rc=1
	wait_for 30 eval '[ $(bstat "$NS_HOST1" "dropped unknown_flow") -eq $((before + 2)) ]' ||
		rc=1
	echo "# unknown_flow drops: $(bstat "$NS_HOST1" "dropped unknown_flow") later"
	"$BATONCTL" -n "$NS_HOST1" migrator set port 0 hold-time 2000
	return $rc
}

check "host: with the control port open, unknown flow IDs are held, then dropped: unknown_flow" \
	unknown_held
check "host: a valid flow ID from a non-forwarder: not_forwarder" \
	expect_delta 3 "$NS_HOST1" "dropped not_forwarder" \
	pkt "$NS_CLIENT" "$CLIENT4" "$HTUN4" "$ID_SP" "$ID_DP" syn 3
check "host: from the balancer's ordinary address: not_forwarder" \
	expect_delta 1 "$NS_HOST1" "dropped not_forwarder" \
	pkt "$NS_BAL" "$BAL4" "$HTUN4" "$ID_SP" "$ID_DP" syn
check "host: packets from strangers never touch the flow" flow_packets_unchanged
check "host: a bad TCP checksum survives the rewrite; the host's TCP drops it" \
	expect_nstat 1 "$NS_HOST1" TcpInCsumErrors \
	pkt "$NS_BAL" "$BTUN4" "$HTUN4" "$ID_SP" "$ID_DP" badsum

# To the VIP
check "VIP: truncated and garbage packets of a mapped tuple are not tunnelled" \
	expect_delta 0 "$NS_BAL" encapsulated eval \
	'pkt "$NS_CLIENT" "$CLIENT4" "$VIP4" 40101 5101 short 3 &&
	 pkt "$NS_CLIENT" "$CLIENT4" "$VIP4" 40101 5101 doff 3 &&
	 pkt "$NS_CLIENT" "$CLIENT6" "$VIP6" 40102 5102 doff4 3'
check "VIP: a bad checksum of a mapped tuple reaches the host's TCP, which drops it" \
	expect_nstat 1 "$NS_HOST1" TcpInCsumErrors \
	pkt "$NS_CLIENT" "$CLIENT4" "$VIP4" 40101 5101 badsum
check "the mapped IPv4 connection works after all of it" transfer 4 up 40101 5101
check "the mapped IPv6 connection works after all of it" transfer 6 down 40102 5102

# Not the tunnel's
check "balancer tunnel address -> host ordinary address: untouched (control channel shape)" \
	echo_works "$BTUN4" "$HOST4" 7001
check "balancer ordinary address -> host ordinary address: untouched" \
	echo_works "$BAL4" "$HOST4" 7002
check "ICMP and IPv6 neighbour discovery to the tunnel address work" \
	eval 'ip netns exec "$NS_BAL" ping -q -c1 -W2 "$HTUN4" &&
	      ip netns exec "$NS_BAL" ping -q -c1 -W2 "$HTUN6"'

# Unusable mappings on the balancer
trace_start || echo "# no tracefs: the baton_encap_drop check below fails"
check "balancer: a flow to an unroutable host is dropped: no_route" \
	eval '"$BATONCTL" -n "$NS_BAL" flow add encap "$CLIENT4:40103" "$VIP4:80" peer 203.0.113.200 &&
	      client_syn_dropped no_route 4 40103'
check "balancer: the drop is logged" logged "dropped: no route to host"
# encap_drop_traced: the tracepoint saw that drop, with its flow ID.
encap_drop_traced()
{
	local id

	id=$("$BATONCTL" -n "$NS_BAL" -j flow get encap "$CLIENT4:40103" "$VIP4:80" |
		"$PYTHON" -I -S -c 'import json, sys; print("%08x" % json.load(sys.stdin)["id"])')
	trace_stop
	trace_events | sed 's/^ *//; s/^/# /'
	trace_events | grep -q "baton_encap_drop: id=$id host=::ffff:203.0.113.200 reason=no_route err="
}
check "balancer: the drop fires the baton_encap_drop tracepoint" encap_drop_traced
check "balancer: an IPv6 flow without an IPv6 tunnel address: no_local_addr" \
	eval '"$BATONCTL" -n "$NS_BAL" flow add encap "[$CLIENT6]:40104" "[$VIP6]:80" peer "$HTUN6" &&
	      "$BATONCTL" -n "$NS_BAL" tunnel set local :: &&
	      client_syn_dropped no_local_addr 6 40104'

# Faults during transfers
if slow_transfer 40201 5201; then
	ns_del "$NS_HOST1"
	sleep 2
	stop_slow
	check "host namespace deleted during a transfer: the balancer carries on" \
		eval '"$BATONCTL" -n "$NS_BAL" stats >/dev/null &&
		      "$BATONCTL" -n "$NS_BAL" flow get encap id $((ID + 40201)) >/dev/null'
else
	tap_fail "host namespace deleted during a transfer: transfer started"
	stop_slow
fi

# Not on the debug kernel, where each topology costs a minute or two:
# the host's namespace deleted above takes the same path through the
# table and the hooks on the way out.
if [ "${BATON_KERNEL:-}" = debug ]; then
	echo "# debug kernel: the balancer's namespace deletion runs on the stock kernel only"
elif use_topo flat && slow_transfer 40202 5202; then
	ns_del "$NS_BAL"
	sleep 2
	stop_slow
	check "balancer namespace deleted during a transfer: the host carries on" \
		"$BATONCTL" -n "$NS_HOST1" flow get decap id $((ID + 40202)) peer "$BTUN4"
else
	tap_fail "balancer namespace deleted during a transfer: transfer started"
	stop_slow
fi

if use_topo flat && slow_transfer 40203 5203; then
	check "every module unloads during a transfer" baton_unload
	stop_slow
	check "no baton module is left" \
		eval '! grep -q "^baton_" /proc/modules'
else
	tap_fail "every module unloads during a transfer: transfer started"
	tap_fail "no baton module is left"
	stop_slow
fi

tap_exit
