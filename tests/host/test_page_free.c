// SPDX-License-Identifier: MIT
/*
 * Host unit test of the checks page_free (kernel/generic/page_alloc.c)
 * makes before it trusts a caller, in a full pool, where no free block is
 * near to give a wrong free away: a block start that is not aligned to its
 * order, a pointer inside a page, a block running past the pool's end.
 * Each must be refused and leave the free count alone. (test_page_alloc.c
 * covers the allocator's normal life.)
 */
#include <stdlib.h>
#include <string.h>
#include "page_alloc.h"
#include "tap_host.h"

#define POOL_PAGES 64

int main(void)
{
    struct page_pool pool;
    void *mem = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);

    plan(7);
    memset(mem, 0, POOL_PAGES * PAGE_SIZE);
    ok(page_pool_init(&pool, mem, POOL_PAGES * PAGE_SIZE), "pool over %d pages", POOL_PAGES);
    size_t n = 0;
    while (page_alloc(&pool, 0)) {
        n++;
    }
    is_int(pool.free_pages, 0, "every page taken one by one (%zu)", n);

    char *first = (char *)pool.base;
    ok(!page_free(&pool, first + PAGE_SIZE, 1), "an order-1 free at an odd page is refused");
    ok(!page_free(&pool, first + 2 * PAGE_SIZE, 2), "an order-2 free at page 2 is refused");
    ok(!page_free(&pool, first + 8, 0), "a free inside a page is refused");
    ok(!page_free(&pool, first + (pool.npages - 1) * PAGE_SIZE, 1),
       "an order-1 free of the last page (past the end) is refused");
    is_int(pool.free_pages, 0, "the refused frees freed nothing");
    free(mem);
    return done();
}
