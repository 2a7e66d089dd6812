/* SPDX-License-Identifier: MIT */
/*
 * A task's object space: capability slots indexed by capability number
 * (selector >> L4_CAP_SHIFT), each holding an object reference and rights.
 * Slot 0 is never valid.
 */
#pragma once

#include "base.h"

struct kobj;

struct cap_slot {
    struct kobj *obj;
    unsigned long rights;
};

#define OBJ_SPACE_SLOTS 256 /* one page of slots; TODO(#3): grow on demand */

struct obj_space {
    struct cap_slot *slots;
    unsigned nslots;
};

/** Allocate the slot table; -L4_ENOMEM if kernel memory is exhausted. */
int obj_space_init(struct obj_space *s);
/** Drop every reference and free the table. */
void obj_space_destroy(struct obj_space *s);
/** The slot for capability index \a idx, or NULL if out of range or empty. */
struct cap_slot *obj_space_lookup(struct obj_space *s, unsigned long idx);
/** Install \a obj with \a rights at \a idx (takes a reference); -L4_EINVAL if out of range. */
int obj_space_insert(struct obj_space *s, unsigned long idx, struct kobj *obj, unsigned long rights);
