/* SPDX-License-Identifier: MIT */
/*
 * Kernel test ktest_fastpath (root task, TAP): the IPC fast path
 * (kernel/generic/ipc_fastpath.c) and every condition that sends a call or
 * a reply-and-wait to the generic path instead: typed items, a receive
 * timeout, a lower-priority partner, a partner that does not wait, a dead
 * partner, the rights of the capability used, object operations through a
 * thread or gate capability, senders queued on the replying server, a
 * pending Irq. Each case asserts the results IPC must give, whichever path
 * takes it. The hand-off's own corners are covered too: a receive timeout
 * armed by the generic path and ended by a fast reply must not fire later;
 * a caller blocked by the fast path is resumed correctly by a generic reply
 * (with an item), by ex_regs cancel and by its partner's deletion.
 */
#include <l4/crt0.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/irq.h>
#include <l4/sys/task.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/thread.h>
#include "kta_common.h"
#include "tap.h"

#define PLAN 48

/* Commands in mr0 of a message to the server. */
#define CMD_ECHO    0 /* reply with every word but mr0 incremented */
#define CMD_SLEEP   1 /* sleep mr1 ms, then reply as ECHO */
#define CMD_NOREPLY 2 /* drop the caller and wait for the next message */
#define CMD_GIVECAP 3 /* reply with a map item: the server's gate capability */

#define SRV_GATE  KT_CAP(0x40) /* bound to srv, label 0x500 */
#define SRV_GATE_RO KT_CAP(0x41) /* copy of SRV_GATE with R only */
#define GOT_CAP   KT_CAP(0x42) /* where the main thread receives a capability */
#define SRV_IRQ   KT_CAP(0x43) /* attached to srv, label 0x900 */
#define SRV_RCVD  KT_CAP(0x44) /* where srv receives a capability */
#define HI_IRQ    KT_CAP(0x45) /* attached to the higher-priority handler */
#define EQ_IRQ    KT_CAP(0x46) /* attached to a handler of our priority */
#define PP_IRQ    KT_CAP(0x47) /* attached to the ping-pong partner (our priority) */
#define OWN_IRQ   KT_CAP(0x48) /* attached to us */
#define LO_IRQ    KT_CAP(0x49) /* attached to a handler below our priority */
#define FAULT_VA  0x30000000UL  /* unmapped until the pager maps it */

static struct kt_thread srv, low, busy, trigger, canceller, deleter, client_b, client_c, client_d,
    handler, mid, closed_rcv, pager, faulter, eq_handler, partner, lo_handler;

static char pager_page[4096] __attribute__((aligned(4096)));

/* Receives only from srv (a closed wait): calls from anyone else must not reach it. */
static void closed_fn(struct kt_thread *t)
{
    for (;;) {
        if (!l4_msgtag_has_error(l4_ipc_receive(srv.cap, l4_utcb(), L4_IPC_NEVER))) {
            t->res[0]++;
        }
    }
}

/*
 * A pager that maps the faulting page itself (l4_task_map) and answers
 * with an empty message: the reply-and-wait the fast path would take, had
 * it not to leave a kernel-made wait (the fault) to the generic path.
 */
static void pager_fn(struct kt_thread *t)
{
    l4_utcb_t *u = l4_utcb();
    l4_umword_t label;
    l4_msgtag_t tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
    for (;;) {
        if (!l4_msgtag_has_error(tag) && l4_msgtag_label(tag) == L4_PROTO_PAGE_FAULT) {
            t->res[0]++;
            l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
                        l4_fpage((l4_addr_t)pager_page, 12, L4_FPAGE_RW),
                        l4_map_control(l4_utcb_mr_u(u)->mr[0] & ~0xfffUL, 0, 0));
        }
        tag = l4_ipc_reply_and_wait(u, l4_msgtag(0, 0, 0, 0), &label, L4_IPC_NEVER);
    }
}

/* Faults with x1 and mr0 holding known values; res[0] = x1 after, res[1] = mr0 after. */
static void faulter_fn(struct kt_thread *t)
{
    register l4_umword_t a __asm__("x0") = FAULT_VA;
    register l4_umword_t b __asm__("x1") = 0x1234;
    register l4_umword_t v __asm__("x2");
    l4_utcb_mr()->mr[0] = 0xabc;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a), "r"(b) : "memory");
    __asm__ volatile("" : "+r"(b));
    t->res[0] = (long)b;
    t->res[1] = (long)l4_utcb_mr()->mr[0];
    t->res[2] = (long)v;
}

/* Counts its Irq's messages in res[0]. */
static void eq_handler_fn(struct kt_thread *t)
{
    for (;;) {
        if (!l4_msgtag_has_error(l4_irq_receive(EQ_IRQ, L4_IPC_NEVER))) {
            t->res[0]++;
        }
    }
}

/* Counts the messages it receives (res[0]); runs only when nothing above it is ready. */
static void mid_fn(struct kt_thread *t)
{
    l4_umword_t label;
    for (;;) {
        if (!l4_msgtag_has_error(l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER))) {
            t->res[0]++;
        }
    }
}

/* An Irq handler: l4_irq_receive of Irq arg[0] in a loop; res[0] counts, res[1] a receive
 * error (it then sleeps); each message is answered by a trigger of Irq arg[1] if there is one. */
static void handler_fn(struct kt_thread *t)
{
    for (;;) {
        l4_msgtag_t tag = l4_irq_receive(t->arg[0], L4_IPC_NEVER);
        if (l4_msgtag_has_error(tag)) {
            t->res[1] = kt_ipc_err(tag);
            l4_ipc_sleep(L4_IPC_NEVER);
        }
        t->res[0]++;
        if (t->arg[1]) {
            l4_irq_trigger(t->arg[1]);
        }
    }
}

/*
 * The server: records each message (res[0] count, res[1] label, res[2]
 * words, res[3] items, res[4] mr0, res[6] Irq messages) and answers as
 * the command in mr0 says, through reply-and-wait.
 */
static void server_fn(struct kt_thread *t)
{
    l4_utcb_t *u = l4_utcb();
    l4_msg_regs_t *m = l4_utcb_mr_u(u);
    l4_buf_regs_t *b = l4_utcb_br_u(u);
    l4_umword_t label = 0;
    b->bdr = 0;
    b->br[0] = SRV_RCVD | L4_RCV_ITEM_SINGLE_CAP;
    l4_msgtag_t tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);

    for (;;) {
        if (l4_msgtag_has_error(tag)) {
            t->res[7] = kt_ipc_err(tag);
            tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
            continue;
        }
        if (label == 0x900) {
            t->res[6]++; /* an Irq: nobody to reply to */
            tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
            continue;
        }
        unsigned n = l4_msgtag_words(tag);
        l4_umword_t cmd = n ? m->mr[0] : CMD_ECHO;
        t->res[0]++;
        t->res[1] = (long)label;
        t->res[2] = (long)n;
        t->res[3] = (long)l4_msgtag_items(tag);
        t->res[4] = n ? (long)m->mr[0] : -1;
        if (cmd == CMD_NOREPLY) {
            tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
            continue;
        }
        if (cmd == CMD_SLEEP) {
            kt_sleep_ms((unsigned)m->mr[1]);
        }
        unsigned items = 0;
        if (cmd == CMD_GIVECAP) {
            m->mr[0] = L4_ITEM_MAP;
            m->mr[1] = l4_obj_fpage(SRV_GATE, 0, L4_CAP_FPAGE_RW).raw;
            n = 0;
            items = 1;
        }
        for (unsigned i = 1; i < n; i++) {
            m->mr[i] += 1;
        }
        b->br[0] = SRV_RCVD | L4_RCV_ITEM_SINGLE_CAP;
        tag = l4_ipc_reply_and_wait(u, l4_msgtag(0x77, n, items, 0), &label, L4_IPC_NEVER);
    }
}

/* Calls arg[0] with arg[1] in mr0 and no timeout; res[0] = error, res[1] = mr0 answered. */
static void client_fn(struct kt_thread *t)
{
    l4_utcb_t *u = l4_utcb();
    l4_utcb_mr_u(u)->mr[0] = (l4_umword_t)t->arg[1];
    l4_utcb_mr_u(u)->mr[1] = 7;
    l4_msgtag_t tag = l4_ipc_call((l4_cap_idx_t)t->arg[0], u, l4_msgtag(0, 2, 0, 0),
                                  L4_IPC_NEVER);
    t->res[0] = kt_ipc_err(tag);
    t->res[1] = (long)l4_utcb_mr_u(u)->mr[1];
}

enum helper_act { ACT_CANCEL, ACT_DELETE, ACT_TRIGGER };

/* After arg[1] ms, does arg[2] (enum helper_act) to the object arg[0]; res[0] = l4_error. */
static void helper_fn(struct kt_thread *t)
{
    l4_cap_idx_t obj = (l4_cap_idx_t)t->arg[0];
    kt_sleep_ms((unsigned)t->arg[1]);
    if (t->arg[2] == ACT_CANCEL) {
        t->res[0] = l4_error(l4_thread_ex_regs(obj, ~0UL, ~0UL, L4_THREAD_EX_REGS_CANCEL));
    } else if (t->arg[2] == ACT_DELETE) {
        t->res[0] = l4_error(l4_task_delete_obj(L4_BASE_TASK_CAP, obj));
    } else {
        t->res[0] = l4_error(l4_irq_trigger(obj));
    }
}

static l4_msgtag_t call_cmd(l4_cap_idx_t dst, l4_umword_t cmd, unsigned words, l4_timeout_t to)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    m->mr[0] = cmd;
    for (unsigned i = 1; i < words; i++) {
        m->mr[i] = 1000 + i;
    }
    return l4_ipc_call(dst, l4_utcb(), l4_msgtag(0, words, 0, 0), to);
}

/* A call asking the server to sleep \a ms before it answers. */
static l4_msgtag_t call_sleep(l4_cap_idx_t dst, unsigned ms)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    m->mr[0] = CMD_SLEEP;
    m->mr[1] = ms;
    return l4_ipc_call(dst, l4_utcb(), l4_msgtag(0, 2, 0, 0), L4_IPC_NEVER);
}

static int echoed(unsigned words)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    for (unsigned i = 1; i < words; i++) {
        if (m->mr[i] != 1000 + i + 1) {
            return 0;
        }
    }
    return 1;
}

static void start_helper(struct kt_thread *h, l4_cap_idx_t cap, l4_cap_idx_t target, unsigned ms,
                         enum helper_act act)
{
    h->arg[0] = (long)target;
    h->arg[1] = ms;
    h->arg[2] = act;
    kt_thread_start(h, cap, helper_fn);
}

static void test_fast_cases(void)
{
    l4_msgtag_t tag = l4_ipc(srv.cap, l4_utcb(), L4_SYSF_CALL, 0x5a5a00, l4_msgtag(0, 0, 0, 0),
                             0, L4_IPC_NEVER);
    tap_ok(!l4_msgtag_has_error(tag) && l4_msgtag_label(tag) == 0x77 && srv.res[2] == 0,
           "call with no words: the reply's tag label arrives (0x%lx)",
           (unsigned long)l4_msgtag_label(tag));
    tap_is_int(srv.res[1], 0x5a5a00, "a call through a thread capability delivers our label");
    tag = call_cmd(srv.cap, CMD_ECHO, 8, L4_IPC_NEVER);
    tap_ok(!l4_msgtag_has_error(tag) && l4_msgtag_words(tag) == 8 && echoed(8),
           "call with 8 words: every word answered");
    tag = call_cmd(srv.cap, CMD_ECHO, L4_UTCB_GENERIC_DATA_SIZE, L4_IPC_NEVER);
    tap_ok(!l4_msgtag_has_error(tag) && l4_msgtag_words(tag) == L4_UTCB_GENERIC_DATA_SIZE &&
               echoed(L4_UTCB_GENERIC_DATA_SIZE),
           "call with 63 words: every word answered");
    /* Every length the copy handles differently (blocks of four, a pair, a word): each word
     * answered, and the word after the message left alone. */
    unsigned bad = 0;
    for (unsigned n = 1; n < L4_UTCB_GENERIC_DATA_SIZE; n++) {
        l4_utcb_mr()->mr[n] = 0x5e47;
        tag = call_cmd(srv.cap, CMD_ECHO, n, L4_IPC_NEVER);
        if (l4_msgtag_has_error(tag) || l4_msgtag_words(tag) != n || !echoed(n) ||
            l4_utcb_mr()->mr[n] != 0x5e47) {
            bad = n;
            break;
        }
    }
    tap_is_int(bad, 0, "calls with 1 to 62 words: every word answered, none beyond");
}

static void test_generic_conditions(void)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    long before = srv.res[0];

    /* Typed items: the server receives a capability. */
    m->mr[0] = CMD_ECHO;
    m->mr[1] = L4_ITEM_MAP;
    m->mr[2] = l4_obj_fpage(SRV_GATE, 0, L4_CAP_FPAGE_RW).raw;
    l4_msgtag_t tag = l4_ipc_call(srv.cap, l4_utcb(), l4_msgtag(0, 1, 1, 0), L4_IPC_NEVER);
    tap_ok(!l4_msgtag_has_error(tag) && srv.res[3] == 1 &&
               l4_msgtag_label(l4_task_cap_valid(L4_BASE_TASK_CAP, SRV_RCVD)) > 0,
           "call with a map item: the item is mapped, the reply arrives");

    /* A finite receive timeout; then a longer wait that the old timeout must not end. */
    tag = call_cmd(srv.cap, CMD_ECHO, 2, kt_timeout_ms(0, 40));
    tap_ok(!l4_msgtag_has_error(tag) && echoed(2), "call with a 40 ms receive timeout answered");
    tag = call_sleep(srv.cap, 100);
    tap_ok(kt_ipc_err(tag) == 0,
           "a later call answered after 100 ms is not ended by the earlier timeout (err %ld)",
           kt_ipc_err(tag));

    /* A lower-priority partner. */
    tag = call_cmd(low.cap, CMD_ECHO, 4, L4_IPC_NEVER);
    tap_ok(!l4_msgtag_has_error(tag) && echoed(4) && low.res[0] == 1,
           "call to a lower-priority server answered");

    /*
     * Priorities: we (3) call the server below us (1) while a thread between
     * us (2) is ready; it must run before the server answers us.
     */
    kt_thread_create(&mid, KT_CAP(0x2d));
    kt_thread_bind(&mid);
    kt_thread_set_fn(&mid, mid_fn);
    kt_thread_run(&mid, 2);
    kt_sleep_ms(2); /* it reaches its wait */
    l4_sched_param_t sp = l4_sched_param(3, 0);
    l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, L4_BASE_THREAD_CAP, &sp);
    l4_ipc_send(mid.cap, l4_utcb(), l4_msgtag(0, 0, 0, 0), kt_timeout_ms(0, 0));
    long mid_before = mid.res[0];
    tag = call_cmd(low.cap, CMD_ECHO, 1, L4_IPC_NEVER);
    tap_ok(!l4_msgtag_has_error(tag) && mid.res[0] == mid_before + 1,
           "a call to a lower-priority server lets a ready thread between us run first (%ld)",
           mid.res[0] - mid_before);
    sp = l4_sched_param(2, 0);
    l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, L4_BASE_THREAD_CAP, &sp);

    /* A partner that does not wait yet: the call queues and is answered later. */
    client_b.arg[0] = (long)busy.cap;
    client_b.arg[1] = CMD_ECHO;
    kt_thread_start(&client_b, KT_CAP(0x26), client_fn);
    tag = call_sleep(busy.cap, 30);
    tap_ok(!l4_msgtag_has_error(tag), "call to a server that is busy: answered");
    tap_ok(kt_wait_done(&client_b, 1000) && client_b.res[0] == 0 && client_b.res[1] == 8,
           "the client queued behind it is answered too (err %ld, mr1 %ld)", client_b.res[0],
           client_b.res[1]);
    tap_ok(srv.res[0] > before, "the server counted the messages");

    /* Rights: the label through a gate shows the caller's W and S. */
    tag = call_cmd(SRV_GATE, CMD_ECHO, 1, L4_IPC_NEVER);
    tap_ok(!l4_msgtag_has_error(tag) && srv.res[1] == (0x500 | L4_CAP_FPAGE_W | L4_CAP_FPAGE_S),
           "call through the gate: label 0x%lx (W and S)", srv.res[1]);
    tag = call_cmd(SRV_GATE_RO, CMD_ECHO, 1, L4_IPC_NEVER);
    tap_ok(!l4_msgtag_has_error(tag) && srv.res[1] == 0x500,
           "call through a read-only copy of the gate: label 0x%lx", srv.res[1]);

    /* Object operations through a gate and a thread capability are not IPC. */
    long count = srv.res[0];
    l4_umword_t label = 0;
    tap_ok(l4_error(l4_ipc_gate_get_infos(SRV_GATE, &label)) == 0 && label == 0x500 &&
               srv.res[0] == count,
           "get_infos through the gate is a gate operation (label 0x%lx)", label);
    l4_kernel_clock_t us = 0;
    tap_ok(l4_error(l4_thread_stats_time(srv.cap, &us)) == 0 && srv.res[0] == count,
           "stats_time through the thread capability is a thread operation");
}

static void test_reply_conditions(void)
{
    /* Two clients queue while the server sleeps; its reply-and-wait takes the next one. */
    client_c.arg[0] = (long)srv.cap;
    client_c.arg[1] = CMD_ECHO;
    client_d.arg[0] = (long)srv.cap;
    client_d.arg[1] = CMD_ECHO;
    kt_thread_start(&client_c, KT_CAP(0x27), client_fn);
    kt_thread_start(&client_d, KT_CAP(0x28), client_fn);
    l4_msgtag_t tag = call_sleep(srv.cap, 20);
    tap_ok(!l4_msgtag_has_error(tag), "the first caller is answered");
    tap_ok(kt_wait_done(&client_c, 1000) && kt_wait_done(&client_d, 1000) &&
               client_c.res[0] == 0 && client_d.res[0] == 0 && client_c.res[1] == 8 &&
               client_d.res[1] == 8,
           "two callers queued on the replying server are answered");

    /* An Irq triggered while the server works reaches it before the next caller. */
    long irqs = srv.res[6];
    start_helper(&trigger, KT_CAP(0x29), SRV_IRQ, 5, ACT_TRIGGER);
    tag = call_sleep(srv.cap, 20);
    tap_ok(!l4_msgtag_has_error(tag), "a call answered while an Irq is triggered");
    kt_sleep_ms(5);
    tap_ok(kt_wait_done(&trigger, 1000) && trigger.res[0] == 0 && srv.res[6] == irqs + 1,
           "the pending Irq reached the server (%ld)", srv.res[6] - irqs);

    /* A generic reply (with an item) to a caller the fast path blocked. */
    l4_utcb_br()->bdr = 0;
    l4_utcb_br()->br[0] = GOT_CAP | L4_RCV_ITEM_SINGLE_CAP;
    tag = call_cmd(srv.cap, CMD_GIVECAP, 1, L4_IPC_NEVER);
    tap_ok(!l4_msgtag_has_error(tag) && l4_msgtag_items(tag) == 1 &&
               l4_msgtag_label(l4_task_cap_valid(L4_BASE_TASK_CAP, GOT_CAP)) > 0,
           "a reply with a map item reaches a caller blocked by the fast path (err %ld, items %u)",
           kt_ipc_err(tag), l4_msgtag_items(tag));
}

/*
 * Irq trigger and receive: a trigger preempts us for the waiting higher-
 * priority handler (fast), whose next receive gives the CPU straight back
 * (fast); deleting the Irq ends the handler's closed wait on it.
 */
static void test_irq_handoff(void)
{
    kt_thread_create(&handler, KT_CAP(0x2c));
    kt_thread_bind(&handler);
    handler.arg[0] = HI_IRQ;
    kt_thread_set_fn(&handler, handler_fn);
    tap_ok(l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, HI_IRQ)) == 0 &&
               l4_error(l4_rcv_ep_bind_thread(HI_IRQ, handler.cap, 0x30)) == 0 &&
               kt_thread_run(&handler, 3) == 0,
           "a handler one priority above us, bound to an Irq");
    kt_sleep_ms(2);
    long err = 0;
    for (int i = 0; i < 1000 && !err; i++) {
        err = l4_error(l4_irq_trigger(HI_IRQ));
        if (handler.res[0] != i + 1) {
            err = -1000 - i;
        }
    }
    tap_ok(err == 0 && handler.res[0] == 1000 && handler.res[1] == 0,
           "1000 triggers, each received before the trigger returns (%ld received, err %ld)",
           handler.res[0], err);
    tap_ok(l4_error(l4_irq_trigger(HI_IRQ)) == 0 && handler.res[0] == 1001,
           "one more trigger received at once");
    /* The handler's next receive finds the Irq gone; it then stays asleep. */
    tap_ok(l4_error(l4_task_delete_obj(L4_BASE_TASK_CAP, HI_IRQ)) == 0 &&
               handler.res[1] == L4_IPC_ENOT_EXISTENT + 1,
           "the Irq deleted under the waiting handler ends its wait (err %ld)", handler.res[1]);
}

/* More conditions that must send IPC to the generic path (each was a surviving mutant). */
static void test_more_conditions(void)
{
    /* A thread in a closed wait on another thread does not take our call. */
    tap_is_int(kt_thread_start(&closed_rcv, KT_CAP(0x2e), closed_fn), 0,
               "a thread waiting only for the server");
    kt_sleep_ms(2);
    l4_msgtag_t tag = call_cmd(closed_rcv.cap, CMD_ECHO, 1, kt_timeout_ms(20, ~0U));
    tap_ok(kt_ipc_err(tag) == L4_IPC_SETIMEOUT && closed_rcv.res[0] == 0,
           "our call does not reach it: SETIMEOUT (err %ld)", kt_ipc_err(tag));

    /* A receive timeout is kept when the server never answers. */
    tag = call_cmd(srv.cap, CMD_NOREPLY, 1, kt_timeout_ms(~0U, 30));
    tap_is_int(kt_ipc_err(tag), L4_IPC_RETIMEOUT,
               "a call with a 30 ms receive timeout to a server that never answers: RETIMEOUT");

    /* A page fault answered by an empty reply: registers and MRs of the faulter stay. */
    tap_is_int(kt_thread_start(&pager, KT_CAP(0x2f), pager_fn), 0, "a pager thread");
    kt_thread_create(&faulter, KT_CAP(0x30));
    kt_thread_bind(&faulter);
    l4_thread_control_start();
    l4_thread_control_pager(pager.cap);
    l4_thread_control_commit(faulter.cap);
    pager_page[8] = 0; /* touch it: ours before it is mapped onward */
    ((volatile l4_umword_t *)pager_page)[0] = 0x5eed;
    kt_thread_set_fn(&faulter, faulter_fn);
    kt_thread_run(&faulter, 2);
    tap_ok(kt_wait_done(&faulter, 1000) && pager.res[0] == 1 && faulter.res[2] == 0x5eed,
           "the faulting load completes after the pager's answer (read 0x%lx)",
           (unsigned long)faulter.res[2]);
    tap_ok(faulter.res[0] == 0x1234 && faulter.res[1] == 0xabc,
           "the faulting thread keeps its registers and message registers (x1 0x%lx, mr0 0x%lx)",
           (unsigned long)faulter.res[0], (unsigned long)faulter.res[1]);

    /* An Irq trigger does not preempt us for a handler of our own priority. */
    kt_thread_create(&eq_handler, KT_CAP(0x31));
    kt_thread_bind(&eq_handler);
    kt_thread_set_fn(&eq_handler, eq_handler_fn);
    long e1 = l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, EQ_IRQ));
    long e2 = l4_error(l4_rcv_ep_bind_thread(EQ_IRQ, eq_handler.cap, 0x40));
    long e3 = kt_thread_run(&eq_handler, 2);
    tap_ok(e1 == 0 && e2 == 0 && e3 == 0, "a handler of our priority, bound to an Irq (%ld %ld %ld)",
           e1, e2, e3);
    kt_sleep_ms(2);
    l4_irq_trigger(EQ_IRQ);
    long right_after = eq_handler.res[0];
    kt_sleep_ms(2);
    tap_ok(right_after == 0 && eq_handler.res[0] == 1,
           "it runs only when we block, not at the trigger (%ld, then %ld)", right_after,
           eq_handler.res[0]);
}

/*
 * Irq triggers that wake a receiver of our priority or below without a switch
 * (fast): it becomes ready and runs from its frame when we block; our own
 * blocking receive switches to it (fast), and its trigger readies us in turn.
 */
static void test_irq_no_switch(void)
{
    /* The Irqs first: the thread may run as soon as it has a function (a time slice's end). */
    kt_thread_create(&partner, KT_CAP(0x32));
    kt_thread_bind(&partner);
    partner.arg[0] = PP_IRQ; /* each message answered by a trigger of ours */
    partner.arg[1] = OWN_IRQ;
    tap_ok(l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, PP_IRQ)) == 0 &&
               l4_error(l4_rcv_ep_bind_thread(PP_IRQ, partner.cap, 0x50)) == 0 &&
               l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, OWN_IRQ)) == 0 &&
               l4_error(l4_rcv_ep_bind_thread(OWN_IRQ, L4_BASE_THREAD_CAP, 0x60)) == 0 &&
               kt_thread_set_fn(&partner, handler_fn) == 0 && kt_thread_run(&partner, 2) == 0,
           "a partner of our priority; an Irq each, bound to it and to us");
    kt_sleep_ms(2);
    long err = 0, at_trigger = 0;
    for (long i = 0; i < 1000 && !err; i++) {
        err = l4_error(l4_irq_trigger(PP_IRQ));
        /* It ran at once: only the end of our time slice may do that (an interrupt taken as
         * the trigger returns), so not in most rounds (a switching trigger: in every one). */
        at_trigger += partner.res[0] != i;
        if (!err) {
            err = kt_ipc_err(l4_irq_receive(OWN_IRQ, L4_IPC_NEVER));
        }
        if (!err && partner.res[0] != i + 1) {
            err = -1000 - i; /* our receive came back without its answer */
        }
    }
    tap_ok(err == 0 && partner.res[0] == 1000 && partner.res[1] == 0 && at_trigger < 500,
           "1000 round trips of trigger and receive, the partner running when we wait, "
           "not at the trigger (%ld, %ld at the trigger, err %ld)", partner.res[0], at_trigger,
           err);

    kt_thread_create(&lo_handler, KT_CAP(0x33));
    kt_thread_bind(&lo_handler);
    lo_handler.arg[0] = LO_IRQ;
    long e = l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, LO_IRQ));
    e = e ? e : l4_error(l4_rcv_ep_bind_thread(LO_IRQ, lo_handler.cap, 0x70));
    e = e ? e : kt_thread_set_fn(&lo_handler, handler_fn);
    e = e ? e : kt_thread_run(&lo_handler, 1);
    kt_sleep_ms(2);
    e = e ? e : l4_error(l4_irq_trigger(LO_IRQ));
    long right_after = lo_handler.res[0];
    kt_sleep_ms(2);
    tap_ok(e == 0 && right_after == 0 && lo_handler.res[0] == 1,
           "a lower-priority handler receives the trigger once we block (%ld, then %ld; err %ld)",
           right_after, lo_handler.res[0], e);
}

static void test_resume(void)
{
    /* ex_regs cancel of a caller blocked by the fast path (the server never replies). */
    start_helper(&canceller, KT_CAP(0x2a), L4_BASE_THREAD_CAP, 20, ACT_CANCEL);
    l4_msgtag_t tag = call_cmd(srv.cap, CMD_NOREPLY, 1, L4_IPC_NEVER);
    tap_is_int(kt_ipc_err(tag), L4_IPC_RECANCELED,
               "a caller blocked by the fast path is cancelled by ex_regs");
    tap_ok(kt_wait_done(&canceller, 1000) && canceller.res[0] == 0, "... by a successful ex_regs");

    /* The partner is deleted while we wait for its reply. */
    start_helper(&deleter, KT_CAP(0x2b), srv.cap, 20, ACT_DELETE);
    tag = call_cmd(srv.cap, CMD_NOREPLY, 1, L4_IPC_NEVER);
    tap_ok(l4_msgtag_has_error(tag) && l4_ipc_is_rcv_error(l4_utcb()),
           "the partner dies while we wait: a receive error (%ld)", kt_ipc_err(tag));
    tap_ok(kt_wait_done(&deleter, 1000) && deleter.res[0] == 0, "... after its deletion");

    /* A dead partner: its capability is empty. */
    tag = call_cmd(srv.cap, CMD_ECHO, 1, kt_timeout_ms(50, 50));
    tap_is_int(kt_ipc_err(tag), L4_IPC_ENOT_EXISTENT, "call to a deleted thread: ENOT_EXISTENT");
    tag = call_cmd(SRV_GATE, CMD_ECHO, 1, kt_timeout_ms(50, 50));
    tap_is_int(kt_ipc_err(tag), L4_IPC_ENOT_EXISTENT,
               "call through the gate of a deleted thread: ENOT_EXISTENT");
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    tap_start(PLAN);
    tap_is_int(kt_thread_start(&srv, KT_CAP(0x20), server_fn), 0, "server started");
    kt_thread_create(&low, KT_CAP(0x21));
    kt_thread_bind(&low);
    kt_thread_set_fn(&low, server_fn);
    tap_is_int(kt_thread_run(&low, 1), 0, "lower-priority server started");
    tap_is_int(kt_thread_start(&busy, KT_CAP(0x22), server_fn), 0, "busy server started");
    tap_is_int(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, SRV_GATE, srv.cap, 0x500)), 0,
               "gate to the server");
    l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, l4_obj_fpage(SRV_GATE, 0, L4_CAP_FPAGE_RO),
                l4_map_obj_control(SRV_GATE_RO, 0));
    tap_ok(l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, SRV_IRQ)) == 0 &&
               l4_error(l4_irq_attach(SRV_IRQ, 0x900, srv.cap)) == 0,
           "an Irq attached to the server");
    kt_sleep_ms(5);

    test_fast_cases();
    test_generic_conditions();
    test_reply_conditions();
    test_irq_handoff();
    test_more_conditions();
    test_irq_no_switch();
    test_resume();
    return tap_done();
}
