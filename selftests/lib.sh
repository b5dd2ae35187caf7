#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for the baton selftests: TAP output, network namespaces,
# the flat and routed topologies, wait helpers and cleanup.
#
# Every node is a network namespace of one kernel.  Addresses come only
# from the documentation ranges (RFC 5737, RFC 3849).

# kselftest exit codes
readonly KSFT_PASS=0
readonly KSFT_FAIL=1
readonly KSFT_SKIP=4

BATON_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
readonly BATON_TOP
BATONCTL=${BATONCTL:-$BATON_TOP/tools/batonctl/batonctl}
readonly BATON_MODULES="baton_tunnel baton_forwarder baton_classifier baton_migrator"
readonly BATON_FAMILIES="baton_tunnel baton_fwd baton_cls baton_mig"

# Addresses.  The VIP lives on the balancer and on each host's lo.
readonly VIP4=198.51.100.100
readonly VIP6=2001:db8:100::100
# flat: one LAN
readonly FLAT_NET4=192.0.2
readonly FLAT_NET6=2001:db8:1:
# routed: client, balancer and host subnets joined by a router
readonly R_CLIENT4=192.0.2 R_BAL4=198.51.100 R_HOST4=203.0.113
readonly R_CLIENT6=2001:db8:1: R_BAL6=2001:db8:2: R_HOST6=2001:db8:3:

# ---------------------------------------------------------------- TAP

_tap_n=0
_tap_failed=0
_tap_skipped=0
_tap_planned=

tap_plan()
{
	_tap_planned=$1
	echo "1..$1"
}

tap_ok()
{
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $*"
}

tap_fail()
{
	_tap_n=$((_tap_n + 1))
	_tap_failed=$((_tap_failed + 1))
	echo "not ok $_tap_n - $*"
}

# tap_skip DESC REASON
tap_skip()
{
	_tap_n=$((_tap_n + 1))
	_tap_skipped=$((_tap_skipped + 1))
	echo "ok $_tap_n - $1 # SKIP $2"
}

tap_diag()
{
	local line

	while IFS= read -r line; do
		echo "# $line"
	done <<<"$*"
}

# check DESC CMD ARGS...: one test point from a command's exit status.
# Its output is shown as diagnostics when it fails; when it passes, only
# its lines that start with "# ".
check()
{
	local desc=$1 out start=$SECONDS

	shift
	if out=$("$@" 2>&1); then
		tap_ok "$desc"
		# a passing test's own "# " lines are kept: measured values
		grep '^# ' <<<"$out"
		[ $((SECONDS - start)) -lt 5 ] || echo "# took $((SECONDS - start)) s"
	else
		tap_fail "$desc"
		tap_diag "command: $*"
		[ -n "$out" ] && tap_diag "$out"
	fi
}

# check_fails DESC CMD ARGS...: the command must fail.
check_fails()
{
	local desc=$1 out

	shift
	if out=$("$@" 2>&1); then
		tap_fail "$desc"
		tap_diag "command unexpectedly succeeded: $*"
		[ -n "$out" ] && tap_diag "$out"
	else
		tap_ok "$desc"
	fi
}

# tap_exit: the kselftest exit code for what was reported.
tap_exit()
{
	if [ -n "$_tap_planned" ] && [ "$_tap_n" -ne "$_tap_planned" ]; then
		echo "# planned $_tap_planned tests but ran $_tap_n"
		exit $KSFT_FAIL
	fi
	[ "$_tap_failed" -eq 0 ] || exit $KSFT_FAIL
	[ "$_tap_n" -gt 0 ] && [ "$_tap_skipped" -eq "$_tap_n" ] && exit $KSFT_SKIP
	exit $KSFT_PASS
}

# skip_all REASON: the whole suite cannot run here.
skip_all()
{
	echo "1..0 # SKIP $*"
	exit $KSFT_SKIP
}

# -------------------------------------------------------- requirements

require_root()
{
	[ "$(id -u)" -eq 0 ] || skip_all "needs root"
}

require_cmd()
{
	local c

	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip_all "needs $c"
	done
}

# require_vm: refuse to touch the build host's kernel.  The VM harness
# sets BATON_IN_VM=1.
require_vm()
{
	[ "${BATON_IN_VM:-0}" = 1 ] ||
		skip_all "runs only inside the VM harness (tools/vm/run)"
}

# ------------------------------------------------------------ modules

baton_load()
{
	local m

	for m in ${1:-$BATON_MODULES}; do
		modprobe "$m" || return 1
	done
}

baton_unload()
{
	local m

	# dependents first, baton_tunnel last
	for m in baton_migrator baton_classifier baton_forwarder baton_tunnel; do
		if [ -d "/sys/module/$m" ]; then
			rmmod "$m" || return 1
		fi
	done
}

module_loaded()
{
	[ -d "/sys/module/$1" ]
}

# in_ns NETNS CMD ARGS...: run CMD in NETNS, or here when NETNS is "".
in_ns()
{
	local ns=$1

	shift
	if [ -n "$ns" ]; then
		ip netns exec "$ns" "$@"
	else
		"$@"
	fi
}

# genl_families [NETNS]: names of the registered generic netlink
# families.  It lists them: asking for one by name would autoload the
# module behind it (MODULE_ALIAS_GENL_FAMILY).
genl_families()
{
	in_ns "${1:-}" genl ctrl list | awk '/^Name:/ { print $2 }'
}

# family_present NETNS FAMILY ("" for this namespace)
family_present()
{
	genl_families "$1" | grep -qx "$2"
}

# ---------------------------------------------------------- namespaces

# Namespace names carry a per-run suffix so parallel or leftover runs
# cannot collide; tests refer to them through variables.
BATON_NS_SUFFIX=${BATON_NS_SUFFIX:-$$}
_ns_list=()

# ns_add NAME...: create namespaces with lo up and forwarding off.
ns_add()
{
	local ns

	for ns in "$@"; do
		ip netns add "$ns" || return 1
		_ns_list+=("$ns")
		ip -n "$ns" link set lo up
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.accept_dad=0 \
			net.ipv6.conf.default.accept_dad=0
	done
}

ns_del()
{
	local ns i

	for ns in "$@"; do
		ip netns del "$ns" 2>/dev/null
		for i in "${!_ns_list[@]}"; do
			[ "${_ns_list[$i]}" = "$ns" ] && unset '_ns_list[i]'
		done
	done
}

cleanup_namespaces()
{
	local ns

	for ns in "${_ns_list[@]}"; do
		ip netns del "$ns" 2>/dev/null
	done
	_ns_list=()
}

# Suites may define cleanup_extra (kill servers, unload modules ...).
_cleanup()
{
	declare -F cleanup_extra >/dev/null && cleanup_extra
	cleanup_namespaces
}
trap _cleanup EXIT

# veth_pair NS_A IF_A NS_B IF_B
veth_pair()
{
	ip link add "$2" netns "$1" type veth peer name "$4" netns "$3" &&
		ip -n "$1" link set "$2" up &&
		ip -n "$3" link set "$4" up
}

# addr NS IF ADDR/PLEN...
addr()
{
	local ns=$1 dev=$2 a

	shift 2
	for a in "$@"; do
		ip -n "$ns" addr add "$a" dev "$dev" nodad 2>/dev/null ||
			ip -n "$ns" addr add "$a" dev "$dev" || return 1
	done
}

# vip_on_host NS: the VIP on lo, never answered for in ARP/ND, as any
# direct-server-return real server is configured.
vip_on_host()
{
	ip netns exec "$1" sysctl -qw net.ipv4.conf.all.arp_ignore=1 \
		net.ipv4.conf.all.arp_announce=2
	addr "$1" lo "$VIP4/32" "$VIP6/128"
}

# _topo_nodes HUB: name and create the nodes every topology has, plus
# HUB (the switch or the router namespace).
_topo_nodes()
{
	NS_CLIENT=client-$BATON_NS_SUFFIX
	NS_BAL=bal-$BATON_NS_SUFFIX
	NS_HOST1=host1-$BATON_NS_SUFFIX
	NS_HOST2=host2-$BATON_NS_SUFFIX

	ns_add "$1" "$NS_CLIENT" "$NS_BAL" "$NS_HOST1" "$NS_HOST2"
}

# _bridge NS NAME: a bridge, up.
_bridge()
{
	ip -n "$1" link add "$2" type bridge && ip -n "$1" link set "$2" up
}

# topo_flat: client, balancer and hosts on one bridge.
#   NS_CLIENT NS_BAL NS_HOST1 NS_HOST2 are set; NS_SW holds the bridge.
#   Addresses: client .1, balancer .2, hosts .11 and .12.
topo_flat()
{
	NS_SW=sw-$BATON_NS_SUFFIX
	_topo_nodes "$NS_SW" && _bridge "$NS_SW" br0 || return 1

	_flat_port "$NS_CLIENT" 1 c && _flat_port "$NS_BAL" 2 b &&
		_flat_port "$NS_HOST1" 11 h1 && _flat_port "$NS_HOST2" 12 h2 ||
		return 1

	addr "$NS_BAL" lo "$VIP4/32" "$VIP6/128"
	vip_on_host "$NS_HOST1"
	vip_on_host "$NS_HOST2"
	ip -n "$NS_CLIENT" route add "$VIP4/32" via "$FLAT_NET4.2"
	ip -n "$NS_CLIENT" -6 route add "$VIP6/128" via "$FLAT_NET6:2"
}

# _flat_port NS HOSTPART TAG
_flat_port()
{
	veth_pair "$1" eth0 "$NS_SW" "p-$3" &&
		ip -n "$NS_SW" link set "p-$3" master br0 &&
		addr "$1" eth0 "$FLAT_NET4.$2/24" "$FLAT_NET6:$2/64"
}

# topo_routed: three subnets joined by a router namespace.
#   client 192.0.2.1 | router .254 on each | balancer 198.51.100.1 |
#   hosts 203.0.113.11 and .12.  The VIP is routed to the balancer.
topo_routed()
{
	NS_ROUTER=router-$BATON_NS_SUFFIX
	_topo_nodes "$NS_ROUTER" || return 1
	ip netns exec "$NS_ROUTER" sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv6.conf.all.forwarding=1

	# client subnet
	veth_pair "$NS_CLIENT" eth0 "$NS_ROUTER" r-c || return 1
	addr "$NS_CLIENT" eth0 "$R_CLIENT4.1/24" "$R_CLIENT6:1/64"
	addr "$NS_ROUTER" r-c "$R_CLIENT4.254/24" "$R_CLIENT6:254/64"
	_default_via "$NS_CLIENT" "$R_CLIENT4.254" "$R_CLIENT6:254"

	# balancer subnet
	veth_pair "$NS_BAL" eth0 "$NS_ROUTER" r-b || return 1
	addr "$NS_BAL" eth0 "$R_BAL4.1/24" "$R_BAL6:1/64"
	addr "$NS_ROUTER" r-b "$R_BAL4.254/24" "$R_BAL6:254/64"
	_default_via "$NS_BAL" "$R_BAL4.254" "$R_BAL6:254"
	addr "$NS_BAL" lo "$VIP4/32" "$VIP6/128"
	ip -n "$NS_ROUTER" route add "$VIP4/32" via "$R_BAL4.1"
	ip -n "$NS_ROUTER" -6 route add "$VIP6/128" via "$R_BAL6:1"

	# host subnet, on a bridge in the router namespace
	_bridge "$NS_ROUTER" br-h || return 1
	addr "$NS_ROUTER" br-h "$R_HOST4.254/24" "$R_HOST6:254/64"
	_routed_host "$NS_HOST1" 11 h1 && _routed_host "$NS_HOST2" 12 h2
}

_routed_host()
{
	veth_pair "$1" eth0 "$NS_ROUTER" "r-$3" &&
		ip -n "$NS_ROUTER" link set "r-$3" master br-h &&
		addr "$1" eth0 "$R_HOST4.$2/24" "$R_HOST6:$2/64" &&
		_default_via "$1" "$R_HOST4.254" "$R_HOST6:254" &&
		vip_on_host "$1"
}

_default_via()
{
	ip -n "$1" route add default via "$2" &&
		ip -n "$1" -6 route add default via "$3"
}

# --------------------------------------------------------------- waits

# wait_for TIMEOUT_S CMD ARGS...: poll until CMD succeeds.
wait_for()
{
	local deadline=$((SECONDS + $1))

	shift
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -lt $deadline ] || return 1
		sleep 0.2
	done
}

# wait_listen NS PORT [TIMEOUT]: a TCP listener on PORT in NS.
wait_listen()
{
	wait_for "${3:-10}" _listening "$1" "$2"
}

_listening()
{
	ip netns exec "$1" ss -Hltn "sport = :$2" | grep -q .
}

# ----------------------------------------------------------- tracepoints

TRACEFS=/sys/kernel/tracing

# trace_start: the baton tracepoints on, the trace buffer empty.
trace_start()
{
	[ -d "$TRACEFS/events" ] ||
		mount -t tracefs nodev "$TRACEFS" 2>/dev/null || return 1
	[ -d "$TRACEFS/events/baton" ] || return 1
	echo 0 >"$TRACEFS/tracing_on" &&
		: >"$TRACEFS/trace" &&
		echo 1 >"$TRACEFS/events/baton/enable" &&
		echo 1 >"$TRACEFS/tracing_on"
}

# trace_stop: the baton tracepoints off (the buffer is kept).
trace_stop()
{
	echo 0 >"$TRACEFS/events/baton/enable"
}

# trace_events: the baton events recorded so far, one per line.
trace_events()
{
	grep -E ' baton_[a-z_]+: ' "$TRACEFS/trace"
}
