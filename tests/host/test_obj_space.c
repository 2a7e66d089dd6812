// SPDX-License-Identifier: MIT
/*
 * Host unit test of the capability tables (kernel/generic/obj_space.c):
 * the index limit (the last index works, OBJ_SPACE_CAPS and above do not,
 * slot 0 is never handed out), checked with a poisoned word right after
 * the directory page so that an off-by-one reads a slot page that looks
 * valid instead of crashing; and the capability operations the kernel's
 * rights rest on: derivation, revocation, rights reduction, dead objects,
 * uncounted capabilities. The quota and kobj functions are stubs that
 * count what obj_space does with them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <l4/sys/err.h>
#include "kobj.h"
#include "obj_space.h"
#include "quota.h"
#include "tap_host.h"

#define ARENA_PAGES 8
#define POISON_PAGE 1 /* the page after the directory (arena page 0) */

static unsigned char arena[ARENA_PAGES][PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static unsigned arena_next;
static struct cap_slot decoy_page[CAP_SLOTS_PER_PAGE];
static struct kobj decoy_obj;
static int pages_out;
static struct kobj obj_a, obj_b; /* static: the slots still name them at destroy */

/* Pages in order: the directory first, then (skipping the poison page) slot pages. */
void *quota_page_alloc(struct quota *q)
{
    (void)q;
    if (arena_next == POISON_PAGE) {
        arena_next++;
    }
    if (arena_next >= ARENA_PAGES) {
        return NULL;
    }
    pages_out++;
    return memset(arena[arena_next++], 0, PAGE_SIZE);
}

void quota_page_free(struct quota *q, void *page)
{
    (void)q;
    if (page) {
        pages_out--;
    }
}

void kobj_put(struct kobj *o)
{
    o->refcnt--;
}

void kobj_ucount_dec(struct kobj *o)
{
    if (--o->ucount == 0) {
        o->dead = true;
    }
}

/* Fill the page after the directory with pointers to a page of live-looking slots. */
static void poison(void)
{
    struct cap_slot **words = (struct cap_slot **)arena[POISON_PAGE];
    for (unsigned i = 0; i < PAGE_SIZE / sizeof(*words); i++) {
        words[i] = decoy_page;
    }
    decoy_obj.refcnt = 1;
    decoy_obj.ucount = 1;
    for (unsigned i = 0; i < CAP_SLOTS_PER_PAGE; i++) {
        decoy_page[i].obj = &decoy_obj;
        decoy_page[i].rights = CAP_RIGHTS_ALL;
    }
}

static int poison_intact(void)
{
    struct cap_slot **words = (struct cap_slot **)arena[POISON_PAGE];
    for (unsigned i = 0; i < PAGE_SIZE / sizeof(*words); i++) {
        if (words[i] != decoy_page) {
            return 0;
        }
    }
    return 1;
}

static void obj(struct kobj *o)
{
    memset(o, 0, sizeof(*o));
}

static void test_limits(struct obj_space *s)
{
    const unsigned long last = OBJ_SPACE_CAPS - 1;
    struct kobj a;
    obj(&a);

    ok(obj_space_slot(s, 0) == NULL, "slot 0 is never handed out");
    ok(obj_space_slot(s, last) != NULL, "the last index %lu has a slot", last);
    is_int(obj_space_insert(s, last, &a, CAP_RIGHTS_ALL), 0, "insert at the last index");
    ok(obj_space_lookup(s, last) && obj_space_lookup(s, last)->obj == &a,
       "lookup of the last index finds it");
    ok(obj_space_peek(s, OBJ_SPACE_CAPS) == NULL, "peek at the limit: NULL");
    ok(obj_space_lookup(s, OBJ_SPACE_CAPS) == NULL, "lookup at the limit: NULL");
    ok(obj_space_slot(s, OBJ_SPACE_CAPS) == NULL, "slot at the limit: NULL");
    is_int(obj_space_insert(s, OBJ_SPACE_CAPS, &a, CAP_RIGHTS_ALL), -L4_ENOMEM,
           "insert at the limit fails");
    ok(obj_space_lookup(s, OBJ_SPACE_CAPS + CAP_SLOTS_PER_PAGE) == NULL &&
           obj_space_lookup(s, ~0UL) == NULL,
       "lookups past the limit: NULL");
    ok(poison_intact(), "the word after the directory was neither used nor written");
    cap_clear(obj_space_peek(s, last));
    is_int((long long)a.ucount, 0, "clearing the slot drops its count");
}

static void test_caps(struct obj_space *s)
{
    obj(&obj_a);
    obj(&obj_b);
    struct cap_slot *root = obj_space_slot(s, 1);
    struct cap_slot *child = obj_space_slot(s, 2);
    struct cap_slot *grand = obj_space_slot(s, 3);

    cap_install(root, &obj_a, CAP_RIGHTS_ALL, NULL);
    cap_install(child, &obj_a, 0x7, root);
    cap_install(grand, &obj_a, 0x7, child);
    is_int((long long)obj_a.ucount, 3, "three counted capabilities");

    cap_reduce_rights(root, 0x1, false);
    ok(root->rights == CAP_RIGHTS_ALL && child->rights == 0x6 && grand->rights == 0x6,
       "taking W from the descendants leaves the root alone");
    cap_reduce_rights(root, 0x2, true);
    ok(!(root->rights & 0x2) && child->rights == 0x4 && grand->rights == 0x4,
       "taking S with self from the root and every descendant");

    cap_revoke_children(root);
    ok(root->obj == &obj_a && child->obj == NULL && grand->obj == NULL,
       "revoking the children empties child and grandchild, keeps the root");
    is_int((long long)obj_a.ucount, 1, "their counts are dropped");

    cap_install(child, &obj_a, 0x4, root);
    is_int(cap_uncount(child), 0, "uncount a capability once");
    is_int(cap_uncount(child), -L4_EINVAL, "uncount the same capability again: -EINVAL");
    is_int((long long)obj_a.ucount, 1, "the count dropped exactly once");
    cap_clear(child);
    is_int((long long)obj_a.ucount, 1, "clearing the uncounted slot leaves the count");

    cap_install(obj_space_slot(s, 4), &obj_b, CAP_RIGHTS_ALL, NULL);
    obj_b.dead = true;
    ok(obj_space_lookup(s, 4) == NULL, "a dead object's capability looks empty");
    ok(obj_space_peek(s, 4) && obj_space_peek(s, 4)->obj == &obj_b, "... although the slot holds it");
}

int main(void)
{
    struct obj_space s;

    plan(25);
    poison();
    is_int(obj_space_init(&s, NULL), 0, "init (the directory is the first page)");
    ok((void *)s.dir == (void *)arena[0], "the poison page follows the directory");
    test_limits(&s);
    test_caps(&s);
    obj_space_destroy(&s);
    is_int(pages_out, 0, "destroy frees every page");
    return done();
}
