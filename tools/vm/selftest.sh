#!/bin/bash
# Self-test of the VM harness, tools/vm/run.  TAP output; exits 0 iff every
# test passed.
#
#   tools/vm/selftest.sh [--kernel stock|debug] [--modules-only]
#
# --modules-only runs just the tests of what the kernel decides (the
# test module builds, a WARN and a leak fail the run): make check uses it
# on the debug kernel, where the plumbing tests, insmod and modprobe
# would repeat the stock run at four times the cost (the debug run's
# selftests load every baton module with modprobe anyway).
#
# Proves that CMD's exit status, stdout and stderr come back, that the
# VM runs in the caller's directory with only BATON_* variables passed
# through, that the project tree is shared read-write and the host root
# read-only under a writable overlay, that there is no network device but
# lo, that project modules load with insmod and modprobe, and that a
# kernel WARN (and, on the debug kernel, a kmemleak leak) fails the run
# even though CMD succeeded.  Every test boots a VM: this takes about
# 3 minutes with the stock kernel, and about 12 with the debug one.
#
# The conditions given to check are single-quoted on purpose: eval expands
# them when the check runs.
# shellcheck disable=SC2016
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
project=$(cd "$here/../.." && pwd -P)
run=$here/run

kernel=stock
basics=1
while [ $# -gt 0 ]; do
	case "$1" in
	--modules-only) basics=0; shift ;;
	--kernel) kernel=${2:-}; shift 2 || shift ;;
	--kernel=*) kernel=${1#*=}; shift ;;
	*) kernel= ; break ;;
	esac
done
case "$kernel" in
stock | debug) ;;
*)
	echo "usage: tools/vm/selftest.sh [--kernel stock|debug] [--modules-only]" >&2
	exit 2
	;;
esac

tmp=$(mktemp -d)
scratch=$project/build/vm-selftest/$$
trap 'rm -rf "$tmp" "$scratch"' EXIT
mkdir -p "$scratch"

plan=22
[ "$basics" -eq 1 ] || plan=4
echo "1..$plan"
echo "# kernel: $kernel"
n=0
failed=0

# check DESC CONDITION: one TAP line for a shell condition; on failure,
# the last run's output as diagnostics.
check() {
	n=$((n + 1))
	if eval "$2"; then
		echo "ok $n - $1"
	else
		echo "not ok $n - $1"
		failed=$((failed + 1))
		{
			echo "status: $rc"
			echo "stdout:"
			cat "$tmp/out"
			echo "stderr:"
			cat "$tmp/err"
		} | sed 's/^/#   /'
	fi
}

skip() { # DESC REASON
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

# vm [run options] -- CMD...: run the harness; sets $rc, $tmp/out, $tmp/err.
vm() {
	rc=0
	"$run" --kernel "$kernel" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
}

# The same without the kmemleak scans, which add a minute to every debug
# run: for the tests of the plumbing.
quick() {
	BATON_KMEMLEAK=0 vm "$@"
}

# CMD's stdout.
out() { cat "$tmp/out"; }

# ---------------------------------------------------------------- basics
if [ "$basics" -eq 1 ]; then
vm -- true
check "run -- true exits 0" '[ "$rc" -eq 0 ]'

quick -- sh -c 'exit 3'
check "run -- sh -c 'exit 3' exits 3" '[ "$rc" -eq 3 ]'

quick -- echo hello
check "run -- echo hello prints hello on stdout" \
	'[ "$rc" -eq 0 ] && [ "$(out)" = hello ]'

# One VM for the environment checks; each line of stdout answers one.
probe=$scratch/from-vm
cd "$here" || exit 1
BATON_SELFTEST=42 NOT_BATON_SELFTEST=1 quick -- bash -c '
	pwd
	echo "${BATON_SELFTEST-unset} ${NOT_BATON_SELFTEST-unset} $TERM $HOME"
	echo $(ls /sys/class/net)
	echo $(cd /sys/class/net && for i in *; do [ ! -e $i/device ] || echo $i; done)
	echo written >"$1" && cat "$1"
	echo overlay >/etc/baton-selftest-"$2" && cat /etc/baton-selftest-"$2"
	stat -f -c %T /
	echo to-stderr >&2' bash "$probe" $$
cd "$OLDPWD" || exit 1
line() { sed -n "$1p" "$tmp/out"; }
check "a command with stdout and stderr exits 0" '[ "$rc" -eq 0 ]'
check "CMD's stderr arrives on stderr, not stdout" \
	'grep -qx to-stderr "$tmp/err" && ! grep -q to-stderr "$tmp/out"'
check "CMD runs in the caller's directory" '[ "$(line 1)" = "$here" ]'
check "only BATON_* variables pass, with TERM=dumb HOME=/root" \
	'[ "$(line 2)" = "42 unset dumb /root" ]'
if [ "$kernel" = stock ]; then
	check "no network device but lo" '[ "$(line 3)" = lo ]'
else
	# Built-in IPv6-in-IPv4 makes an (unconnected) sit0 in every netns.
	check "no network device but lo and built-in tunnels" \
		'[ -z "$(line 4)" ] && [[ " $(line 3) " =~ " lo " ]]'
fi
check "a write to the project tree from the VM" '[ "$(line 5)" = written ]'
check "... is visible on the host" \
	'[ "$(cat "$probe" 2>/dev/null)" = written ]'
check "the host root is writable in the VM (/etc)" '[ "$(line 6)" = overlay ]'
check "... through an overlay" '[ "$(line 7)" = overlayfs ]'
check "... and the write does not reach the host" \
	'[ ! -e "/etc/baton-selftest-$$" ]'

# Failures of the harness itself.
rc=0
"$run" --bogus -- true >"$tmp/out" 2>"$tmp/err" || rc=$?
check "an unknown option is a usage error (2)" '[ "$rc" -eq 2 ]'

quick --timeout 5 -- sleep 600
check "--timeout kills the VM and exits 124" '[ "$rc" -eq 124 ]'

if [ "$kernel" = stock ]; then
	quick -- sh -c 'echo c >/proc/sysrq-trigger'
	check "a kernel crash fails the run (125)" \
		'[ "$rc" -eq 125 ] && grep -q "Kernel panic" "$tmp/err"'
else
	skip "a kernel crash fails the run (125)" "no sysrq in the debug kernel"
fi
fi

# --------------------------------------------------------------- modules
# The stock module is built in place (tools/vm/run stages every *.ko
# outside build/); the debug one under build/debug/, where run looks.
if [ "$kernel" = stock ]; then
	kdir=$(find /usr/src -maxdepth 1 -name 'linux-headers-6.1*-amd64' |
		sort -V | tail -n1)
	mdir=$here/testmod
else
	kdir=$("$here/build-kernel" --print-dir)
	[ -f "$kdir/.baton-complete" ] || kdir=
	mdir=$project/build/debug/vm-testmod
fi
ko=$mdir/baton_test_warn.ko
extra=()
# A debug kernel built by an older build-kernel has an empty
# Module.symvers: name vmlinux's exports then.
if [ -n "$kdir" ] && [ ! -s "$kdir/Module.symvers" ] &&
	[ -s "$kdir/vmlinux.symvers" ]; then
	extra=(KBUILD_EXTRA_SYMBOLS="$kdir/vmlinux.symvers")
fi

# (Re)build the module before each use: other builds may clean build/.
testmod() {
	rc=0
	: >"$tmp/out"
	if [ -z "$kdir" ]; then
		echo "no kernel build directory" >"$tmp/err"
		rc=1
		return
	fi
	if [ "$mdir" != "$here/testmod" ]; then
		mkdir -p "$mdir" &&
			cp "$here/testmod/Kbuild" "$here/testmod/baton_test_warn.c" "$mdir/"
	fi
	make -C "$kdir" M="$mdir" "${extra[@]}" modules >"$tmp/out" 2>"$tmp/err" ||
		rc=$?
	[ -f "$ko" ] || rc=1
}

testmod
check "the test module builds against ${kdir:-nothing}" '[ "$rc" -eq 0 ]'

if [ "$basics" -eq 1 ]; then
	testmod
	vm -- insmod "$ko" warn=0
	check "insmod baton_test_warn.ko warn=0 exits 0" '[ "$rc" -eq 0 ]'

	testmod
	vm -- sh -c 'modprobe baton_test_warn &&
		grep -q "^baton_test_warn " /proc/modules &&
		modprobe -r baton_test_warn'
	check "modprobe finds the project module by name" '[ "$rc" -eq 0 ]'
fi

testmod
quick -- insmod "$ko" warn=1
check "insmod baton_test_warn.ko warn=1 fails the run (125)" '[ "$rc" -eq 125 ]'
check "... and the harness reports the WARNING" \
	'grep -q "WARNING: .*baton_test_warn" "$tmp/err"'

if [ "$kernel" = debug ]; then
	testmod
	vm -- insmod "$ko" leak=1
	check "a leak that kmemleak finds fails the run (125)" \
		'[ "$rc" -eq 125 ] && grep -q "unreferenced object" "$tmp/err"'
else
	skip "a leak that kmemleak finds fails the run (125)" "no kmemleak in the stock kernel"
fi

if [ "$failed" -eq 0 ]; then
	echo "# all $n tests passed ($kernel kernel)"
else
	echo "# $failed of $n tests failed ($kernel kernel)"
fi
[ "$failed" -eq 0 ] && [ "$n" -eq "$plan" ]
