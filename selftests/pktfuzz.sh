#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The packet fuzzer (pktfuzz.py) against the three places baton reads
# packets, while real connections run through them:
#
#  - the forwarder: mutated packets of a mapped client tuple to the VIP
#    (any flags, TCP and IP options, IPv6 extension headers, fragments,
#    bad lengths and checksums), which it tunnels or leaves alone;
#  - the classifier's listener: random packets to a service's VIP:port
#    from random ports;
#  - the host hook: packets from the forwarder's tunnel address to the
#    host's, with the mapped flow ID and with random ones, and the same
#    from a client, which is no forwarder.
#
# IPv4 and IPv6.  A download started before the fuzzing runs through
# the tunnel (the suite says whether it was still running when the
# fuzzing ended), and it must arrive byte for byte; afterwards a new handoff still works, the
# host's drop counters have moved, and the modules unload.  The VM
# harness fails the run on any splat or leak.  BATON_SEED fixes the
# seed; the debug kernel sends fewer packets.

source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/tunnel_lib.sh"

require_vm
require_root
require_cmd modprobe rmmod socat curl "$PYTHON"

FUZZ=$BATON_TOP/selftests/pktfuzz.py
HERE=$(cd "$(dirname "$0")" && pwd)
SEED=${BATON_SEED:-$(date +%s)}
if [ "${BATON_KERNEL:-}" = debug ]; then
	N=1500 SIZE=$((1024 * 1024))
else
	N=6000 SIZE=$((8 * 1024 * 1024))
fi
FPORT=5001	# the fuzzed mapping
DPORT=5002	# the download's
WEB=8080	# the handoff service
CTL=7280

fuzz()
{
	local ns=$1

	shift
	ip netns exec "$ns" "$PYTHON" -I -S "$FUZZ" "$@"
}

# id_ports ID: the ports carrying flow ID ID.
id_ports()
{
	echo "$(($1 >> 16)) $(($1 & 0xffff))"
}

baton_load || skip_all "cannot load the baton modules"
use_topo flat || skip_all "cannot build the flat topology"
echo "# seed $SEED, $N packets a run"
head -c "$SIZE" /dev/urandom >"$TMP/down.bin"
mkdir -p "$TMP/www"
head -c 100000 /dev/urandom >"$TMP/www/page"

setup()
{
	map 4 40001 $FPORT $ID4 && map 6 40001 $FPORT $ID6 &&
		map 4 40002 $DPORT $((ID4 + 1)) &&
		"$BATONCTL" -n "$NS_HOST1" migrator set port "$CTL" &&
		"$BATONCTL" -n "$NS_BAL" service add "$VIP4:$WEB" &&
		"$BATONCTL" -n "$NS_BAL" backend add "$VIP4:$WEB" "$HOST4" &&
		"$BATONCTL" -n "$NS_BAL" service add "[$VIP6]:$WEB" &&
		"$BATONCTL" -n "$NS_BAL" backend add "[$VIP6]:$WEB" "$HOST6" ||
		return 1
	ip netns exec "$NS_HOST1" "$PYTHON" -I -S "$HERE/httpd.py" "$TMP/www" \
		"$WEB" >"$TMP/httpd.log" 2>&1 &
	wait_listen "$NS_HOST1" "$WEB" 60 &&
		wait_for 60 eval '[ "$("$BATONCTL" -n "$NS_BAL" service show | grep -c " up ")" -ge 2 ]'
}
check "mappings, a service of each family and its server" setup

# The download, in the background for the whole fuzzing.
serve 4 $DPORT down || tap_fail "download server"
ip netns exec "$NS_CLIENT" timeout 600 socat -u \
	"$(client_addr 4 $DPORT),sourceport=40002" "CREATE:$TMP/down.recv" \
	>"$TMP/download.log" 2>&1 &
DL=$!

d0=$(($(bstat "$NS_HOST1" "dropped malformed") + $(bstat "$NS_HOST1" "dropped unknown_flow") +
      $(bstat "$NS_HOST1" "dropped not_forwarder")))
e0=$(bstat "$NS_BAL" encapsulated)

# one run: fuzz NS SRC DST SPORT DPORT; passes when the packets went
one()
{
	local out

	out=$(fuzz "$@" "$N" "$SEED") || return 1
	echo "# $out"
	[ "${out#sent }" != "$out" ] && [ "$(awk '{ print $2 }' <<<"$out")" -gt 0 ]
}

read -r SP4 DP4 <<<"$(id_ports $ID4)"
read -r SP6 DP6 <<<"$(id_ports $ID6)"
check "forwarder, IPv4: mutated packets of a mapped tuple" \
	one "$NS_CLIENT" "$CLIENT4" "$VIP4" 40001 $FPORT
check "forwarder, IPv6: mutated packets of a mapped tuple" \
	one "$NS_CLIENT" "$CLIENT6" "$VIP6" 40001 $FPORT
check "listener, IPv4: random packets to the service" \
	one "$NS_CLIENT" "$CLIENT4" "$VIP4" any $WEB
check "listener, IPv6: random packets to the service" \
	one "$NS_CLIENT" "$CLIENT6" "$VIP6" any $WEB
check "host hook, IPv4: the mapped flow ID from the forwarder" \
	one "$NS_BAL" "$BTUN4" "$HTUN4" "$SP4" "$DP4"
check "host hook, IPv6: the mapped flow ID from the forwarder" \
	one "$NS_BAL" "$BTUN6" "$HTUN6" "$SP6" "$DP6"
check "host hook, IPv4: random flow IDs from the forwarder" \
	one "$NS_BAL" "$BTUN4" "$HTUN4" any any
check "host hook, IPv6: random flow IDs from a client, no forwarder" \
	one "$NS_CLIENT" "$CLIENT6" "$HTUN6" any any

download_done()
{
	if kill -0 "$DL" 2>/dev/null; then
		echo "# the download ran through all the fuzzing"
	else
		echo "# the download ended during the fuzzing"
	fi
	wait "$DL" || { cat "$TMP/download.log"; return 1; }
	wait "$SERVER_PID"
	cmp "$TMP/down.bin" "$TMP/down.recv" || return 1
	sha256sum "$TMP/down.bin" "$TMP/down.recv" | sed 's/^/# /'
}
check "the download through the tunnel arrived byte for byte" download_done

counted()
{
	local d e

	d=$(($(bstat "$NS_HOST1" "dropped malformed") + $(bstat "$NS_HOST1" "dropped unknown_flow") +
	     $(bstat "$NS_HOST1" "dropped not_forwarder") - d0))
	e=$(($(bstat "$NS_BAL" encapsulated) - e0))
	echo "# host drops (malformed, unknown_flow, not_forwarder): $d; encapsulated: $e"
	"$BATONCTL" -n "$NS_HOST1" stats | grep dropped | sed 's/^/#   host /'
	[ "$d" -gt 0 ] && [ "$e" -gt 0 ]
}
check "the forwarder tunnelled, the host hook dropped and counted" counted

handoff()
{
	local fam=$1 url got

	if [ "$fam" = 4 ]; then url=http://$VIP4:$WEB/page; else url=http://[$VIP6]:$WEB/page; fi
	ip netns exec "$NS_CLIENT" timeout 60 curl -sS -o "$TMP/page.$fam" "$url" &&
		cmp "$TMP/page.$fam" "$TMP/www/page"
}
check "afterwards a handoff still works (IPv4)" handoff 4
check "afterwards a handoff still works (IPv6)" handoff 6

unload()
{
	jobs -p | xargs -r kill 2>/dev/null
	wait 2>/dev/null
	cleanup_namespaces
	baton_unload
}
check "the namespaces go and the modules unload" unload

tap_exit
