// SPDX-License-Identifier: MIT
/*
 * Host unit test of the kernel's buddy page allocator
 * (kernel/generic/page_alloc.c): allocation orders, alignment, splitting
 * and merging, exhaustion, and rejected frees (double free, wrong order,
 * foreign pointer). Runs over an aligned heap buffer instead of RAM.
 */
#include <stdlib.h>
#include <string.h>
#include "page_alloc.h"
#include "tap_host.h"

#define POOL_PAGES 1100

static void *pool_mem(size_t pages)
{
    void *p = aligned_alloc(PAGE_SIZE, pages * PAGE_SIZE);
    memset(p, 0xa5, pages * PAGE_SIZE);
    return p;
}

int main(void)
{
    plan(22);
    struct page_pool pool;
    void *mem = pool_mem(POOL_PAGES);
    ok(page_pool_init(&pool, mem, POOL_PAGES * PAGE_SIZE), "pool over %d pages", POOL_PAGES);
    ok(pool.npages < POOL_PAGES && pool.npages >= POOL_PAGES - 2, "metadata takes 1-2 pages (%zu left)",
       pool.npages);
    is_int(pool.free_pages, pool.npages, "everything free at start");

    void *a = page_alloc(&pool, 0);
    ok(a && page_pool_contains(&pool, a), "order-0 page inside the pool");
    ok(((uintptr_t)a & (PAGE_SIZE - 1)) == 0, "page aligned");
    memset(a, 0x11, PAGE_SIZE);
    void *b = page_alloc(&pool, 3);
    ok(b && ((uintptr_t)b - pool.base) % (8 * PAGE_SIZE) == 0, "order-3 block naturally aligned");
    ok((char *)b >= (char *)a + PAGE_SIZE || (char *)b + 8 * PAGE_SIZE <= (char *)a,
       "blocks do not overlap");
    is_int(pool.free_pages, pool.npages - 9, "free count follows allocations");

    ok(!page_free(&pool, (char *)b + PAGE_SIZE, 3), "free of a misaligned block is refused");
    ok(!page_free(&pool, a, 1), "free with a wrong, larger order is refused");
    ok(page_free(&pool, a, 0), "free of the order-0 page");
    ok(!page_free(&pool, a, 0), "double free is refused");
    ok(page_free(&pool, b, 3), "free of the order-3 block");
    is_int(pool.free_pages, pool.npages, "all pages free again");

    /* After freeing everything the buddies must have merged back: a maximal
     * block is available again. */
    void *big = page_alloc(&pool, PAGE_MAX_ORDER);
    ok(big != NULL, "order-%d block available after merging", PAGE_MAX_ORDER);
    ok(page_free(&pool, big, PAGE_MAX_ORDER), "and freed");
    ok(page_alloc(&pool, PAGE_MAX_ORDER + 1) == NULL, "order above the maximum is refused");

    /* Exhaustion: take every page, the next request fails, nothing is lost. */
    size_t n = 0;
    void **pages = malloc(pool.npages * sizeof(void *));
    void *p;
    while ((p = page_alloc(&pool, 0)) != NULL) {
        pages[n++] = p;
    }
    is_int(n, pool.npages, "every page can be allocated once");
    ok(page_alloc(&pool, 0) == NULL, "allocation fails cleanly when exhausted");
    int distinct = 1;
    for (size_t i = 1; i < n && distinct; i++) {
        distinct = pages[i] != pages[i - 1];
    }
    ok(distinct, "no page handed out twice in a row");
    for (size_t i = 0; i < n; i++) {
        page_free(&pool, pages[i], 0);
    }
    is_int(pool.free_pages, pool.npages, "all pages back after freeing in allocation order");
    ok(!page_pool_init(&pool, mem, PAGE_SIZE), "a one-page region is too small to manage");
    free(pages);
    free(mem);
    return done();
}
