/* SPDX-License-Identifier: MIT */
/*
 * How a condition wait ends (condwait.test): the paths our uClibc-ng patch
 * 0005 shortens. A waiter woken by pthread_cond_signal takes the mutex back
 * as pthread_mutex_lock would (it must still become the owner: errorcheck
 * and recursive mutexes check it), a waiter leaving through a broadcast takes
 * it marked contended, because the broadcast requeued the others onto the
 * mutex and each unlock must wake the next (if one did not, the rest would
 * sleep for ever: the counts below stop short), and a waiter cancelled while
 * blocked runs its cleanup handler with the mutex held.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>

#include "pt_tap.h"

#define WAITERS 8
#define ROUNDS 200
#define PATIENCE_MS 5000

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t go = PTHREAD_COND_INITIALIZER, done = PTHREAD_COND_INITIALIZER;
static int waiting, woke;
static unsigned generation;

/* Waits (with m held) until COUNT reaches WANT or PATIENCE_MS pass; returns COUNT. */
static int wait_count(int const *count, int want)
{
    struct timespec until = pt_in_ms(CLOCK_REALTIME, PATIENCE_MS);

    while (*count < want) {
        if (pthread_cond_timedwait(&done, &m, &until) == ETIMEDOUT) {
            break;
        }
    }
    return *count;
}

/* One waiter of the broadcast test: announces itself, waits for generation 1,
   then holds the mutex across a yield so that the others queue on it. */
static void *wait_for_broadcast(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m);
    ++waiting;
    pthread_cond_signal(&done);
    while (generation == 0) {
        pthread_cond_wait(&go, &m);
    }
    ++woke;
    sched_yield();
    pthread_cond_signal(&done);
    pthread_mutex_unlock(&m);
    return 0;
}

static void test_broadcast_requeue(void)
{
    pthread_t t[WAITERS];
    int i, all;

    for (i = 0; i < WAITERS; ++i) {
        pthread_create(&t[i], 0, wait_for_broadcast, 0);
    }
    pthread_mutex_lock(&m);
    pt_is(wait_count(&waiting, WAITERS), WAITERS, "%d waiters on the condition", WAITERS);
    generation = 1;
    pt_is(pthread_cond_broadcast(&go), 0, "broadcast with the mutex held");
    pthread_mutex_unlock(&m);
    /* The broadcast woke one and requeued the rest onto m, which is free now:
       the woken one takes it, and each unlock must wake the next. */
    pthread_mutex_lock(&m);
    all = wait_count(&woke, WAITERS) == WAITERS;
    pthread_mutex_unlock(&m);
    pt_is(woke, WAITERS, "every waiter got the mutex once");
    for (i = 0; i < WAITERS && all; ++i) {   /* (a stalled one would never end) */
        pthread_join(t[i], 0);
    }
}

/* A waiter of the rounds test: counts each new generation once. */
static void *count_generations(void *arg)
{
    unsigned seen = 0;
    int i;

    (void)arg;
    for (i = 0; i < ROUNDS; ++i) {
        pthread_mutex_lock(&m);
        while (generation == seen) {
            pthread_cond_wait(&go, &m);
        }
        seen = generation;
        if (++woke % WAITERS == 0) {
            pthread_cond_signal(&done);
        }
        pthread_mutex_unlock(&m);
        if (i % 3 == 0) {
            sched_yield();
        }
    }
    return 0;
}

/* Rounds that end some waits by broadcast (requeue) and others by signal
   (plain relock), so both kinds of relock meet on the same mutex. */
static void test_mixed_rounds(void)
{
    pthread_t t[WAITERS];
    int i, r, stalled = -1;

    waiting = woke = 0;
    generation = 0;
    for (i = 0; i < WAITERS; ++i) {
        pthread_create(&t[i], 0, count_generations, 0);
    }
    for (r = 1; r <= ROUNDS && stalled < 0; ++r) {
        pthread_mutex_lock(&m);
        ++generation;
        if (r % 2) {
            pthread_cond_broadcast(&go);
        } else {
            for (i = 0; i < WAITERS; ++i) {
                pthread_cond_signal(&go);
            }
        }
        if (wait_count(&woke, r * WAITERS) != r * WAITERS) {
            stalled = r;
        }
        pthread_mutex_unlock(&m);
    }
    pt_is(stalled, -1, "%d rounds of broadcasts and signals to %d waiters, none stalled",
          ROUNDS, WAITERS);
    pt_is(woke, ROUNDS * WAITERS, "every waiter counted every round");
    if (stalled < 0) {
        for (i = 0; i < WAITERS; ++i) {
            pthread_join(t[i], 0);
        }
    }
}

/* Signal-woken waits on errorcheck and recursive mutexes: the waiter owns the
   mutex again afterwards (a second lock is EDEADLK or nests; unlock works). */
static pthread_mutex_t owned;
static pthread_cond_t signalled = PTHREAD_COND_INITIALIZER;
static int owned_ready;
static void *signal_owned(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&owned);
    owned_ready = 1;
    pthread_cond_signal(&signalled);
    pthread_mutex_unlock(&owned);
    return 0;
}

static void test_owner_after_wait(int kind, char const *name)
{
    pthread_mutexattr_t a;
    pthread_t t;
    struct timespec until;
    int r;

    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, kind);
    pthread_mutex_init(&owned, &a);
    pthread_mutexattr_destroy(&a);

    pthread_mutex_lock(&owned);
    owned_ready = 0;
    pthread_create(&t, 0, signal_owned, 0);
    r = 0;
    while (!owned_ready && r == 0) {
        r = pthread_cond_wait(&signalled, &owned);
    }
    pt_is(r, 0, "%s mutex: cond_wait woken by a signal", name);
    if (kind == PTHREAD_MUTEX_ERRORCHECK) {
        pt_is(pthread_mutex_lock(&owned), EDEADLK, "... then the waiter owns it (EDEADLK)");
    } else {
        pt_is(pthread_mutex_lock(&owned), 0, "... then the waiter owns it (nests)");
        pt_is(pthread_mutex_unlock(&owned), 0, "... inner unlock");
    }
    pt_is(pthread_mutex_unlock(&owned), 0, "... unlock by the owner");
    pt_is(pthread_mutex_unlock(&owned), EPERM, "... a second unlock: EPERM");
    pthread_join(t, 0);

    pthread_mutex_lock(&owned);
    until = pt_in_ms(CLOCK_REALTIME, 20);
    pt_is(pthread_cond_timedwait(&signalled, &owned, &until), ETIMEDOUT,
          "%s mutex: cond_timedwait times out", name);
    pt_is(pthread_mutex_unlock(&owned), 0, "... and the waiter owns the mutex again");
    pthread_mutex_destroy(&owned);
}

/* Cancellation of a blocked waiter: the handler finds the errorcheck mutex
   held by its thread (unlock gives 0, not EPERM). */
static int handler_unlock = -1;
static volatile int blocked;
static void unlock_in_handler(void *arg)
{
    handler_unlock = pthread_mutex_unlock((pthread_mutex_t *)arg);
}

static void *wait_until_cancelled(void *arg)
{
    pthread_mutex_lock(&owned);
    pthread_cleanup_push(unlock_in_handler, &owned);
    blocked = 1;
    for (;;) {
        pthread_cond_wait(&signalled, &owned);
    }
    pthread_cleanup_pop(0);
    return arg;
}

static void test_cancel_waiter(void)
{
    pthread_mutexattr_t a;
    pthread_t t;
    void *res = 0;

    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&owned, &a);
    pthread_mutexattr_destroy(&a);
    pthread_create(&t, 0, wait_until_cancelled, 0);
    while (!blocked) {
        sched_yield();
    }
    pthread_mutex_lock(&owned);   /* the thread is inside pthread_cond_wait */
    pthread_mutex_unlock(&owned);
    pt_is(pthread_cancel(t), 0, "cancel a thread blocked in pthread_cond_wait");
    pthread_join(t, &res);
    pt_ok(res == PTHREAD_CANCELED, "it ended cancelled");
    pt_is(handler_unlock, 0, "its cleanup handler held the mutex (unlock: 0, not EPERM)");
    pt_is(pthread_mutex_trylock(&owned), 0, "the mutex is free afterwards");
    pthread_mutex_unlock(&owned);
    pthread_mutex_destroy(&owned);
}

int main(void)
{
    pt_plan(22);
    test_broadcast_requeue();
    test_mixed_rounds();
    test_owner_after_wait(PTHREAD_MUTEX_ERRORCHECK, "errorcheck");
    test_owner_after_wait(PTHREAD_MUTEX_RECURSIVE, "recursive");
    test_cancel_waiter();
    return pt_done();
}
