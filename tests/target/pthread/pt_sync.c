/* SPDX-License-Identifier: MIT */
/*
 * Synchronisation objects (sync.test): mutexes of the three kinds with their
 * error codes (EBUSY, EDEADLK, EPERM, ETIMEDOUT, EINVAL), condition variables
 * with timed waits on CLOCK_REALTIME and CLOCK_MONOTONIC, rwlocks, barriers,
 * spinlocks and POSIX semaphores; then that a waiter really blocks (a
 * higher-priority thread waiting on a condition lets the main thread run) and
 * that a released mutex goes to the higher-priority of two waiters.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <limits.h>
#include <semaphore.h>

#include "pt_tap.h"

static pthread_mutex_t held = PTHREAD_MUTEX_INITIALIZER;

static void *try_held(void *arg)
{
    struct timespec ts = pt_in_ms(CLOCK_REALTIME, 30);
    long r = pthread_mutex_trylock(&held) * 1000;

    (void)arg;
    return (void *)(r + pthread_mutex_timedlock(&held, &ts));
}

static void *unlock_held(void *arg)
{
    (void)arg;
    return (void *)(long)pthread_mutex_unlock(&held);
}

static void test_mutex(void)
{
    pthread_mutexattr_t a;
    pthread_mutex_t m;
    struct timespec bad = { 0, 2000000000L };
    pthread_t t;
    void *r;
    int type = -1;

    pthread_mutex_lock(&held);
    pthread_create(&t, 0, try_held, 0);
    pthread_join(t, &r);
    pt_is((long)r, EBUSY * 1000 + ETIMEDOUT, "trylock of a held mutex: EBUSY; timedlock: ETIMEDOUT");
    pt_is(pthread_mutex_unlock(&held), 0, "unlock a normal mutex");

    pthread_mutexattr_init(&a);
    pt_is(pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK), 0, "mutexattr: errorcheck");
    pthread_mutexattr_gettype(&a, &type);
    pt_is(type, PTHREAD_MUTEX_ERRORCHECK, "mutexattr: get type");
    pt_is(pthread_mutexattr_settype(&a, 12345), EINVAL, "mutexattr: bad type: EINVAL");
    pthread_mutex_init(&m, &a);
    pt_is(pthread_mutex_lock(&m), 0, "errorcheck: lock");
    pt_is(pthread_mutex_lock(&m), EDEADLK, "errorcheck: relock: EDEADLK");
    pthread_mutex_destroy(&held);
    held = m;
    pthread_create(&t, 0, unlock_held, 0);
    pthread_join(t, &r);
    pt_is((long)r, EPERM, "errorcheck: unlock by another thread: EPERM");
    pt_is(pthread_mutex_unlock(&held), 0, "errorcheck: unlock");
    pt_is(pthread_mutex_unlock(&held), EPERM, "errorcheck: unlock when not locked: EPERM");
    pthread_mutex_destroy(&held);

    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&m, &a);
    pt_ok(!pthread_mutex_lock(&m) && !pthread_mutex_lock(&m) && !pthread_mutex_trylock(&m),
          "recursive: locked three times");
    held = m;
    pthread_create(&t, 0, try_held, 0);
    pthread_join(t, &r);
    pt_is((long)r, EBUSY * 1000 + ETIMEDOUT, "recursive: other threads are kept out");
    pt_ok(!pthread_mutex_unlock(&held) && !pthread_mutex_unlock(&held) &&
          !pthread_mutex_unlock(&held), "recursive: unlocked three times");
    pt_is(pthread_mutex_unlock(&held), EPERM, "recursive: one unlock too many: EPERM");
    pthread_mutex_destroy(&held);
    pthread_mutexattr_destroy(&a);

    pthread_mutex_init(&m, 0);
    pt_is(pthread_mutex_timedlock(&m, &bad), 0, "timedlock of a free mutex ignores the time");
    pthread_mutex_unlock(&m);
    pthread_mutex_lock(&m);
    pt_is(pthread_mutex_timedlock(&m, &bad), EINVAL, "timedlock with tv_nsec >= 1e9: EINVAL");
    pthread_mutex_unlock(&m);
    pt_is(pthread_mutex_destroy(&m), 0, "destroy a mutex");
}

static pthread_mutex_t cm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready, acked;

static void *wait_ready(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&cm);
    while (!ready) {
        pthread_cond_wait(&cv, &cm);
    }
    acked = 1;
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&cm);
    return 0;
}

static void test_cond(void)
{
    pthread_condattr_t a;
    pthread_cond_t mono;
    struct timespec t0, ts;
    clockid_t clk = -1;
    pthread_t t[3];
    long ms;
    int i, r;

    for (i = 0; i < 3; ++i) {
        pthread_create(&t[i], 0, wait_ready, 0);
    }
    sched_yield();
    pthread_mutex_lock(&cm);
    ready = 1;
    pt_is(pthread_cond_broadcast(&cv), 0, "cond_broadcast");
    pthread_mutex_unlock(&cm);
    for (i = 0; i < 3; ++i) {
        pthread_join(t[i], 0);
    }
    pt_ok(acked, "three waiters woke and saw the predicate");

    pthread_mutex_lock(&cm);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ts = pt_in_ms(CLOCK_REALTIME, 50);
    r = pthread_cond_timedwait(&cv, &cm, &ts);
    ms = pt_ms_since(&t0);
    pt_is(r, ETIMEDOUT, "cond_timedwait on CLOCK_REALTIME: ETIMEDOUT");
    pt_ok(ms >= 49 && ms < 1000, "... after the deadline (%ld ms for 50)", ms);

    pthread_condattr_init(&a);
    pt_is(pthread_condattr_setclock(&a, CLOCK_MONOTONIC), 0, "condattr: CLOCK_MONOTONIC");
    pthread_condattr_getclock(&a, &clk);
    pt_is(clk, CLOCK_MONOTONIC, "condattr: get clock");
    pt_is(pthread_condattr_setclock(&a, 12345), EINVAL, "condattr: bad clock: EINVAL");
    pthread_cond_init(&mono, &a);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    ts = pt_in_ms(CLOCK_MONOTONIC, 50);
    r = pthread_cond_timedwait(&mono, &cm, &ts);
    ms = pt_ms_since(&t0);
    pt_is(r, ETIMEDOUT, "cond_timedwait on CLOCK_MONOTONIC: ETIMEDOUT");
    pt_ok(ms >= 49 && ms < 1000, "... after the deadline (%ld ms for 50)", ms);
    ts.tv_nsec = -1;
    pt_is(pthread_cond_timedwait(&mono, &cm, &ts), EINVAL, "cond_timedwait, bad time: EINVAL");
    pthread_mutex_unlock(&cm);
    pt_is(pthread_cond_destroy(&mono), 0, "cond_destroy");
    pthread_condattr_destroy(&a);
}

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;

static void *try_rw(void *arg)
{
    (void)arg;
    long r = pthread_rwlock_tryrdlock(&rw) * 1000 + pthread_rwlock_trywrlock(&rw);

    if (r / 1000 == 0) {
        pthread_rwlock_unlock(&rw);
    }
    return (void *)r;
}

static void test_rwlock(void)
{
    struct timespec ts;
    pthread_t t;
    void *r;

    pt_is(pthread_rwlock_rdlock(&rw), 0, "rwlock: read lock");
    pthread_create(&t, 0, try_rw, 0);
    pthread_join(t, &r);
    pt_is((long)r, EBUSY, "rwlock: another reader gets in, a writer gets EBUSY");
    pthread_rwlock_unlock(&rw);
    pt_is(pthread_rwlock_wrlock(&rw), 0, "rwlock: write lock");
    pthread_create(&t, 0, try_rw, 0);
    pthread_join(t, &r);
    pt_is((long)r, EBUSY * 1000 + EBUSY, "rwlock: readers and writers get EBUSY");
    ts = pt_in_ms(CLOCK_REALTIME, 20);
    pt_is(pthread_rwlock_timedwrlock(&rw, &ts), EDEADLK, "rwlock: writer relock: EDEADLK");
    pthread_rwlock_unlock(&rw);
    pt_is(pthread_rwlock_destroy(&rw), 0, "rwlock: destroy");
}

static pthread_barrier_t bar;
static void *at_barrier(void *arg)
{
    (void)arg;
    return (void *)(long)(pthread_barrier_wait(&bar) == PTHREAD_BARRIER_SERIAL_THREAD);
}

static void test_barrier_spin(void)
{
    pthread_spinlock_t s;
    pthread_t t[3];
    long serial = 0;
    void *r;
    int i;

    pt_is(pthread_barrier_init(&bar, 0, 0), EINVAL, "barrier of count 0: EINVAL");
    pt_is(pthread_barrier_init(&bar, 0, 4), 0, "barrier of 4");
    for (i = 0; i < 3; ++i) {
        pthread_create(&t[i], 0, at_barrier, 0);
    }
    serial = at_barrier(0) != 0;
    for (i = 0; i < 3; ++i) {
        pthread_join(t[i], &r);
        serial += (long)r;
    }
    pt_is(serial, 1, "exactly one thread is the serial thread");
    pthread_barrier_destroy(&bar);

    pt_is(pthread_spin_init(&s, PTHREAD_PROCESS_PRIVATE), 0, "spin_init");
    pt_is(pthread_spin_lock(&s), 0, "spin_lock");
    pt_is(pthread_spin_trylock(&s), EBUSY, "spin_trylock of a held lock: EBUSY");
    pt_is(pthread_spin_unlock(&s), 0, "spin_unlock");
    pthread_spin_destroy(&s);
}

static sem_t sem;
static void *post_later(void *arg)
{
    (void)arg;
    nanosleep(&(struct timespec){ 0, 20000000 }, 0);
    sem_post(&sem);
    return 0;
}

static void test_sem(void)
{
    struct timespec ts;
    pthread_t t;
    int v = -1;

    pt_is(sem_init(&sem, 0, 2), 0, "sem_init with 2");
    sem_getvalue(&sem, &v);
    pt_is(v, 2, "sem_getvalue");
    pt_ok(!sem_wait(&sem) && !sem_trywait(&sem), "sem_wait, sem_trywait");
    pt_ok(sem_trywait(&sem) == -1 && errno == EAGAIN, "sem_trywait at 0: EAGAIN");
    ts = pt_in_ms(CLOCK_REALTIME, 30);
    pt_ok(sem_timedwait(&sem, &ts) == -1 && errno == ETIMEDOUT, "sem_timedwait: ETIMEDOUT");
    pthread_create(&t, 0, post_later, 0);
    pt_is(sem_wait(&sem), 0, "sem_wait wakes on another thread's sem_post");
    pthread_join(t, 0);
    ts.tv_nsec = 1000000000L;
    pt_ok(sem_timedwait(&sem, &ts) == -1 && errno == EINVAL, "sem_timedwait, bad time: EINVAL");
    pt_ok(sem_init(&sem, 0, (unsigned)SEM_VALUE_MAX + 1U) == -1 && errno == EINVAL,
          "sem_init above SEM_VALUE_MAX: EINVAL");
    pt_is(sem_destroy(&sem), 0, "sem_destroy");
}

/* A SCHED_FIFO thread above main waits; if it spun instead of blocking, main never ran. */
static volatile int progress;
static void *high_waiter(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&cm);
    while (progress < 1000) {
        pthread_cond_wait(&cv, &cm);
    }
    pthread_mutex_unlock(&cm);
    return 0;
}

static pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
static int order[2], norder;
static void *take_pm(void *arg)
{
    pthread_mutex_lock(&pm);
    order[norder++] = (int)(long)arg;
    pthread_mutex_unlock(&pm);
    return 0;
}

static pthread_t start_fifo(void *(*fn)(void *), void *arg, int prio)
{
    struct sched_param sp = { .sched_priority = prio };
    pthread_attr_t a;
    pthread_t t;

    pthread_attr_init(&a);
    pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED);
    pthread_attr_setschedpolicy(&a, SCHED_FIFO);
    pthread_attr_setschedparam(&a, &sp);
    pthread_create(&t, &a, fn, arg);
    pthread_attr_destroy(&a);
    return t;
}

static void test_blocking_priority(void)
{
    pthread_t t, lo, hi;
    int i;

    t = start_fifo(high_waiter, 0, 10);
    for (i = 0; i < 1000; ++i) {
        ++progress;             /* runs only if the waiter above us blocks */
    }
    pthread_mutex_lock(&cm);
    pthread_cond_signal(&cv);
    pthread_mutex_unlock(&cm);
    pthread_join(t, 0);
    pt_is(progress, 1000, "a waiting higher-priority thread leaves the CPU to the main thread");

    pthread_mutex_lock(&pm);
    lo = start_fifo(take_pm, (void *)1, 3);     /* both run at once and block on pm */
    hi = start_fifo(take_pm, (void *)2, 6);
    pthread_mutex_unlock(&pm);
    pthread_join(lo, 0);
    pthread_join(hi, 0);
    pt_ok(norder == 2 && order[0] == 2 && order[1] == 1,
          "a released mutex goes to the higher-priority waiter first");
}

int main(void)
{
    pt_plan(52);
    test_mutex();
    test_cond();
    test_rwlock();
    test_barrier_spin();
    test_sem();
    test_blocking_priority();
    return pt_done();
}
