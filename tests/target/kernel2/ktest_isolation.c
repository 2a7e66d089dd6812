/* SPDX-License-Identifier: MIT */
/*
 * Kernel test (root task, TAP): map, grant and unmap aimed at the mapping
 * database's own structure, as a hostile task would aim them: onto the
 * source itself, onto an ancestor of the source, onto a descendant, within
 * one space and across spaces, for memory and for capabilities; unmaps that
 * delete the task they walk (also from inside that task); and a deletion
 * cascade through a long chain of tasks. Each case ends with the property
 * that matters: no kernel failure, revocation from the root still reaches
 * every copy, and the factory's quota comes back exactly.
 * Semantics relied on (ours, as doc/kernel.md states them):
 * - Mapping or granting onto the source or one of its ancestors changes
 *   nothing: the destination already holds it with at least those rights.
 * - Granting onto a descendant moves the source there (the source is gone).
 * - l4_task_unmap with L4_FP_DELETE_OBJ may delete the task it is invoked
 *   on, even from a thread of that task; the call completes either way.
 * A thread of ours (the prober) reads a child's page mapped into our space;
 * its pager is our main thread, which answers a fault with a marker page,
 * so a probe tells "mapped, with this value" from "not mapped".
 * Spec: tests/target/kernel2/isolation.test.
 */
#include <l4/crt0.h>
#include <l4/sys/factory.h>
#include "kt.h"
#include "tap.h"

#define PLAN 55

#define QFACTORY KT_CAP(0x20)
#define T1       KT_CAP(0x21)
#define T2       KT_CAP(0x22)
#define IRQ      KT_CAP(0x23)
#define PROBER   KT_CAP(0x24)
#define CFACTORY KT_CAP(0x25)
#define T1_THREAD KT_CAP(0x26)
#define CHAIN0   0x100 /* our slots for the chain of tasks */
#define FILL0    0x300 /* our slots for the quota fillers */
#define FILL_MAX 512
#define CHAIN_LEN 64

#define IN_CHILD_NEXT KT_CAP(0x10) /* where a chain task holds the next one */
#define IN_CHILD_SELF KT_CAP(0x5)  /* a task's capability to itself */

#define QUOTA       (96UL * 1024)
#define CHAIN_QUOTA (4096UL * 1024)

#define VA1      0x10000000UL
#define VA2      0x10001000UL
#define VA3      0x10002000UL
#define PROBE_VA 0x30000000UL /* in our space: where a child's page is read */
#define PAGE_MARK   0x1500aa55UL
#define UNMAPPED    0xdeadf00dUL

static unsigned long page[L4_PAGESIZE / sizeof(unsigned long)] __attribute__((aligned(L4_PAGESIZE)));
static unsigned long marker[L4_PAGESIZE / sizeof(unsigned long)]
    __attribute__((aligned(L4_PAGESIZE)));
static kt_stack_t prober_stack, child_stack;

/* Reads the word at the address in mr0 and answers with it, forever. */
static void prober_thread(void)
{
    l4_umword_t label;
    l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);

    for (;;) {
        if (kt_ipc_err(tag)) {
            tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
            continue;
        }
        l4_addr_t addr = l4_utcb_mr()->mr[0]; /* a fault message reuses the MRs */
        l4_utcb_mr()->mr[0] = *(volatile unsigned long *)addr;
        tag = l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 1, 0, 0), &label, L4_IPC_NEVER);
    }
}

/* The word at \a va in \a task, or UNMAPPED when \a task has no page there. */
static unsigned long probe(l4_cap_idx_t task, l4_addr_t va)
{
    l4_fpage_t probe_page = l4_fpage(PROBE_VA, L4_PAGESHIFT, L4_FPAGE_RWX);
    l4_msg_regs_t *m = l4_utcb_mr();
    unsigned long value = ~0UL;
    l4_msgtag_t tag;

    l4_task_unmap(L4_BASE_TASK_CAP, probe_page, L4_FP_ALL_SPACES);
    l4_task_map(L4_BASE_TASK_CAP, task, l4_fpage(va, L4_PAGESHIFT, L4_FPAGE_RO),
                l4_map_control(PROBE_VA, 0, 0));
    m->mr[0] = PROBE_VA;
    tag = l4_ipc_call(PROBER, l4_utcb(), l4_msgtag(0, 1, 0, 0), kt_to_ms(1000));
    if (!kt_ipc_err(tag) && l4_msgtag_label(tag) == L4_PROTO_PAGE_FAULT) {
        m->mr[0] = l4_map_control(PROBE_VA, 0, 0);
        m->mr[1] = l4_fpage((l4_addr_t)marker, L4_PAGESHIFT, L4_FPAGE_RO).raw;
        tag = l4_ipc_call(PROBER, l4_utcb(), l4_msgtag(0, 0, 1, 0), kt_to_ms(1000));
    }
    if (!kt_ipc_err(tag)) {
        value = m->mr[0];
    }
    l4_task_unmap(L4_BASE_TASK_CAP, probe_page, L4_FP_ALL_SPACES);
    return value;
}

static long map_mem(l4_cap_idx_t dst, l4_cap_idx_t src, l4_addr_t from, l4_addr_t to,
                    unsigned flags)
{
    return kt_err(l4_task_map(dst, src, l4_fpage(from, L4_PAGESHIFT, L4_FPAGE_RWX),
                              l4_map_control(to, 0, flags)));
}

static long map_cap(l4_cap_idx_t dst, l4_cap_idx_t src, l4_cap_idx_t from, l4_cap_idx_t to,
                    unsigned flags)
{
    return kt_err(l4_task_map(dst, src, l4_obj_fpage(from, 0, L4_CAP_FPAGE_RWSD),
                              l4_map_obj_control(to, flags)));
}

static int cap_valid(l4_cap_idx_t task, l4_cap_idx_t cap)
{
    return (int)l4_msgtag_label(l4_task_cap_valid(task, cap));
}

/*
 * How much the quota factory still holds, as (threads, then gates) that fit;
 * finer than threads alone, so that a leaked mapping node shows.
 */
static long quota_room(l4_cap_idx_t factory)
{
    long threads = 0, gates = 0, n = 0;

    while (n < FILL_MAX && kt_err(l4_factory_create_thread(factory, KT_CAP(FILL0 + n))) == 0) {
        ++threads;
        ++n;
    }
    while (n < FILL_MAX &&
           kt_err(l4_factory_create_gate(factory, KT_CAP(FILL0 + n), L4_INVALID_CAP, 0)) == 0) {
        ++gates;
        ++n;
    }
    for (long i = 0; i < n; ++i) {
        l4_task_delete_obj(L4_BASE_TASK_CAP, KT_CAP(FILL0 + i));
    }
    return n >= FILL_MAX ? -1 : threads * 10000 + gates;
}

static long child_new(l4_cap_idx_t task)
{
    return kt_task_create(QFACTORY, task);
}

static void child_delete(l4_cap_idx_t task)
{
    l4_task_delete_obj(L4_BASE_TASK_CAP, task);
    l4_task_release_cap(L4_BASE_TASK_CAP, task);
}

/* Bug 1 of issue #8 and its neighbours: memory mapped onto itself and its relatives. */
static void test_memory(long room)
{
    tap_is_int(child_new(T1), 0, "memory: create a task from the quota factory");
    tap_is_int(map_mem(T1, L4_BASE_TASK_CAP, (l4_addr_t)page, VA1, 0), 0,
               "memory: our page to T1:VA1");
    tap_is_int(map_mem(T1, T1, VA1, VA2, 0), 0, "memory: T1:VA1 to T1:VA2 (a child)");
    tap_is_int(map_mem(T1, T1, VA2, VA1, L4_MAP_ITEM_GRANT), 0,
               "memory: grant T1:VA2 onto its own parent T1:VA1");
    tap_is_int((long long)probe(T1, VA1), PAGE_MARK, "memory: T1:VA1 still holds the page");
    tap_is_int((long long)probe(T1, VA2), PAGE_MARK,
               "memory: the grant onto an ancestor changed nothing (T1:VA2 still mapped)");
    tap_is_int(map_mem(T1, T1, VA1, VA1, L4_MAP_ITEM_GRANT), 0, "memory: grant T1:VA1 onto itself");
    tap_is_int(map_mem(T1, T1, VA1, VA1, 0), 0, "memory: map T1:VA1 onto itself");
    tap_is_int((long long)probe(T1, VA1), PAGE_MARK, "memory: T1:VA1 is still mapped");
    tap_is_int(map_mem(T1, T1, VA1, VA2, L4_MAP_ITEM_GRANT), 0,
               "memory: grant T1:VA1 onto its descendant T1:VA2");
    tap_is_int((long long)probe(T1, VA1), UNMAPPED, "memory: the granted source is gone");
    tap_is_int((long long)probe(T1, VA2), PAGE_MARK, "memory: T1:VA2 holds the page");

    /* Across spaces: our page to T2, then T2 grants it back onto our page (its parent). */
    tap_is_int(child_new(T2), 0, "memory: a second task");
    tap_is_int(map_mem(T2, L4_BASE_TASK_CAP, (l4_addr_t)page, VA3, 0), 0,
               "memory: our page to T2:VA3");
    tap_is_int(map_mem(L4_BASE_TASK_CAP, T2, VA3, (l4_addr_t)page, L4_MAP_ITEM_GRANT), 0,
               "memory: T2 grants it back onto our page, its parent");
    page[1] = 7; /* still ours: a missing mapping would stop this thread */
    tap_is_int((long long)probe(T2, VA3), PAGE_MARK, "memory: T2:VA3 unchanged");

    /* Revocation from the root reaches every copy made on the way. */
    l4_task_unmap(L4_BASE_TASK_CAP, l4_fpage((l4_addr_t)page, L4_PAGESHIFT, L4_FPAGE_RWX),
                  L4_FP_OTHER_SPACES);
    tap_ok(probe(T1, VA2) == UNMAPPED && probe(T2, VA3) == UNMAPPED,
           "memory: unmapping our page revokes the copies in T1 and T2");

    /* The hang: delete after create/delete rounds. */
    tap_is_int(map_mem(T1, L4_BASE_TASK_CAP, (l4_addr_t)page, VA1, 0), 0, "memory: map again");
    map_mem(T1, T1, VA1, VA2, 0);
    map_mem(T1, T1, VA2, VA1, L4_MAP_ITEM_GRANT);
    for (int i = 0; i < 4; ++i) {
        l4_factory_create_thread(QFACTORY, KT_CAP(FILL0));
        child_delete(KT_CAP(FILL0));
    }
    child_delete(T1);
    child_delete(T2);
    tap_is_int(quota_room(QFACTORY), room, "memory: both tasks deleted, the quota is back exactly");
}

/* Bug 2 of issue #8 and its neighbours: capabilities mapped onto their relatives. */
static void test_caps(long room)
{
    tap_is_int(kt_err(l4_factory_create_irq(L4_BASE_FACTORY_CAP, IRQ)), 0, "caps: an irq");
    tap_is_int(child_new(T1), 0, "caps: task T1");
    tap_is_int(map_cap(T1, L4_BASE_TASK_CAP, IRQ, KT_CAP(0x30), 0), 0, "caps: irq to T1:0x30");
    tap_is_int(map_cap(T1, T1, KT_CAP(0x30), KT_CAP(0x31), 0), 0, "caps: T1:0x30 to T1:0x31");
    tap_is_int(map_cap(T1, T1, KT_CAP(0x31), KT_CAP(0x30), 0), 0,
               "caps: T1:0x31 back onto its parent T1:0x30");
    tap_ok(cap_valid(T1, KT_CAP(0x30)) && cap_valid(T1, KT_CAP(0x31)), "caps: both still valid");
    tap_is_int(map_cap(T1, T1, KT_CAP(0x31), KT_CAP(0x30), L4_MAP_ITEM_GRANT), 0,
               "caps: grant T1:0x31 onto its parent");
    tap_is_int(map_cap(T1, T1, KT_CAP(0x30), KT_CAP(0x30), L4_MAP_ITEM_GRANT), 0,
               "caps: grant T1:0x30 onto itself");
    tap_ok(cap_valid(T1, KT_CAP(0x30)) && cap_valid(T1, KT_CAP(0x31)), "caps: still both valid");
    l4_task_unmap(L4_BASE_TASK_CAP, l4_obj_fpage(IRQ, 0, L4_CAP_FPAGE_RWSD), L4_FP_OTHER_SPACES);
    tap_ok(!cap_valid(T1, KT_CAP(0x30)) && !cap_valid(T1, KT_CAP(0x31)),
           "caps: unmapping ours revokes both (no copy escapes revocation)");
    tap_ok(cap_valid(L4_BASE_TASK_CAP, IRQ), "caps: our own capability stays");

    /* Across spaces: R:X -> T1:0x30 -> T2:0x30 -> back onto T1:0x30; delete T2. */
    tap_is_int(child_new(T2), 0, "caps: task T2");
    map_cap(T1, L4_BASE_TASK_CAP, IRQ, KT_CAP(0x30), 0);
    map_cap(T2, T1, KT_CAP(0x30), KT_CAP(0x30), 0);
    tap_is_int(map_cap(T1, T2, KT_CAP(0x30), KT_CAP(0x30), 0), 0,
               "caps: T2:0x30 mapped back onto its parent T1:0x30");
    child_delete(T2);
    {
        /* Fresh kernel-user memory for us: it must come zeroed, no kernel pointers in it. */
        static unsigned long const ku_base = 0x0000007000000000UL;
        l4_fpage_t kf = l4_fpage(ku_base, 16, L4_FPAGE_RW);
        int clean = 1;
        tap_is_int(kt_err(l4_task_add_ku_mem(L4_BASE_TASK_CAP, &kf)), 0,
                   "caps: add 64 KiB of kernel-user memory to us");
        for (unsigned long i = 0; i < (64UL * 1024) / sizeof(unsigned long); ++i) {
            clean &= ((volatile unsigned long *)ku_base)[i] == 0;
        }
        tap_ok(clean, "caps: it is all zero");
    }
    tap_is_int(kt_err(l4_task_unmap(T1, l4_obj_fpage(KT_CAP(0x30), 0, L4_CAP_FPAGE_RWSD),
                                    L4_FP_ALL_SPACES)),
               0, "caps: unmap T1:0x30");
    tap_ok(!cap_valid(T1, KT_CAP(0x30)) && cap_valid(L4_BASE_TASK_CAP, IRQ),
           "caps: T1:0x30 gone, ours stays");

    /* Grant onto a descendant moves the capability there. */
    map_cap(T1, L4_BASE_TASK_CAP, IRQ, KT_CAP(0x40), 0);
    map_cap(T1, T1, KT_CAP(0x40), KT_CAP(0x41), 0);
    tap_is_int(map_cap(T1, T1, KT_CAP(0x40), KT_CAP(0x41), L4_MAP_ITEM_GRANT), 0,
               "caps: grant T1:0x40 onto its child T1:0x41");
    tap_ok(!cap_valid(T1, KT_CAP(0x40)) && cap_valid(T1, KT_CAP(0x41)),
           "caps: the source is empty, the child slot holds it");
    l4_task_unmap(L4_BASE_TASK_CAP, l4_obj_fpage(IRQ, 0, L4_CAP_FPAGE_RWSD), L4_FP_OTHER_SPACES);
    tap_ok(!cap_valid(T1, KT_CAP(0x41)), "caps: revocation from ours still reaches it");
    child_delete(T1);
    tap_is_int(quota_room(QFACTORY), room, "caps: tasks deleted, the quota is back exactly");
}

/* Runs in T1: deletes its own task through an unmap batch. */
static void self_deleter(void)
{
    l4_fpage_t fp[2] = {
        l4_obj_fpage(IN_CHILD_SELF, 0, L4_CAP_FPAGE_RWSD),
        l4_fpage((l4_addr_t)child_stack, L4_PAGESHIFT, L4_FPAGE_RWX),
    };
    l4_task_unmap_batch(IN_CHILD_SELF, fp, 2, L4_FP_DELETE_OBJ);
    /* Not reached: this thread died with its task. */
    page[2] = 0xbad;
    kt_park();
}

/* Bug 3 of issue #8: unmaps that delete the task they walk. */
static void test_unmap_deletes(long room)
{
    l4_fpage_t fp[2] = {
        l4_obj_fpage(IN_CHILD_SELF, 0, L4_CAP_FPAGE_RWSD),
        l4_fpage(VA1, L4_PAGESHIFT, L4_FPAGE_RWX),
    };
    long r;

    tap_is_int(child_new(T1), 0, "delete: task T1");
    map_mem(T1, L4_BASE_TASK_CAP, (l4_addr_t)page, VA1, 0);
    tap_is_int(map_cap(T1, L4_BASE_TASK_CAP, T1, IN_CHILD_SELF, 0), 0,
               "delete: T1's own capability into T1");
    r = kt_err(l4_task_unmap_batch(T1, fp, 2, L4_FP_DELETE_OBJ));
    tap_is_int(r, 0, "delete: an unmap batch on T1 that deletes T1 completes");
    tap_ok(!cap_valid(L4_BASE_TASK_CAP, T1), "delete: T1 is gone");
    l4_task_release_cap(L4_BASE_TASK_CAP, T1);
    tap_is_int(quota_room(QFACTORY), room, "delete: the quota is back exactly");

    /* The same from a thread inside T1. */
    page[2] = 0;
    r = child_new(T1);
    if (r == 0) {
        r = kt_task_share_image(T1);
    }
    if (r == 0) {
        r = map_cap(T1, L4_BASE_TASK_CAP, T1, IN_CHILD_SELF, 0);
    }
    if (r == 0) {
        r = kt_thread_create(QFACTORY, T1_THREAD, T1, KT_CHILD_UTCB_AREA, L4_INVALID_CAP,
                             L4_INVALID_CAP);
    }
    if (r == 0) {
        r = kt_thread_go(T1_THREAD, self_deleter, kt_stack_top(&child_stack), KT_PRIO);
    }
    tap_is_int(r, 0, "delete: a thread in T1 that deletes its own task");
    l4_ipc_sleep_ms(20);
    tap_ok(!cap_valid(L4_BASE_TASK_CAP, T1) && page[2] == 0,
           "delete: T1 is gone and its thread did not continue");
    child_delete(T1_THREAD);
    l4_task_release_cap(L4_BASE_TASK_CAP, T1);
    tap_is_int(quota_room(QFACTORY), room, "delete: the quota is back exactly");
}

/* Each task of a chain holds the only capability to the next; deleting the first. */
static void test_chain(void)
{
    long room, r = 0;
    int i;

    r = kt_err(l4_factory_create_factory(L4_BASE_FACTORY_CAP, CFACTORY, CHAIN_QUOTA));
    tap_is_int(r, 0, "chain: a factory with %lu KiB", CHAIN_QUOTA / 1024);
    room = quota_room(CFACTORY);
    for (i = 0; i < CHAIN_LEN && r == 0; ++i) {
        r = kt_task_create(CFACTORY, KT_CAP(CHAIN0 + i));
    }
    /* Granted, not mapped: our copy would otherwise take theirs along when released. */
    for (int j = i - 1; j > 0 && r == 0; --j) {
        r = map_cap(KT_CAP(CHAIN0 + j - 1), L4_BASE_TASK_CAP, KT_CAP(CHAIN0 + j), IN_CHILD_NEXT,
                    L4_MAP_ITEM_GRANT);
    }
    tap_is_int(r, 0, "chain: %d tasks, each holding the only capability to the next", i);
    tap_ok(cap_valid(KT_CAP(CHAIN0), KT_CAP(CHAIN0)) == 0 && cap_valid(KT_CAP(CHAIN0), IN_CHILD_NEXT),
           "chain: the first holds the second");
    tap_is_int(kt_err(l4_task_delete_obj(L4_BASE_TASK_CAP, KT_CAP(CHAIN0))), 0,
               "chain: delete the first");
    l4_task_release_cap(L4_BASE_TASK_CAP, KT_CAP(CHAIN0));
    tap_is_int(quota_room(CFACTORY), room, "chain: every task died, the quota is back exactly");
    l4_task_delete_obj(L4_BASE_TASK_CAP, CFACTORY);
}

int l4_main(l4_kernel_info_t *kip)
{
    long room, r;

    (void)kip;
    tap_start(PLAN);
    page[0] = PAGE_MARK;
    marker[0] = UNMAPPED;
    r = kt_thread_create(L4_BASE_FACTORY_CAP, PROBER, L4_BASE_TASK_CAP, kt_utcb_slot(1),
                         L4_BASE_THREAD_CAP, L4_INVALID_CAP);
    if (r == 0) {
        r = kt_thread_go(PROBER, prober_thread, kt_stack_top(&prober_stack), KT_PRIO + 1);
    }
    tap_is_int(r, 0, "a prober thread whose pager we are");
    r = kt_err(l4_factory_create_factory(L4_BASE_FACTORY_CAP, QFACTORY, QUOTA));
    room = quota_room(QFACTORY);
    tap_ok(r == 0 && room > 0, "a factory with %lu KiB (room %ld)", QUOTA / 1024, room);
    test_memory(room);
    test_caps(room);
    test_unmap_deletes(room);
    test_chain();
    return tap_done() ? 0 : 1;
}
