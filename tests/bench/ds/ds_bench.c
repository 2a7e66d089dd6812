/* SPDX-License-Identifier: MIT */
/*
 * First touch of malloc'd memory (make bench, tests/bench/ds.test): malloc a
 * 4 MiB block (uClibc-ng mmaps it: a dataspace of moe attached by l4re's
 * region map), write one byte into each 4 KiB page and report the
 * instructions of malloc and the writes per page as
 * `BENCH ds_first_touch_per_page <n> instructions`. The malloc is counted
 * because the libc backend attaches the block with L4RE_RM_F_EAGER_MAP:
 * l4re has moe map (and zero) every page before malloc returns, so that
 * is where the first-touch work happens; with lazy mapping the writes
 * would fault instead. The figure is what a program sees. A second figure,
 * ds_fault_per_page, is the lazy path: a 4 MiB dataspace attached without
 * eager mapping, where every first write is a page fault that l4re
 * resolves through moe's map (and may map more than the faulting page).
 * Counted with PMCCNTR_EL0, which the kernel lets EL0 read and which
 * counts one per instruction under -icount shift=0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>

#define BLOCK (4UL << 20)
#define PAGE  4096UL

static unsigned long pmu_cycles(void)
{
    unsigned long v;

    __asm__ volatile("isb\n mrs %0, pmccntr_el0\n isb" : "=r"(v) : : "memory");
    return v;
}

/* Writes one byte per page of a lazily attached fresh dataspace. 0 or -1. */
static int fault_path(void)
{
    l4_cap_idx_t ds = l4re_util_cap_alloc();
    unsigned long t0, t1, off;
    void *at = 0;
    volatile char *p;

    if (l4_is_invalid_cap(ds) || l4re_ma_alloc(BLOCK, ds, 0) < 0
        || l4re_rm_attach(&at, BLOCK, L4RE_RM_F_RW | L4RE_RM_F_SEARCH_ADDR, ds, 0,
                          L4_SUPERPAGESHIFT) < 0) {
        printf("ds_bench: no lazily attached dataspace\n");
        return -1;
    }
    p = at;
    t0 = pmu_cycles();
    for (off = 0; off < BLOCK; off += PAGE) {
        p[off] = 2;
    }
    t1 = pmu_cycles();
    for (off = 0; off < BLOCK; off += 64) {
        if (p[off] != ((off & (PAGE - 1)) ? 0 : 2)) {
            printf("ds_bench: lazy block wrong at offset 0x%lx\n", off);
            return -1;
        }
    }
    printf("BENCH ds_fault_per_page %lu instructions\n", (t1 - t0) / (BLOCK / PAGE));
    return 0;
}

int main(void)
{
    unsigned long t0 = pmu_cycles(), t1, off, sum = 0;
    volatile char *p = malloc(BLOCK);

    if (!p) {
        printf("ds_bench: malloc of %lu bytes failed\n", BLOCK);
        return 1;
    }
    for (off = 0; off < BLOCK; off += PAGE) {
        p[off] = 1;
    }
    t1 = pmu_cycles();
    for (off = 0; off < BLOCK; off += 64) {
        sum += (unsigned char)p[off];
    }
    if (sum != BLOCK / PAGE) {
        printf("ds_bench: block reads %lu ones, expected %lu\n", sum, BLOCK / PAGE);
        return 1;
    }
    printf("BENCH ds_first_touch_per_page %lu instructions\n", (t1 - t0) / (BLOCK / PAGE));
    return fault_path() < 0;
}
