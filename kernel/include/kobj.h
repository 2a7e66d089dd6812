/* SPDX-License-Identifier: MIT */
/*
 * Kernel objects: a common header (type, reference count, quota) and the
 * type table entry that says how an object is invoked, killed and freed.
 * Capability slots hold counted references. Deletion (L4_FP_DELETE_OBJ or
 * the last reference going) first *kills* the object — it stops working
 * and wakes whoever waits on it — and frees its memory only when no
 * reference is left; freeing is deferred to a safe point (kobj_reap) so
 * that cascades never recurse on the small kernel stacks.
 */
#pragma once

#include "base.h"
#include "list.h"

struct kobj;
struct invocation;
struct quota;

struct kobj_type {
    const char *name;
    /* Handle an invocation through a capability with \a rights (L4_CAP_FPAGE_* | obj rights). */
    void (*invoke)(struct kobj *obj, unsigned rights, struct invocation *inv);
    /* Stop working: detach, wake waiters with an error. May be NULL. */
    void (*kill)(struct kobj *obj);
    /* Free the memory; called once, after kill, when no reference is left. */
    void (*destroy)(struct kobj *obj);
};

struct kobj {
    const struct kobj_type *type;
    unsigned long refcnt;
    struct quota *quota;    /* charged for this object; NULL for static objects */
    bool dead;              /* killed: capabilities to it behave as empty */
    struct list zombie_link;
};

/** Initialise the header; takes a reference on \a quota (may be NULL). */
void kobj_init(struct kobj *o, const struct kobj_type *type, struct quota *quota);

static inline void kobj_get(struct kobj *o)
{
    o->refcnt++;
}

/** Drop one reference; the last one kills the object and queues it for freeing. */
void kobj_put(struct kobj *o);
/** Kill the object now (it stays allocated while referenced). */
void kobj_kill(struct kobj *o);
extern struct list kobj_zombies;
void kobj_reap_slow(void);

/** Free every queued object that is safe to free. Called at the end of each kernel entry. */
static inline void kobj_reap(void)
{
    if (!list_empty(&kobj_zombies)) {
        kobj_reap_slow();
    }
}
