/* SPDX-License-Identifier: MIT */
/*
 * Physical page allocator: a binary buddy allocator over one contiguous
 * pool of kernel memory, addressed through the kernel's linear map. Blocks
 * of 2^order pages, order 0..PAGE_MAX_ORDER; freeing merges buddies. A byte
 * per page records whether it heads a free block (and of which order), so a
 * double free or a free of a non-block is detected. Not thread-safe: the
 * kernel runs with interrupts off (doc/kernel.md). Host-tested.
 */
#pragma once

#include "base.h"
#include "list.h"

#define PAGE_MAX_ORDER 10

struct page_pool {
    uintptr_t base;        /* address of the first managed page */
    size_t npages;         /* managed pages */
    size_t free_pages;     /* pages currently free */
    uint8_t *meta;         /* per page: PAGE_META_FREE | order on a free block's head */
    struct list free[PAGE_MAX_ORDER + 1];
};

/**
 * Manage [mem, mem + size). The first pages hold the metadata; the rest is
 * handed out. Returns false if the region is too small to manage anything.
 */
bool page_pool_init(struct page_pool *pool, void *mem, size_t size);

/** 2^order contiguous, naturally aligned (relative to the pool) pages, or NULL. */
void *page_alloc(struct page_pool *pool, unsigned order);

/**
 * Return a block obtained from page_alloc with the same order. Returns false
 * (and changes nothing) if the block is not a valid allocated block.
 */
bool page_free(struct page_pool *pool, void *block, unsigned order);

/** Whether \a addr lies inside the pool's handed-out range. */
bool page_pool_contains(const struct page_pool *pool, const void *addr);
