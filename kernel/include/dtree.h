/* SPDX-License-Identifier: MIT */
/*
 * Derivation trees: the shape shared by the two halves of the mapping
 * database (memory mappings in mapdb.c, capabilities in obj_space.c). A
 * node knows its parent and its children; walks are iterative, using the
 * parent links, so a deep derivation chain costs no kernel stack.
 */
#pragma once

#include "base.h"
#include "list.h"

struct dtree {
    struct dtree *parent;
    struct list children;
    struct list sibling;     /* link in parent->children */
};

/** Make \a n a node with no children under \a parent (NULL: a root). */
static inline void dtree_init(struct dtree *n, struct dtree *parent)
{
    n->parent = parent;
    list_init(&n->children);
    if (parent) {
        list_push_back(&parent->children, &n->sibling);
    } else {
        list_init(&n->sibling);
    }
}

/** Take \a n out of its parent's children (its own children stay). */
static inline void dtree_detach(struct dtree *n)
{
    if (n->parent) {
        list_unlink(&n->sibling);
        n->parent = NULL;
    }
}

/** True if \a a is \a n or one of its ancestors (walks \a n's parent chain). */
static inline bool dtree_is_ancestor_or_self(const struct dtree *a, const struct dtree *n)
{
    for (; n; n = n->parent) {
        if (n == a) {
            return true;
        }
    }
    return false;
}

/** Move \a n (with its children) under \a parent. */
static inline void dtree_move(struct dtree *n, struct dtree *parent)
{
    dtree_detach(n);
    n->parent = parent;
    list_push_back(&parent->children, &n->sibling);
}

/** Move the children of \a from to \a to and put \a to in \a from's place. */
void dtree_replace(struct dtree *to, struct dtree *from);
/** Remove every descendant of \a root, deepest first, with \a remove (which must detach it). */
void dtree_remove_descendants(struct dtree *root, void (*remove)(struct dtree *n));
/** Call \a fn on every descendant of \a root (pre-order). */
void dtree_for_each_descendant(struct dtree *root, void (*fn)(struct dtree *n, void *ctx),
                               void *ctx);
