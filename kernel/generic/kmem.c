// SPDX-License-Identifier: MIT
/*
 * Slab allocator for kernel objects (see kmem.h). A slab is one page: a
 * struct slab header followed by equal-sized objects; free objects form a
 * singly linked list threaded through themselves. A slab moves between its
 * cache's partial and full lists; an entirely free slab goes back to the
 * page pool at once, so memory returns to the pool when objects die.
 */
#include "kmem.h"

struct slab {
    struct list link;
    struct kmem_cache *cache;
    void *free;            /* first free object */
    unsigned used;         /* objects handed out */
    unsigned capacity;
};

struct free_obj {
    struct free_obj *next;
};

/* The class of \a size (1..KMEM_MAX_SLAB): log2 of the power of two it rounds up to, less
 * log2(KMEM_MIN_SLAB). A count of leading zeros, not a loop: every allocation asks twice. */
static unsigned size_class(size_t size)
{
    if (size <= KMEM_MIN_SLAB) {
        return 0;
    }
    return (unsigned)(64 - __builtin_clzll((unsigned long long)size - 1)) -
           (unsigned)__builtin_ctz(KMEM_MIN_SLAB);
}

/*
 * Zero a slab object of class size \a bytes (a power of two, at least 16; objects
 * are 16-byte aligned, slab_create), two words a step: cheaper than memset's
 * general entry for the small objects most allocations are (mapping nodes).
 */
static void zero_object(void *obj, size_t bytes)
{
    uint64_t *p = obj, *end = (uint64_t *)((char *)obj + bytes);
    do {
        p[0] = 0;
        p[1] = 0;
        p += 2;
    } while (p < end);
}

static unsigned block_order(size_t size)
{
    unsigned order = 0;
    while ((PAGE_SIZE << order) < size) {
        order++;
    }
    return order;
}

void kmem_init(struct kmem *km, struct page_pool *pool)
{
    km->pool = pool;
    km->bytes_in_use = 0;
    for (unsigned c = 0; c < KMEM_CLASSES; c++) {
        km->caches[c].obj_size = (size_t)KMEM_MIN_SLAB << c;
        list_init(&km->caches[c].partial);
        list_init(&km->caches[c].full);
    }
}

size_t kmem_charge_size(size_t size)
{
    if (size == 0) {
        size = 1;
    }
    if (size <= KMEM_MAX_SLAB) {
        return (size_t)KMEM_MIN_SLAB << size_class(size);
    }
    return PAGE_SIZE << block_order(size);
}

static struct slab *slab_create(struct kmem *km, struct kmem_cache *cache)
{
    struct slab *s = page_alloc(km->pool, 0);
    if (!s) {
        return NULL;
    }
    size_t first = ALIGN_UP(sizeof(struct slab), cache->obj_size < 64 ? cache->obj_size : 64);
    s->cache = cache;
    s->used = 0;
    s->capacity = (PAGE_SIZE - first) / cache->obj_size;
    s->free = NULL;
    /* Thread the free list from the top so objects go out in address order. */
    for (unsigned i = s->capacity; i > 0; i--) {
        struct free_obj *o = (struct free_obj *)((char *)s + first + (i - 1) * cache->obj_size);
        o->next = s->free;
        s->free = o;
    }
    list_push_front(&cache->partial, &s->link);
    return s;
}

void *kmem_alloc(struct kmem *km, size_t size)
{
    if (size == 0) {
        size = 1;
    }
    if (size > KMEM_MAX_SLAB) {
        void *block = page_alloc(km->pool, block_order(size));
        if (block) {
            km->bytes_in_use += kmem_charge_size(size);
            memset(block, 0, size);
        }
        return block;
    }
    struct kmem_cache *cache = &km->caches[size_class(size)];
    struct slab *s;
    if (list_empty(&cache->partial)) {
        s = slab_create(km, cache);
        if (!s) {
            return NULL;
        }
    } else {
        s = CONTAINER_OF(cache->partial.next, struct slab, link);
    }
    struct free_obj *o = s->free;
    s->free = o->next;
    s->used++;
    if (!s->free) {
        list_unlink(&s->link);
        list_push_front(&cache->full, &s->link);
    }
    km->bytes_in_use += cache->obj_size;
    zero_object(o, cache->obj_size);
    return o;
}

void kmem_free(struct kmem *km, void *obj, size_t size)
{
    if (!obj) {
        return;
    }
    if (size == 0) {
        size = 1;
    }
    km->bytes_in_use -= kmem_charge_size(size);
    if (size > KMEM_MAX_SLAB) {
        page_free(km->pool, obj, block_order(size));
        return;
    }
    struct slab *s = (struct slab *)ALIGN_DOWN((uintptr_t)obj, PAGE_SIZE);
    struct free_obj *o = obj;
    bool was_full = s->free == NULL;
    o->next = s->free;
    s->free = o;
    s->used--;
    if (s->used == 0) {
        list_unlink(&s->link);
        page_free(km->pool, s, 0);
    } else if (was_full) {
        list_unlink(&s->link);
        list_push_front(&s->cache->partial, &s->link);
    }
}
