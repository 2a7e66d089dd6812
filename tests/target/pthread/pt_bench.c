/* SPDX-License-Identifier: MIT */
/*
 * POSIX thread benchmarks (make bench, tests/bench/pthread.test, QEMU -icount
 * shift=0: one instruction per ns of virtual time). Prints
 *     BENCH <name> <instructions per operation> instructions
 * for pthread_mutex_lock + unlock without contention, pthread_create +
 * pthread_join of a thread that returns at once, and one round trip of two
 * threads handing a turn to each other through a mutex and two condition
 * variables. Counter: PMCCNTR_EL0 if EL0 may read it, else CLOCK_MONOTONIC
 * (ns = instructions under shift=0); each figure follows a warm-up.
 */
#include <pthread.h>
#include <stdio.h>
#include <time.h>

#define MUTEX_OPS 100000
#define CREATE_OPS 300
#define PINGPONG_OPS 3000

static int use_pmu;

static unsigned long pmu_cycles(void)
{
    unsigned long v;

    __asm__ volatile("isb\n mrs %0, pmccntr_el0\n isb" : "=r"(v) : : "memory");
    return v;
}

static unsigned long now_insns(void)
{
    struct timespec ts;

    if (use_pmu) {
        return pmu_cycles();
    }
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (unsigned long)ts.tv_sec * 1000000000UL + (unsigned long)ts.tv_nsec;
}

static void pick_counter(void)
{
    unsigned long en, a, b;

    __asm__ volatile("mrs %0, pmuserenr_el0" : "=r"(en));
    if (en & 5) {
        a = pmu_cycles();
        b = pmu_cycles();
        use_pmu = b != a;
    }
    printf("pt_bench: counter %s\n", use_pmu ? "PMCCNTR_EL0" : "CLOCK_MONOTONIC (ns)");
}

static void report(char const *name, unsigned long insns, unsigned long n)
{
    printf("BENCH %s %lu instructions\n", name, (insns + n / 2) / n);
}

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;

static unsigned long bench_mutex(unsigned long n)
{
    unsigned long t0 = now_insns(), i;

    for (i = 0; i < n; ++i) {
        pthread_mutex_lock(&m);
        pthread_mutex_unlock(&m);
    }
    return now_insns() - t0;
}

static void *nothing(void *arg)
{
    return arg;
}

static unsigned long bench_create(unsigned long n)
{
    unsigned long t0 = now_insns(), i;
    pthread_t t;

    for (i = 0; i < n; ++i) {
        pthread_create(&t, 0, nothing, 0);
        pthread_join(t, 0);
    }
    return now_insns() - t0;
}

static pthread_cond_t ping = PTHREAD_COND_INITIALIZER, pong = PTHREAD_COND_INITIALIZER;
static unsigned long turn, rounds;

/* The partner: waits for an odd turn, makes it even. */
static void *partner(void *arg)
{
    unsigned long i;

    pthread_mutex_lock(&m);
    for (i = 0; i < rounds; ++i) {
        while (!(turn & 1)) {
            pthread_cond_wait(&ping, &m);
        }
        ++turn;
        pthread_cond_signal(&pong);
    }
    pthread_mutex_unlock(&m);
    return arg;
}

static unsigned long bench_pingpong(unsigned long n)
{
    unsigned long t0, i;
    pthread_t t;

    turn = 0;
    rounds = n;
    pthread_create(&t, 0, partner, 0);
    t0 = now_insns();
    pthread_mutex_lock(&m);
    for (i = 0; i < n; ++i) {
        ++turn;
        pthread_cond_signal(&ping);
        while (turn & 1) {
            pthread_cond_wait(&pong, &m);
        }
    }
    pthread_mutex_unlock(&m);
    t0 = now_insns() - t0;
    pthread_join(t, 0);
    return t0;
}

int main(void)
{
    pick_counter();
    bench_mutex(1000);
    report("pthread_mutex_uncontended", bench_mutex(MUTEX_OPS), MUTEX_OPS);
    bench_create(10);
    report("pthread_create_join", bench_create(CREATE_OPS), CREATE_OPS);
    bench_pingpong(100);
    report("pthread_cond_pingpong", bench_pingpong(PINGPONG_OPS), PINGPONG_OPS);
    return 0;
}
