// SPDX-License-Identifier: MIT
/*
 * Mapping database for memory (see mapdb.h). The node of a mapping sits
 * beside its page-table entry (arch_space_node_slot). Walks over a subtree
 * are iterative, using parent links, so deep derivation chains cost no
 * kernel stack. Rights only shrink along a chain: a child never has a
 * right its parent lacks.
 */
#include <arch/mmu.h>
#include <l4/sys/err.h>
#include "mapdb.h"
#include "quota.h"
#include "task.h"

static struct mapnode *node_new(struct task *t, uint64_t va, struct mapnode *parent)
{
    struct mapnode *n = quota_alloc(t->space.quota, sizeof(*n));
    if (!n) {
        return NULL;
    }
    n->task = t;
    n->va = va;
    n->parent = parent;
    list_init(&n->children);
    if (parent) {
        list_push_back(&parent->children, &n->sibling);
    } else {
        list_init(&n->sibling);
    }
    return n;
}

/* Remove one mapping whose subtree is already gone. */
static void node_remove(struct mapnode *n)
{
    struct mapnode **slot = arch_space_node_slot(&n->task->space, n->va, false);
    arch_space_unmap(&n->task->space, n->va);
    if (slot) {
        *slot = NULL;
    }
    if (n->parent) {
        list_unlink(&n->sibling);
    }
    quota_free(n->task->space.quota, n, sizeof(*n));
}

/* Remove the whole subtree below \a root, deepest first. */
static void revoke_children(struct mapnode *root)
{
    struct mapnode *cur = root;
    for (;;) {
        if (!list_empty(&cur->children)) {
            cur = CONTAINER_OF(cur->children.next, struct mapnode, sibling);
            continue;
        }
        if (cur == root) {
            return;
        }
        struct mapnode *parent = cur->parent;
        node_remove(cur);
        cur = parent;
    }
}

/* Take \a rights away from every node below \a root (pre-order walk). */
static void protect_children(struct mapnode *root, unsigned rights)
{
    struct mapnode *cur = root;
    for (;;) {
        if (!list_empty(&cur->children)) {
            cur = CONTAINER_OF(cur->children.next, struct mapnode, sibling);
        } else {
            while (cur != root && cur->sibling.next == &cur->parent->children) {
                cur = cur->parent;
            }
            if (cur == root) {
                return;
            }
            cur = CONTAINER_OF(cur->sibling.next, struct mapnode, sibling);
        }
        unsigned have = 0;
        arch_space_lookup(&cur->task->space, cur->va, NULL, &have);
        arch_space_protect(&cur->task->space, cur->va, have & ~rights);
    }
}

/* Unmap a page that may have no node (kernel-made, e.g. the KIP). */
static void unmap_one(struct task *t, uint64_t va)
{
    struct mapnode **slot = arch_space_node_slot(&t->space, va, false);
    if (slot && *slot) {
        revoke_children(*slot);
        node_remove(*slot);
    } else {
        arch_space_unmap(&t->space, va);
    }
}

int mapdb_map_root(struct task *t, uint64_t va, uint64_t pa, unsigned rights)
{
    struct mapnode **slot = arch_space_node_slot(&t->space, va, true);
    if (!slot) {
        return -L4_ENOMEM;
    }
    if (*slot) {
        revoke_children(*slot);
        node_remove(*slot);
        slot = arch_space_node_slot(&t->space, va, true);
    }
    struct mapnode *n = node_new(t, va, NULL);
    if (!n) {
        return -L4_ENOMEM;
    }
    int err = arch_space_map(&t->space, va, pa, rights);
    if (err < 0) {
        quota_free(t->space.quota, n, sizeof(*n));
        return err;
    }
    *slot = n;
    return 0;
}

int mapdb_map(struct task *src, uint64_t src_va, struct task *dst, uint64_t dst_va,
              unsigned rights, bool grant)
{
    uint64_t pa;
    unsigned have;
    if (!arch_space_lookup(&src->space, src_va, &pa, &have)) {
        return -L4_ENOENT;
    }
    if (have & MAP_KERNEL) {
        return -L4_EPERM;
    }
    rights &= have;
    if (!(rights & MAP_R)) {
        return 0;
    }
    struct mapnode **src_slot = arch_space_node_slot(&src->space, src_va, false);
    struct mapnode *parent = src_slot ? *src_slot : NULL;
    uint64_t old_pa;
    unsigned old_rights;
    if (arch_space_lookup(&dst->space, dst_va, &old_pa, &old_rights)) {
        if (old_rights & MAP_KERNEL) {
            return -L4_EPERM;
        }
        if (ALIGN_DOWN(old_pa, PAGE_SIZE) == ALIGN_DOWN(pa, PAGE_SIZE) && !grant) {
            /* Same page again: at most add rights the source can give. */
            arch_space_protect(&dst->space, dst_va, old_rights | rights);
            return 0;
        }
        unmap_one(dst, dst_va);
    }
    struct mapnode **dst_slot = arch_space_node_slot(&dst->space, dst_va, true);
    if (!dst_slot) {
        return -L4_ENOMEM;
    }
    struct mapnode *n = node_new(dst, dst_va, grant && parent ? parent->parent : parent);
    if (!n) {
        return -L4_ENOMEM;
    }
    int err = arch_space_map(&dst->space, dst_va, ALIGN_DOWN(pa, PAGE_SIZE), rights);
    if (err < 0) {
        node_remove(n);
        return err;
    }
    *dst_slot = n;
    if (grant && parent) {
        /* The new node takes the granted one's place; its children move along. */
        while (!list_empty(&parent->children)) {
            struct mapnode *c = CONTAINER_OF(parent->children.next, struct mapnode, sibling);
            list_unlink(&c->sibling);
            c->parent = n;
            list_push_back(&n->children, &c->sibling);
        }
        node_remove(parent);
    } else if (grant) {
        arch_space_unmap(&src->space, src_va);
    }
    return 0;
}

unsigned mapdb_unmap(struct task *t, uint64_t va, unsigned rights, bool self)
{
    unsigned have;
    if (!arch_space_lookup(&t->space, va, NULL, &have) || (have & MAP_KERNEL)) {
        return 0;
    }
    struct mapnode **slot = arch_space_node_slot(&t->space, va, false);
    struct mapnode *n = slot ? *slot : NULL;
    if (rights & MAP_R) {
        if (n) {
            revoke_children(n);
        }
        if (self) {
            unmap_one(t, va);
        }
    } else {
        if (n) {
            protect_children(n, rights);
        }
        if (self) {
            arch_space_protect(&t->space, va, have & ~rights);
        }
    }
    return have;
}

void mapdb_flush(struct task *t)
{
    for (uint64_t va = arch_space_next_mapped(&t->space, 0, USER_VA_END); va < USER_VA_END;
         va = arch_space_next_mapped(&t->space, va + PAGE_SIZE, USER_VA_END)) {
        unmap_one(t, va);
    }
}
