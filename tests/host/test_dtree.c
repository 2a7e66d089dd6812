// SPDX-License-Identifier: MIT
/*
 * Host unit test of the derivation-tree walks (kernel/generic/dtree.c)
 * that both halves of the mapping database use: removal deepest first,
 * pre-order visits, replacement in place, and a chain deep enough that a
 * recursive walk would be a problem on a 4 KiB kernel stack.
 */
#include <stdlib.h>
#include "dtree.h"
#include "tap_host.h"

#define DEEP 100000

struct node {
    struct dtree t;
    int id;
    int removed_order;
};

static int remove_counter;
static int visit_log[16];
static int visits;

static void remove_fn(struct dtree *n)
{
    struct node *x = CONTAINER_OF(n, struct node, t);
    dtree_detach(n);
    x->removed_order = ++remove_counter;
}

static void visit_fn(struct dtree *n, void *ctx)
{
    (*(int *)ctx)++;
    if (visits < 16) {
        visit_log[visits++] = CONTAINER_OF(n, struct node, t)->id;
    }
}

int main(void)
{
    plan(12);
    /* root(0) -> a(1) -> c(3); root -> b(2) */
    struct node n[5] = { { .id = 0 }, { .id = 1 }, { .id = 2 }, { .id = 3 }, { .id = 4 } };
    dtree_init(&n[0].t, NULL);
    dtree_init(&n[1].t, &n[0].t);
    dtree_init(&n[2].t, &n[0].t);
    dtree_init(&n[3].t, &n[1].t);
    int count = 0;
    dtree_for_each_descendant(&n[0].t, visit_fn, &count);
    is_int(count, 3, "pre-order walk visits every descendant once");
    ok(visit_log[0] == 1 && visit_log[1] == 3 && visit_log[2] == 2,
       "in pre-order: a, c, b (%d %d %d)", visit_log[0], visit_log[1], visit_log[2]);

    /* Replace a by d: d gets a's parent and child. */
    dtree_init(&n[4].t, NULL);
    dtree_replace(&n[4].t, &n[1].t);
    ok(n[4].t.parent == &n[0].t && n[3].t.parent == &n[4].t, "replace moves parent and children");
    ok(n[1].t.parent == NULL && list_empty(&n[1].t.children), "the replaced node is left alone");

    remove_counter = 0;
    dtree_remove_descendants(&n[0].t, remove_fn);
    ok(list_empty(&n[0].t.children), "removing descendants empties the root");
    ok(n[3].removed_order < n[4].removed_order, "a child goes before its parent");
    ok(n[2].removed_order > 0 && n[0].removed_order == 0, "siblings go too, the root stays");

    /* A very deep chain: iterative walks handle it. */
    struct node *chain = calloc(DEEP, sizeof(*chain));
    dtree_init(&chain[0].t, NULL);
    for (int i = 1; i < DEEP; i++) {
        chain[i].id = i;
        dtree_init(&chain[i].t, &chain[i - 1].t);
    }
    count = 0;
    visits = 16;
    dtree_for_each_descendant(&chain[0].t, visit_fn, &count);
    is_int(count, DEEP - 1, "a %d-deep chain is walked", DEEP);
    remove_counter = 0;
    dtree_remove_descendants(&chain[0].t, remove_fn);
    is_int(remove_counter, DEEP - 1, "and removed");
    ok(chain[DEEP - 1].removed_order == 1, "deepest first");
    ok(chain[1].removed_order == DEEP - 1, "the root's child last");
    ok(list_empty(&chain[0].t.children), "root left without children");
    free(chain);
    return done();
}
