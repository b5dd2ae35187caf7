#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The netlink fuzzer (tools/nlfuzz) against every command of every
# baton family, in a namespace of its own: random valid and invalid
# attribute sets, dumps and requests, from the families' own policies.
#
#  - every request is answered (an ACK, an error, the end of a dump);
#  - requests get past validation (some of every family succeed) and
#    bad ones are refused;
#  - refusals carry an extended ACK message (EPERM, from the core,
#    aside);
#  - afterwards the families still answer, the namespace goes away and
#    the modules unload; the VM harness fails the run on any splat or
#    leak the requests left.
#
# BATON_SEED fixes the seed (printed, to replay a run); the debug kernel
# sends fewer requests.

source "$(dirname "$0")/lib.sh"

require_vm
require_root
require_cmd modprobe rmmod ip

NLFUZZ=${NLFUZZ:-$BATON_TOP/tools/nlfuzz/nlfuzz}
[ -x "$NLFUZZ" ] || skip_all "tools/nlfuzz/nlfuzz is not built"

NS=nlf-$BATON_NS_SUFFIX
TMP=$(mktemp -d)
SEED=${BATON_SEED:-$(date +%s)}
if [ "${BATON_KERNEL:-}" = debug ]; then
	COUNT=3000
else
	COUNT=20000
fi

cleanup_extra()
{
	baton_unload 2>/dev/null
	rm -rf "$TMP"
}

baton_load || skip_all "cannot load the baton modules"
# a node with addresses of both families, as the fuzzer's values use
ns_add "$NS" || skip_all "cannot create a namespace"
ip -n "$NS" link add d0 type dummy && ip -n "$NS" link set d0 up &&
	ip -n "$NS" addr add 192.0.2.1/24 dev d0 &&
	ip -n "$NS" addr add 2001:db8::1/64 dev d0 nodad ||
	skip_all "cannot set up the namespace"

echo "# seed $SEED, $COUNT requests"
fuzz()
{
	ip netns exec "$NS" "$NLFUZZ" -s "$SEED" -n "$COUNT" >"$TMP/out" 2>&1
	local rc=$?

	grep -v '^#' "$TMP/out" | sed 's/^/# /'
	tail -n 1 "$TMP/out"
	return $rc
}
check "every request is answered" fuzz

# col_sum COLUMN [FAMILY]: a column's sum over the commands' lines (of
# one family).
col_sum()
{
	awk -v c="$1" -v f="${2:-}" '$2 == "cmd" && (f == "" || $1 == f) {
		for (i = 3; i < NF; i++) if ($i == c) s += $(i + 1) }
		END { print s + 0 }' "$TMP/out"
}

reached()
{
	local f rc=0

	for f in baton_tunnel baton_fwd baton_cls baton_mig; do
		echo "# $f: acked $(col_sum acked $f), refused $(col_sum refused $f)"
		[ "$(col_sum acked $f)" -gt 0 ] &&
			[ "$(col_sum refused $f)" -gt 0 ] || rc=1
	done
	return $rc
}
check "each family took some requests and refused others" reached
check "every refusal but EPERM carries an extended ACK message" \
	eval '[ "$(col_sum sent)" -gt 0 ] && [ "$(col_sum no-msg)" = 0 ]'

check "the families still answer afterwards" \
	eval '"$BATONCTL" -n "$NS" stats >/dev/null && "$BATONCTL" -n "$NS" status >/dev/null'
check "the namespace is deleted" eval 'ns_del "$NS"'
check "the modules unload" baton_unload

tap_exit
