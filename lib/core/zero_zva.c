/* SPDX-License-Identifier: MIT */
/*
 * Zero fills with DC ZVA (kernel and user programs, where memory is
 * Normal; ARM DDI 0487 C6.2.81 "DC ZVA"): one instruction zeroes a block of
 * 4 << DCZID_EL0.BS bytes at a block-aligned address. DCZID_EL0.DZP set
 * means the instruction is prohibited here (at EL0: SCTLR_EL1.DZE clear),
 * so the caller's word loop does all the work. Not for Device memory
 * (bootstrap runs with the MMU off: zero_plain.c), where DC ZVA faults.
 */
#include <stdint.h>
#include "zero.h"

#define DCZID_DZP (1u << 4)
#define DCZID_BS  0xfu

size_t core_zero_blocks(void *d, size_t n)
{
    uintptr_t start = (uintptr_t)d, p, end;
    uint64_t dczid;
    size_t block;

    if (n < CORE_ZERO_MIN) {
        return 0;
    }
    __asm__("mrs %0, dczid_el0" : "=r"(dczid));
    if (dczid & DCZID_DZP) {
        return 0;
    }
    block = (size_t)4 << (dczid & DCZID_BS);
    if (start & (block - 1)) {
        return 0; /* the common callers zero whole pages; others take the word loop */
    }
    end = start + (n & ~(block - 1));
    for (p = start; p < end; p += block) {
        __asm__ volatile("dc zva, %0" : : "r"(p) : "memory");
    }
    return end - start;
}
