// SPDX-License-Identifier: MIT
/*
 * Capability tables and the capability derivation tree (see obj_space.h).
 * Invariant: a slot with obj == NULL has no parent and no children; a
 * slot with an object has its children list initialised. Revocation walks
 * the subtree iteratively (deepest first), so its depth does not touch the
 * kernel stack.
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

struct cap_slot *obj_space_lookup(struct obj_space *s, unsigned long idx)
{
    struct cap_slot *slot = obj_space_peek(s, idx);
    if (!slot || !slot->obj || slot->obj->dead) {
        return NULL;
    }
    return slot;
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
    if (slot->parent) {
        list_unlink(&slot->sibling);
        slot->parent = NULL;
    }
    slot->obj = NULL;
    slot->rights = 0;
    kobj_put(obj);
}

void cap_revoke_children(struct cap_slot *root)
{
    if (!root->obj) {
        return;
    }
    struct cap_slot *cur = root;
    for (;;) {
        if (!list_empty(&cur->children)) {
            cur = CONTAINER_OF(cur->children.next, struct cap_slot, sibling);
            continue;
        }
        if (cur == root) {
            return;
        }
        struct cap_slot *parent = cur->parent;
        slot_release(cur);
        cur = parent;
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

void cap_install(struct cap_slot *dst, struct kobj *obj, unsigned rights, struct cap_slot *parent)
{
    kobj_get(obj);
    cap_clear(dst);
    dst->obj = obj;
    dst->rights = rights;
    list_init(&dst->children);
    dst->parent = parent;
    if (parent) {
        list_push_back(&parent->children, &dst->sibling);
    } else {
        list_init(&dst->sibling);
    }
}

void cap_reduce_rights(struct cap_slot *root, unsigned rights, bool self)
{
    if (!root->obj) {
        return;
    }
    if (self) {
        root->rights &= ~rights;
    }
    /* Pre-order walk over the subtree using parent links. */
    struct cap_slot *cur = root;
    for (;;) {
        if (!list_empty(&cur->children)) {
            cur = CONTAINER_OF(cur->children.next, struct cap_slot, sibling);
        } else {
            while (cur != root && cur->sibling.next == &cur->parent->children) {
                cur = cur->parent;
            }
            if (cur == root) {
                return;
            }
            cur = CONTAINER_OF(cur->sibling.next, struct cap_slot, sibling);
        }
        cur->rights &= ~rights;
    }
}

void cap_move(struct cap_slot *dst, struct cap_slot *src)
{
    if (dst == src || !src->obj) {
        return;
    }
    cap_clear(dst);
    dst->obj = src->obj;
    dst->rights = src->rights;
    dst->parent = src->parent;
    list_init(&dst->children);
    list_init(&dst->sibling);
    if (src->parent) {
        list_insert_before(&src->sibling, &dst->sibling);
        list_unlink(&src->sibling);
    }
    while (!list_empty(&src->children)) {
        struct cap_slot *c = CONTAINER_OF(src->children.next, struct cap_slot, sibling);
        list_unlink(&c->sibling);
        c->parent = dst;
        list_push_back(&dst->children, &c->sibling);
    }
    src->obj = NULL;
    src->rights = 0;
    src->parent = NULL;
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
