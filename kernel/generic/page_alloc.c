// SPDX-License-Identifier: MIT
/*
 * Binary buddy allocator for kernel pages (see page_alloc.h for the model).
 * Invariant: meta[i] == (PAGE_META_FREE | k) exactly when page i heads a
 * free block of order k that is linked on free[k]; every other page has
 * meta 0. Block indices are relative to pool->base, so a block of order k
 * starts at an index that is a multiple of 2^k.
 */
#include "page_alloc.h"

#define PAGE_META_FREE 0x80

static struct list *block_node(struct page_pool *pool, size_t idx)
{
    return (struct list *)(pool->base + idx * PAGE_SIZE);
}

static void insert_free(struct page_pool *pool, size_t idx, unsigned order)
{
    pool->meta[idx] = PAGE_META_FREE | order;
    list_push_front(&pool->free[order], block_node(pool, idx));
}

bool page_pool_init(struct page_pool *pool, void *mem, size_t size)
{
    uintptr_t start = ALIGN_UP((uintptr_t)mem, PAGE_SIZE);
    uintptr_t end = ALIGN_DOWN((uintptr_t)mem + size, PAGE_SIZE);
    if (end <= start) {
        return false;
    }
    size_t total = (end - start) / PAGE_SIZE;
    /* The metadata (one byte per page) lives in the first pages. */
    size_t meta_pages = (total + PAGE_SIZE) / (PAGE_SIZE + 1);
    if (meta_pages == 0) {
        meta_pages = 1;
    }
    if (meta_pages >= total) {
        return false;
    }
    pool->meta = (uint8_t *)start;
    pool->base = start + meta_pages * PAGE_SIZE;
    pool->npages = total - meta_pages;
    pool->free_pages = pool->npages;
    memset(pool->meta, 0, pool->npages);
    for (unsigned o = 0; o <= PAGE_MAX_ORDER; o++) {
        list_init(&pool->free[o]);
    }
    size_t idx = 0;
    while (idx < pool->npages) {
        unsigned order = PAGE_MAX_ORDER;
        while (order > 0 && ((idx & ((1UL << order) - 1)) != 0 ||
                             idx + (1UL << order) > pool->npages)) {
            order--;
        }
        insert_free(pool, idx, order);
        idx += 1UL << order;
    }
    return true;
}

void *page_alloc(struct page_pool *pool, unsigned order)
{
    if (order > PAGE_MAX_ORDER) {
        return NULL;
    }
    unsigned o = order;
    while (o <= PAGE_MAX_ORDER && list_empty(&pool->free[o])) {
        o++;
    }
    if (o > PAGE_MAX_ORDER) {
        return NULL;
    }
    struct list *node = pool->free[o].next;
    list_unlink(node);
    size_t idx = ((uintptr_t)node - pool->base) / PAGE_SIZE;
    pool->meta[idx] = 0;
    /* Split: hand back the upper halves until the block has the wanted order. */
    while (o > order) {
        o--;
        insert_free(pool, idx + (1UL << o), o);
    }
    pool->free_pages -= 1UL << order;
    return (void *)(pool->base + idx * PAGE_SIZE);
}

bool page_free(struct page_pool *pool, void *block, unsigned order)
{
    uintptr_t addr = (uintptr_t)block;
    if (order > PAGE_MAX_ORDER || addr < pool->base || (addr & (PAGE_SIZE - 1)) != 0) {
        return false;
    }
    size_t idx = (addr - pool->base) / PAGE_SIZE;
    if (idx + (1UL << order) > pool->npages || (idx & ((1UL << order) - 1)) != 0) {
        return false;
    }
    /* A page inside the block that heads a free block means a double free. */
    for (size_t i = idx; i < idx + (1UL << order); i++) {
        if (pool->meta[i] & PAGE_META_FREE) {
            return false;
        }
    }
    pool->free_pages += 1UL << order;
    while (order < PAGE_MAX_ORDER) {
        size_t buddy = idx ^ (1UL << order);
        if (buddy + (1UL << order) > pool->npages ||
            pool->meta[buddy] != (PAGE_META_FREE | order)) {
            break;
        }
        list_unlink(block_node(pool, buddy));
        pool->meta[buddy] = 0;
        if (buddy < idx) {
            idx = buddy;
        }
        order++;
    }
    insert_free(pool, idx, order);
    return true;
}

bool page_pool_contains(const struct page_pool *pool, const void *addr)
{
    uintptr_t a = (uintptr_t)addr;
    return a >= pool->base && a < pool->base + pool->npages * PAGE_SIZE;
}
