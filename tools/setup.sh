#!/bin/sh
# Install everything baton needs to build and test on Debian bookworm.
# Idempotent: apt-get skips what is already installed.
set -eu

PKGS="
build-essential bc bison flex libelf-dev libssl-dev dwarves cpio kmod
pkg-config rsync xz-utils python3 perl
sparse clang llvm libclang-rt-14-dev
linux-headers-amd64 linux-image-amd64 linux-source-6.1 dkms
qemu-system-x86 busybox-static
libnl-3-dev libnl-genl-3-dev libnl-route-3-dev
iproute2 iputils-ping ethtool tcpdump socat curl nginx-light
netcat-openbsd
"

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $PKGS

# The kernel source tarball is unpacked once; the debug kernel is built
# out of tree from it (see tools/vm/build-debug-kernel).
if [ ! -d /usr/src/linux-source-6.1 ]; then
	tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n1)
	[ -n "$tarball" ] && $SUDO tar -C /usr/src -xf "$tarball"
fi

# nginx-light is installed for the test servers only: keep the system
# instance from running on the build machine.
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
	$SUDO systemctl disable --now nginx >/dev/null 2>&1 || true
fi
echo "baton: set-up complete"
