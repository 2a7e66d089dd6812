/* SPDX-License-Identifier: MIT */
/*
 * Kernel objects: a common header (type + reference count) and the type
 * table entry that says how an object is invoked and destroyed. Capability
 * slots hold a reference; when the last one goes the object is destroyed.
 */
#pragma once

#include "base.h"

struct kobj;
struct invocation;

struct kobj_type {
    const char *name;
    /* Handle an invocation through a capability with \a rights (L4_CAP_FPAGE_*). */
    void (*invoke)(struct kobj *obj, unsigned rights, struct invocation *inv);
    /* Release the object's resources; called when the last reference goes. */
    void (*destroy)(struct kobj *obj);
};

struct kobj {
    const struct kobj_type *type;
    unsigned long refcnt;
};

static inline void kobj_init(struct kobj *o, const struct kobj_type *type)
{
    o->type = type;
    o->refcnt = 0;
}

static inline void kobj_get(struct kobj *o)
{
    o->refcnt++;
}

/** Drop one reference; destroys the object when it was the last one. */
void kobj_put(struct kobj *o);
