/* SPDX-License-Identifier: MIT */
/*
 * Mode `cpus N`: the program's scheduler is a proxy with N CPUs (the script
 * gives it L4.Cpu_set "1-2"): l4_scheduler_info() through it reports N
 * logical CPUs, 0..N-1. A spinner thread is placed on each logical CPU; the
 * physical CPUs' idle time, read through "sched_all" (ned's own scheduler:
 * every CPU, numbered as the kernel does), shows where they run: on the
 * proxy's CPUs, never on the others. A logical CPU the proxy does not have
 * is refused.
 */
#include <time.h>
#include <stdlib.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/err.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/kip.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/thread.h>
#include "ntest.h"

#define PHYS 4

static volatile int stop;
static unsigned long stacks[2][1024] __attribute__((aligned(16)));

static void spin_fn(void)
{
    while (!stop) {
    }
    for (;;) {
        l4_ipc_sleep(L4_IPC_NEVER);
    }
}

static long start_spinner(l4re_env_t *env, l4_cap_idx_t t, unsigned i)
{
    l4_sched_param_t sp = l4_sched_param(1, 0); /* below main: its checks are not held up */
    long r = nt_thread_create(t, i + 1);

    sp.affinity = l4_sched_cpu_set(i, 0, 1); /* logical CPU i of our proxy */
    if (r >= 0) {
        r = l4_error(l4_scheduler_run_thread(env->scheduler, t, &sp));
    }
    if (r >= 0) {
        r = l4_error(l4_thread_ex_regs(t, (l4_umword_t)spin_fn,
                                       (l4_umword_t)(stacks[i] + 1024), 0));
    }
    return r;
}

static l4_kernel_clock_t idle_of(l4_cap_idx_t sched, unsigned cpu)
{
    l4_sched_cpu_set_t s = l4_sched_cpu_set(cpu, 0, 1);
    l4_kernel_clock_t us = 0;

    l4_scheduler_idle_time(sched, &s, &us);
    return us;
}

int nt_cpus(int argc, char **argv)
{
    l4re_env_t *env = l4re_env();
    l4_cap_idx_t all = l4re_env_get_cap("sched_all");
    unsigned long n = argc > 2 ? strtoul(argv[2], NULL, 0) : 0;
    l4_umword_t cpu_max = 0;
    l4_sched_cpu_set_t cpus = l4_sched_cpu_set(0, 0, 0);
    l4_kernel_clock_t before[PHYS], idle[PHYS];
    struct timespec ts = { 0, 100000000L };
    l4_sched_param_t sp = l4_sched_param(2, 0);

    nt_is(l4_error(l4_scheduler_info(env->scheduler, &cpu_max, &cpus)), 0, "cpus: info");
    nt_is((long)cpu_max, (long)n, "cpus: the proxy shows %lu CPUs", n);
    nt_is((long)cpus.map, (long)((1UL << n) - 1), "cpus: numbered 0..%lu", n - 1);
    for (unsigned i = 0; i < n && i < 2; i++) {
        nt_is(start_spinner(env, l4re_util_cap_alloc(), i), 0,
              "cpus: a spinner on logical CPU %u", i);
    }
    nanosleep(&ts, NULL); /* they run */
    l4_kernel_clock_t t0 = l4_kip_clock(l4re_kip());
    for (unsigned c = 0; c < PHYS; c++) {
        before[c] = idle_of(all, c);
    }
    nanosleep(&ts, NULL);
    for (unsigned c = 0; c < PHYS; c++) {
        idle[c] = idle_of(all, c) - before[c];
    }
    l4_kernel_clock_t window = l4_kip_clock(l4re_kip()) - t0;
    stop = 1;
    /* Idle time is clock time: a quarter of the window leaves room for a host that
     * does not run a virtual CPU at once. */
    nt_ok(idle[1] < window / 4 && idle[2] < window / 4,
          "cpus: physical CPUs 1 and 2 were busy (idle %llu, %llu us of %llu)",
          (unsigned long long)idle[1], (unsigned long long)idle[2],
          (unsigned long long)window);
    /* CPU 0 runs moe and ned (our idle-time questions go through them), so only CPU 3
     * must be mostly idle; on CPU 0 no spinner may be. A spinner leaves next to no idle;
     * half the window leaves room for a loaded host, where CPU 3 also waits for the
     * kernel lock while the CPU holding it is not running (69% idle seen in CI). */
    nt_ok(idle[0] > window / 4 && idle[3] > window / 2,
          "cpus: physical CPUs 0 and 3 ran no spinner (idle %llu, %llu us of %llu)",
          (unsigned long long)idle[0], (unsigned long long)idle[3],
          (unsigned long long)window);
    sp.affinity = l4_sched_cpu_set(n, 0, 1);
    nt_is(l4_error(l4_scheduler_run_thread(env->scheduler, env->main_thread, &sp)), -L4_EINVAL,
          "cpus: logical CPU %lu (not the proxy's) is refused", n);
    return -1;
}
