// SPDX-License-Identifier: MIT
/*
 * What the kernel needs to know of the virt board beyond its drivers: the
 * device memory those drivers own (memmap.h), which no user may map. The
 * redistributor range is QEMU's whole window for them (hw/arm/virt.c,
 * VIRT_GIC_REDIST: 0xf60000 bytes), whatever the number of CPUs.
 */
#include <bsp/mmio.h>
#include "base.h"
#include "memmap.h"

static const struct bsp_mmio_range kernel_mmio[] = {
    { BOARD_GICD_BASE, 0x10000 },
    { BOARD_GICR_BASE, BOARD_GICR_WINDOW },
    { BOARD_UART_BASE, 0x1000 },
};

const struct bsp_mmio_range *bsp_kernel_mmio(unsigned *n)
{
    *n = ARRAY_SIZE(kernel_mmio);
    return kernel_mmio;
}
