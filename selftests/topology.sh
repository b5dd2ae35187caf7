#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The test bed itself: the flat and routed topologies of lib.sh carry
# IPv4 and IPv6, the VIP answers from the balancer only (hosts hold it
# on lo without answering ARP/ND for it), and the routed topology really
# crosses a router.  Every later suite builds on these.

source "$(dirname "$0")/lib.sh"

require_vm
require_root
require_cmd ip ping

# ping_from NS ADDR
ping_from()
{
	ip netns exec "$1" ping -q -c 1 -W 2 "$2"
}

# The MAC the client resolved for the VIP's next hop is the balancer's.
vip_next_hop_is_balancer()
{
	local nh mac bal

	nh=$(ip -n "$NS_CLIENT" route get "$VIP4" | awk '{ for (i = 1; i < NF; i++) if ($i == "via") print $(i + 1) }')
	mac=$(ip -n "$NS_CLIENT" neigh show "$nh" | awk '{ for (i = 1; i < NF; i++) if ($i == "lladdr") print $(i + 1) }')
	bal=$(ip -n "$NS_BAL" link show eth0 | awk '/link\/ether/ { print $2 }')
	[ -n "$mac" ] && [ "$mac" = "$bal" ]
}

# ttl_seen NS ADDR TTL: the reply arrives with this TTL (64 minus hops).
ttl_seen()
{
	ip netns exec "$1" ping -c 1 -W 2 "$2" | grep -q "ttl=$3 "
}

tap_plan 10

topo_flat || { tap_fail "flat topology builds"; tap_exit; }
check "flat: client reaches the balancer (IPv4)" ping_from "$NS_CLIENT" "$FLAT_NET4.2"
check "flat: client reaches a host (IPv6)" ping_from "$NS_CLIENT" "$FLAT_NET6:11"
check "flat: the VIP answers (IPv4 and IPv6)" \
	eval 'ping_from "$NS_CLIENT" "$VIP4" && ping_from "$NS_CLIENT" "$VIP6"'
check "flat: the VIP's next hop is the balancer, not a host" \
	vip_next_hop_is_balancer
# With the balancer's VIP removed, only a host could answer: none may.
ip -n "$NS_BAL" addr del "$VIP4/32" dev lo
ip -n "$NS_CLIENT" neigh flush dev eth0
check_fails "flat: no host answers ARP for the VIP" \
	ip netns exec "$NS_CLIENT" ping -q -c 1 -W 1 -I eth0 -r "$VIP4"
ip -n "$NS_BAL" addr add "$VIP4/32" dev lo
cleanup_namespaces

topo_routed || { tap_fail "routed topology builds"; tap_exit; }
check "routed: client reaches a host across the router (IPv4)" \
	ping_from "$NS_CLIENT" "$R_HOST4.11"
check "routed: client reaches a host across the router (IPv6)" \
	ping_from "$NS_CLIENT" "$R_HOST6:12"
check "routed: the balancer reaches both hosts" \
	eval 'ping_from "$NS_BAL" "$R_HOST4.12" && ping_from "$NS_BAL" "$R_HOST6:11"'
check "routed: the VIP is the balancer's, one hop away (TTL 63)" \
	ttl_seen "$NS_CLIENT" "$VIP4" 63
check "routed: the client reaches hosts only through the router" \
	eval 'ip -n "$NS_CLIENT" route get "$R_HOST4.11" | grep -q "via $R_CLIENT4.254"'

tap_exit
