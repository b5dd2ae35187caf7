# SPDX-License-Identifier: GPL-2.0
#
# baton: build the four modules and the tools, and run the tests.
#
#   make                 modules (against the newest Debian 6.1 headers) + tools
#                        (batonctl, and the batond health checker)
#   make KDIR=...        modules against another kernel tree
#   make debug-kernel    build the cached debug kernel (tools/vm/build-kernel)
#   make debug-modules   modules + KUnit suites against the debug kernel
#   make check           every test: host, stock VM, debug VM
#   make style           checkpatch --strict on all kernel sources
#   make C=2             sparse on all kernel sources
#   make install         modules_install + depmod, then batonctl and batond,
#                        their man pages and batonctl's bash completion
#                        (DESTDIR=... stages all of it)
#   make uninstall       remove what install installed
#   make dkms-source     the module sources to /usr/src/baton-VERSION for dkms

# The running kernel of the build machine is not the target: pick the
# newest installed Debian 6.1 headers unless KDIR says otherwise.
KDIR ?= $(lastword $(sort $(wildcard /usr/src/linux-headers-6.1.*-amd64)))
ifeq ($(KDIR),)
$(error no Debian 6.1 kernel headers found: run tools/setup.sh or set KDIR)
endif

PWD_ := $(CURDIR)
KSRC ?= /usr/src/linux-source-6.1
DEBUG_BUILD := $(PWD_)/build/debug
MODULE_DIRS := tunneler forwarder classifier migrator

CHECKPATCH ?= $(firstword $(wildcard $(KSRC)/scripts/checkpatch.pl \
				    $(KDIR)/scripts/checkpatch.pl))
KERNEL_SOURCES = $(shell find $(MODULE_DIRS) include -name '*.[ch]' ! -name '*.mod.c' | sort)

# Installation.  DESTDIR stages everything under one directory, the
# modules included (it is kbuild's INSTALL_MOD_PATH unless that is set).
# The modules go to extra/baton, kbuild's default place for external
# modules: they shadow no in-tree module, and a DKMS build of baton
# (updates/dkms on Debian, which depmod searches first) wins over them.
PREFIX ?= /usr/local
INSTALL_MOD_PATH ?= $(DESTDIR)
INSTALL_MOD_DIR ?= extra/baton
DEPMOD ?= depmod
MODULE_KOS := tunneler/baton_tunnel.ko forwarder/baton_forwarder.ko \
	      classifier/baton_classifier.ko migrator/baton_migrator.ko
BATON_VERSION = $(shell sed -n 's/^.define BATON_VERSION "\(.*\)"/\1/p' \
		  include/baton/version.h)
DKMS_SRC ?= /usr/src/baton-$(BATON_VERSION)

# The release of KDIR's kernel, which names its /lib/modules directory.
# "make -C $(KDIR) kernelrelease" is no use here: Debian's headers answer
# the upstream version (6.1.x), and set the real one only for builds.
KRELEASE = $(shell sed -n 's/^.define UTS_RELEASE "\(.*\)"/\1/p' \
	     $(KDIR)/include/generated/utsrelease.h)
mod_path = $(abspath $(INSTALL_MOD_PATH))
mod_dst = $(mod_path)/lib/modules/$(KRELEASE)/$(INSTALL_MOD_DIR)

# depmod on this system, or with -b in another root that holds its
# kernel's own modules (a chroot, an image).  A staging directory with
# baton's modules alone (DESTDIR for a package) gets no index: depmod
# runs where the package is installed.
depmod_cmd = $(strip $(DEPMOD) $(if $(mod_path),-b $(mod_path)) -a $(KRELEASE))
define run_depmod
	@if [ -z "$(mod_path)" ] || \
	    [ -e $(mod_path)/lib/modules/$(KRELEASE)/modules.order ]; then \
		echo "$(depmod_cmd)"; $(depmod_cmd); \
	else \
		echo "depmod: not run in the staging directory $(mod_path)"; \
	fi
endef

# kbuild signs what it installs when the kernel has CONFIG_MODULE_SIG_ALL,
# with the kernel's own key; Debian's headers do not ship it, and
# sign-file would fail on every module.  Without the key, install the
# modules unsigned (DKMS signs with its own MOK key, for Secure Boot).
# kbuild's own depmod step needs a System.map, which Debian's headers
# lack too: it would only warn and skip, and depmod runs below instead.
modinst_flags = INSTALL_MOD_PATH=$(mod_path) INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) \
	$(if $(wildcard $(KDIR)/certs/signing_key.x509),,CONFIG_MODULE_SIG_ALL=) \
	cmd_depmod=: quiet_cmd_depmod=

.PHONY: all modules tools clean check style debug-kernel debug-modules \
	install modules_install tools_install uninstall dkms-source help

all: modules tools

modules:
	$(MAKE) -C $(KDIR) M=$(PWD_) $(if $(W),W=$(W)) $(if $(C),C=$(C)) modules

tools:
	$(MAKE) -C tools/batonctl
	$(MAKE) -C tools/batond
	$(MAKE) -C tools/nlfuzz

debug-kernel:
	tools/vm/build-kernel >/dev/null

# Modules for the debug kernel are built from a copy of the sources, so
# the stock-kernel .ko files in the tree stay as they are.
# Objects built for another debug kernel are not rebuilt by kbuild on
# their own: start afresh when the kernel's build directory changes.
debug-modules: debug-kernel
	kdir=$$(tools/vm/build-kernel --print-dir); \
	if [ "$$(cat $(DEBUG_BUILD)/.kdir 2>/dev/null)" != "$$kdir" ]; then \
		rm -rf $(DEBUG_BUILD); mkdir -p $(DEBUG_BUILD); \
		echo "$$kdir" >$(DEBUG_BUILD)/.kdir; \
	fi
	rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
		--exclude='*.mod' --exclude='*.mod.c' --exclude='*.o.d' \
		--exclude='modules.order' --exclude='Module.symvers' \
		--include='/Kbuild' --include='/include/***' \
		$(foreach d,$(MODULE_DIRS),--include='/$(d)/***') \
		--exclude='*' ./ $(DEBUG_BUILD)/
	$(MAKE) -C $$(tools/vm/build-kernel --print-dir) M=$(DEBUG_BUILD) modules

check: all
	tools/check

style:
	@test -n "$(CHECKPATCH)" || { echo "checkpatch.pl not found (install linux-source-6.1)"; exit 1; }
	perl $(CHECKPATCH) --no-tree --strict --terse --show-types \
		--ignore SPDX_LICENSE_TAG,FILE_PATH_CHANGES -f $(KERNEL_SOURCES)

clean:
	$(MAKE) -C $(KDIR) M=$(PWD_) clean
	$(MAKE) -C tools/batonctl clean
	$(MAKE) -C tools/batond clean
	$(MAKE) -C tools/nlfuzz clean
	rm -rf build

install: modules_install tools_install

modules_install: modules
	@test -n "$(KRELEASE)" || { echo "no kernel release in $(KDIR)" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(PWD_) $(modinst_flags) modules_install
	$(run_depmod)

tools_install:
	$(MAKE) -C tools/batonctl install DESTDIR=$(abspath $(DESTDIR)) \
		PREFIX=$(PREFIX)
	$(MAKE) -C tools/batond install DESTDIR=$(abspath $(DESTDIR)) \
		PREFIX=$(PREFIX)

uninstall:
	@test -n "$(KRELEASE)" || { echo "no kernel release in $(KDIR)" >&2; exit 1; }
	rm -f $(foreach m,$(MODULE_KOS),$(mod_dst)/$(m) $(mod_dst)/$(m).*)
	rmdir --ignore-fail-on-non-empty $(foreach d,$(MODULE_DIRS),$(mod_dst)/$(d)) \
		$(mod_dst) 2>/dev/null || true
	$(run_depmod)
	$(MAKE) -C tools/batonctl uninstall DESTDIR=$(abspath $(DESTDIR)) \
		PREFIX=$(PREFIX)
	$(MAKE) -C tools/batond uninstall DESTDIR=$(abspath $(DESTDIR)) \
		PREFIX=$(PREFIX)

# The module sources as DKMS wants them, in /usr/src/baton-VERSION: the
# top-level Makefile, Kbuild and dkms.conf, include/ and the four module
# directories, without build products.  Then "dkms install baton/VERSION".
dkms-source:
	@test -n "$(BATON_VERSION)" || { echo "no BATON_VERSION in include/baton/version.h" >&2; exit 1; }
	mkdir -p $(DESTDIR)$(DKMS_SRC)
	rsync -rlt --delete --chmod=D755,F644 \
		--exclude='*.o' --exclude='*.ko' --exclude='.*' \
		--exclude='*.mod' --exclude='*.mod.c' --exclude='*.o.d' \
		--exclude='modules.order' --exclude='Module.symvers' \
		--include='/Makefile' --include='/Kbuild' --include='/dkms.conf' \
		--include='/include/***' \
		$(foreach d,$(MODULE_DIRS),--include='/$(d)/***') \
		--exclude='*' ./ $(DESTDIR)$(DKMS_SRC)/

help:
	@sed -n '3,16p' Makefile
