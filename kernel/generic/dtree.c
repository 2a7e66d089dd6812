// SPDX-License-Identifier: MIT
/*
 * Iterative walks over derivation trees (see dtree.h). Removal goes to the
 * deepest first child, removes it, and climbs back through the parent
 * link; the pre-order walk moves to the first child, else the next
 * sibling, else climbs until an ancestor has one.
 */
#include "dtree.h"

void dtree_replace(struct dtree *to, struct dtree *from)
{
    to->parent = from->parent;
    list_init(&to->children);
    list_init(&to->sibling);
    if (from->parent) {
        list_insert_before(&from->sibling, &to->sibling);
        list_unlink(&from->sibling);
        from->parent = NULL;
    }
    while (!list_empty(&from->children)) {
        struct dtree *c = CONTAINER_OF(from->children.next, struct dtree, sibling);
        list_unlink(&c->sibling);
        c->parent = to;
        list_push_back(&to->children, &c->sibling);
    }
}

void dtree_remove_descendants(struct dtree *root, void (*remove)(struct dtree *n))
{
    struct dtree *cur = root;
    for (;;) {
        if (!list_empty(&cur->children)) {
            cur = CONTAINER_OF(cur->children.next, struct dtree, sibling);
            continue;
        }
        if (cur == root) {
            return;
        }
        struct dtree *parent = cur->parent;
        remove(cur);
        cur = parent;
    }
}

void dtree_for_each_descendant(struct dtree *root, void (*fn)(struct dtree *n, void *ctx),
                               void *ctx)
{
    struct dtree *cur = root;
    for (;;) {
        if (!list_empty(&cur->children)) {
            cur = CONTAINER_OF(cur->children.next, struct dtree, sibling);
        } else {
            while (cur != root && cur->sibling.next == &cur->parent->children) {
                cur = cur->parent;
            }
            if (cur == root) {
                return;
            }
            cur = CONTAINER_OF(cur->sibling.next, struct dtree, sibling);
        }
        fn(cur, ctx);
    }
}
