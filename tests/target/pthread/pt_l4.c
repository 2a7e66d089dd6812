/* SPDX-License-Identifier: MIT */
/*
 * <pthread-l4.h> beyond pthread_l4_cap (issue #13; pt_basic.c has cap, utcb and
 * for_each): pthread_attr_t's L4Re members create_flags and affinity, a thread
 * made with PTHREAD_L4_ATTR_NO_START that does not run until pthread_l4_start
 * (with its own or another routine) or the program's own l4_scheduler_run_thread
 * on pthread_l4_cap starts it (L4Re's idiom), pthread_l4_start's refusals, affinity
 * (sched_setaffinity, pthread_{set,get}affinity_np through run_thread), and the closure:
 * <pthread.h> alone makes the L4 scheduler types visible, as L4Re's does.
 */
#define _GNU_SOURCE /* CPU_SET, pthread_setaffinity_np */
#include <pthread.h>

/* Only <pthread.h> is included so far: these L4 names come through pthread_attr_t. */
static l4_sched_param_t closure_param(unsigned prio)
{
    l4_sched_param_t p = l4_sched_param(prio, 0);

    p.affinity = l4_sched_cpu_set(0, 0, 1);
    return p;
}

#include <errno.h>
#include <sched.h>
#include <pthread-l4.h>
#include <time.h>
#include <l4/re/consts.h>
#include <l4/re/env.h>

#include "pt_tap.h"

static int ran[4], began;
static pthread_barrier_t gate;

static void *mark(void *arg)
{
    __atomic_store_n(&ran[(long)arg], 1, __ATOMIC_RELEASE);
    return arg;
}

/* Stays alive until main also reaches the gate, so that it is surely still there. */
static void *gated(void *arg)
{
    __atomic_store_n(&began, 1, __ATOMIC_RELEASE);
    pthread_barrier_wait(&gate);
    return mark(arg);
}

static void pause_ms(long ms)
{
    struct timespec ts = { 0, ms * 1000000L };

    nanosleep(&ts, 0);
}

static int held_create(pthread_t *t, void *(*fn)(void *), long arg)
{
    pthread_attr_t a;
    int r;

    pthread_attr_init(&a);
    a.create_flags |= PTHREAD_L4_ATTR_NO_START;
    r = pthread_create(t, &a, fn, (void *)arg);
    pthread_attr_destroy(&a);
    return r;
}

static volatile int spin_stop;

static void *spin(void *arg)
{
    while (!spin_stop) {
    }
    return arg;
}

static unsigned long online_cpus(void)
{
    l4_sched_cpu_set_t cpus = l4_sched_cpu_set(0, 0, 0);
    l4_umword_t max = 0;

    l4_scheduler_info(l4re_env()->scheduler, &max, &cpus);
    return cpus.map;
}

static l4_kernel_clock_t idle_us(unsigned cpu)
{
    l4_sched_cpu_set_t set = l4_sched_cpu_set(cpu, 0, 1);
    l4_kernel_clock_t us = 0;

    l4_scheduler_idle_time(l4re_env()->scheduler, &set, &us);
    return us;
}

/* sched_setaffinity and pthread_{set,get}affinity_np: the set goes to run_thread. */
static void test_affinity(void)
{
    unsigned long online = online_cpus();
    unsigned last = 63 - (unsigned)__builtin_clzl(online | 1);
    l4_kernel_clock_t idle0, idle1;
    cpu_set_t cs;
    pthread_t t;
    int r;

    CPU_ZERO(&cs);
    pt_ok(sched_getaffinity(0, sizeof cs, &cs) == 0 && cs.__bits[0] == online,
          "sched_getaffinity: the program's online CPUs (0x%lx of 0x%lx)", cs.__bits[0], online);
    CPU_ZERO(&cs);
    CPU_SET(40, &cs);
    pt_is(pthread_setaffinity_np(pthread_self(), sizeof cs, &cs), EINVAL,
          "pthread_setaffinity_np to no online CPU: EINVAL");
    pt_is(sched_setaffinity(4242, sizeof cs, &cs), -1, "sched_setaffinity of no thread: -1");
    pt_is(errno, ESRCH, "... errno ESRCH");

    /* A spinner pinned to the last CPU keeps it busy: its idle time stands still. */
    spin_stop = 0;
    r = pthread_create(&t, 0, spin, 0);
    CPU_ZERO(&cs);
    CPU_SET(last, &cs);
    pt_ok(r == 0 && pthread_setaffinity_np(t, sizeof cs, &cs) == 0,
          "pthread_setaffinity_np of a running thread to CPU %u", last);
    CPU_ZERO(&cs);
    pt_ok(pthread_getaffinity_np(t, sizeof cs, &cs) == 0 && CPU_COUNT(&cs) == 1 &&
              CPU_ISSET(last, &cs),
          "pthread_getaffinity_np gives CPU %u back", last);
    pause_ms(10);
    idle0 = idle_us(last);
    pause_ms(60);
    idle1 = idle_us(last);
    spin_stop = 1;
    pthread_join(t, 0);
    pt_ok(idle1 - idle0 < 20000, "the spinner runs on CPU %u: idle there %llu us of 60 ms",
          last, (unsigned long long)(idle1 - idle0));

    /* A held thread keeps its set for the start: setting it does not start it. */
    __atomic_store_n(&began, 0, __ATOMIC_RELEASE);
    pthread_barrier_init(&gate, 0, 2);
    pt_is(held_create(&t, gated, 1), 0, "a held thread for the affinity");
    pt_is(pthread_setaffinity_np(t, sizeof cs, &cs), 0, "pthread_setaffinity_np of it");
    pause_ms(20);
    pt_is(__atomic_load_n(&began, __ATOMIC_ACQUIRE), 0, "it is still held");
    pt_is(pthread_l4_start(t, 0, 0), 0, "pthread_l4_start runs it");
    CPU_ZERO(&cs);
    pt_ok(pthread_getaffinity_np(t, sizeof cs, &cs) == 0 && CPU_COUNT(&cs) == 1 &&
              CPU_ISSET(last, &cs),
          "with the CPU set given while it was held");
    pthread_barrier_wait(&gate);
    pthread_join(t, 0);
    pthread_barrier_destroy(&gate);
}

int main(void)
{
    pthread_attr_t a;
    pthread_t t, u, w;
    l4_sched_param_t sp;
    void *res = 0;
    int r;

    pt_plan(31);
    pthread_attr_init(&a);
    pt_is(a.create_flags, 0, "pthread_attr_init: create_flags 0");
    pt_is(a.affinity.map, 0, "pthread_attr_init: affinity map 0 (the runtime chooses)");
    pthread_attr_destroy(&a);

    /* Held, then started with its own routine. */
    pthread_barrier_init(&gate, 0, 2);
    pt_is(held_create(&t, gated, 0), 0, "pthread_create with PTHREAD_L4_ATTR_NO_START");
    pt_ok(l4_is_valid_cap(pthread_l4_cap(t)), "the held thread has its capability");
    pause_ms(20);
    pt_is(__atomic_load_n(&began, __ATOMIC_ACQUIRE), 0, "it does not run by itself");
    pt_is(pthread_l4_start(t, 0, 0), 0, "pthread_l4_start runs it");
    pt_is(pthread_l4_start(t, 0, 0), EINVAL, "pthread_l4_start again: EINVAL");
    pthread_barrier_wait(&gate);
    pthread_join(t, &res);
    pt_ok(began && ran[0] == 1 && res == (void *)0, "it ran its own routine");

    /* Held, then started with another routine and argument. */
    pt_is(held_create(&t, mark, 1), 0, "another held thread");
    pt_is(pthread_l4_start(t, mark, (void *)2), 0, "pthread_l4_start with another routine");
    pthread_join(t, &res);
    pt_ok(ran[2] == 1 && ran[1] == 0 && res == (void *)2, "it ran mark(2), not mark(1)");

    /* L4Re's idiom: the program's own run_thread on pthread_l4_cap starts a held
     * thread (it has its registers since pthread_create; run_thread is what it waits
     * for), on the CPUs and at the priority the program gives; pthread_l4_start has
     * nothing left to start then. */
    __atomic_store_n(&began, 0, __ATOMIC_RELEASE);
    pt_is(held_create(&u, gated, 3), 0, "a third held thread");
    pause_ms(20);
    pt_is(__atomic_load_n(&began, __ATOMIC_ACQUIRE), 0, "it does not run by itself either");
    sp = closure_param(L4RE_MAIN_THREAD_PRIO);
    r = (int)l4_error(l4_scheduler_run_thread(l4re_env()->scheduler, pthread_l4_cap(u), &sp));
    for (int i = 0; i < 200 && !__atomic_load_n(&began, __ATOMIC_ACQUIRE); ++i) {
        pause_ms(10);
    }
    pt_ok(r == 0 && __atomic_load_n(&began, __ATOMIC_ACQUIRE) == 1,
          "l4_scheduler_run_thread on its pthread_l4_cap starts it (%d)", r);
    pt_is(pthread_l4_start(u, mark, (void *)2), EINVAL,
          "pthread_l4_start of a thread the program started itself: EINVAL");
    pthread_barrier_wait(&gate);
    pthread_join(u, &res);
    pt_ok(ran[3] == 1 && res == (void *)3, "it ran its own routine, gated(3)");

    /* A normal thread is no held one. */
    pthread_create(&w, 0, gated, (void *)0);
    pt_is(pthread_l4_start(w, 0, 0), EINVAL, "pthread_l4_start of a running thread: EINVAL");
    pthread_barrier_wait(&gate);
    pthread_join(w, 0);
    pthread_barrier_destroy(&gate);

    /* The affinity reaches the scheduler: CPU 0 works, a CPU set without ours fails. */
    pthread_attr_init(&a);
    a.affinity = l4_sched_cpu_set(0, 0, 1);
    r = pthread_create(&w, &a, mark, (void *)0);
    pt_is(r, 0, "affinity CPU 0: created");
    if (r == 0) {
        pthread_join(w, 0);
    }
    a.affinity = l4_sched_cpu_set(40, 0, 1);
    r = pthread_create(&w, &a, mark, (void *)0);
    pt_is(r, EAGAIN, "affinity naming only CPU 40 (none of ours): EAGAIN");
    if (r == 0) {
        pthread_join(w, 0);
    }
    pthread_attr_destroy(&a);
    test_affinity();
    return pt_done();
}
