// SPDX-License-Identifier: MIT
/*
 * Host unit test of the kernel object allocator (kernel/generic/kmem.c):
 * size classes, zeroing, reuse, slab release back to the page pool, large
 * objects, exhaustion and the charge sizes quotas rely on.
 */
#include <stdlib.h>
#include <string.h>
#include "kmem.h"
#include "tap_host.h"

#define POOL_PAGES 64

int main(void)
{
    plan(17);
    void *mem = aligned_alloc(PAGE_SIZE, POOL_PAGES * PAGE_SIZE);
    memset(mem, 0xa5, POOL_PAGES * PAGE_SIZE);
    struct page_pool pool;
    struct kmem km;
    page_pool_init(&pool, mem, POOL_PAGES * PAGE_SIZE);
    kmem_init(&km, &pool);
    size_t free0 = pool.free_pages;

    unsigned char *a = kmem_alloc(&km, 40);
    ok(a != NULL, "40-byte object");
    int zero = 1;
    for (int i = 0; i < 40; i++) {
        zero &= a[i] == 0;
    }
    ok(zero, "objects come zeroed");
    is_int(kmem_charge_size(40), 64, "40 bytes are charged as 64");
    is_int(kmem_charge_size(2049), PAGE_SIZE, "2049 bytes are charged as a page");
    is_int(kmem_charge_size(PAGE_SIZE + 1), 2 * PAGE_SIZE, "a page and a byte: two pages");
    unsigned char *b = kmem_alloc(&km, 64);
    ok(b && (b >= a + 64 || b + 64 <= a), "second object of the class does not overlap");
    ok(((uintptr_t)b & 63) == 0, "64-byte objects are 64-byte aligned");
    is_int(pool.free_pages, free0 - 1, "one slab page for both");
    is_int(km.bytes_in_use, 128, "bytes in use counted per class");
    memset(b, 0xff, 64);
    kmem_free(&km, b, 64);
    unsigned char *c = kmem_alloc(&km, 64);
    ok(c == b && c[5] == 0, "a freed object is reused and zeroed again");
    kmem_free(&km, c, 64);
    kmem_free(&km, a, 40);
    is_int(pool.free_pages, free0, "an empty slab goes back to the page pool");
    is_int(km.bytes_in_use, 0, "nothing in use after freeing all");

    void *big = kmem_alloc(&km, 3 * PAGE_SIZE);
    ok(big && ((uintptr_t)big & (PAGE_SIZE - 1)) == 0, "large object is page aligned");
    is_int(pool.free_pages, free0 - 4, "three pages round up to an order-2 block");
    kmem_free(&km, big, 3 * PAGE_SIZE);

    /* Exhaustion: fill the pool with 2 KiB objects until allocation fails. */
    void *objs[POOL_PAGES * 2];
    size_t n = 0;
    void *o;
    while (n < POOL_PAGES * 2 && (o = kmem_alloc(&km, 2048)) != NULL) {
        objs[n++] = o;
    }
    ok(n > 0 && n < POOL_PAGES * 2, "exhaustion reached after %zu objects", n);
    ok(kmem_alloc(&km, 16) == NULL || pool.free_pages == 0,
       "no memory is invented once the pool is empty");
    for (size_t i = 0; i < n; i++) {
        kmem_free(&km, objs[i], 2048);
    }
    is_int(pool.free_pages, free0, "every page returns after freeing all objects");
    free(mem);
    return done();
}
