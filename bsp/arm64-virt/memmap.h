/* SPDX-License-Identifier: MIT */
/*
 * Physical memory map of QEMU's arm64 `virt` machine (hw/arm/virt.c), as far
 * as the kernel needs fixed addresses before it could read a device tree.
 *
 *   0x08000000  GIC distributor (GICv3)         64 KiB
 *   0x080a0000  GIC redistributors (GICv3)      128 KiB per CPU (window 0xf60000)
 *   0x09000000  PL011 UART                       4 KiB
 *   0x40000000  RAM (device tree in the first MiB for ELF kernels)
 *
 * Interrupts: EL1 physical timer PPI 14 = INTID 30; UART SPI 1 = INTID 33.
 */
#pragma once

#define BOARD_GICD_BASE 0x08000000UL
#define BOARD_GICR_BASE 0x080a0000UL
#define BOARD_GICR_WINDOW 0xf60000UL
#define BOARD_UART_BASE 0x09000000UL
#define BOARD_RAM_BASE 0x40000000UL
#define BOARD_TIMER_INTID 30
#define BOARD_UART_INTID 33
