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
