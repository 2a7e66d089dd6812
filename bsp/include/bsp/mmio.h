/* SPDX-License-Identifier: MIT */
/*
 * Device register access through the kernel's linear map.
 */
#pragma once

#include <stdint.h>
#include <arch/mmu.h>

static inline volatile uint32_t *mmio32(uint64_t pa)
{
    return (volatile uint32_t *)phys_to_virt(pa);
}

static inline uint32_t mmio_read32(uint64_t pa)
{
    return *mmio32(pa);
}

static inline void mmio_write32(uint64_t pa, uint32_t v)
{
    *mmio32(pa) = v;
}

/** A range of device memory the kernel drives itself (interrupt controller, console). */
struct bsp_mmio_range {
    uint64_t base;
    uint64_t size;
};

/**
 * The board's table of the device memory the kernel drives (\a n entries). The
 * kernel publishes it in the KIP as reserved memory (subtype mmio), so that sigma0
 * never hands it to anyone; doc/sigma0.md.
 */
const struct bsp_mmio_range *bsp_kernel_mmio(unsigned *n);
