/* SPDX-License-Identifier: MIT */
/*
 * Kernel test (root task, TAP): deleting objects that others depend on,
 * and the kernel-memory quota of a factory. A "deleter" thread of ours
 * performs a deletion after a delay while the main thread is blocked in
 * IPC. Semantics relied on (Fiasco.OC):
 * - l4_task_delete_obj() destroys the object (needs D; our factory gives
 *   full rights) and empties the slot; l4_task_release_cap() of the last
 *   capability destroys it too.
 * - A thread blocked in IPC with a deleted thread wakes at once with an
 *   IPC error (not the timeout): the caller waiting for a reply, and a
 *   sender queued on the deleted receiver (send-phase error).
 * - A sender blocked on an unbound IPC gate waits (send timeout) until the
 *   gate is bound; deleting the gate wakes it with an IPC error.
 * - A factory created with a quota charges every object it creates and the
 *   page tables of the tasks it creates; exhaustion gives -L4_ENOMEM.
 *   Deleting a task (its mappings, its thread) refunds everything: the
 *   same set-up fits again, with exactly as many extra objects as before.
 * - After its task is deleted a thread no longer runs user code (Fiasco
 *   kills it or it faults on the vanished mappings and has no pager).
 * Spec: tests/target/kernel-runtime/delete.test.
 */
#include <l4/crt0.h>
#include <l4/sys/factory.h>
#include "kt.h"
#include "tap.h"

#define PLAN 30

#define DELETER  KT_CAP(0x20)
#define VICTIM1  KT_CAP(0x21) /* receives our call, never replies */
#define VICTIM2  KT_CAP(0x22) /* never receives */
#define GATE     KT_CAP(0x23) /* unbound gate */
#define QFACTORY KT_CAP(0x24)
#define QTASK    KT_CAP(0x25)
#define QTHREAD  KT_CAP(0x26)
#define FILL0    0x100 /* first slot of the quota fillers */
#define FILL_MAX 128

#define QUOTA    (128UL * 1024)
#define OP_DELETE  1
#define OP_RELEASE 2
#define CMD        0x33 /* tag label of a command to the deleter */

static kt_stack_t stacks[3];
static kt_stack_t child_stack;
static volatile long deleter_result = 1;
static volatile unsigned long child_count;

/* Commands: mr0 = op, mr1 = capability, mr2 = delay in ms. */
static void deleter_thread(void)
{
    l4_umword_t label;

    for (;;) {
        l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
        l4_umword_t op = l4_utcb_mr()->mr[0];
        l4_cap_idx_t cap = l4_utcb_mr()->mr[1];

        if (kt_ipc_err(tag) || l4_msgtag_label(tag) != CMD) {
            continue;
        }
        l4_ipc_sleep_ms((unsigned)l4_utcb_mr()->mr[2]);
        if (op == OP_DELETE) {
            deleter_result = kt_err(l4_task_delete_obj(L4_BASE_TASK_CAP, cap));
        } else {
            deleter_result = kt_err(l4_task_release_cap(L4_BASE_TASK_CAP, cap));
        }
    }
}

static void victim1_thread(void)
{
    l4_umword_t label;

    l4_ipc_wait(l4_utcb(), &label, kt_to_ms(10000));
    kt_park(); /* never replies */
}

/* Runs in the quota test's child task: shows that the task's thread runs. */
static void counter_thread(void)
{
    for (;;) {
        ++child_count;
    }
}

static long order_deletion(l4_umword_t op, l4_cap_idx_t cap, unsigned ms)
{
    l4_msg_regs_t *m = l4_utcb_mr();

    deleter_result = 1;
    m->mr[0] = op;
    m->mr[1] = cap;
    m->mr[2] = ms;
    return kt_err(l4_ipc_send(DELETER, l4_utcb(), l4_msgtag(CMD, 3, 0, 0), kt_to_ms(1000)));
}

/* One blocked IPC ended by a deletion: checks error, not the timeout, timing. */
static void check_woken(char const *what, l4_msgtag_t tag, l4_cpu_time_t t0,
                        unsigned long timeout_code)
{
    l4_cpu_time_t dt = kt_now_us() - t0;
    unsigned long err = kt_ipc_err(tag);

    tap_ok(err != 0 && err != timeout_code, "%s: woken with an IPC error (%lu)", what, err);
    tap_ok(dt < 1500000, "%s: woken early, not by the 3 s timeout (%llu us)", what,
           (unsigned long long)dt);
}

static void test_partner_deleted(void)
{
    l4_cpu_time_t t0;
    l4_msgtag_t tag;
    long r;

    r = kt_thread_start(DELETER, 1, deleter_thread, &stacks[0], KT_PRIO, L4_INVALID_CAP);
    if (r == 0) {
        r = kt_thread_start(VICTIM1, 2, victim1_thread, &stacks[1], KT_PRIO, L4_INVALID_CAP);
    }
    tap_is_int(r, 0, "start the deleter and a server that never replies");

    /* We call VICTIM1; it takes the message and never replies; it is deleted. */
    tap_is_int(order_deletion(OP_DELETE, VICTIM1, 50), 0, "order: delete the server in 50 ms");
    t0 = kt_now_us();
    tag = l4_ipc_call(VICTIM1, l4_utcb(), l4_msgtag(0, 0, 0, 0), kt_to_ms(3000));
    check_woken("caller waiting for the reply of a deleted thread", tag, t0, L4_IPC_RETIMEOUT);
    l4_ipc_sleep_ms(5);
    tap_is_int(deleter_result, 0, "delete_obj of the server thread");
    tap_is_int(l4_msgtag_label(l4_task_cap_valid(L4_BASE_TASK_CAP, VICTIM1)), 0,
               "its slot is empty afterwards");
    tag = l4_ipc_send(VICTIM1, l4_utcb(), l4_msgtag(0, 0, 0, 0), kt_to_ms(10));
    tap_is_int((long long)kt_ipc_err(tag), L4_IPC_ENOT_EXISTENT,
               "IPC to the deleted thread's slot -> L4_IPC_ENOT_EXISTENT");

    /* We send to VICTIM2, which never receives; it is deleted. */
    r = kt_thread_start(VICTIM2, 3, kt_park, &stacks[2], KT_PRIO, L4_INVALID_CAP);
    tap_is_int(r, 0, "start a thread that never receives");
    order_deletion(OP_DELETE, VICTIM2, 50);
    t0 = kt_now_us();
    tag = l4_ipc_send(VICTIM2, l4_utcb(), l4_msgtag(0, 0, 0, 0), kt_to_ms(3000));
    check_woken("sender queued on a deleted receiver", tag, t0, L4_IPC_SETIMEOUT);
    tap_ok(l4_msgtag_has_error(tag) && l4_ipc_is_snd_error(l4_utcb()),
           "the error is reported for the send phase");
}

static void test_gate_deleted(void)
{
    l4_cpu_time_t t0;
    l4_msgtag_t tag;

    tap_is_int(kt_err(l4_factory_create_gate(L4_BASE_FACTORY_CAP, GATE, L4_INVALID_CAP, 0x40)),
               0, "create an unbound gate");
    order_deletion(OP_RELEASE, GATE, 50);
    t0 = kt_now_us();
    tag = l4_ipc_call(GATE, l4_utcb(), l4_msgtag(0, 0, 0, 0), kt_to_ms(3000));
    check_woken("sender blocked on an unbound gate that is deleted", tag, t0,
                L4_IPC_SETIMEOUT);
    l4_ipc_sleep_ms(5);
    tap_is_int(deleter_result, 0, "release of the gate's only capability");
}

/* One round of the quota test; returns the number of extra threads that fit. */
static long quota_round(int round)
{
    unsigned long c1;
    long r, n, last = 0;

    r = kt_task_create(QFACTORY, QTASK);
    if (r == 0) {
        r = kt_task_share_image(QTASK);
    }
    if (r == 0) {
        r = kt_thread_create(QFACTORY, QTHREAD, QTASK, KT_CHILD_UTCB_AREA, L4_INVALID_CAP,
                             L4_INVALID_CAP);
    }
    if (r == 0) {
        r = kt_thread_go(QTHREAD, counter_thread, kt_stack_top(&child_stack), 1);
    }
    tap_is_int(r, 0, "round %d: task with mappings and a thread from the quota factory", round);
    child_count = 0;
    l4_ipc_sleep_ms(20);
    tap_ok(child_count > 0, "round %d: the task's thread runs (%lu)", round, child_count);

    for (n = 0; n < FILL_MAX; ++n) {
        last = kt_err(l4_factory_create_thread(QFACTORY, KT_CAP(FILL0 + n)));
        if (last < 0) {
            break;
        }
    }
    tap_is_int(last, -L4_ENOMEM, "round %d: the quota runs out after %ld more threads", round,
               n);
    for (r = 0; r < n; ++r) {
        l4_task_delete_obj(L4_BASE_TASK_CAP, KT_CAP(FILL0 + r));
    }

    tap_is_int(kt_err(l4_task_delete_obj(L4_BASE_TASK_CAP, QTASK)), 0,
               "round %d: delete the task", round);
    l4_ipc_sleep_ms(5);
    c1 = child_count;
    l4_ipc_sleep_ms(20);
    tap_is_int((long long)child_count, (long long)c1,
               "round %d: its thread no longer runs user code", round);
    tap_is_int(kt_err(l4_task_delete_obj(L4_BASE_TASK_CAP, QTHREAD)), 0,
               "round %d: delete the thread", round);
    return n;
}

static void test_quota(void)
{
    long n1, n2;

    tap_is_int(kt_err(l4_factory_create_factory(L4_BASE_FACTORY_CAP, QFACTORY, QUOTA)), 0,
               "create a factory with a %lu KiB quota", QUOTA / 1024);
    n1 = quota_round(1);
    n2 = quota_round(2);
    tap_ok(n1 > 0 && n1 == n2, "the quota was refunded in full (%ld, then %ld threads)", n1,
           n2);
    tap_is_int(kt_err(l4_task_delete_obj(L4_BASE_TASK_CAP, QFACTORY)), 0,
               "delete the quota factory");
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    tap_start(PLAN);
    test_partner_deleted();
    test_gate_deleted();
    test_quota();
    return tap_done();
}
