/* SPDX-License-Identifier: MIT */
/*
 * Kernel test ktest_thread (root task, TAP): the Thread object. Control
 * (pager, exception handler, bind) with the old values returned; binding
 * twice; rights and empty-slot errors; ex_regs on a fresh thread (old
 * pc/sp come back), on a running thread (redirect) and with CANCEL on a
 * blocked one; stats_time growing; switch_to; unknown opcodes and short
 * messages. Helper threads report through struct kt_thread fields.
 * Semantics relied on where the reference is silent or loose:
 * - Control replies with mr1 = old pager, mr2 = old exception handler even
 *   when the flags did not set them; a fresh thread has L4_INVALID_CAP.
 * - Binding a bound thread again fails (any negative error).
 * - ex_regs on a created but not yet started thread returns the pc/sp set
 *   before (~0UL arguments keep them); ex_regs needs exactly 3 words.
 * - A new thread runs once it had both ex_regs and run_thread, in either
 *   order (Fiasco: created dead and on no CPU; ex_regs revives, run_thread
 *   places). run_thread on a deleted thread finds no capability: -L4_EINVAL
 *   as on Fiasco; on a thread stopped by a fault -L4_EINVAL too (Fiasco
 *   accepts it and ex_regs would revive it: here a stopped thread stays
 *   stopped). run_thread places a thread bound to no task (as Fiasco).
 * - CANCEL makes a thread blocked in a receive return L4_IPC_RECANCELED.
 * - A thread made ready by run_thread at the caller's priority does not
 *   preempt the caller; switch_to runs it right away.
 * - Missing S on a thread capability: control gives -L4_EPERM.
 * - Binding needs a UTCB address aligned to L4_UTCB_OFFSET inside the
 *   task's UTCB area (-L4_EINVAL) that no other thread of the task uses
 *   (-L4_EBUSY); ex_regs on a thread not bound to a task: -L4_EINVAL.
 * - register_del_irq needs W on the Irq capability (-L4_EPERM).
 */
#include <l4/crt0.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include "kta_common.h"
#include "tap.h"

#define PLAN 52

#define PAGER1 KT_CAP(0x71)
#define EXC1   KT_CAP(0x72)
#define PAGER2 KT_CAP(0x73)
#define EXC2   KT_CAP(0x74)
#define SLOT_NOS KT_CAP(0x50) /* thread cap without S */
#define T_BIND   KT_CAP(0x51) /* the bind checks */
#define IRQ_DEL  KT_CAP(0x52)
#define IRQ_NOW  KT_CAP(0x53) /* IRQ_DEL without W */
#define T_BIND_NOS KT_CAP(0x54) /* T_BIND without S */
#define TASK_NOS KT_CAP(0x55) /* our task without S */

#define T_REGS_ONLY KT_CAP(0x44)
#define T_RUN_ONLY  KT_CAP(0x45)
#define T_FAULT     KT_CAP(0x46)
#define T_UNBOUND   KT_CAP(0x47)

static struct kt_thread t_ctl, t_spin, t_blocked, t_switch;
static struct kt_thread t_regs_only, t_run_only, t_fault;
static volatile unsigned long spin_count;
static volatile int redirected;

static long err(l4_msgtag_t t)
{
    return l4_error(t);
}

static void spin_fn(struct kt_thread *t)
{
    (void)t;
    for (;;) {
        ++spin_count;
    }
}

/* Where ex_regs redirects t_spin to. */
static void redirect_fn(struct kt_thread *t)
{
    (void)t;
    redirected = 1;
}

static void blocked_fn(struct kt_thread *t)
{
    l4_msgtag_t tag = l4_ipc_receive(L4_INVALID_CAP, l4_utcb(), L4_IPC_NEVER);
    t->res[0] = kt_ipc_err(tag);
}

static void switch_fn(struct kt_thread *t)
{
    t->res[0] = 1;
}

static void test_control(void)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    l4_msgtag_t t;
    long r;

    tap_is_int(kt_thread_create(&t_ctl, KT_CAP(0x40)), 0, "factory creates a thread");
    l4_thread_control_start();
    l4_thread_control_pager(PAGER1);
    l4_thread_control_exc_handler(EXC1);
    l4_thread_control_bind(kt_utcb(20), L4_BASE_TASK_CAP);
    t = l4_thread_control_commit(t_ctl.cap);
    tap_is_int(err(t), 0, "control: set pager and exception handler, bind to own task");
    l4_thread_control_start();
    l4_thread_control_pager(PAGER2);
    l4_thread_control_exc_handler(EXC2);
    t = l4_thread_control_commit(t_ctl.cap);
    r = err(t);
    tap_ok(r == 0 && m->mr[1] == PAGER1, "control returns the old pager (0x%lx)", m->mr[1]);
    tap_ok(r == 0 && m->mr[2] == EXC1, "control returns the old exception handler (0x%lx)",
           m->mr[2]);
    l4_thread_control_start();
    t = l4_thread_control_commit(t_ctl.cap);
    tap_ok(err(t) == 0 && m->mr[1] == PAGER2 && m->mr[2] == EXC2,
           "an empty control changes nothing and reports the new values");
    l4_thread_control_start();
    l4_thread_control_bind(kt_utcb(21), L4_BASE_TASK_CAP);
    tap_ok(err(l4_thread_control_commit(t_ctl.cap)) < 0, "binding a bound thread again fails");

    l4_thread_control_start();
    l4_thread_control_pager(PAGER1);
    tap_is_int(kt_ipc_err(l4_thread_control_commit(KT_EMPTY_CAP)), L4_IPC_ENOT_EXISTENT,
               "control on an empty slot: ENOT_EXISTENT");
    l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, l4_obj_fpage(t_ctl.cap, 0, L4_CAP_FPAGE_RW),
                l4_map_obj_control(SLOT_NOS, 0));
    l4_thread_control_start();
    l4_thread_control_pager(PAGER1);
    tap_is_int(err(l4_thread_control_commit(SLOT_NOS)), -L4_EPERM,
               "control through a capability without S: -L4_EPERM");
    m->mr[0] = L4_THREAD_CONTROL_OP;
    t = l4_ipc_call(t_ctl.cap, l4_utcb(), l4_msgtag(L4_PROTO_THREAD, 2, 0, 0),
                    kt_timeout_ms(500, 500));
    tap_ok(err(t) == -L4_EINVAL || err(t) == -L4_EMSGTOOSHORT,
           "control message of 2 words is refused (%ld)", err(t));
    m->mr[0] = 0x7f;
    t = l4_ipc_call(t_ctl.cap, l4_utcb(), l4_msgtag(L4_PROTO_THREAD, 1, 0, 0),
                    kt_timeout_ms(500, 500));
    tap_is_int(err(t), -L4_ENOSYS, "unknown thread opcode: -L4_ENOSYS");
    /* Every opcode past the table, not just one: an unchecked index would find
     * something that is not NULL out there. */
    unsigned bad = 0, first_bad = 0;
    for (unsigned op = 0x10; op <= L4_THREAD_OPCODE_MASK; ++op) {
        m->mr[0] = op;
        t = l4_ipc_call(t_ctl.cap, l4_utcb(), l4_msgtag(L4_PROTO_THREAD, 1, 0, 0),
                        kt_timeout_ms(500, 500));
        if (err(t) != -L4_ENOSYS && !bad++) {
            first_bad = op;
        }
    }
    tap_ok(bad == 0, "thread opcodes 0x10..0xffff: all -L4_ENOSYS (%u not, first 0x%x)", bad,
           first_bad);
}

static void test_ex_regs(void)
{
    l4_addr_t ip = ~0UL, sp = ~0UL, top;
    l4_umword_t flags = 0;
    l4_msgtag_t t;
    l4_msg_regs_t *m = l4_utcb_mr();
    l4_kernel_clock_t t1 = 0, t2 = 0;

    kt_thread_create(&t_spin, KT_CAP(0x41));
    kt_thread_bind(&t_spin);
    t_spin.fn = spin_fn;
    /* run_thread, then the first ex_regs makes the thread ready. Below our
     * priority it cannot run (and move its pc) before the second ex_regs reads
     * the registers; at ours a tick could switch to it in between. */
    kt_thread_run(&t_spin, 1);
    top = kt_stack_top(&t_spin);
    tap_is_int(err(l4_thread_ex_regs(t_spin.cap, (l4_addr_t)kt_entry, top, 0)), 0,
               "ex_regs sets pc and sp of a new thread");
    t = l4_thread_ex_regs_ret(t_spin.cap, &ip, &sp, &flags);
    tap_ok(err(t) == 0 && ip == (l4_addr_t)kt_entry && sp == top,
           "ex_regs with ~0 returns the old pc 0x%lx and sp 0x%lx", ip, sp);

    m->mr[0] = L4_THREAD_EX_REGS_OP;
    m->mr[1] = ~0UL;
    m->mr[2] = ~0UL;
    m->mr[3] = 0;
    t = l4_ipc_call(t_spin.cap, l4_utcb(), l4_msgtag(L4_PROTO_THREAD, 4, 0, 0),
                    kt_timeout_ms(500, 500));
    tap_ok(err(t) == -L4_EINVAL || err(t) == -L4_EMSGTOOSHORT,
           "ex_regs with 4 words is refused (%ld)", err(t));
    tap_is_int(kt_ipc_err(l4_thread_ex_regs(KT_EMPTY_CAP, 0, 0, 0)), L4_IPC_ENOT_EXISTENT,
               "ex_regs on an empty slot: ENOT_EXISTENT");

    tap_is_int(kt_thread_run(&t_spin, 2), 0, "run_thread raises it to our priority");
    kt_sleep_ms(30);
    tap_ok(spin_count > 0, "the thread runs (count %lu)", spin_count);

    t = l4_thread_stats_time(t_spin.cap, &t1);
    kt_sleep_ms(30);
    l4_thread_stats_time(t_spin.cap, &t2);
    tap_ok(err(t) == 0 && t1 > 0, "stats_time of a running thread: %llu us",
           (unsigned long long)t1);
    tap_ok(t2 > t1, "stats_time grows (%llu -> %llu us)", (unsigned long long)t1,
           (unsigned long long)t2);
    t1 = 0;
    tap_ok(err(l4_thread_stats_time(L4_BASE_THREAD_CAP, &t1)) == 0 && t1 > 0,
           "stats_time of the own thread: %llu us", (unsigned long long)t1);

    t_spin.fn = redirect_fn;
    ip = (l4_addr_t)kt_entry;
    sp = kt_stack_top(&t_spin);
    flags = 0;
    t = l4_thread_ex_regs_ret(t_spin.cap, &ip, &sp, &flags);
    tap_ok(err(t) == 0 && sp >= (l4_addr_t)t_spin.stack && sp < top,
           "ex_regs on a running thread returns its current sp 0x%lx", sp);
    kt_sleep_ms(30);
    tap_ok(redirected, "ex_regs redirected the running thread");

    tap_is_int(kt_thread_start(&t_blocked, KT_CAP(0x42), blocked_fn), 0,
               "a thread blocking in receive (never) started");
    kt_sleep_ms(10);
    tap_is_int(err(l4_thread_ex_regs(t_blocked.cap, ~0UL, ~0UL, L4_THREAD_EX_REGS_CANCEL)), 0,
               "ex_regs with CANCEL");
    kt_wait_done(&t_blocked, 200);
    tap_ok(t_blocked.done && t_blocked.res[0] == L4_IPC_RECANCELED,
           "the blocked receive returns RECANCELED (%ld)", (long)t_blocked.res[0]);
}

static void fault_fn(struct kt_thread *t)
{
    (void)t;
    l4_umword_t v, a = 8;
    __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory"); /* no pager: stopped */
    t->res[0] = (long)v;
}

static long make_bound(struct kt_thread *t, l4_cap_idx_t cap)
{
    long r = kt_thread_create(t, cap);
    return r < 0 ? r : kt_thread_bind(t);
}

/* A new thread runs once it had both ex_regs and run_thread, in either order (Fiasco). */
static void test_start_order(void)
{
    l4_addr_t ip = ~0UL, sp = ~0UL;
    l4_umword_t flags = 0;
    l4_sched_param_t param = l4_sched_param(2, 0);
    long r;

    r = make_bound(&t_regs_only, T_REGS_ONLY);
    tap_is_int(r < 0 ? r : kt_thread_set_fn(&t_regs_only, 0), 0, "a new thread given ex_regs");
    r = make_bound(&t_run_only, T_RUN_ONLY);
    tap_is_int(r < 0 ? r : kt_thread_run(&t_run_only, 2), 0, "a new thread given run_thread");
    kt_sleep_ms(30); /* both are at our priority: either would run now if it could */
    tap_ok(!t_regs_only.started, "ex_regs alone does not start a thread");
    tap_ok(err(l4_thread_ex_regs_ret(t_regs_only.cap, &ip, &sp, &flags)) == 0 &&
               ip == (l4_addr_t)kt_entry && sp == kt_stack_top(&t_regs_only),
           "it keeps the pc and sp ex_regs gave it (0x%lx, 0x%lx)", ip, sp);
    tap_ok(!t_run_only.started, "run_thread alone does not start a thread");

    tap_ok(kt_thread_run(&t_regs_only, 2) == 0 && kt_thread_set_fn(&t_run_only, 0) == 0,
           "each gets the other half");
    kt_sleep_ms(30);
    tap_ok(t_regs_only.done, "ex_regs, then run_thread: it runs");
    tap_ok(t_run_only.done, "run_thread, then ex_regs: it runs");

    tap_ok(err(l4_task_delete_obj(L4_BASE_TASK_CAP, T_REGS_ONLY)) == 0 &&
               err(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, T_REGS_ONLY, &param)) ==
                   -L4_EINVAL,
           "run_thread on a deleted thread (its capability is gone): -EINVAL");
    tap_is_int(kt_thread_start(&t_fault, T_FAULT, fault_fn), 0, "a thread that faults");
    kt_sleep_ms(20);
    r = err(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, T_FAULT, &param));
    kt_sleep_ms(20);
    tap_ok(t_fault.started && !t_fault.done && r == -L4_EINVAL,
           "run_thread on a thread stopped by its fault: -EINVAL, it stays stopped (%ld)", r);
    tap_ok(err(l4_factory_create_thread(L4_BASE_FACTORY_CAP, T_UNBOUND)) == 0 &&
               err(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, T_UNBOUND, &param)) == 0 &&
               err(l4_thread_ex_regs(T_UNBOUND, 0x1000, 0x2000, 0)) == -L4_EINVAL,
           "run_thread on a thread bound to no task places it; ex_regs still refuses it");
}

static void test_switch(void)
{
    long r = kt_thread_create(&t_switch, KT_CAP(0x43));

    if (r >= 0) {
        r = kt_thread_bind(&t_switch);
    }
    if (r >= 0) {
        r = kt_thread_set_fn(&t_switch, switch_fn);
    }
    if (r >= 0) {
        r = kt_thread_run(&t_switch, 2);
    }
    tap_is_int(r, 0, "thread for switch_to made ready");
    tap_ok(err(l4_thread_switch(t_switch.cap)) >= 0 && t_switch.res[0] == 1,
           "switch_to ran the target thread");
    tap_is_int(kt_ipc_err(l4_thread_switch(KT_EMPTY_CAP)), L4_IPC_ENOT_EXISTENT,
               "switch_to an empty slot: ENOT_EXISTENT");
    tap_is_int(err(l4_task_delete_obj(L4_BASE_TASK_CAP, t_ctl.cap)), 0, "delete a thread");
    tap_is_int(l4_msgtag_label(l4_task_cap_valid(L4_BASE_TASK_CAP, t_ctl.cap)), 0,
               "its slot is empty afterwards");
}

static long bind_in(l4_cap_idx_t thread, l4_cap_idx_t task, l4_addr_t utcb)
{
    l4_thread_control_start();
    l4_thread_control_bind((l4_utcb_t *)utcb, task);
    return err(l4_thread_control_commit(thread));
}

static long bind_at(l4_cap_idx_t thread, l4_addr_t utcb)
{
    l4_thread_control_start();
    l4_thread_control_bind((l4_utcb_t *)utcb, L4_BASE_TASK_CAP);
    return err(l4_thread_control_commit(thread));
}

static void test_bind_checks(void)
{
    tap_is_int(err(l4_factory_create_thread(L4_BASE_FACTORY_CAP, T_BIND)), 0,
               "a thread for the bind checks");
    tap_is_int(err(l4_thread_ex_regs(T_BIND, 0x1000, 0x2000, 0)), -L4_EINVAL,
               "ex_regs on a thread bound to no task: -EINVAL");
    tap_is_int(bind_at(T_BIND, (l4_addr_t)kt_utcb(40) + 0x100), -L4_EINVAL,
               "bind with a UTCB address inside a UTCB slot: -EINVAL");
    tap_is_int(bind_at(T_BIND, (l4_addr_t)kt_utcb(0)), -L4_EBUSY,
               "bind with the UTCB of our main thread: -EBUSY");
    tap_ok(err(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
                           l4_obj_fpage(L4_BASE_TASK_CAP, 0, L4_CAP_FPAGE_RW),
                           l4_map_obj_control(TASK_NOS, 0))) == 0 &&
               bind_in(T_BIND, TASK_NOS, (l4_addr_t)kt_utcb(40)) == -L4_EPERM,
           "bind to a task through a task capability without S: -EPERM");
    tap_is_int(bind_at(T_BIND, (l4_addr_t)kt_utcb(40)), 0, "bind with a free UTCB slot");
    tap_ok(err(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
                           l4_obj_fpage(T_BIND, 0, L4_CAP_FPAGE_RW),
                           l4_map_obj_control(T_BIND_NOS, 0))) == 0 &&
               err(l4_thread_ex_regs(T_BIND_NOS, 0x1000, 0x2000, 0)) == -L4_EPERM,
           "ex_regs through a capability without S: -EPERM");

    tap_is_int(err(l4_factory_create_irq(L4_BASE_FACTORY_CAP, IRQ_DEL)), 0, "an irq");
    tap_is_int(err(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
                               l4_obj_fpage(IRQ_DEL, 0, L4_CAP_FPAGE_RS),
                               l4_map_obj_control(IRQ_NOW, 0))),
               0, "... copied without W");
    tap_is_int(err(l4_thread_register_del_irq(T_BIND, IRQ_NOW)), -L4_EPERM,
               "register_del_irq through the copy without W: -EPERM");
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    tap_start(PLAN);
    test_control();
    test_ex_regs();
    test_start_order();
    test_switch();
    test_bind_checks();
    return tap_done();
}
