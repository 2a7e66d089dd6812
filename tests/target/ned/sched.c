/* SPDX-License-Identifier: MIT */
/*
 * Mode `sched limited|free`: the scheduler capability's limit. A thread
 * asking for priority 50 is started through the program's scheduler and
 * waits for a message. The main thread then raises itself to priority 6
 * (through "sched_free", an unlimited scheduler the script passes, or its
 * own when there is none), sends the message and spins for 100 ms without
 * blocking. Under a proxy limited to 5 (`limited`) the thread got 5, below
 * main, and runs only once main sleeps. Without a limit (`free`, ned's own
 * scheduler) it runs at 50 and preempts main during the spin. The script
 * starts this mode with eager mapping, so that no page fault blocks main.
 */
#include <string.h>
#include <time.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include "ntest.h"

static volatile int ran;
static unsigned long stack[1024] __attribute__((aligned(16)));

static void thread_fn(void)
{
    l4_umword_t label;

    l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
    ran = 1;
    for (;;) {
        l4_ipc_sleep(L4_IPC_NEVER);
    }
}

static long start_thread(l4re_env_t *env, l4_cap_idx_t t, unsigned prio)
{
    l4_sched_param_t sp = l4_sched_param(prio, 0);
    long r = nt_thread_create(t, 0);

    if (r >= 0) {
        r = l4_error(l4_thread_ex_regs(t, (l4_umword_t)thread_fn,
                                       (l4_umword_t)(stack + sizeof(stack) / sizeof(stack[0])),
                                       0));
    }
    if (r >= 0) {
        r = l4_error(l4_scheduler_run_thread(env->scheduler, t, &sp));
    }
    return r;
}

static long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

int nt_sched(int argc, char **argv)
{
    l4re_env_t *env = l4re_env();
    int limited = argc > 2 && strcmp(argv[2], "limited") == 0;
    l4_sched_param_t me = l4_sched_param(6, 0);
    l4_cap_idx_t free_sched = l4re_env_get_cap("sched_free");
    struct timespec ts = { 0, 50000000L };
    int seen;
    long sent;
    long end;

    l4_cap_idx_t t = l4re_util_cap_alloc();

    now_ms();
    if (l4_is_invalid_cap(free_sched)) {
        free_sched = env->scheduler;
    }
    nt_is(start_thread(env, t, 50), 0, "sched: a thread asking for priority 50 started");
    nt_is(l4_error(l4_scheduler_run_thread(free_sched, env->main_thread, &me)), 0,
          "sched: main thread set to priority 6");
    /* No output until the spin is over: a log write would block main on moe. */
    sent = l4_error(l4_ipc_send(t, l4_utcb(), l4_msgtag(0, 0, 0, 0), L4_IPC_NEVER));
    for (end = now_ms() + 100; now_ms() < end && !ran;) {
    }
    seen = ran;
    nt_is(sent, 0, "sched: the thread was sent its start message");
    if (limited) {
        nt_ok(!seen, "sched: limit 5: the priority-50 thread was clamped below main (did not run)");
        nanosleep(&ts, NULL);
        nt_ok(ran, "sched: limit 5: it ran once main slept");
    } else {
        nt_ok(seen, "sched: no limit: the priority-50 thread preempted main");
    }
    return -1;
}
