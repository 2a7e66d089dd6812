# SPDX-License-Identifier: MIT
# Board description of QEMU's arm64 `virt` machine: architecture, drivers,
# RAM base and how QEMU runs it. Adding a board means adding a folder like this.

ARCH := arm64
BSP_DIR := bsp/arm64-virt
RAM_BASE := 0x40000000
# Drivers of bsp/drivers/ that this board uses (named after DT compatibles).
BSP_DRIVERS := pl011 gic_v3 arm_timer psci

include $(BSP_DIR)/qemu.mk
