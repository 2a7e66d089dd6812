/* SPDX-License-Identifier: MIT */
/*
 * brk: the heap of malloc. The first call reserves BE_BRK_AREA bytes of
 * address space in the region map; growing the break attaches a new
 * anonymous dataspace (a "chunk") at the end of the mapped part, at least
 * BE_BRK_MIN_CHUNK and a quarter of what is mapped already, so a large heap
 * needs few chunks. A chunk is mapped when it is attached, so running out of
 * memory (moe's RAM or the kernel memory of the mappings) is an ENOMEM here. Shrinking detaches and frees every chunk that lies
 * wholly above the new break, so malloc's trimming returns memory to moe;
 * the kept part of the last chunk above the break is cleared, because
 * malloc assumes memory it gets from brk again reads as zero.
 * Linux semantics: brk(addr) returns the new break, or the old one on failure.
 */
#include <errno.h>
#include <string.h>
#include <l4/sys/consts.h>
#include <l4/re/c/rm.h>

#include "be.h"

#define BE_BRK_AREA      (1UL << 30)
#define BE_BRK_MIN_CHUNK (256UL << 10)
#define BE_BRK_CHUNKS    64

struct be_chunk {
    l4_addr_t start;
    unsigned long size;
    l4_cap_idx_t ds;
};

static l4_addr_t be_brk_start;      /* 0 until the area is reserved */
static l4_addr_t be_brk_cur;        /* the break */
static l4_addr_t be_brk_mapped;     /* end of the last chunk */
static struct be_chunk be_chunks[BE_BRK_CHUNKS];
static unsigned be_nchunks;

static int be_brk_setup(void)
{
    l4_addr_t start = 0;

    if (!be_env()) {
        return -ENOMEM;
    }
    if (l4re_rm_reserve_area(&start, BE_BRK_AREA, L4RE_RM_F_SEARCH_ADDR, L4_SUPERPAGESHIFT)
        < 0) {
        return -ENOMEM;
    }
    be_brk_start = start;
    be_brk_cur = start;
    be_brk_mapped = start;
    return 0;
}

static int be_brk_grow(l4_addr_t need)
{
    unsigned long size = need - be_brk_mapped;
    unsigned long mapped = be_brk_mapped - be_brk_start;
    struct be_chunk *c;
    void *at;

    if (be_nchunks == BE_BRK_CHUNKS) {
        return -ENOMEM;
    }
    if (size < BE_BRK_MIN_CHUNK) {
        size = BE_BRK_MIN_CHUNK;
    }
    if (size < mapped / 4) {
        size = l4_round_page(mapped / 4);
    }
    if (size > be_brk_start + BE_BRK_AREA - be_brk_mapped) {
        size = be_brk_start + BE_BRK_AREA - be_brk_mapped;
    }
    c = &be_chunks[be_nchunks];
    if (be_ds_new(size, &c->ds) < 0) {
        return -ENOMEM;
    }
    at = (void *)be_brk_mapped;
    /* Mapped now (eager): if the kernel memory for the mappings is not there,
     * brk fails here and malloc returns NULL, instead of a later page fault
     * ending the program. */
    if (l4re_rm_attach(&at, size, L4RE_RM_F_RW | L4RE_RM_F_IN_AREA | L4RE_RM_F_EAGER_MAP, c->ds,
                       0, L4_PAGESHIFT)
        < 0) {
        be_ds_free(c->ds);
        return -ENOMEM;
    }
    c->start = be_brk_mapped;
    c->size = size;
    ++be_nchunks;
    be_brk_mapped += size;
    return 0;
}

static void be_brk_shrink(l4_addr_t addr)
{
    l4_addr_t keep = l4_round_page(addr);

    while (be_nchunks > 0 && be_chunks[be_nchunks - 1].start >= keep) {
        struct be_chunk *c = &be_chunks[--be_nchunks];

        l4re_rm_detach((void *)c->start);
        be_ds_free(c->ds);
        be_brk_mapped = c->start;
    }
    if (be_brk_cur > be_brk_mapped) {
        be_brk_cur = be_brk_mapped;
    }
    if (be_brk_cur > addr) {
        memset((void *)addr, 0, be_brk_cur - addr);
    }
}

long be_brk(long addr_arg, long a1, long a2, long a3, long a4, long a5)
{
    l4_addr_t addr = (l4_addr_t)addr_arg;

    (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    if (!be_brk_start && be_brk_setup() < 0) {
        return 0;
    }
    if (addr < be_brk_start || addr > be_brk_start + BE_BRK_AREA) {
        return (long)be_brk_cur;
    }
    if (addr > be_brk_mapped) {
        while (be_brk_mapped < l4_round_page(addr)) {
            if (be_brk_grow(l4_round_page(addr)) < 0) {
                return (long)be_brk_cur;
            }
        }
    } else if (addr < be_brk_cur) {
        be_brk_shrink(addr);
    }
    be_brk_cur = addr;
    return (long)be_brk_cur;
}
