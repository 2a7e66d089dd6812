# SPDX-License-Identifier: MIT
# The one entry point: make, make qemu E=<entry>, make test, make bench, make deps.
# Non-recursive: each component contributes a fragment (*.mk) included below.
# Variables and targets: `make help`; the story: doc/building.md.

O ?= build
PLATFORM ?= arm64-virt
MODULES_LIST ?= conf/modules.list

.DEFAULT_GOAL := all

include tools/mk/config.mk
include bsp/$(PLATFORM)/board.mk
include tools/deps.mk
include tools/mk/rules.mk
include lib/core/core.mk
include pkg/libfdt/libfdt.mk
include pkg/uclibc-ng/uclibc.mk
include pkg/lua/lua.mk
include pkg/bootstrap/bootstrap.mk
include kernel/kernel.mk
include l4re/l4re.mk
include tools/l4consts/l4consts.mk
include tools/mk/packages.mk
include tools/image/image.mk
include tools/picture/picture.mk
include tools/cfgcheck/cfgcheck.mk
include tests/tests.mk
include tools/mutate/mutate.mk

.PHONY: all clean distclean help test-fresh
all: $(ALL_TARGETS)

# README's `make test` in a fresh Debian 12 root made for the run (tools/fresh-root.sh).
test-fresh:
	$(Q)bash tools/fresh-root.sh

clean:
	rm -rf $(filter-out $(DEPS_DIR),$(wildcard $(O)/*))

distclean:
	rm -rf $(O)

help:
	@echo "Targets:"
	@echo "  make                  build kernel, bootstrap, sigma0, programs and host tools"
	@echo "  make qemu E=<entry>   build the image of a conf/modules.list entry and boot it"
	@echo "                        (serial console on the terminal; Ctrl-A X quits QEMU)"
	@echo "  make image E=<entry>  only build \$$(O)/images/<entry>.elf"
	@echo "  make picture E=<entry> draw the running entry's objects (kernel debugger graph,"
	@echo "                        Graphviz) to \$$(O)/pictures/<entry>.svg and .png"
	@echo "  make entries          list the entries of \$$(MODULES_LIST)"
	@echo "  make test             install deps, build everything, run every test"
	@echo "  make test-fresh       make test in a fresh Debian 12 root (as root; what CI runs)"
	@echo "  make check-host       host unit tests only"
	@echo "  make check-target     target tests (QEMU) only; T=<name> runs one"
	@echo "  make bench            benchmarks under QEMU -icount"
	@echo "  make mutate [M=s]     mutation testing of the kernel checks (tools/mutate/mutants.txt)"
	@echo "  make check-cfg CFG=f [E=entry]  check a Lua boot configuration on the host"
	@echo "  make deps             install missing Debian packages, fetch third-party sources"
	@echo "  make uclibc, make lua build uClibc-ng (into \$$(O)/sysroot) and liblua for the target"
	@echo "  make check-libc       run the libc + Lua test program under qemu-aarch64"
	@echo "  make clean            remove build output (keeps fetched sources)"
	@echo "  make distclean        remove the whole build folder"
	@echo "Variables:"
	@echo "  O=<dir>               build folder (default: build)"
	@echo "  PLATFORM=<name>       board under bsp/ (default: arm64-virt)"
	@echo "  E=<entry>             modules.list entry for qemu/image"
	@echo "  MODULES_LIST=<file>   entry list (default: conf/modules.list)"
	@echo "  GDB=1                 with qemu: wait for gdb-multiarch on :1234 (see doc/building.md)"
	@echo "  DISK=path.img         with qemu: attach a raw image as a virtio block device"
	@echo "  QEMU_EXTRA='...'      extra QEMU options, e.g. -M virt,gic-version=3,virtualization=on"
	@echo "  SETTLE=s SETTLE_AFTER=re  with picture: seconds to let it settle, after a line"
	@echo "  V=1                   show full commands"
