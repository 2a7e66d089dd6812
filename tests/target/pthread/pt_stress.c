/* SPDX-License-Identifier: MIT */
/*
 * Stress (stress.test): 8 threads each take one mutex 100,000 times around an
 * unprotected read-modify-write of a shared counter, which must end at exactly
 * 800,000; the same with a counter protected by a spinlock and by a semaphore;
 * then 4 producers and 4 consumers pass 100,000 numbered items through a
 * bounded buffer guarded by one mutex and two condition variables, and every
 * item must arrive exactly once (count and sum). Threads yield now and then so
 * that the lock is contended, not handed on in long runs.
 */
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>

#include "pt_tap.h"

#define THREADS  8
#define ROUNDS   100000
#define ITEMS    100000
#define SLOTS    16

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_spinlock_t spin;
static sem_t sem;
static volatile long counter;

static void *count_mutex(void *arg)
{
    long i;

    (void)arg;
    for (i = 0; i < ROUNDS; ++i) {
        pthread_mutex_lock(&m);
        counter = counter + 1;
        if ((i & 1023) == 0) {
            sched_yield();      /* while holding it: the others block on it */
        }
        pthread_mutex_unlock(&m);
    }
    return 0;
}

static void *count_spin(void *arg)
{
    long i;

    (void)arg;
    for (i = 0; i < ROUNDS / 10; ++i) {
        pthread_spin_lock(&spin);
        counter = counter + 1;
        pthread_spin_unlock(&spin);
    }
    return 0;
}

static void *count_sem(void *arg)
{
    long i;

    (void)arg;
    for (i = 0; i < ROUNDS / 10; ++i) {
        sem_wait(&sem);
        counter = counter + 1;
        if ((i & 255) == 0) {
            sched_yield();
        }
        sem_post(&sem);
    }
    return 0;
}

static long run_all(void *(*fn)(void *))
{
    pthread_t t[THREADS];
    int i;

    counter = 0;
    for (i = 0; i < THREADS; ++i) {
        if (pthread_create(&t[i], 0, fn, 0)) {
            return -1;
        }
    }
    for (i = 0; i < THREADS; ++i) {
        pthread_join(t[i], 0);
    }
    return counter;
}

static struct {
    pthread_mutex_t lock;
    pthread_cond_t not_full, not_empty;
    long item[SLOTS];
    unsigned head, tail, count;
    long next, taken, sum;
} q = { .lock = PTHREAD_MUTEX_INITIALIZER, .not_full = PTHREAD_COND_INITIALIZER,
        .not_empty = PTHREAD_COND_INITIALIZER };

static void *produce(void *arg)
{
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&q.lock);
        while (q.count == SLOTS && q.next < ITEMS) {
            pthread_cond_wait(&q.not_full, &q.lock);
        }
        if (q.next == ITEMS) {
            pthread_mutex_unlock(&q.lock);
            return 0;
        }
        q.item[q.tail] = ++q.next;
        q.tail = (q.tail + 1) % SLOTS;
        ++q.count;
        pthread_cond_signal(&q.not_empty);
        pthread_mutex_unlock(&q.lock);
    }
}

static void *consume(void *arg)
{
    long n = 0;

    (void)arg;
    for (;;) {
        pthread_mutex_lock(&q.lock);
        while (q.count == 0 && q.taken < ITEMS) {
            pthread_cond_wait(&q.not_empty, &q.lock);
        }
        if (q.count == 0) {
            pthread_cond_broadcast(&q.not_empty);
            pthread_mutex_unlock(&q.lock);
            return (void *)n;
        }
        q.sum += q.item[q.head];
        q.head = (q.head + 1) % SLOTS;
        --q.count;
        ++n;
        if (++q.taken == ITEMS) {
            pthread_cond_broadcast(&q.not_empty);
        }
        pthread_cond_signal(&q.not_full);
        pthread_mutex_unlock(&q.lock);
    }
}

int main(void)
{
    pthread_t t[THREADS];
    struct timespec t0;
    long got = 0;
    void *r;
    int i;

    pt_plan(5);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pt_is(run_all(count_mutex), (long)THREADS * ROUNDS, "8 threads x 100,000 mutex lock/unlock");
    printf("# mutex: %ld ms\n", pt_ms_since(&t0));
    pthread_spin_init(&spin, 0);
    pt_is(run_all(count_spin), (long)THREADS * ROUNDS / 10, "8 threads x 10,000 spinlock");
    sem_init(&sem, 0, 1);
    pt_is(run_all(count_sem), (long)THREADS * ROUNDS / 10, "8 threads x 10,000 semaphore");

    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0; i < THREADS; ++i) {
        pthread_create(&t[i], 0, i < THREADS / 2 ? produce : consume, 0);
    }
    for (i = 0; i < THREADS; ++i) {
        pthread_join(t[i], &r);
        got += i < THREADS / 2 ? 0 : (long)r;
    }
    printf("# producer/consumer: %ld ms\n", pt_ms_since(&t0));
    pt_is(got, ITEMS, "4 producers, 4 consumers: every item consumed once");
    pt_is(q.sum, (long)ITEMS * (ITEMS + 1) / 2, "... and the sum of the items is right");
    return pt_done();
}
