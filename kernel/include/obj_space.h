/* SPDX-License-Identifier: MIT */
/*
 * A task's object space: capability slots indexed by capability number
 * (selector >> L4_CAP_SHIFT). Two levels: a directory page of pointers to
 * slot pages, allocated on demand and charged to the task's quota. Each
 * slot is also a node of the capability derivation tree: a capability
 * mapped from another slot is its child, so revoking a capability revokes
 * everything derived from it (the object half of the mapping database).
 */
#pragma once

#include "base.h"
#include "dtree.h"
#include "kobj.h"

struct kobj;
struct quota;

struct cap_slot {
    struct kobj *obj;
    uint32_t rights;          /* L4_CAP_FPAGE_* (low 4 bits) | object rights (0xe0) */
    uint32_t _reserved;
    struct dtree tree;        /* derivation: parent = the slot it was mapped from */
    uint64_t _pad;            /* to 64 bytes: finding a slot is a shift, not a division */
};

_Static_assert(sizeof(struct cap_slot) == 64, "capability slots are a power of two");

#define CAP_SLOTS_PER_PAGE (PAGE_SIZE / sizeof(struct cap_slot))
#define CAP_DIR_ENTRIES (PAGE_SIZE / sizeof(struct cap_slot *))
#define OBJ_SPACE_CAPS (CAP_SLOTS_PER_PAGE * CAP_DIR_ENTRIES)

/* All rights a fresh capability gets from a factory. */
#define CAP_RIGHTS_ALL 0xefU /* R W S D + object rights */
/* Slot flag: the slot does not keep the object alive (L4_FPAGE_C_NO_REF_CNT). */
#define CAP_UNCOUNTED 0x10U

struct obj_space {
    struct cap_slot **dir;
    struct quota *quota;
};

/** Allocate the directory; -L4_ENOMEM on quota exhaustion. */
int obj_space_init(struct obj_space *s, struct quota *quota);
/** Clear every slot (revoking derived capabilities) and free the pages. */
void obj_space_destroy(struct obj_space *s);
/** The slot for \a idx if it holds a live object, else NULL (inline: every system call). */
static inline struct cap_slot *obj_space_lookup(struct obj_space *s, unsigned long idx)
{
    if (idx >= OBJ_SPACE_CAPS) {
        return NULL;
    }
    struct cap_slot *page = s->dir ? s->dir[idx / CAP_SLOTS_PER_PAGE] : NULL;
    struct cap_slot *slot = page ? &page[idx % CAP_SLOTS_PER_PAGE] : NULL;
    if (!slot || !slot->obj || slot->obj->dead) {
        return NULL;
    }
    return slot;
}
/** The slot for \a idx, allocating its page if needed; NULL if out of range or out of quota. */
struct cap_slot *obj_space_slot(struct obj_space *s, unsigned long idx);
/** The slot for \a idx if its page exists (empty or not), else NULL. */
struct cap_slot *obj_space_peek(struct obj_space *s, unsigned long idx);

/**
 * Put \a obj with \a rights into \a dst (cleared first), as a child of
 * \a parent (NULL for a root capability). Takes a reference. Nothing
 * happens when \a dst is \a parent or one of its ancestors: it already
 * holds the object with at least these rights, and clearing it would
 * revoke \a parent itself.
 */
void cap_install(struct cap_slot *dst, struct kobj *obj, unsigned rights, struct cap_slot *parent);
/** Empty \a slot and every capability derived from it. */
void cap_clear(struct cap_slot *slot);
/** Empty every capability derived from \a slot, keeping \a slot itself. */
void cap_revoke_children(struct cap_slot *slot);
/** Remove \a rights from \a slot's descendants (and, if \a self, from \a slot). */
void cap_reduce_rights(struct cap_slot *slot, unsigned rights, bool self);
/**
 * Move the capability (with its place in the derivation tree) from \a src to
 * \a dst. Nothing happens when \a dst is \a src or one of its ancestors.
 */
void cap_move(struct cap_slot *dst, struct cap_slot *src);

/** Make \a slot uncounted (L4_KOBJECT_OP_DEC_REFCNT); -L4_EINVAL if empty or already. */
int cap_uncount(struct cap_slot *slot);

/** Backwards-compatible helper for boot code: install a root capability. */
int obj_space_insert(struct obj_space *s, unsigned long idx, struct kobj *obj, unsigned long rights);
