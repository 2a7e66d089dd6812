// SPDX-License-Identifier: MIT
/*
 * Capability tables and the capability derivation tree (see obj_space.h).
 * Invariant: a slot with obj == NULL has no parent and no children; a
 * slot with an object is an initialised dtree node. Revocation walks the
 * subtree iteratively (dtree.c), so its depth does not touch the kernel
 * stack.
 */
#include <l4/sys/err.h>
#include "kobj.h"
#include "obj_space.h"
#include "quota.h"

int obj_space_init(struct obj_space *s, struct quota *quota)
{
    s->quota = quota;
    s->dir = quota_page_alloc(quota);
    return s->dir ? 0 : -L4_ENOMEM;
}

struct cap_slot *obj_space_peek(struct obj_space *s, unsigned long idx)
{
    if (!s->dir || idx >= OBJ_SPACE_CAPS) {
        return NULL;
    }
    struct cap_slot *page = s->dir[idx / CAP_SLOTS_PER_PAGE];
    return page ? &page[idx % CAP_SLOTS_PER_PAGE] : NULL;
}

struct cap_slot *obj_space_slot(struct obj_space *s, unsigned long idx)
{
    if (!s->dir || idx == 0 || idx >= OBJ_SPACE_CAPS) {
        return NULL;
    }
    struct cap_slot **page = &s->dir[idx / CAP_SLOTS_PER_PAGE];
    if (!*page) {
        *page = quota_page_alloc(s->quota);
        if (!*page) {
            return NULL;
        }
    }
    return &(*page)[idx % CAP_SLOTS_PER_PAGE];
}

/* Unlink an empty-to-be slot from its parent and drop its reference. */
static void slot_release(struct cap_slot *slot)
{
    struct kobj *obj = slot->obj;
    bool counted = !(slot->rights & CAP_UNCOUNTED);
    dtree_detach(&slot->tree);
    slot->obj = NULL;
    slot->rights = 0;
    if (counted) {
        kobj_ucount_dec(obj);
    }
    kobj_put(obj);
}

static void slot_release_node(struct dtree *n)
{
    slot_release(CONTAINER_OF(n, struct cap_slot, tree));
}

void cap_revoke_children(struct cap_slot *root)
{
    if (root->obj) {
        dtree_remove_descendants(&root->tree, slot_release_node);
    }
}

void cap_clear(struct cap_slot *slot)
{
    if (!slot->obj) {
        return;
    }
    cap_revoke_children(slot);
    slot_release(slot);
}

/* Is \a dst \a n itself or an ancestor of it (so clearing \a dst would clear \a n)? */
static bool holds_branch_of(struct cap_slot *dst, struct cap_slot *n)
{
    return n && dst->obj && n->obj && dtree_is_ancestor_or_self(&dst->tree, &n->tree);
}

void cap_install(struct cap_slot *dst, struct kobj *obj, unsigned rights, struct cap_slot *parent)
{
    if (holds_branch_of(dst, parent)) {
        return;
    }
    kobj_get(obj);
    if (!(rights & CAP_UNCOUNTED)) {
        kobj_ucount_inc(obj);
    }
    cap_clear(dst);
    dst->obj = obj;
    dst->rights = rights;
    dtree_init(&dst->tree, parent ? &parent->tree : NULL);
}

static void take_rights(struct dtree *n, void *rights)
{
    CONTAINER_OF(n, struct cap_slot, tree)->rights &= ~*(unsigned *)rights;
}

void cap_reduce_rights(struct cap_slot *root, unsigned rights, bool self)
{
    if (!root->obj) {
        return;
    }
    if (self) {
        root->rights &= ~rights;
    }
    dtree_for_each_descendant(&root->tree, take_rights, &rights);
}

void cap_move(struct cap_slot *dst, struct cap_slot *src)
{
    if (!src->obj || holds_branch_of(dst, src)) {
        return;
    }
    cap_clear(dst);
    dst->obj = src->obj;
    dst->rights = src->rights;
    dtree_replace(&dst->tree, &src->tree);
    src->obj = NULL;
    src->rights = 0;
}

void obj_space_destroy(struct obj_space *s)
{
    if (!s->dir) {
        return;
    }
    for (unsigned p = 0; p < CAP_DIR_ENTRIES; p++) {
        struct cap_slot *page = s->dir[p];
        if (!page) {
            continue;
        }
        for (unsigned i = 0; i < CAP_SLOTS_PER_PAGE; i++) {
            cap_clear(&page[i]);
        }
        quota_page_free(s->quota, page);
    }
    quota_page_free(s->quota, s->dir);
    s->dir = NULL;
}

int obj_space_insert(struct obj_space *s, unsigned long idx, struct kobj *obj, unsigned long rights)
{
    struct cap_slot *slot = obj_space_slot(s, idx);
    if (!slot) {
        return -L4_ENOMEM;
    }
    cap_install(slot, obj, (unsigned)rights, NULL);
    return 0;
}

int cap_uncount(struct cap_slot *slot)
{
    if (!slot->obj || (slot->rights & CAP_UNCOUNTED)) {
        return -L4_EINVAL;
    }
    slot->rights |= CAP_UNCOUNTED;
    kobj_ucount_dec(slot->obj);
    return 0;
}
