#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Module life cycle: load and unload in several namespaces, the generic
# netlink families per namespace, unload while namespaces exist, and
# namespace deletion while the modules are loaded.

source "$(dirname "$0")/lib.sh"

require_vm
require_root
require_cmd modprobe rmmod genl ip python3

NS_A=mod-a-$BATON_NS_SUFFIX
NS_B=mod-b-$BATON_NS_SUFFIX
NS_C=mod-c-$BATON_NS_SUFFIX

cleanup_extra()
{
	baton_unload 2>/dev/null
}

# status_fields NETNS FIELD: "module value" lines from `batonctl -j status`
# (a one-line JSON object whose schema batonctl documents; its validity
# is tested on the host, so no JSON parser has to start in the VM).
status_fields()
{
	in_ns_batonctl "$1" -j status |
		sed 's/},{/}\n{/g' |
		sed -n "s/.*\"module\":\"\([^\"]*\)\".*\"$2\":\"\{0,1\}\([^\",}]*\).*/\1 \2/p"
}

# in_ns_batonctl NETNS ARGS...: batonctl in NETNS ("" for this one).
in_ns_batonctl()
{
	local ns=$1

	shift
	if [ -n "$ns" ]; then
		"$BATONCTL" -n "$ns" "$@"
	else
		"$BATONCTL" "$@"
	fi
}

all_families_in()
{
	local f

	for f in $BATON_FAMILIES; do
		family_present "$1" "$f" || return 1
	done
}

no_family_in()
{
	local f

	for f in $BATON_FAMILIES; do
		family_present "$1" "$f" && return 1
	done
	return 0
}

# Distinct namespaces must report distinct per-netns state: every
# module answers with its own namespace's cookie, so the four modules
# agree within a namespace and three namespaces give three cookies.
cookies_distinct()
{
	local all ns

	all=$(for ns in "$NS_A" "$NS_B" "$NS_C"; do
		status_fields "$ns" netns_cookie | awk '{ print $2 }' | sort -u
	done)
	echo "$all"
	[ "$(echo "$all" | grep -cv null)" -eq 3 ] &&
		[ "$(echo "$all" | sort -u | wc -l)" -eq 3 ]
}

# all_in_state NETNS STATE: batonctl reports every module in STATE.
all_in_state()
{
	local out

	out=$(status_fields "$1" state)
	echo "$out"
	[ "$(echo "$out" | grep -c " $2\$")" -eq 4 ]
}

churn_namespaces()
{
	local i ns

	for i in $(seq 1 "$CHURN"); do
		ns=churn-$i-$BATON_NS_SUFFIX
		ns_add "$ns" || return 1
		[ "$(status_fields "$ns" state | grep -c ' loaded$')" -eq 4 ] ||
			return 1
		ns_del "$ns"
	done
}

reload_cycles()
{
	local i

	for i in $(seq 1 "$CYCLES"); do
		baton_load && baton_unload || return 1
	done
}

# Every exec is slow on the debug kernel (KASAN and lockdep under TCG):
# there the churn and the reloads are shorter.
if [ "${BATON_KERNEL:-}" = debug ]; then
	CHURN=3 CYCLES=2
else
	CHURN=10 CYCLES=5
fi

tap_plan 19

baton_unload
check "nothing loaded at start: no family in init netns" no_family_in ""
ns_add "$NS_A" "$NS_B"

for m in $BATON_MODULES; do
	check "modprobe $m" modprobe "$m"
done
check "genl ctrl list shows all four families" all_families_in ""
check "families present in a namespace created before load" \
	all_families_in "$NS_A"
ns_add "$NS_C"
check "families present in a namespace created after load" \
	all_families_in "$NS_C"
check "batonctl status: all four modules loaded in $NS_B" \
	all_in_state "$NS_B" loaded
check "each namespace has its own state (distinct netns cookies)" \
	cookies_distinct
check "namespace churn with modules loaded ($CHURN create/status/delete)" \
	churn_namespaces
check "modules still serve the init namespace after churn" \
	all_families_in ""
check "rmmod all while three namespaces exist" baton_unload
check "families gone from every namespace after unload" \
	eval 'no_family_in "$NS_A" && no_family_in "$NS_B" && no_family_in ""'
check "batonctl status: all absent after unload" all_in_state "$NS_A" absent
check "$CYCLES load/unload cycles" reload_cycles
check_fails "insmod of a dependent module without baton_tunnel is refused" \
	insmod "$(modinfo -n baton_forwarder)"

# The classifier's mappings do nothing without the forwarder's hooks: a
# service configured through batonctl alone (the families load on
# demand) must bring the forwarder in too.
check "the classifier's family, asked for alone, brings in the forwarder" \
	eval '"$BATONCTL" service show >/dev/null && [ -d /sys/module/baton_forwarder ]'
check "rmmod all after the on-demand load" baton_unload

tap_exit
