// SPDX-License-Identifier: MIT
/*
 * Reference counting of kernel objects. A capability slot holds one
 * reference; the object is destroyed by its type when the count drops to
 * zero. Static singletons (the debug and log objects) start with one
 * reference that is never dropped.
 */
#include "kobj.h"
#include "panic.h"

void kobj_put(struct kobj *o)
{
    assert(o->refcnt > 0);
    if (--o->refcnt == 0 && o->type->destroy) {
        o->type->destroy(o);
    }
}
