// SPDX-License-Identifier: MIT
/*
 * Mapping database for memory (see mapdb.h). The node of a mapping sits
 * beside its page-table entry (arch_space_node_slot), so one table walk
 * (struct arch_pte) finds both: a map walks the source's tables once (in
 * fpage_map's iteration) and the destination's once. Walks over a subtree
 * are iterative (dtree.c), so deep derivation chains cost no kernel stack.
 * Rights only shrink along a chain: a child never has a right its parent
 * lacks.
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
    dtree_init(&n->tree, parent ? &parent->tree : NULL);
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
    dtree_detach(&n->tree);
    quota_free(n->task->space.quota, n, sizeof(*n));
}

static void node_remove_tree(struct dtree *n)
{
    node_remove(CONTAINER_OF(n, struct mapnode, tree));
}

/* Remove the whole subtree below \a root, deepest first. */
static void revoke_children(struct mapnode *root)
{
    dtree_remove_descendants(&root->tree, node_remove_tree);
}

static void take_rights(struct dtree *t, void *rights)
{
    struct mapnode *n = CONTAINER_OF(t, struct mapnode, tree);
    unsigned have = 0;
    arch_space_lookup(&n->task->space, n->va, NULL, &have);
    arch_space_protect(&n->task->space, n->va, have & ~*(unsigned *)rights);
}

/* Take \a rights away from every node below \a root. */
static void protect_children(struct mapnode *root, unsigned rights)
{
    dtree_for_each_descendant(&root->tree, take_rights, &rights);
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
    struct arch_pte p;
    if (!arch_space_pte(&t->space, va, true, &p)) {
        return -L4_ENOMEM;
    }
    if (*p.node) {
        revoke_children(*p.node);
        node_remove(*p.node);
    }
    struct mapnode *n = node_new(t, va, NULL);
    if (!n) {
        return -L4_ENOMEM;
    }
    arch_pte_set(&t->space, va, &p, pa, rights);
    *p.node = n;
    return 0;
}

/*
 * The destination already maps the source's page. Returns true when that
 * settles the request: the destination is the source itself or one of its
 * ancestors (it holds the page with at least these rights; replacing it
 * would cut the source's own branch), or, for a map, one of the source's
 * descendants, which then hangs directly under the source with the rights
 * added (so that no child has a right its parent lacks).
 */
static bool map_onto_same_page(struct mapnode *from, struct mapnode *old, struct task *dst,
                               uint64_t dst_va, const struct arch_pte *to, unsigned old_rights,
                               unsigned rights, bool grant)
{
    if (!from || !old) {
        return false;
    }
    if (dtree_is_ancestor_or_self(&old->tree, &from->tree)) {
        return true;
    }
    if (!grant && dtree_is_ancestor_or_self(&from->tree, &old->tree)) {
        /* A repeated map (a direct child, no new right) changes nothing: say so cheaply. */
        if (old->tree.parent != &from->tree) {
            dtree_move(&old->tree, &from->tree);
        }
        /* Rights add up; the memory type is the one asked for now. */
        unsigned now = ((old_rights | rights) & ~MAP_TYPE_MASK) | (rights & MAP_TYPE_MASK);
        if (now != old_rights) {
            arch_pte_set(&dst->space, dst_va, to, arch_pte_pa(to), now);
        }
        return true;
    }
    return false;
}

int mapdb_map(struct task *src, uint64_t src_va, const struct arch_pte *from, struct task *dst,
              uint64_t dst_va, unsigned rights, bool grant)
{
    if (!arch_pte_valid(from)) {
        return -L4_ENOENT;
    }
    uint64_t pa = arch_pte_pa(from);
    unsigned have = arch_pte_rights(from);
    if (have & MAP_KERNEL) {
        return -L4_EPERM;
    }
    rights = (rights & have & MAP_ACCESS) |
             (((rights & MAPDB_KEEP_TYPE) ? have : rights) & MAP_TYPE_MASK);
    if (!(rights & MAP_R) || (src == dst && src_va == dst_va)) {
        return 0;
    }
    struct mapnode *parent = *from->node;
    /* Creating the tables first changes nothing when a mapping is there (they exist). */
    struct arch_pte to;
    if (!arch_space_pte(&dst->space, dst_va, true, &to)) {
        return -L4_ENOMEM;
    }
    if (arch_pte_valid(&to)) {
        unsigned old_rights = arch_pte_rights(&to);
        if (old_rights & MAP_KERNEL) {
            return -L4_EPERM;
        }
        if (arch_pte_pa(&to) == pa &&
            map_onto_same_page(parent, *to.node, dst, dst_va, &to, old_rights, rights, grant)) {
            return 0;
        }
        /* Not an ancestor of the source (checked above), so the source survives this. */
        unmap_one(dst, dst_va);
    }
    struct mapnode *n = node_new(dst, dst_va, grant ? NULL : parent);
    if (!n) {
        return -L4_ENOMEM;
    }
    arch_pte_set(&dst->space, dst_va, &to, pa, rights);
    *to.node = n;
    if (grant && parent) {
        /* The new node takes the granted one's place; its children move along, keeping no
           right the new node lacks. */
        dtree_replace(&n->tree, &parent->tree);
        node_remove(parent);
        if (have & ~rights & MAP_ACCESS) {
            protect_children(n, have & ~rights & MAP_ACCESS);
        }
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
