/* SPDX-License-Identifier: MIT */
/*
 * Kernel object allocator. Objects up to KMEM_MAX_SLAB bytes come from
 * one-page slabs of a power-of-two size class; larger requests take whole
 * page blocks. The caller passes the size to kmem_free (the kernel always
 * knows the type it frees), which keeps slabs free of per-object headers.
 * Every byte comes from one page_pool, the kernel's memory pool; the
 * factory quota (doc/kernel.md) is charged by the callers. Host-tested.
 */
#pragma once

#include "base.h"
#include "list.h"
#include "page_alloc.h"

#define KMEM_MIN_SLAB 16
#define KMEM_MAX_SLAB 2048
#define KMEM_CLASSES 8 /* 16 .. 2048 */

struct kmem_cache {
    size_t obj_size;
    struct list partial;   /* slabs with at least one free object */
    struct list full;      /* slabs with none */
};

struct kmem {
    struct page_pool *pool;
    struct kmem_cache caches[KMEM_CLASSES];
    size_t bytes_in_use;   /* rounded to the size class or page block */
};

/** Set up the caches over \a pool. */
void kmem_init(struct kmem *km, struct page_pool *pool);
/** Zeroed memory for \a size bytes, or NULL when the pool is exhausted. */
void *kmem_alloc(struct kmem *km, size_t size);
/** Free an object of \a size bytes obtained from kmem_alloc. */
void kmem_free(struct kmem *km, void *obj, size_t size);
/** Bytes that an allocation of \a size really occupies (what quotas charge). */
size_t kmem_charge_size(size_t size);
