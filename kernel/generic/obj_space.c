// SPDX-License-Identifier: MIT
/*
 * Capability tables. For now a task has one page of slots (256
 * capabilities); lookup is a bounds check and an index. The table grows to
 * a two-level structure with the full object model (TODO(#3)).
 */
#include <l4/sys/err.h>
#include "kernel_mem.h"
#include "kobj.h"
#include "obj_space.h"

int obj_space_init(struct obj_space *s)
{
    s->slots = kpage_alloc();
    if (!s->slots) {
        return -L4_ENOMEM;
    }
    s->nslots = PAGE_SIZE / sizeof(struct cap_slot);
    return 0;
}

void obj_space_destroy(struct obj_space *s)
{
    if (!s->slots) {
        return;
    }
    for (unsigned i = 0; i < s->nslots; i++) {
        if (s->slots[i].obj) {
            struct kobj *o = s->slots[i].obj;
            s->slots[i].obj = NULL;
            kobj_put(o);
        }
    }
    kpage_free(s->slots);
    s->slots = NULL;
}

struct cap_slot *obj_space_lookup(struct obj_space *s, unsigned long idx)
{
    if (idx == 0 || idx >= s->nslots || !s->slots[idx].obj) {
        return NULL;
    }
    return &s->slots[idx];
}

int obj_space_insert(struct obj_space *s, unsigned long idx, struct kobj *obj,
                     unsigned long rights)
{
    if (idx == 0 || idx >= s->nslots) {
        return -L4_EINVAL;
    }
    kobj_get(obj);
    struct kobj *old = s->slots[idx].obj;
    s->slots[idx].obj = obj;
    s->slots[idx].rights = rights;
    if (old) {
        kobj_put(old);
    }
    return 0;
}
