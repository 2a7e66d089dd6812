/* SPDX-License-Identifier: MIT */
/*
 * Kernel test (root task, TAP): software IRQ objects (Irq_sender).
 * Semantics relied on (Fiasco.OC):
 * - l4_factory_create_irq() makes an Irq; l4_rcv_ep_bind_thread() attaches
 *   it to a thread with a label (needs S on the Irq and on the thread).
 * - l4_irq_trigger() is a send with zero timeouts and gets no reply; each
 *   trigger of a bound Irq delivers one message: tag 0 (label 0, no words;
 *   current Fiasco, older ones put L4_PROTO_IRQ in the tag label), received
 *   label = the bind label. Nothing more is pending afterwards (a second
 *   receive times out).
 * - l4_irq_receive() unmasks and waits for that Irq only (closed wait);
 *   l4_irq_wait() unmasks and waits for anyone.
 * - Binding again moves the Irq to the new thread. l4_irq_detach() detaches
 *   (0), a second detach finds nothing bound: -L4_ENOENT (current Fiasco).
 *   A trigger while detached delivers nothing.
 * - A bind label with bit 0 or 1 set is refused with -L4_EINVAL (as for IPC
 *   gates; NOTE: Fiasco's Irq_sender accepts any label, ours is stricter).
 * - Unknown protocol -> -L4_EBADPROTO; unknown op in the IRQ protocol ->
 *   -L4_ENOSYS; a bind through a capability without S -> -L4_EPERM.
 * - Invoking an empty slot fails the IPC with L4_IPC_ENOT_EXISTENT.
 * Spec: tests/target/kernel-runtime/irq.test.
 */
#include <l4/crt0.h>
#include <l4/sys/irq.h>
#include <l4/sys/rcv_endpoint.h>
#include "kt.h"
#include "tap.h"

#define PLAN 32

#define IRQ     KT_CAP(0x20)
#define IRQ2    KT_CAP(0x21)
#define IRQ_NOS KT_CAP(0x22) /* alias of IRQ without the S right */
#define TRIG    KT_CAP(0x23) /* thread: triggers IRQ after a delay */
#define WAITER  KT_CAP(0x24) /* thread: receives IRQ and reports */
#define EMPTY   KT_CAP(0x3f) /* never filled */

#define LABEL   0x1230UL
#define LABEL2  0x4560UL
#define LABEL3  0x7890UL
#define REPORT  0x42 /* tag label of WAITER's report */

static kt_stack_t stacks[2];
static volatile unsigned long waiter_label, waiter_tag;

/* Sleep a little, then trigger IRQ while the main thread waits for it. */
static void trig_thread(void)
{
    l4_ipc_sleep_ms(30);
    l4_irq_trigger(IRQ);
    kt_park();
}

/* Wait for one message from anyone, then report its label to main. */
static void waiter_thread(void)
{
    l4_umword_t label = 0;
    l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, kt_to_ms(2000));

    waiter_label = label;
    waiter_tag = (unsigned long)tag.raw;
    l4_ipc_send(L4_BASE_THREAD_CAP, l4_utcb(), l4_msgtag(REPORT, 0, 0, 0), kt_to_ms(2000));
    kt_park();
}

static void test_create_bind(void)
{
    tap_is_int(kt_err(l4_factory_create_irq(L4_BASE_FACTORY_CAP, IRQ)), 0, "create irq");
    tap_is_int(kt_err(l4_rcv_ep_bind_thread(IRQ, L4_BASE_THREAD_CAP, LABEL)), 0,
               "bind irq to own thread with label 0x%lx", LABEL);
    tap_is_int(kt_err(l4_rcv_ep_bind_thread(IRQ, L4_BASE_THREAD_CAP, LABEL | 1)), -L4_EINVAL,
               "bind with label bit 0 set -> -EINVAL");
    tap_ok(kt_err(l4_rcv_ep_bind_thread(IRQ, EMPTY, LABEL)) < 0,
           "bind to an empty thread slot -> error");
    /* A refused bind must leave the old binding alone. */
    tap_is_int(kt_err(l4_rcv_ep_bind_thread(IRQ, L4_BASE_THREAD_CAP, LABEL)), 0,
               "bind again with the good label");
}

static void test_trigger_once(void)
{
    l4_umword_t label = 0;
    l4_msgtag_t tag;

    tag = l4_irq_trigger(IRQ);
    tap_is_int((long long)kt_ipc_err(tag), 0, "trigger: no IPC error");
    tag = l4_ipc_wait(l4_utcb(), &label, kt_to_ms(1000));
    tap_is_int((long long)kt_ipc_err(tag), 0, "wait after trigger: message received");
    tap_is_int((long long)label, (long long)LABEL, "received label is the bind label");
    tap_is_int(l4_msgtag_label(tag), 0, "tag label is 0");
    tap_is_int(l4_msgtag_words(tag), 0, "IRQ message has no words");
    tag = l4_ipc_wait(l4_utcb(), &label, kt_to_ms(20));
    tap_is_int((long long)kt_ipc_err(tag), L4_IPC_RETIMEOUT,
               "delivered once: second wait times out");

    l4_irq_trigger(IRQ);
    tag = l4_irq_receive(IRQ, kt_to_ms(1000));
    tap_is_int((long long)kt_ipc_err(tag), 0, "trigger + l4_irq_receive (closed wait)");
    tag = l4_irq_wait(IRQ, &label, kt_to_ms(20));
    tap_is_int((long long)kt_ipc_err(tag), L4_IPC_RETIMEOUT,
               "l4_irq_wait without trigger times out");
}

static void test_two_irqs(void)
{
    l4_umword_t l1 = 0, l2 = 0;
    long r;

    r = kt_err(l4_factory_create_irq(L4_BASE_FACTORY_CAP, IRQ2));
    if (r == 0) {
        r = kt_err(l4_rcv_ep_bind_thread(IRQ2, L4_BASE_THREAD_CAP, LABEL2));
    }
    tap_is_int(r, 0, "second irq created and bound to the same thread");
    l4_irq_trigger(IRQ);
    l4_irq_trigger(IRQ2);
    l4_ipc_wait(l4_utcb(), &l1, kt_to_ms(500));
    l4_ipc_wait(l4_utcb(), &l2, kt_to_ms(500));
    tap_ok((l1 == LABEL && l2 == LABEL2) || (l1 == LABEL2 && l2 == LABEL),
           "two irqs on one thread: both labels arrive (0x%lx, 0x%lx)", l1, l2);
}

static void test_errors(void)
{
    l4_msgtag_t tag;

    l4_utcb_mr()->mr[0] = 0;
    tag = l4_ipc_call(IRQ, l4_utcb(), l4_msgtag(L4_PROTO_TASK, 1, 0, 0), kt_to_ms(500));
    tap_is_int(kt_err(tag), -L4_EBADPROTO, "irq invoked with the task protocol -> -EBADPROTO");
    l4_utcb_mr()->mr[0] = 7;
    tag = l4_ipc_call(IRQ, l4_utcb(), l4_msgtag(L4_PROTO_IRQ, 1, 0, 0), kt_to_ms(500));
    tap_is_int(kt_err(tag), -L4_ENOSYS, "irq protocol, unknown opcode 7 -> -ENOSYS");

    tap_is_int(kt_cap_alias(IRQ, IRQ_NOS, L4_CAP_FPAGE_RW), 0,
               "map irq capability to a second slot without S");
    tap_is_int(kt_err(l4_rcv_ep_bind_thread(IRQ_NOS, L4_BASE_THREAD_CAP, LABEL)), -L4_EPERM,
               "bind through a capability without S -> -EPERM");

    tag = l4_irq_trigger(EMPTY);
    tap_is_int((long long)kt_ipc_err(tag), L4_IPC_ENOT_EXISTENT,
               "trigger on an empty slot -> L4_IPC_ENOT_EXISTENT");
    tag = l4_irq_receive(EMPTY, kt_to_ms(20));
    tap_is_int((long long)kt_ipc_err(tag), L4_IPC_ENOT_EXISTENT,
               "l4_irq_receive on an empty slot -> L4_IPC_ENOT_EXISTENT");
}

static void test_other_threads(void)
{
    l4_cpu_time_t t0, t1;
    l4_msgtag_t tag;
    long r;

    /* A trigger from another thread wakes us in l4_irq_receive. */
    r = kt_thread_start(TRIG, 1, trig_thread, &stacks[0], KT_PRIO, L4_INVALID_CAP);
    tap_is_int(r, 0, "start a thread that triggers after 30 ms");
    t0 = kt_now_us();
    tag = l4_irq_receive(IRQ, kt_to_ms(2000));
    t1 = kt_now_us();
    tap_is_int((long long)kt_ipc_err(tag), 0, "trigger from another thread wakes the waiter");
    tap_ok(t1 - t0 >= 10000 && t1 - t0 < 1500000,
           "the waiter really blocked until the trigger (%llu us)",
           (unsigned long long)(t1 - t0));

    /* Rebinding moves delivery to the new thread. */
    r = kt_thread_start(WAITER, 2, waiter_thread, &stacks[1], KT_PRIO, L4_INVALID_CAP);
    if (r == 0) {
        r = kt_err(l4_rcv_ep_bind_thread(IRQ, WAITER, LABEL3));
    }
    tap_is_int(r, 0, "start a waiter thread and bind the irq to it");
    l4_irq_trigger(IRQ);
    tag = l4_ipc_receive(WAITER, l4_utcb(), kt_to_ms(2000));
    tap_ok(kt_ipc_err(tag) == 0 && l4_msgtag_label(tag) == REPORT && waiter_label == LABEL3,
           "the rebound irq reaches the other thread with its new label (0x%lx)",
           (unsigned long)waiter_label);
}

static void test_detach(void)
{
    l4_umword_t label;
    l4_msgtag_t tag;

    tap_is_int(kt_err(l4_irq_detach(IRQ)), 0, "detach");
    tag = l4_irq_trigger(IRQ);
    tap_is_int((long long)kt_ipc_err(tag), 0, "trigger a detached irq: the send succeeds");
    tag = l4_ipc_wait(l4_utcb(), &label, kt_to_ms(30));
    tap_is_int((long long)kt_ipc_err(tag), L4_IPC_RETIMEOUT,
               "detached irq delivers nothing");
    tap_is_int(kt_err(l4_irq_detach(IRQ)), -L4_ENOENT, "second detach -> -ENOENT");

    tap_is_int(kt_err(l4_task_release_cap(L4_BASE_TASK_CAP, IRQ2)), 0,
               "release the second irq's capability");
    tag = l4_irq_trigger(IRQ2);
    tap_is_int((long long)kt_ipc_err(tag), L4_IPC_ENOT_EXISTENT,
               "trigger through the released slot -> L4_IPC_ENOT_EXISTENT");
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    tap_start(PLAN);
    test_create_bind();
    test_trigger_once();
    test_two_irqs();
    test_errors();
    test_other_threads();
    test_detach();
    return tap_done();
}
