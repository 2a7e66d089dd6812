/* SPDX-License-Identifier: MIT */
/*
 * moe's page allocator. RAM comes from sigma0 (SIGMA0_REQ_FPAGE_ANY through
 * the pager gate) in 2 MiB chunks, received into a window covering the whole
 * address space, so it lands 1:1: a page's address is its physical address.
 * Each chunk has a bitmap of used pages; an allocation is the first aligned
 * run of free pages. Each chunk keeps a hint: every page below it is used,
 * so a search starts there instead of at the chunk's first page (page by
 * page allocation of a dataspace was a scan of the whole prefix each time).
 * A request larger than a chunk asks sigma0 for a
 * block of the next power of two that is then split into chunks. Freed
 * pages stay in moe's pool (sigma0 takes nothing back).
 * Dataspaces back their pages on first use, so their pages are promised
 * when they are made: `reserved` pages are kept free for them (fetched from
 * sigma0 at reservation time), and no other allocation may take them. So
 * running out of RAM is an error of the request that makes the dataspace
 * (malloc sees ENOMEM), never of a page fault later.
 */
#include <l4/sigma0/sigma0.h>
#include <l4/util/string.h>
#include "moe.h"

#define CHUNK_SHIFT L4_SUPERPAGESHIFT
#define CHUNK_PAGES (1UL << (CHUNK_SHIFT - L4_PAGESHIFT))
#define BITS_PER_WORD (8 * sizeof(unsigned long))
#define MAX_CHUNKS 2048 /* 4 GiB */

struct chunk {
    l4_addr_t base;
    unsigned long used[CHUNK_PAGES / BITS_PER_WORD];
    unsigned nfree;
    unsigned long hint; /* pages [0, hint) are all used */
};

static struct chunk chunks[MAX_CHUNKS];
static unsigned nchunks;
static unsigned long nfree_all;  /* free pages in all chunks */
static unsigned long reserved;   /* of those, promised to dataspaces */

static int page_used(struct chunk const *c, unsigned long i)
{
    return (c->used[i / BITS_PER_WORD] >> (i % BITS_PER_WORD)) & 1;
}

static void mark(struct chunk *c, unsigned long first, unsigned long n, int used)
{
    unsigned long i;

    for (i = first; i < first + n; ++i) {
        if (used) {
            c->used[i / BITS_PER_WORD] |= 1UL << (i % BITS_PER_WORD);
        } else {
            c->used[i / BITS_PER_WORD] &= ~(1UL << (i % BITS_PER_WORD));
        }
    }
    c->nfree = used ? c->nfree - (unsigned)n : c->nfree + (unsigned)n;
    nfree_all = used ? nfree_all - n : nfree_all + n;
    if (used && first <= c->hint && first + n > c->hint) {
        c->hint = first + n; /* the run starts at or below it: [0, first + n) is used */
    } else if (!used && first < c->hint) {
        c->hint = first;
    }
}

/* Ask sigma0 for 2^order bytes and register them as chunks. 0 or -L4_ENOMEM. */
static int grow(unsigned order)
{
    l4_addr_t base = 0;
    unsigned long n = 1UL << (order - CHUNK_SHIFT);
    unsigned long i;

    if (nchunks + n > MAX_CHUNKS
        || l4sigma0_map_anypage(L4_BASE_PAGER_CAP, 0, L4_WHOLE_ADDRESS_SPACE, &base, order) < 0) {
        return -L4_ENOMEM;
    }
    for (i = 0; i < n; ++i) {
        struct chunk *c = &chunks[nchunks++];

        c->base = base + (i << CHUNK_SHIFT);
        memset(c->used, 0, sizeof(c->used));
        c->nfree = CHUNK_PAGES;
        c->hint = 0;
        nfree_all += CHUNK_PAGES;
    }
    moe_dbg(MOE_DBG_INFO, "moe: got 0x%lx bytes of RAM at 0x%lx from sigma0\n", 1UL << order, base);
    return 0;
}

int pages_init(void)
{
    return grow(CHUNK_SHIFT);
}

/* First run of n free pages aligned to `step` pages in chunk c, or -1. */
static long find_run(struct chunk const *c, unsigned long n, unsigned long step)
{
    unsigned long i, k;

    if (c->nfree < n) {
        return -1;
    }
    for (i = c->hint - c->hint % step; i + n <= CHUNK_PAGES; i += step) {
        if (step == 1 && c->used[i / BITS_PER_WORD] == ~0UL) {
            i |= BITS_PER_WORD - 1; /* a full word: on to the next one */
            continue;
        }
        for (k = 0; k < n && !page_used(c, i + k); ++k) {
        }
        if (k == n) {
            return (long)i;
        }
    }
    return -1;
}

/* A run across whole chunks: n pages starting at a chunk start. */
static l4_addr_t alloc_big(unsigned long n, unsigned align_order)
{
    unsigned order = CHUNK_SHIFT;
    unsigned first;
    unsigned long left = n;
    unsigned i;

    while ((1UL << (order - L4_PAGESHIFT)) < n || order < align_order) {
        ++order;
    }
    if (grow(order) < 0) {
        return 0;
    }
    first = nchunks - (unsigned)(1UL << (order - CHUNK_SHIFT));
    for (i = first; left; ++i) {
        unsigned long k = left < CHUNK_PAGES ? left : CHUNK_PAGES;

        mark(&chunks[i], 0, k, 1);
        left -= k;
    }
    return chunks[first].base;
}

/* Have n pages free beyond the reserved ones, asking sigma0 for more. 0 or -L4_ENOMEM. */
static int ensure_free(unsigned long n)
{
    while (nfree_all < reserved + n) {
        unsigned long need = (reserved + n - nfree_all) << L4_PAGESHIFT;
        unsigned order = CHUNK_SHIFT;

        while ((1UL << order) < need && order < 30) {
            ++order;
        }
        /* A big block if sigma0 has one, else smaller ones. */
        while (grow(order) < 0) {
            if (order == CHUNK_SHIFT) {
                return -L4_ENOMEM;
            }
            --order;
        }
    }
    return 0;
}

/* n pages aligned to 2^align_order from the chunks moe has, or 0. */
static l4_addr_t take_run(unsigned long n, unsigned align_order)
{
    unsigned long step = 1UL << (align_order - L4_PAGESHIFT);
    unsigned i;

    for (i = 0; i < nchunks; ++i) {
        long p = find_run(&chunks[i], n, step);

        if (p >= 0) {
            mark(&chunks[i], (unsigned long)p, n, 1);
            return chunks[i].base + ((l4_addr_t)p << L4_PAGESHIFT);
        }
    }
    return 0;
}

/* n pages from the chunks moe has (growing if they are fragmented), or 0. */
static l4_addr_t alloc_small(unsigned long n, unsigned align_order)
{
    l4_addr_t p = take_run(n, align_order);

    if (!p && grow(CHUNK_SHIFT) == 0) {
        p = take_run(n, align_order);
    }
    return p;
}

l4_addr_t pages_alloc(unsigned long size, unsigned align_order)
{
    unsigned long n = (size + L4_PAGESIZE - 1) >> L4_PAGESHIFT;

    if (!n) {
        n = 1;
    }
    if (align_order < L4_PAGESHIFT) {
        align_order = L4_PAGESHIFT;
    }
    if (n > CHUNK_PAGES || align_order > CHUNK_SHIFT) {
        return alloc_big(n, align_order); /* fresh chunks: the reserved pages stay */
    }
    if (ensure_free(n) < 0) {
        return 0;
    }
    return alloc_small(n, align_order);
}

int pages_reserve(unsigned long n)
{
    if (ensure_free(n) < 0) {
        return -L4_ENOMEM;
    }
    reserved += n;
    return 0;
}

void pages_unreserve(unsigned long n)
{
    reserved = n < reserved ? reserved - n : 0;
}

l4_addr_t pages_alloc_reserved(void)
{
    /* reserved <= nfree_all holds, so a free page exists. */
    pages_unreserve(1);
    return alloc_small(1, L4_PAGESHIFT);
}

l4_addr_t pages_alloc_reserved_block(unsigned long n, unsigned align_order)
{
    l4_addr_t p;

    if (reserved < n) {
        return 0;
    }
    /* Only from what moe has: the promise covers n pages, not a fresh chunk for alignment. */
    reserved -= n;
    p = take_run(n, align_order);
    if (!p) {
        reserved += n;
    }
    return p;
}

void pages_free_reserved(l4_addr_t page)
{
    pages_free(page, L4_PAGESIZE);
    ++reserved;
}

void pages_free(l4_addr_t addr, unsigned long size)
{
    unsigned long n = (size + L4_PAGESIZE - 1) >> L4_PAGESHIFT;
    unsigned i;

    while (n) {
        for (i = 0; i < nchunks; ++i) {
            if (addr >= chunks[i].base && addr < chunks[i].base + (1UL << CHUNK_SHIFT)) {
                break;
            }
        }
        if (i == nchunks) {
            kd_printf("moe: freeing 0x%lx, which is not moe's memory\n", addr);
            return;
        }
        unsigned long first = (addr - chunks[i].base) >> L4_PAGESHIFT;
        unsigned long k = CHUNK_PAGES - first < n ? CHUNK_PAGES - first : n;

        mark(&chunks[i], first, k, 0);
        n -= k;
        addr += k << L4_PAGESHIFT;
    }
}

void pages_stats(unsigned long *total, unsigned long *free)
{
    unsigned long f = 0;
    unsigned i;

    for (i = 0; i < nchunks; ++i) {
        f += chunks[i].nfree;
    }
    *total = (unsigned long)nchunks << CHUNK_SHIFT;
    *free = f << L4_PAGESHIFT;
}
