#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared by the tunnel suites (source it after lib.sh): a topology with
# tunnel settings, mappings on both sides, counters, socat servers and
# checked transfers.
#
# Tunnel addresses: the balancer sends from .3 (::3) of its subnet, host1
# receives on .111 (::111) of its own.  The balancer's and the host's
# ordinary addresses stay outside the tunnel.

TMP=$(mktemp -d)
# The test helpers use the standard library only: they run with -I -S,
# which skips site-packages and saves seconds per start on the debug
# kernel (every file Python opens at start crosses 9p).
PYTHON=${PYTHON:-/usr/bin/python3}

cleanup_extra()
{
	jobs -p | xargs -r kill 2>/dev/null
	rm -rf "$TMP"
	cleanup_namespaces
	baton_unload 2>/dev/null
}

# The flow IDs: high half in sport, low half in dport.
ID4=$((0x4a7c1d05))
ID6=$((0x6b3e2f90))

# use_topo flat|routed: build it and set the address variables.  The
# mappings of a suite are made up front and some wait minutes for their
# first packet on a slow run: an hour of idle timeout keeps the
# collector (300 s by default) from taking them.
use_topo()
{
	TOPO=$1
	cleanup_namespaces
	if [ "$TOPO" = flat ]; then
		topo_flat || return 1
		BAL_NET4=$FLAT_NET4 BAL_NET6=$FLAT_NET6
		HOST_NET4=$FLAT_NET4 HOST_NET6=$FLAT_NET6
		CLIENT4=$FLAT_NET4.1 CLIENT6=${FLAT_NET6}:1
		BAL4=$FLAT_NET4.2 HOST4=$FLAT_NET4.11 HOST6=${FLAT_NET6}:11
	else
		topo_routed || return 1
		BAL_NET4=$R_BAL4 BAL_NET6=$R_BAL6
		HOST_NET4=$R_HOST4 HOST_NET6=$R_HOST6
		CLIENT4=$R_CLIENT4.1 CLIENT6=${R_CLIENT6}:1
		BAL4=$R_BAL4.1 HOST4=$R_HOST4.11 HOST6=${R_HOST6}:11
	fi
	BTUN4=$BAL_NET4.3 BTUN6=${BAL_NET6}:3
	HTUN4=$HOST_NET4.111 HTUN6=${HOST_NET6}:111
	addr "$NS_BAL" eth0 "$BTUN4/24" "$BTUN6/64" &&
		addr "$NS_HOST1" eth0 "$HTUN4/24" "$HTUN6/64" &&
		"$BATONCTL" -n "$NS_BAL" tunnel set local "$BTUN4" local "$BTUN6" \
			timeout 3600 &&
		"$BATONCTL" -n "$NS_HOST1" tunnel set local "$HTUN4" local "$HTUN6" \
			forwarder add "$BTUN4" forwarder add "$BTUN6" timeout 3600
}

# map FAMILY CPORT VPORT ID: the flow on both sides.
map()
{
	local client vip btun htun

	if [ "$1" = 4 ]; then
		client=$CLIENT4:$2 vip=$VIP4:$3 btun=$BTUN4 htun=$HTUN4
	else
		client=[$CLIENT6]:$2 vip=[$VIP6]:$3 btun=$BTUN6 htun=$HTUN6
	fi
	"$BATONCTL" -n "$NS_BAL" flow add encap "$client" "$vip" peer "$htun" id "$4" &&
		"$BATONCTL" -n "$NS_HOST1" flow add decap "$client" "$vip" peer "$btun" id "$4"
}

# bstat NS NAME: one counter of batonctl stats (e.g. encapsulated,
# "dropped malformed").
bstat()
{
	"$BATONCTL" -n "$1" stats | awk -v k="$2" '
		{ v = $NF; $NF = ""; sub(/ +$/, ""); if ($0 == k) print v }'
}

rx_tx_bytes()
{
	ip -n "$1" -s link show "$2" | awk '/RX:/ { getline; rx = $1 } /TX:/ { getline; tx = $1 } END { print rx + tx }'
}

# serve FAMILY PORT up|down: a socat server on the host, in the
# background: "up" stores what it receives, "down" sends down.bin.  Its
# output goes to a file: a background job holding the test's output
# pipe would keep check waiting.
serve()
{
	local pf=ip$1

	if [ "$3" = up ]; then
		ip netns exec "$NS_HOST1" socat -u \
			"TCP-LISTEN:$2,reuseaddr,pf=$pf" "CREATE:$TMP/up.recv" \
			>>"$TMP/server.log" 2>&1 &
	else
		ip netns exec "$NS_HOST1" socat -u "OPEN:$TMP/down.bin" \
			"TCP-LISTEN:$2,reuseaddr,pf=$pf" >>"$TMP/server.log" 2>&1 &
	fi
	SERVER_PID=$!
	# a cold socat takes its time on the debug kernel
	wait_listen "$NS_HOST1" "$2" 60
}

# client_addr FAMILY PORT: the socat address of VIP:PORT.
client_addr()
{
	if [ "$1" = 4 ]; then
		echo "TCP4:$VIP4:$2"
	else
		echo "TCP6:[$VIP6]:$2"
	fi
}

# transfer FAMILY up|down CPORT VPORT: $TMP/up.bin or $TMP/down.bin
# ($SIZE bytes) through the tunnel, then compare checksums.  Also checks
# that replies bypassed the balancer: during a download the balancer's
# link carries only the client's ACKs.
_transfer()
{
	local fam=$1 dir=$2 cport=$3 vport=$4 before after
	local peer

	peer=$(client_addr "$fam" "$vport"),sourceport=$cport
	serve "$fam" "$vport" "$dir" || return 1
	before=$(rx_tx_bytes "$NS_BAL" eth0)
	if [ "$dir" = up ]; then
		rm -f "$TMP/up.recv"
		ip netns exec "$NS_CLIENT" timeout 120 socat -u \
			"OPEN:$TMP/up.bin" "$peer" || return 1
		wait "$SERVER_PID"
		cmp "$TMP/up.bin" "$TMP/up.recv" || return 1
		sha256sum "$TMP/up.bin" "$TMP/up.recv" | sed 's/^/# /'
	else
		ip netns exec "$NS_CLIENT" timeout 120 socat -u \
			"$peer" "CREATE:$TMP/down.recv" || return 1
		wait "$SERVER_PID"
		cmp "$TMP/down.bin" "$TMP/down.recv" || return 1
		sha256sum "$TMP/down.bin" "$TMP/down.recv" | sed 's/^/# /'
		after=$(rx_tx_bytes "$NS_BAL" eth0)
		echo "# balancer eth0 carried $((after - before)) bytes for a $SIZE-byte download"
		[ $((after - before)) -lt $((SIZE / 4)) ] || return 1
	fi
}

transfer()
{
	local rc

	_transfer "$@"
	rc=$?
	# a failed client must not leave its server behind
	kill "$SERVER_PID" 2>/dev/null
	return $rc
}

