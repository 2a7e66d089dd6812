/* SPDX-License-Identifier: MIT */
/*
 * Kernel test (root task, TAP): the kernel scheduler object and the
 * fixed-priority round-robin policy. Semantics relied on (Fiasco.OC):
 * - l4_scheduler_info(): cpu_max >= 1, the online map has CPU 0.
 * - l4_scheduler_run_thread() sets priority and quantum of any thread,
 *   including the caller's own; a newly ready thread of higher priority
 *   runs at once (before run_thread returns to the lower-priority caller);
 *   one of equal priority does not preempt the caller but runs when the
 *   caller yields (l4_thread_yield) or blocks.
 * - Strict priorities: a ready higher-priority thread keeps every lower one
 *   from running; threads of equal priority share the CPU in time slices
 *   of their quantum (timer driven, no yield needed).
 * - l4_scheduler_idle_time() grows while every thread sleeps and never
 *   faster than wall time. l4_thread_stats_time() counts a thread's CPU time.
 * - Errors: an empty thread slot -> negative error; priority 0 -> -L4_EINVAL
 *   (Fiasco: priority must exceed the idle/kernel priority 0). Priorities
 *   above 255: Fiasco clamps them to 255 (the thread then outranks us and
 *   runs at once); refusing them with -L4_EINVAL (thread not started) is
 *   accepted too.
 * Spec: tests/target/kernel-runtime/sched.test.
 */
#include <l4/crt0.h>
#include "kt.h"
#include "tap.h"

#define PLAN 30

#define TH_HIGH  KT_CAP(0x20)
#define TH_LOW   KT_CAP(0x21)
#define TH_EQUAL KT_CAP(0x22)
#define TH_SPIN1 KT_CAP(0x23)
#define TH_SPIN2 KT_CAP(0x24)
#define TH_BELOW KT_CAP(0x25)
#define TH_HUGE  KT_CAP(0x26)
#define EMPTY    KT_CAP(0x3f)
#define TASK_GONE KT_CAP(0x27) /* a task deleted under its thread */
#define TH_ORPHAN KT_CAP(0x28)
#define TH_NOS    KT_CAP(0x29) /* TH_HUGE without S */

#define PRIO_MAIN  10
#define PRIO_HIGH  20
#define PRIO_SPIN  8
#define PRIO_BELOW 6
#define PRIO_LOW   5
#define QUANTUM_US 2000

static kt_stack_t stacks[7];

static char order[8];
static volatile unsigned order_n;
static volatile int low_ran, equal_ran, huge_ran, stop_spin, stop_below;
static volatile unsigned long spin1, spin2, below;

static void mark(char c)
{
    if (order_n < sizeof(order) - 1) {
        order[order_n++] = c;
    }
}

static void high_thread(void)
{
    mark('H');
    kt_park();
}

static void low_thread(void)
{
    low_ran = 1;
    kt_park();
}

static void equal_thread(void)
{
    equal_ran = 1;
    kt_park();
}

static void huge_thread(void)
{
    huge_ran = 1;
    kt_park();
}

static void spin1_thread(void)
{
    while (!stop_spin) {
        ++spin1;
    }
    kt_park();
}

static void spin2_thread(void)
{
    while (!stop_spin) {
        ++spin2;
    }
    kt_park();
}

static void below_thread(void)
{
    while (!stop_below) {
        ++below;
    }
    kt_park();
}

static void test_info(void)
{
    l4_umword_t cpu_max = 0;
    l4_sched_cpu_set_t cpus = l4_sched_cpu_set(0, 0, 1);

    tap_is_int(kt_err(l4_scheduler_info(L4_BASE_SCHEDULER_CAP, &cpu_max, &cpus)), 0,
               "scheduler info");
    tap_ok(cpu_max >= 1, "cpu_max >= 1 (%lu)", (unsigned long)cpu_max);
    tap_ok(cpus.map & 1, "online map has CPU 0 (map 0x%lx)", (unsigned long)cpus.map);
}

static void test_preemption(void)
{
    long r;

    tap_is_int(kt_set_prio(L4_BASE_THREAD_CAP, PRIO_MAIN, 0), 0,
               "run_thread on the own thread sets priority %d", PRIO_MAIN);
    r = kt_thread_start(TH_HIGH, 1, high_thread, &stacks[0], PRIO_HIGH, L4_INVALID_CAP);
    mark('M');
    tap_is_int(r, 0, "start a thread at priority %d", PRIO_HIGH);
    tap_ok(order_n == 2 && order[0] == 'H' && order[1] == 'M',
           "the higher-priority thread ran before run_thread returned (order '%s')", order);

    r = kt_thread_start(TH_LOW, 2, low_thread, &stacks[1], PRIO_LOW, L4_INVALID_CAP);
    tap_is_int(r, 0, "start a thread at priority %d", PRIO_LOW);
    kt_spin_us(3000);
    tap_ok(!low_ran, "the lower-priority thread did not run while we were busy (3 ms)");
    l4_ipc_sleep_ms(10);
    tap_ok(low_ran, "the lower-priority thread ran while we slept");

    /* A time slice long enough that its end (round robin) cannot let the new thread in:
     * on a busy host, guest time runs on while QEMU's CPU waits for a host CPU. */
    kt_set_prio(L4_BASE_THREAD_CAP, PRIO_MAIN, 1000000);
    r = kt_thread_start(TH_EQUAL, 3, equal_thread, &stacks[2], PRIO_MAIN, L4_INVALID_CAP);
    tap_ok(r == 0 && !equal_ran, "an equal-priority thread does not preempt (r=%ld)", r);
    l4_thread_yield();
    tap_ok(equal_ran, "l4_thread_yield lets the equal-priority thread run");
}

static void test_round_robin(void)
{
    unsigned long a, b, lo, hi;
    l4_kernel_clock_t t = 0;
    long r;

    r = kt_thread_create(L4_BASE_FACTORY_CAP, TH_SPIN1, L4_BASE_TASK_CAP, kt_utcb_slot(4),
                         L4_INVALID_CAP, L4_INVALID_CAP);
    if (r == 0) {
        r = kt_thread_create(L4_BASE_FACTORY_CAP, TH_SPIN2, L4_BASE_TASK_CAP, kt_utcb_slot(5),
                             L4_INVALID_CAP, L4_INVALID_CAP);
    }
    if (r == 0) {
        r = kt_thread_create(L4_BASE_FACTORY_CAP, TH_BELOW, L4_BASE_TASK_CAP, kt_utcb_slot(6),
                             L4_INVALID_CAP, L4_INVALID_CAP);
    }
    if (r == 0) {
        r = l4_error(l4_thread_ex_regs(TH_SPIN1, (l4_addr_t)spin1_thread,
                                       kt_stack_top(&stacks[3]), 0));
    }
    if (r == 0) {
        r = l4_error(l4_thread_ex_regs(TH_SPIN2, (l4_addr_t)spin2_thread,
                                       kt_stack_top(&stacks[4]), 0));
    }
    if (r == 0) {
        r = l4_error(l4_thread_ex_regs(TH_BELOW, (l4_addr_t)below_thread,
                                       kt_stack_top(&stacks[5]), 0));
    }
    if (r == 0) {
        r = kt_set_prio(TH_SPIN1, PRIO_SPIN, QUANTUM_US);
    }
    if (r == 0) {
        r = kt_set_prio(TH_SPIN2, PRIO_SPIN, QUANTUM_US);
    }
    if (r == 0) {
        r = kt_set_prio(TH_BELOW, PRIO_BELOW, 0);
    }
    tap_is_int(r, 0, "start two spinners at %d (quantum %u us) and one at %d", PRIO_SPIN,
               QUANTUM_US, PRIO_BELOW);

    l4_ipc_sleep_ms(100);
    a = spin1;
    b = spin2;
    tap_ok(a > 0 && b > 0, "both equal-priority spinners progressed in 100 ms (%lu, %lu)", a,
           b);
    lo = a < b ? a : b;
    hi = a < b ? b : a;
    tap_ok(lo > 0 && lo >= hi / 10, "time slices are shared fairly (within 10x)");
    tap_is_int((long long)below, 0, "a lower-priority thread starves below the spinners");

    stop_spin = 1;
    l4_ipc_sleep_ms(20);
    tap_ok(below > 0, "once the spinners stop, the lower-priority thread runs");
    stop_below = 1;
    l4_ipc_sleep_ms(5);

    r = kt_err(l4_thread_stats_time(TH_SPIN1, &t));
    tap_ok(r == 0 && t >= 10000, "stats_time of a spinner shows its CPU time (%llu us)",
           (unsigned long long)t);
}

static void test_idle(void)
{
    l4_sched_cpu_set_t cpus = l4_sched_cpu_set(0, 0, 1);
    l4_kernel_clock_t i0 = 0, i1 = 0;
    l4_cpu_time_t t0, t1;
    long r;

    r = kt_err(l4_scheduler_idle_time(L4_BASE_SCHEDULER_CAP, &cpus, &i0));
    tap_is_int(r, 0, "idle_time");
    t0 = kt_now_us();
    l4_ipc_sleep_ms(50);
    t1 = kt_now_us();
    l4_scheduler_idle_time(L4_BASE_SCHEDULER_CAP, &cpus, &i1);
    tap_ok(i1 - i0 >= 25000, "idle time grew while everyone slept 50 ms (%llu us)",
           (unsigned long long)(i1 - i0));
    tap_ok(i1 - i0 <= (t1 - t0) + 2000, "idle time grew no faster than the clock (%llu us)",
           (unsigned long long)(t1 - t0));
}

static void test_errors(void)
{
    l4_sched_param_t sp = l4_sched_param(PRIO_MAIN, 0);
    long r;

    r = kt_err(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, EMPTY, &sp));
    tap_ok(r < 0, "run_thread on an empty thread slot -> error (%ld)", r);

    r = kt_thread_create(L4_BASE_FACTORY_CAP, TH_HUGE, L4_BASE_TASK_CAP, kt_utcb_slot(7),
                         L4_INVALID_CAP, L4_INVALID_CAP);
    if (r == 0) {
        r = l4_error(l4_thread_ex_regs(TH_HUGE, (l4_addr_t)huge_thread,
                                       kt_stack_top(&stacks[6]), 0));
    }
    tap_is_int(r, 0, "create a thread for the priority limits");
    tap_ok(kt_cap_alias(TH_HUGE, TH_NOS, L4_CAP_FPAGE_RW) == 0 &&
               kt_set_prio(TH_NOS, PRIO_HIGH, 0) == -L4_EPERM,
           "run_thread through a thread capability without S -> -EPERM");
    tap_is_int(kt_set_prio(TH_HUGE, 0, 0), -L4_EINVAL, "priority 0 -> -EINVAL");
    tap_ok(!huge_ran, "the refused thread did not start");
    r = kt_set_prio(TH_HUGE, 300, 0);
    tap_ok(r == 0 || r == -L4_EINVAL, "priority 300 is clamped to 255 (Fiasco) or refused "
           "with -EINVAL (r=%ld)", r);
    tap_ok(r == 0 ? huge_ran : !huge_ran, "%s", r == 0
           ? "the clamped thread outranks us and ran at once"
           : "the refused thread did not start");

    /* A thread whose task was deleted is dead, although our capability to it stays. */
    r = kt_task_create(L4_BASE_FACTORY_CAP, TASK_GONE);
    if (r == 0) {
        r = kt_thread_create(L4_BASE_FACTORY_CAP, TH_ORPHAN, TASK_GONE, KT_CHILD_UTCB_AREA,
                             L4_INVALID_CAP, L4_INVALID_CAP);
    }
    tap_is_int(r, 0, "a child task with a thread");
    tap_is_int(kt_err(l4_task_delete_obj(L4_BASE_TASK_CAP, TASK_GONE)), 0,
               "delete the task (its thread dies)");
    tap_is_int(kt_set_prio(TH_ORPHAN, PRIO_LOW, 0), -L4_EINVAL,
               "run_thread on the dead thread -> -EINVAL");
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    tap_start(PLAN);
    test_info();
    test_preemption();
    test_round_robin();
    test_idle();
    test_errors();
    return tap_done();
}
