#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The baton_tunnel control plane through batonctl: flows on both sides
# (add, show, get, del, a dump of several messages), the table limit,
# tunnel settings, counters, attribute validation with extended ACK
# messages, and the permission checks.

source "$(dirname "$0")/lib.sh"

require_vm
require_root
require_cmd modprobe rmmod ip setpriv unshare

NS=flows-$BATON_NS_SUFFIX
NS_FULL=flows-full-$BATON_NS_SUFFIX
NS_TORN=flows-torn-$BATON_NS_SUFFIX
TMP=$(mktemp -d)

# Enough flows that a dump cannot fit one 32 KiB netlink message.
DUMP_FLOWS=300

cleanup_extra()
{
	rm -rf "$TMP"
	baton_unload 2>/dev/null
}

# bc ARGS...: batonctl in $NS; stdout in $TMP/out, stderr in $TMP/err.
bc()
{
	"$BATONCTL" -n "$NS" "$@" >"$TMP/out" 2>"$TMP/err"
}

# bcf ARGS...: the same in $NS_FULL.
bcf()
{
	"$BATONCTL" -n "$NS_FULL" "$@" >"$TMP/out" 2>"$TMP/err"
}

# fails_with RC PATTERN bc|bcf ARGS...: batonctl exits RC and says
# PATTERN on stderr.
fails_with()
{
	local rc=$1 pattern=$2

	shift 2
	"$@"
	local got=$?
	cat "$TMP/err"
	[ "$got" -eq "$rc" ] && grep -q -- "$pattern" "$TMP/err"
}

out_has()
{
	grep -q -- "$1" "$TMP/out" || { cat "$TMP/out"; return 1; }
}

# check runs each test in a subshell: state between tests goes in $TMP.
alloc_id()
{
	cat "$TMP/alloc_id"
}

# json_id: the "id" of the flow batonctl -j printed last.
json_id()
{
	sed -n 's/.*"id":\([0-9]*\).*/\1/p' "$TMP/out"
}

add_v4_alloc()
{
	bc -j flow add encap 192.0.2.11:40001 "$VIP4:80" peer 203.0.113.2 &&
		json_id >"$TMP/alloc_id" && [ -s "$TMP/alloc_id" ] &&
		[ "$(cat "$TMP/alloc_id")" != 0 ] &&
		out_has '"side":"encap"' && out_has '"state":"active"'
}

show_human()
{
	bc flow show || return 1
	cat "$TMP/out"
	head -n1 "$TMP/out" | grep -q '^SIDE  *CLIENT  *VIP  *PEER  *ID  *STATE' &&
		[ "$(wc -l <"$TMP/out")" -eq 6 ] &&
		out_has "^encap  *192.0.2.10:40000  *$VIP4:80  *203.0.113.1  *1000  *active" &&
		out_has "^decap  *\[2001:db8:1::10\]:40002  *\[$VIP6\]:443  *2001:db8:2::1  *77 "
}

show_json()
{
	bc -j flow show || return 1
	[ "$(grep -o '"side":"encap"' "$TMP/out" | wc -l)" -eq 3 ] &&
		[ "$(grep -o '"side":"decap"' "$TMP/out" | wc -l)" -eq 2 ] &&
		out_has '^\[{' && out_has '}\]$' &&
		out_has '"client":"2001:db8:1::10","client_port":40002' &&
		out_has '"peer":"198.51.100.1","id":1000,"state":"active"'
}

show_one_side()
{
	bc -j flow show decap || return 1
	[ "$(grep -o '"side":"encap"' "$TMP/out" | wc -l)" -eq 0 ] &&
		[ "$(grep -o '"side":"decap"' "$TMP/out" | wc -l)" -eq 2 ]
}

get_by_id()
{
	bc -j flow get encap id "$(alloc_id)" &&
		out_has '"client":"192.0.2.11","client_port":40001' &&
		bc flow get decap id 77 peer 2001:db8:2::1 &&
		out_has '^decap .*\[2001:db8:1::10\]:40002'
}

get_by_tuple()
{
	bc -j flow get encap "[2001:db8:1::10]:40002" "[$VIP6]:443" &&
		out_has '"peer":"2001:db8:3::1"'
}

del_flows()
{
	bc flow del encap id "$(alloc_id)" &&
		bc flow del decap 192.0.2.10:40000 "$VIP4:80" &&
		bc flow del decap id 77 peer 2001:db8:2::1 &&
		bc -j flow show && [ "$(grep -o '"id"' "$TMP/out" | wc -l)" -eq 2 ]
}

# One batonctl for them all: a process per flow takes minutes under TCG.
add_many()
{
	local i

	for i in $(seq 1 "$DUMP_FLOWS"); do
		echo "flow add encap 192.0.2.$((i % 200 + 20)):$((20000 + i)) $VIP4:80 peer 203.0.113.3"
	done >"$TMP/batch"
	bc -b "$TMP/batch"
}

dump_many()
{
	local n datagrams

	BATONCTL_DEBUG=1 bc -j flow show encap || return 1
	n=$(grep -o '"side":"encap"' "$TMP/out" | wc -l)
	datagrams=$(sed -n 's/.* in \([0-9]*\) datagrams$/\1/p' "$TMP/err")
	echo "flows $n, datagrams $datagrams"
	# every flow once: 300 + the two left from before
	[ "$n" -eq $((DUMP_FLOWS + 2)) ] && [ "${datagrams:-0}" -ge 3 ] &&
		[ "$(grep -o '"id":[0-9]*' "$TMP/out" | sort -u | wc -l)" -eq "$n" ]
}

stats_sizes()
{
	bc stats || return 1
	cat "$TMP/out"
	out_has "^encap flows  *$((DUMP_FLOWS + 2))/65536$" &&
		out_has '^decap flows  *0/65536$' && out_has '^dropped table_full  *0$'
}

fill_table()
{
	local i

	bcf tunnel set max-flows 10 || return 1
	for i in $(seq 1 10); do
		echo "flow add encap 192.0.2.50:$((30000 + i)) $VIP4:80 peer 203.0.113.4"
	done >"$TMP/batch"
	bcf -b "$TMP/batch"
}

full_stats()
{
	bcf stats || return 1
	cat "$TMP/out"
	out_has '^encap flows  *10/10$' && out_has '^dropped table_full  *1$' &&
		bcf -j stats &&
		out_has '"table_full":1' && out_has '"encap_flows":10,"encap_max_flows":10'
}

tunnel_settings()
{
	bc tunnel set local 192.0.2.1 local 2001:db8:2::100 forwarder add 198.51.100.1 \
		forwarder add 2001:db8:2::1 timeout 3600 || return 1
	bc tunnel show || return 1
	cat "$TMP/out"
	out_has '^local4  *192.0.2.1$' && out_has '^local6  *2001:db8:2::100$' &&
		out_has '^forwarders  *198.51.100.1 2001:db8:2::1$' &&
		out_has '^timeout  *encap 3600s  decap 3600s$' &&
		bc tunnel set forwarder del 198.51.100.1 local 0.0.0.0 &&
		bc -j tunnel show &&
		out_has '"local4":null,"local6":"2001:db8:2::100","forwarders":\["2001:db8:2::1"\]' &&
		out_has '"encap":{"max_flows":65536,"timeout":3600}'
}

# A dump that meets concurrent inserts and deletes must say so: the
# kernel flags it NLM_F_DUMP_INTR and batonctl fails with a message
# rather than print a torn table.  The churn runs in the background and
# each dump spans several messages, so within a few dumps one overlaps.
torn_dump()
{
	local i churn rc

	for i in $(seq 1 "$DUMP_FLOWS"); do
		echo "flow add encap 192.0.2.$((i % 200 + 20)):$((20000 + i)) $VIP4:80 peer 203.0.113.3"
	done >"$TMP/torn"
	for i in $(seq 1 100); do
		echo "flow add encap 192.0.2.77:$((50000 + i)) $VIP4:80 peer 203.0.113.5"
	done >"$TMP/churn_add"
	sed 's/^flow add \(encap [^ ]* [^ ]*\) peer .*/flow del \1/' \
		"$TMP/churn_add" >"$TMP/churn_del"
	"$BATONCTL" -n "$NS_TORN" -b "$TMP/torn" >/dev/null || return 1

	while :; do
		"$BATONCTL" -n "$NS_TORN" -b "$TMP/churn_add"
		"$BATONCTL" -n "$NS_TORN" -b "$TMP/churn_del"
	done >/dev/null 2>&1 &
	churn=$!
	for i in $(seq 1 40); do
		"$BATONCTL" -n "$NS_TORN" flow show encap >/dev/null 2>"$TMP/err"
		rc=$?
		if [ $rc -ne 0 ]; then
			break
		fi
	done
	kill "$churn"
	wait "$churn" 2>/dev/null
	echo "# dump $i: exit $rc: $(cat "$TMP/err")"
	[ "$rc" -eq 1 ] && grep -q "dump interrupted by a concurrent change" "$TMP/err"
}

# unpriv CMD...: CMD in $NS as nobody, without capabilities.
unpriv()
{
	ip netns exec "$NS" setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=-all "$@"
}

unpriv_write_refused()
{
	unpriv "$BATONCTL" flow add encap 192.0.2.99:1234 "$VIP4:80" peer 203.0.113.1 \
		>"$TMP/out" 2>"$TMP/err"
	local rc=$?
	cat "$TMP/err"
	[ $rc -eq 1 ] && grep -q "Operation not permitted" "$TMP/err"
}

unpriv_read_works()
{
	unpriv "$BATONCTL" stats >"$TMP/out" 2>&1 && out_has '^encap flows' &&
		unpriv "$BATONCTL" -j flow show >"$TMP/out" 2>&1 && out_has '"side":"encap"'
}

# Root in a user namespace of its own does not own the netns.
userns_write_refused()
{
	ip netns exec "$NS" unshare -U -r "$BATONCTL" tunnel set timeout 30 \
		>"$TMP/out" 2>"$TMP/err"
	local rc=$?
	cat "$TMP/err"
	[ $rc -eq 1 ] && grep -q "Operation not permitted" "$TMP/err"
}

tap_plan 32

check "baton_tunnel loads" baton_load baton_tunnel
check "namespaces" ns_add "$NS" "$NS_FULL" "$NS_TORN"

check "add an encap IPv4 flow with a given ID" \
	bc flow add encap 192.0.2.10:40000 "$VIP4:80" peer 203.0.113.1 id 1000
check "add an encap IPv4 flow, ID allocated" add_v4_alloc
check "add an encap IPv6 flow" \
	bc flow add encap "[2001:db8:1::10]:40002" "[$VIP6]:443" peer 2001:db8:3::1
check "add a decap IPv4 flow" \
	bc flow add decap 192.0.2.10:40000 "$VIP4:80" peer 198.51.100.1 id 1000
check "add a decap IPv6 flow" \
	bc flow add decap "[2001:db8:1::10]:40002" "[$VIP6]:443" peer 2001:db8:2::1 id 77
check "a duplicate tuple is refused: flow already exists" \
	fails_with 1 "flow already exists" bc \
	flow add encap 192.0.2.10:40000 "$VIP4:80" peer 203.0.113.9
check "a duplicate encap ID is refused" \
	fails_with 1 "already exists" bc \
	flow add encap 192.0.2.12:40000 "$VIP4:80" peer 203.0.113.9 id 1000

check "flow show: aligned table of both sides" show_human
check "flow -j show: JSON array of five flows" show_json
check "flow show decap: one side only" show_one_side
check "flow get by ID (encap; decap with its peer)" get_by_id
check "flow get by tuple" get_by_tuple
check "flow del by ID and by tuple" del_flows
check "a deleted flow is not found" \
	fails_with 1 "flow not found" bc flow get decap id 77 peer 2001:db8:2::1

check "add $DUMP_FLOWS flows" add_many
check "the dump spans several messages and returns every flow once" dump_many
check "stats reports the table sizes" stats_sizes

check "a dump torn by concurrent changes fails with a message" torn_dump
check "tunnel set and show: local addresses, forwarders, timeout" tunnel_settings

check "fill a table limited to 10 flows" fill_table
check "the 11th flow is refused: flow table is full" \
	fails_with 1 "flow table is full" bcf flow add encap 192.0.2.50:31000 "$VIP4:80" peer 203.0.113.4
check "stats reports the full table and the refusal" full_stats

check "port 0 is refused by the policy" \
	fails_with 1 "out of range" bc flow add encap 192.0.2.10:0 "$VIP4:80" peer 203.0.113.1
check "decap flow ID 0 is refused: reserved" \
	fails_with 1 "flow ID 0 is reserved" bc \
	flow add decap 192.0.2.10:1 "$VIP4:80" peer 198.51.100.1 id 0
check "a decap flow without an ID is refused" \
	fails_with 1 "needs the flow ID" bc flow add decap 192.0.2.10:1 "$VIP4:80" peer 198.51.100.1
check "max-flows 0 is refused by the policy" \
	fails_with 1 "out of range" bc tunnel set max-flows 0
check "an unknown side is a usage error" \
	fails_with 2 "unknown side 'sideways'" bc flow add sideways 192.0.2.10:1 "$VIP4:80" peer 198.51.100.1

check "an unprivileged write is refused (EPERM)" unpriv_write_refused
check "unprivileged reads work (stats, flow show)" unpriv_read_works
check "root of a foreign user namespace cannot write (EPERM)" userns_write_refused

tap_exit
