// SPDX-License-Identifier: MIT
/*
 * Quota accounting (see quota.h). Charges are in the sizes the allocator
 * really consumes (kmem_charge_size), so a quota bounds real kernel memory.
 */
#include "kernel_mem.h"
#include "panic.h"
#include "quota.h"

struct quota root_quota;

void quota_init_root(size_t limit)
{
    root_quota.limit = limit;
    root_quota.used = 0;
    root_quota.refcnt = 1;
    root_quota.parent = NULL;
}

struct quota *quota_create(struct quota *parent, size_t limit)
{
    if (!quota_charge(parent, limit)) {
        return NULL;
    }
    struct quota *q = quota_alloc(parent, sizeof(*q));
    if (!q) {
        quota_refund(parent, limit);
        return NULL;
    }
    q->limit = limit;
    q->refcnt = 1;
    q->parent = parent;
    quota_get(parent);
    return q;
}

void quota_get(struct quota *q)
{
    q->refcnt++;
}

void quota_put(struct quota *q)
{
    /* A loop, not a recursion: nested factories can form a long chain. */
    while (q) {
        assert(q->refcnt > 0);
        if (--q->refcnt > 0 || !q->parent) {
            return;
        }
        struct quota *parent = q->parent;
        quota_refund(parent, q->limit);
        quota_free(parent, q, sizeof(*q));
        q = parent;
    }
}

bool quota_charge(struct quota *q, size_t bytes)
{
    if (bytes > q->limit - q->used) {
        return false;
    }
    q->used += bytes;
    return true;
}

void quota_refund(struct quota *q, size_t bytes)
{
    assert(q->used >= bytes);
    q->used -= bytes;
}

void *quota_alloc(struct quota *q, size_t size)
{
    size_t charge = kmem_charge_size(size);
    if (!quota_charge(q, charge)) {
        return NULL;
    }
    void *p = kalloc(size);
    if (!p) {
        quota_refund(q, charge);
    }
    return p;
}

void quota_free(struct quota *q, void *p, size_t size)
{
    if (p) {
        kfree(p, size);
        quota_refund(q, kmem_charge_size(size));
    }
}

void *quota_page_alloc(struct quota *q)
{
    if (!quota_charge(q, PAGE_SIZE)) {
        return NULL;
    }
    void *p = kpage_alloc();
    if (!p) {
        quota_refund(q, PAGE_SIZE);
    }
    return p;
}

void quota_page_free(struct quota *q, void *page)
{
    if (page) {
        kpage_free(page);
        quota_refund(q, PAGE_SIZE);
    }
}
