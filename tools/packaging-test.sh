#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host-side tests of baton's packaging, writing only under a temporary
# directory and loading nothing:
#
#   - make install DESTDIR=...: the modules, batonctl, its man page and
#     bash completion land in the staging directory and nowhere else;
#     modules_install into another root runs depmod -b there; uninstall;
#   - dkms.conf matches the project (version, modules), make dkms-source,
#     and a real dkms build and install against the Debian 6.1 headers
#     with every dkms tree in the temporary directory (skipped without
#     dkms);
#   - the bash completion: syntax, shellcheck, and completions offered.
#
# TAP on stdout; exits non-zero if any test fails.
#
#   tools/packaging-test.sh             KDIR=... to use other headers

set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

kdir=${KDIR:-$(printf '%s\n' /usr/src/linux-headers-6.1.*-amd64 | LC_ALL=C sort | tail -n 1)}
kver=$(sed -n 's/^#define UTS_RELEASE "\(.*\)"/\1/p' "$kdir/include/generated/utsrelease.h" 2>/dev/null)
version=$(sed -n 's/^#define BATON_VERSION "\(.*\)"/\1/p' include/baton/version.h)
# The modules: path in the build tree, without .ko
modules="tunneler/baton_tunnel forwarder/baton_forwarder classifier/baton_classifier migrator/baton_migrator"
completion=tools/batonctl/batonctl.bash-completion

plan=31
n=0
failed=0
echo "1..$plan"

ok()
{
	n=$((n + 1))
	echo "ok $n - $1"
}

not_ok()
{
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	[ $# -gt 0 ] && printf '%s\n' "$@" | sed 's/^/#   /'
	return 0
}

skip()
{
	n=$((n + 1))
	echo "ok $n - $1 # SKIP $2"
}

# check DESC CMD...: one point from a command's status; its output is
# shown on failure.
check()
{
	local desc=$1 out
	shift
	if out=$("$@" 2>&1); then
		ok "$desc"
	else
		not_ok "$desc" "$(printf '%s\n' "$out" | tail -n 20)"
	fi
}

# A make run, logged; fails on a warning or an error in its output.
make_clean()
{
	local log=$1
	shift
	nice make "$@" >"$log" 2>&1 || { tail -n 20 "$log"; return 1; }
	if grep -Ei 'warning:|error:' "$log"; then
		return 1
	fi
}

# What the system has where an install would write: before and after
# the staged installs, it must be the same.
fingerprint()
{
	local p
	for p in "/lib/modules/$kver/extra/baton" "/lib/modules/$kver/modules.dep" \
		 /usr/local/sbin/batonctl /usr/local/share/man/man8/batonctl.8 \
		 /usr/local/sbin/batond /usr/local/share/man/man8/batond.8 \
		 /usr/local/share/bash-completion/completions/batonctl \
		 /var/lib/dkms /usr/src; do
		if [ -e "$p" ]; then
			stat -c '%n %s %Y' "$p"
			[ -d "$p" ] && ls -A "$p"
		else
			echo "$p absent"
		fi
	done
}

if [ -z "$kver" ]; then
	echo "Bail out! no kernel release in $kdir/include/generated/utsrelease.h"
	exit 1
fi
echo "# headers $kdir, kernel $kver, baton $version"
fingerprint >"$tmp/system.before"

# --- make install / uninstall ------------------------------------------

stage=$tmp/stage
mdir=$stage/lib/modules/$kver/extra/baton
check "make install DESTDIR=... succeeds without warnings" \
	make_clean "$tmp/install.log" install KDIR="$kdir" DESTDIR="$stage"

missing=
for m in $modules; do
	[ -f "$mdir/$m.ko" ] || missing="$missing $mdir/$m.ko"
done
if [ -z "$missing" ]; then
	ok "the four modules are in DESTDIR/lib/modules/$kver/extra/baton"
else
	not_ok "the four modules are in DESTDIR/lib/modules/$kver/extra/baton" "missing:$missing"
fi

check "batonctl, batond, their man pages and the completion are in DESTDIR/usr/local" \
	sh -c "test -x '$stage/usr/local/sbin/batonctl' &&
	       test -f '$stage/usr/local/share/man/man8/batonctl.8' &&
	       test -x '$stage/usr/local/sbin/batond' &&
	       test -f '$stage/usr/local/share/man/man8/batond.8' &&
	       cmp '$completion' '$stage/usr/local/share/bash-completion/completions/batonctl'"

# A package's staging directory holds baton's files and no module index:
# depmod belongs to the system the package is installed on.
extra=$(cd "$stage" && find . -type f | grep -Ev '^\./(lib/modules/[^/]*/extra/baton/.*\.ko|usr/local/(sbin/batonctl|sbin/batond|share/man/man8/batonctl\.8|share/man/man8/batond\.8|share/bash-completion/completions/batonctl))$')
if [ -z "$extra" ]; then
	ok "DESTDIR holds only baton's files (no depmod index in a staging directory)"
else
	not_ok "DESTDIR holds only baton's files (no depmod index in a staging directory)" "$extra"
fi

# The staged modules index cleanly on their own: baton_tunnel first,
# the three others depending on it.
depmod -b "$stage" -a "$kver" 2>/dev/null
dep=$stage/lib/modules/$kver/modules.dep
want="extra/baton/tunneler/baton_tunnel.ko:
extra/baton/classifier/baton_classifier.ko: extra/baton/tunneler/baton_tunnel.ko
extra/baton/forwarder/baton_forwarder.ko: extra/baton/tunneler/baton_tunnel.ko
extra/baton/migrator/baton_migrator.ko: extra/baton/tunneler/baton_tunnel.ko"
if [ "$(sort "$dep" 2>/dev/null)" = "$(sort <<<"$want")" ]; then
	ok "depmod -b on the staged modules: three depend on baton_tunnel"
else
	not_ok "depmod -b on the staged modules: three depend on baton_tunnel" \
		"got:" "$(cat "$dep" 2>/dev/null)"
fi

# Another root with its kernel's own modules (a chroot, an image):
# modules_install runs depmod -b in it.
root=$tmp/root
mkdir -p "$root/lib/modules/$kver"
for f in modules.order modules.builtin modules.builtin.modinfo; do
	if [ -f "/lib/modules/$kver/$f" ]; then
		cp "/lib/modules/$kver/$f" "$root/lib/modules/$kver/"
	else
		: >"$root/lib/modules/$kver/$f"
	fi
done
check "make modules_install INSTALL_MOD_PATH=ROOT succeeds without warnings" \
	make_clean "$tmp/root.log" modules_install KDIR="$kdir" INSTALL_MOD_PATH="$root"
if [ "$(sort "$root/lib/modules/$kver/modules.dep" 2>/dev/null)" = "$(sort <<<"$want")" ]; then
	ok "it ran depmod -b ROOT: ROOT's modules.dep lists the four modules"
else
	not_ok "it ran depmod -b ROOT: ROOT's modules.dep lists the four modules" \
		"got:" "$(cat "$root/lib/modules/$kver/modules.dep" 2>/dev/null)"
fi

uninstall_both()
{
	make_clean "$tmp/uninstall.log" uninstall KDIR="$kdir" DESTDIR="$stage" &&
	make_clean "$tmp/uninstall-root.log" uninstall KDIR="$kdir" \
		INSTALL_MOD_PATH="$root" DESTDIR="$root"
}
check "make uninstall succeeds, from DESTDIR and from ROOT" uninstall_both
# what is left: only the index the test made with depmod in DESTDIR
left=$(find "$stage" "$root" -type f ! -name 'modules.*')
if [ -z "$left" ] && [ ! -s "$root/lib/modules/$kver/modules.dep" ]; then
	ok "uninstall removes every file, and ROOT's modules.dep is empty again"
else
	not_ok "uninstall removes every file, and ROOT's modules.dep is empty again" \
		"$left" "$(cat "$root/lib/modules/$kver/modules.dep")"
fi

# --- DKMS ---------------------------------------------------------------

conf=$(kernel_source_dir=KSRC dkms_tree=DKMSTREE bash -c '
	set -u
	. ./dkms.conf
	echo "$PACKAGE_NAME $PACKAGE_VERSION $AUTOINSTALL"
	for i in "${!BUILT_MODULE_NAME[@]}"; do
		echo "${BUILT_MODULE_LOCATION[i]}${BUILT_MODULE_NAME[i]} ${DEST_MODULE_LOCATION[i]}"
	done
	echo "MAKE ${MAKE[0]}"
	echo "CLEAN $CLEAN"' 2>&1)
want_conf="baton $version yes
$(for m in $modules; do echo "$m /updates/dkms"; done)
MAKE make modules KDIR=KSRC
CLEAN make -C KSRC M=DKMSTREE/baton/$version/build clean"
if [ "$conf" = "$want_conf" ]; then
	ok "dkms.conf: baton $version (include/baton/version.h), the four modules, modules-only make"
else
	not_ok "dkms.conf: baton $version (include/baton/version.h), the four modules, modules-only make" \
		"got:" "$conf" "want:" "$want_conf"
fi

# modules.order of the build says what the modules are: dkms.conf must
# name every one of them.
order=$(sed "s|^$top/||; s|\.ko\$||" modules.order 2>/dev/null | sort)
if [ -n "$order" ] && [ "$order" = "$(tr ' ' '\n' <<<"$modules" | sort)" ]; then
	ok "the modules kbuild builds (modules.order) are the four of dkms.conf"
else
	not_ok "the modules kbuild builds (modules.order) are the four of dkms.conf" \
		"modules.order:" "$order"
fi

dk=$tmp/dkms
src=$dk/usr/src/baton-$version
check "make dkms-source DESTDIR=... succeeds" \
	make_clean "$tmp/dkms-source.log" dkms-source DESTDIR="$dk"
junk=$(cd "$src" 2>/dev/null && find . -name '*.o' -o -name '*.ko' -o -name '.*.cmd' \
	-o -path ./tools -o -path ./fuzz -o -path ./build -o -path ./selftests)
if [ -f "$src/dkms.conf" ] && [ -f "$src/Makefile" ] && [ -f "$src/Kbuild" ] &&
   [ -f "$src/include/uapi/linux/baton.h" ] && [ -z "$junk" ]; then
	ok "dkms-source: /usr/src/baton-$version has the module sources and no build products"
else
	not_ok "dkms-source: /usr/src/baton-$version has the module sources and no build products" \
		"$(cd "$dk" 2>/dev/null && find . -maxdepth 4 | head -n 20)" "$junk"
fi

if command -v dkms >/dev/null 2>&1; then
	# Every dkms tree under $dk; the MOK key dkms signs with too (its
	# default is /var/lib/dkms/mok.key).
	dkms_trees=(-k "$kver" --kernelsourcedir "$kdir" --sourcetree "$dk/usr/src"
		    --dkmstree "$dk/var/lib/dkms" --installtree "$dk/lib/modules")
	mkdir -p "$dk/var/lib/dkms" "$dk/lib/modules/$kver"
	export mok_signing_key=$dk/mok.key mok_certificate=$dk/mok.pub
	built=$dk/var/lib/dkms/baton/$version/$kver/$(uname -m)/module
	if nice dkms build "baton/$version" "${dkms_trees[@]}" -j 1 >"$tmp/dkms-build.log" 2>&1; then
		ok "dkms build baton/$version -k $kver (--sourcetree, --dkmstree in a temporary directory)"
	else
		not_ok "dkms build baton/$version -k $kver (--sourcetree, --dkmstree in a temporary directory)" \
			"$(tail -n 20 "$tmp/dkms-build.log")" \
			"$(tail -n 30 "$dk"/var/lib/dkms/baton/"$version"/build/make.log 2>/dev/null)"
	fi
	missing=
	for m in $modules; do
		ko=$built/${m#*/}.ko
		[ -f "$ko" ] && [ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" = "$kver" ] ||
			missing="$missing ${m#*/}"
	done
	if [ -z "$missing" ]; then
		ok "dkms built the four modules for $kver"
	else
		not_ok "dkms built the four modules for $kver" "missing or wrong vermagic:$missing" \
			"$(find "$dk/var/lib/dkms" 2>/dev/null | head -n 20)"
	fi
	echo "# signer: $(modinfo -F signer "$built/baton_tunnel.ko" 2>/dev/null)"
	log=$(dirname "$built")/log/make.log
	if [ -f "$log" ] && ! grep -Ei 'warning:|error:' "$log"; then
		ok "dkms's make.log has no warnings"
	else
		not_ok "dkms's make.log has no warnings" "$(grep -Ei 'warning:|error:' "$log" 2>/dev/null | head)"
	fi
	inst=$dk/lib/modules/$kver/updates/dkms
	if nice dkms install "baton/$version" "${dkms_trees[@]}" --no-depmod \
		>"$tmp/dkms-install.log" 2>&1 &&
	   [ "$(find "$inst" -name '*.ko' -printf '%f ' 2>/dev/null | tr ' ' '\n' | sort | xargs)" = \
	     "baton_classifier.ko baton_forwarder.ko baton_migrator.ko baton_tunnel.ko" ]; then
		ok "dkms install --installtree: the four modules in updates/dkms"
	else
		not_ok "dkms install --installtree: the four modules in updates/dkms" \
			"$(tail -n 20 "$tmp/dkms-install.log")"
	fi
	unset mok_signing_key mok_certificate
else
	skip "dkms build baton/$version -k $kver" "dkms not installed"
	skip "dkms built the four modules for $kver" "dkms not installed"
	skip "dkms's make.log has no warnings" "dkms not installed"
	skip "dkms install --installtree: the four modules in updates/dkms" "dkms not installed"
fi

fingerprint >"$tmp/system.after"
if cmp -s "$tmp/system.before" "$tmp/system.after"; then
	ok "nothing written to /lib/modules, /usr/local, /var/lib/dkms or /usr/src"
else
	not_ok "nothing written to /lib/modules, /usr/local, /var/lib/dkms or /usr/src" \
		"$(diff "$tmp/system.before" "$tmp/system.after")"
fi

# --- bash completion ---------------------------------------------------

check "the completion parses (bash -n)" bash -n "$completion"
if command -v shellcheck >/dev/null 2>&1; then
	check "the completion is shellcheck-clean" shellcheck -s bash "$completion"
else
	skip "the completion is shellcheck-clean" "shellcheck not installed"
fi

# Stand-ins for ip and batonctl: two namespaces, and two services of
# which the first has two backends.  batonctl records its arguments.
mkdir -p "$tmp/bin"
cat >"$tmp/bin/ip" <<'EOF'
#!/bin/sh
[ "$*" = "netns list" ] && printf 'blue (id: 0)\ngreen\n'
EOF
cat >"$tmp/bin/batonctl" <<EOF
#!/bin/sh
echo "\$*" >>"$tmp/batonctl.args"
cat <<'TABLE'
SERVICE              HEAD-MAX  DECIDE-MS  ACCEPTED  PENDING  BACKENDS
  HOST:CTLPORT       STATE     TUNNEL     MIGRATED  REFUSED  INFLIGHT
198.51.100.100:80    8192      5000       12        0        2
  203.0.113.11:7280  up        203.0.113.111  12    0        0
  [2001:db8::11]:7280 down     -          0         0        0
[2001:db8::100]:443  8192      5000       0         0        0
TABLE
EOF
chmod +x "$tmp/bin/ip" "$tmp/bin/batonctl"

# comp LINE: what the completion offers with the cursor at the end of
# LINE, as bash would call it (COMP_WORDS split at ":" and "=" too).
comp()
(
	PATH=$tmp/bin:$PATH
	# shellcheck disable=SC1090
	. "$top/$completion" || exit 1
	COMP_LINE=$1
	COMP_POINT=${#1}
	local line=${1//:/ : }
	read -ra COMP_WORDS <<<"${line//=/ = }"
	[[ $1 == *[[:blank:]] ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	# shellcheck disable=SC2030
	COMPREPLY=()
	_batonctl batonctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	echo "${COMPREPLY[*]}"
)

# expect DESC LINE WANT: the completion of LINE is WANT, in that order.
expect()
{
	local got
	got=$(comp "$2" 2>&1)
	if [ "$got" = "$3" ]; then
		ok "completion: $1"
	else
		not_ok "completion: $1" "line: '$2'" "got:  '$got'" "want: '$3'"
	fi
}

expect "objects" "batonctl " \
	"status version flow tunnel service backend rule migrator stats save restore monitor help"
expect "long options" "batonctl -j --n" "--netns"
expect "verbs of flow, after -j" "batonctl -j flow " "show add del get help"
expect "flow add ... state: the flow states" \
	"batonctl flow add encap 192.0.2.1:40000 198.51.100.100:80 peer 203.0.113.111 state a" \
	"active"
expect "flow add: keywords not yet given" \
	"batonctl flow add decap 192.0.2.1:40000 198.51.100.100:80 id 7 " "peer state"
expect "tunnel set forwarder: add or del" "batonctl tunnel set local 198.51.100.3 forwarder " \
	"add del"
expect "netns names from ip netns list (-n and --netns=)" "batonctl -n blue -j --netns=g" "green"
expect "services, with ADDR:PORT split at the colon as bash does" \
	"batonctl -n blue service del 198.51.100.100:" "80"
expect "backends of a service, without their control port" \
	"batonctl backend del 198.51.100.100:80 " "203.0.113.11 [2001:db8::11]"
if grep -qx -- "-n blue service show" "$tmp/batonctl.args" 2>/dev/null; then
	ok "completion: services are read in the namespace of -n"
else
	not_ok "completion: services are read in the namespace of -n" \
		"batonctl was run as:" "$(cat "$tmp/batonctl.args" 2>/dev/null)"
fi
# shellcheck disable=SC1090,SC2031
got=$(
	. "$completion" || exit 1
	COMP_WORDS=(batonctl migrator "")
	COMP_CWORD=2
	_batonctl batonctl "" migrator
	echo "${COMPREPLY[*]}"
	complete -p batonctl
)
if [ "$got" = "show set help
complete -F _batonctl batonctl" ]; then
	ok "completion: registered for batonctl, works from COMP_WORDS alone"
else
	not_ok "completion: registered for batonctl, works from COMP_WORDS alone" "$got"
fi

if [ "$n" -ne "$plan" ]; then
	echo "# planned $plan tests, ran $n"
	failed=$((failed + 1))
fi
[ "$failed" -eq 0 ]
