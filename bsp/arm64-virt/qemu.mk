# SPDX-License-Identifier: MIT
# How QEMU runs this board. The machine and CPU are pinned so that -icount
# figures repeat across QEMU versions (doc/building.md).

QEMU        ?= qemu-system-aarch64
QEMU_MACHINE ?= virt,gic-version=3
QEMU_CPU    ?= cortex-a57
QEMU_MEM    ?= 512M
# CPUs of the machine: `make qemu E=x SMP=4` (the kernel starts every CPU the device tree names).
SMP         ?= 1
# -nodefaults: only the devices named here. The virt machine's defaults add a virtio NIC
# whose option ROM (efi-virtio.rom) Debian ships only in a recommended package, so a
# fresh machine without it could not start QEMU at all; nothing here uses a NIC.
# The serial port (the board's PL011) and the monitor are therefore always explicit.
QEMU_BASE_OPTIONS = -M $(QEMU_MACHINE) -cpu $(QEMU_CPU) -m $(QEMU_MEM) -smp $(SMP) \
    -nodefaults -display none -no-reboot
# Interactive: serial and monitor multiplexed on the terminal (Ctrl-A X quits).
QEMU_INTERACTIVE_OPTIONS = -serial mon:stdio
# Tests: plain serial on stdout, no monitor.
QEMU_TEST_OPTIONS = -serial stdio -monitor none
QEMU_BENCH_OPTIONS = -icount shift=0,align=off,sleep=off
# A disk (make qemu DISK=path.img, and the tests' `disk:` key): a raw image on the
# virtio-mmio transport QEMU fills first, in the modern (version 2) register layout.
QEMU_DISK_OPTIONS = -global virtio-mmio.force-legacy=false \
    -drive file=$(1),if=none,format=raw,id=disk0 -device virtio-blk-device,drive=disk0
