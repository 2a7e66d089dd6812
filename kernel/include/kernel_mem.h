/* SPDX-License-Identifier: MIT */
/*
 * The kernel memory pool: a range of RAM taken at boot (marked reserved in
 * the KIP so sigma0 never hands it out) from which every kernel object and
 * page table is allocated. Exhaustion returns NULL to the caller, which
 * reports -L4_ENOMEM; it never panics.
 */
#pragma once

#include "base.h"
#include "kmem.h"
#include "page_alloc.h"

extern struct page_pool kernel_pages;
extern struct kmem kernel_kmem;

/** Take the pool from the largest free RAM range described by the KIP. */
void kernel_mem_init(void);

static inline void *kalloc(size_t size)
{
    return kmem_alloc(&kernel_kmem, size);
}

static inline void kfree(void *p, size_t size)
{
    kmem_free(&kernel_kmem, p, size);
}

/** One zeroed page (kernel virtual address), or NULL. */
void *kpage_alloc(void);
void kpage_free(void *page);
