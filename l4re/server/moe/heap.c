/* SPDX-License-Identifier: MIT */
/*
 * moe's bookkeeping memory: power-of-two size classes from 16 to 2048
 * bytes, each a free list refilled one page at a time from the page
 * allocator; bigger requests take whole pages. Frees are sized (the caller
 * knows what it allocated), so no header is needed. Everything handed out
 * is zeroed.
 */
#include <l4/util/string.h>
#include "moe.h"

#define MIN_SHIFT 4
#define MAX_SHIFT 11
#define NCLASSES (MAX_SHIFT - MIN_SHIFT + 1)

struct free_block {
    struct free_block *next;
};

static struct free_block *free_lists[NCLASSES];

static unsigned class_of(unsigned long size)
{
    unsigned c = 0;

    while ((1UL << (MIN_SHIFT + c)) < size) {
        ++c;
    }
    return c;
}

void *moe_alloc(unsigned long size)
{
    unsigned c;
    void *p;

    if (!size) {
        size = 1;
    }
    if (size > (1UL << MAX_SHIFT)) {
        l4_addr_t a = pages_alloc(size, L4_PAGESHIFT);

        if (a) {
            memset((void *)a, 0, (size + L4_PAGESIZE - 1) & L4_PAGEMASK);
        }
        return (void *)a;
    }
    c = class_of(size);
    if (!free_lists[c]) {
        unsigned long bs = 1UL << (MIN_SHIFT + c);
        l4_addr_t page = pages_alloc(L4_PAGESIZE, L4_PAGESHIFT);
        unsigned long off;

        if (!page) {
            return NULL;
        }
        for (off = 0; off + bs <= L4_PAGESIZE; off += bs) {
            struct free_block *b = (struct free_block *)(page + off);

            b->next = free_lists[c];
            free_lists[c] = b;
        }
    }
    p = free_lists[c];
    free_lists[c] = free_lists[c]->next;
    memset(p, 0, 1UL << (MIN_SHIFT + c));
    return p;
}

void moe_free(void *p, unsigned long size)
{
    struct free_block *b = p;
    unsigned c;

    if (!p) {
        return;
    }
    if (size > (1UL << MAX_SHIFT)) {
        pages_free((l4_addr_t)p, size);
        return;
    }
    c = class_of(size ? size : 1);
    b->next = free_lists[c];
    free_lists[c] = b;
}
