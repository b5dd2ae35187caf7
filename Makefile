# SPDX-License-Identifier: GPL-2.0
#
# baton: build the four modules and the tools, and run the tests.
#
#   make                 modules (against the newest Debian 6.1 headers) + tools
#   make KDIR=...        modules against another kernel tree
#   make debug-kernel    build the cached debug kernel (tools/vm/build-kernel)
#   make debug-modules   modules + KUnit suites against the debug kernel
#   make check           every test: host, stock VM, debug VM
#   make style           checkpatch --strict on all kernel sources
#   make C=2             sparse on all kernel sources

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

.PHONY: all modules tools clean check style debug-kernel debug-modules \
	install help

all: modules tools

modules:
	$(MAKE) -C $(KDIR) M=$(PWD_) $(if $(W),W=$(W)) $(if $(C),C=$(C)) modules

tools:
	$(MAKE) -C tools/batonctl

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
	rm -rf build

help:
	@sed -n '3,12p' Makefile
