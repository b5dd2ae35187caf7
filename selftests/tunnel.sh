#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The zero-overhead flow-ID tunnel end to end, with mappings made by
# batonctl (baton as an L4 direct-server-return balancer):
#  - flat and routed topologies, IPv4 and IPv6: the client's connection to
#    VIP:port reaches an ordinary server (socat) on a host through the
#    tunnel, 10 MiB each way arrive byte-exact, and the host's replies do
#    not pass the balancer;
#  - a capture on the balancer proves the wire format: tunnelled packets
#    go from the balancer's tunnel address to the host's, carry the flow
#    ID in their ports and are exactly as long as the client's;
#  - the client's packets as veth delivers them (GSO, CHECKSUM_PARTIAL),
#    as MTU-sized segments, and merged by GRO on the balancer, all
#    arrive intact;
#  - the counters, and the flows' own counters, follow.
#
# The addresses are those of tunnel_lib.sh.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tunnel_lib.sh"

require_vm
require_root
require_cmd modprobe socat tcpdump sha256sum ethtool

# 10 MiB each way on the stock kernel, in both topologies.  The debug
# kernel (KASAN and lockdep under TCG) moves bytes about ten times
# slower; there the same transfers look for splats and leaks with 1 MiB
# each, in the flat topology only (the routed one adds a router, not
# another path through baton) and without the captures (tcpdump checks
# the bytes on the wire, which the stock run does).
if [ "${BATON_KERNEL:-}" = debug ]; then
	SIZE=$((1024 * 1024)) SIZE_NAME="1 MiB" ROUTED=0 CAPTURE=0
else
	SIZE=$((10 * 1024 * 1024)) SIZE_NAME="10 MiB" ROUTED=1 CAPTURE=1
fi

counters_follow()
{
	local enc dec fp_enc fp_dec

	enc=$(bstat "$NS_BAL" encapsulated)
	dec=$(bstat "$NS_HOST1" decapsulated)
	fp_enc=$("$BATONCTL" -n "$NS_BAL" -j flow show encap | grep -o '"packets":[0-9]*' |
		 cut -d: -f2 | paste -sd+ | bc)
	fp_dec=$("$BATONCTL" -n "$NS_HOST1" -j flow show decap | grep -o '"packets":[0-9]*' |
		 cut -d: -f2 | paste -sd+ | bc)
	echo "# encapsulated $enc (flows $fp_enc), decapsulated $dec (flows $fp_dec)"
	# at least the two uploads, in packets of at most 64 KiB
	[ "$enc" -ge $((2 * SIZE / 65536)) ] && [ "$enc" = "$fp_enc" ] &&
		[ "$dec" = "$fp_dec" ] && [ "$dec" -le "$enc" ] &&
		[ "$dec" -gt $((enc * 9 / 10)) ]
}

# ------------------------------------------------------------ capture

# capture_start: tunnelled and client packets seen by the balancer, up
# to 600 of them, headers only.
capture_start()
{
	ip netns exec "$NS_BAL" tcpdump -i eth0 -p -nn -U -s 128 -c 600 \
		-w "$TMP/cap.pcap" "tcp" 2>"$TMP/cap.err" &
	CAP_PID=$!
	wait_for 10 grep -q "listening on" "$TMP/cap.err"
}

# capture_wire_format FAMILY CPORT VPORT ID: in the capture, every
# tunnelled packet goes BTUN.(ID>>16) > HTUN.(ID&0xffff), and has the
# same IP length, sequence, acknowledgement and flags as a client packet
# CLIENT.CPORT > VIP.VPORT.
capture_wire_format()
{
	local fam=$1 cport=$2 vport=$3 id=$4 client vip btun htun
	local tsport=$(($4 >> 16)) tdport=$(($4 & 0xffff))

	# tcpdump stops after its 600 packets, or is stopped here
	wait_for 20 eval '! kill -0 $CAP_PID'
	kill "$CAP_PID" 2>/dev/null
	if [ "$fam" = 4 ]; then
		client=$CLIENT4 vip=$VIP4 btun=$BTUN4 htun=$HTUN4
	else
		client=$CLIENT6 vip=$VIP6 btun=$BTUN6 htun=$HTUN6
	fi
	tcpdump -r "$TMP/cap.pcap" -nn -S -v 2>/dev/null | awk \
		-v c="$client.$cport" -v v="$vip.$vport" \
		-v b="$btun.$tsport" -v h="$htun.$tdport" -v fam="$fam" '
		# IPv4: "IP (... length L)" then "    a.p > b.q: Flags ..., seq S, ack A"
		# IPv6: "IP6 (... payload length: P) a.p > b.q: Flags ..."
		fam == 4 && /^[0-9].* IP \(/ {
			match($0, /length [0-9]+\)/)
			len = substr($0, RSTART + 7, RLENGTH - 8); next
		}
		fam == 6 && /IP6 \(/ {
			match($0, /payload length: [0-9]+\)/)
			len = substr($0, RSTART + 16, RLENGTH - 17)
			sub(/.*\) /, "")
		}
		/ > / && /Flags/ {
			src = $1; dst = $3; sub(/:$/, "", dst)
			flags = $0; sub(/.*Flags \[/, "", flags); sub(/\].*/, "", flags)
			seq = ""; if (match($0, /seq [0-9:]+/)) seq = substr($0, RSTART, RLENGTH)
			ack = ""; if (match($0, /ack [0-9]+/)) ack = substr($0, RSTART, RLENGTH)
			key = len " " flags " " seq " " ack
			if (src == c && dst == v) client[key]++
			else if (src == b && dst == h) { tun[key]++; ntun++ }
			else if (index(src, b ".") == 1 || index(dst, h ".") == 1) bad++
			else if (src == v) back++
		}
		END {
			for (k in tun) if (client[k] < tun[k]) { miss++; if (miss < 4) print "# no client packet like tunnelled " k }
			printf "# tunnelled %d packets, %d unmatched, %d with other ports, %d replies via balancer\n", ntun, miss, bad, back
			exit !(ntun >= 10 && miss == 0 && bad == 0 && back == 0)
		}'
}

# ------------------------------------------------------------- suites

# transfers TOPO: the whole transfer set in one topology.
transfers()
{
	local t=$1

	# Not through check: the topology's variables must outlive it.
	if use_topo "$t"; then
		tap_ok "$t: topology and tunnel settings"
	else
		tap_fail "$t: topology and tunnel settings"
	fi
	check "$t: IPv4 mapping on both sides" map 4 40001 5001 "$ID4"
	check "$t: IPv6 mapping on both sides" map 6 40002 5002 "$ID6"
	# The downloads are other connections, with other flow IDs.
	check "$t: download mappings" \
		eval 'map 4 40011 5011 $((ID4 + 1)) && map 6 40012 5012 $((ID6 + 1))'

	if [ "$t" = flat ] && [ "$CAPTURE" = 1 ]; then
		capture_start
	fi
	check "$t: IPv4 $SIZE_NAME client -> host arrive byte-exact" transfer 4 up 40001 5001
	if [ "$t" = flat ] && [ "$CAPTURE" = 1 ]; then
		check "$t: capture: IPv4 flow ID in the ports, balancer/host addresses, same lengths" \
			capture_wire_format 4 40001 5001 "$ID4"
		capture_start
	fi
	check "$t: IPv6 $SIZE_NAME client -> host arrive byte-exact" transfer 6 up 40002 5002
	if [ "$t" = flat ] && [ "$CAPTURE" = 1 ]; then
		check "$t: capture: IPv6 flow ID in the ports, balancer/host addresses, same lengths" \
			capture_wire_format 6 40002 5002 "$ID6"
	fi
	check "$t: IPv4 $SIZE_NAME host -> client, replies bypass the balancer" \
		transfer 4 down 40011 5011
	check "$t: IPv6 $SIZE_NAME host -> client, replies bypass the balancer" \
		transfer 6 down 40012 5012
	check "$t: encap/decap counters and flow counters agree" counters_follow
}

# segments_transfer CPORT VPORT: with TSO and GSO off on the client, it
# sends MTU-sized segments, as a client behind a real NIC does; veth
# would otherwise hand the balancer the client's unsegmented GSO packets.
# Prints the packets encapsulated for it.
segments_transfer()
{
	local before

	ip netns exec "$NS_CLIENT" ethtool -K eth0 tso off gso off || return 1
	map 4 "$1" "$2" $((ID4 + $1)) || return 1
	before=$(bstat "$NS_BAL" encapsulated)
	transfer 4 up "$1" "$2" || return 1
	echo "# $(($(bstat "$NS_BAL" encapsulated) - before)) packets encapsulated for $SIZE bytes ($((SIZE / 1448)) segments)"
}

# encap_count OUTPUT: the count segments_transfer printed.
encap_count()
{
	sed -n 's/^# \([0-9]*\) packets encapsulated.*/\1/p' <<<"$1"
}

mtu_segments()
{
	local out n

	out=$(segments_transfer 40021 5021) || { echo "$out"; return 1; }
	echo "$out"
	n=$(encap_count "$out")
	[ "$n" -ge $((SIZE / 1448)) ]
}

# GRO on the balancer's ingress merges the client's segments into GSO
# packets: the hooks rewrite them whole, and they stay whole to the host.
gro_segments()
{
	local out n

	# veth does GRO only for a sender without TSO: the bridge port
	ip netns exec "$NS_SW" ethtool -K p-b tso off &&
		ip netns exec "$NS_BAL" ethtool -K eth0 gro on || return 1
	out=$(segments_transfer 40022 5022) || { echo "$out"; return 1; }
	echo "$out"
	n=$(encap_count "$out")
	# fewer packets than segments: GRO did merge them
	[ "$n" -lt $((SIZE / 1448)) ]
}

tap_plan $((ROUTED ? 24 : 13))

check "modules load" baton_load
head -c "$SIZE" /dev/urandom >"$TMP/up.bin"
head -c "$SIZE" /dev/urandom >"$TMP/down.bin"

transfers flat
check "flat: MTU-sized client segments are tunnelled byte-exact" mtu_segments
check "flat: GRO-merged client segments are tunnelled byte-exact" gro_segments
check "flat: no packet was dropped by the datapath" \
	eval '[ "$(bstat "$NS_BAL" "dropped no_route")" = 0 ] &&
	      [ "$(bstat "$NS_HOST1" "dropped unknown_flow")" = 0 ] &&
	      [ "$(bstat "$NS_HOST1" "dropped malformed")" = 0 ]'
if [ "$ROUTED" = 1 ]; then
	transfers routed
else
	echo "# debug kernel: the routed topology runs on the stock kernel only"
fi

tap_exit
