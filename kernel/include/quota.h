/* SPDX-License-Identifier: MIT */
/*
 * Kernel-memory quotas. Every kernel object and every page-table page made
 * on behalf of a user is charged to the quota of the factory that created
 * it (or of the task it belongs to). A child factory's limit is charged to
 * its parent when it is created and refunded when its quota dies, so quotas
 * nest. Exhaustion fails the allocation with NULL, which callers turn into
 * -L4_ENOMEM; nothing else is affected.
 */
#pragma once

#include "base.h"

struct quota {
    size_t limit;          /* bytes */
    size_t used;           /* bytes, in kmem_charge_size units */
    unsigned long refcnt;  /* factory + every object charged to it */
    struct quota *parent;  /* charged with `limit`; NULL for the root quota */
};

extern struct quota root_quota;

/** Set up the root quota with all kernel memory. */
void quota_init_root(size_t limit);
/** A child quota carved from \a parent; NULL if the parent cannot cover \a limit. */
struct quota *quota_create(struct quota *parent, size_t limit);
void quota_get(struct quota *q);
/** Drop a reference; the last one refunds the limit to the parent. */
void quota_put(struct quota *q);
/** Charge \a bytes; false (and nothing charged) if over the limit. */
bool quota_charge(struct quota *q, size_t bytes);
void quota_refund(struct quota *q, size_t bytes);
/** kalloc charged to \a q (zeroed); NULL on quota or pool exhaustion. */
void *quota_alloc(struct quota *q, size_t size);
void quota_free(struct quota *q, void *p, size_t size);
/** One zeroed page charged to \a q. */
void *quota_page_alloc(struct quota *q);
void quota_page_free(struct quota *q, void *page);
