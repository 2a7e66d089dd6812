/* SPDX-License-Identifier: MIT */
/*
 * Many threads at once (issue #13): the task's UTCB area holds 64 UTCBs, so
 * 200 threads alive together need the UTCB areas the backend adds
 * (l4re/lib/libc_be/thread.c). 200 threads wait at one barrier (so all exist
 * at the same time), each with its own capability and UTCB, each one then
 * answers an IPC to its capability; after all are joined, 200 more are
 * created (the added slots are reused); creating past the backend's limit
 * fails with EAGAIN and works again once a thread has ended.
 */
#include <errno.h>
#include <pthread.h>
#include <pthread-l4.h>
#include <stdlib.h>
#include <l4/sys/ipc.h>

#include "pt_tap.h"

#define MANY 200
#define STACK (64 * 1024)

static pthread_barrier_t all_here;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t go = PTHREAD_COND_INITIALIZER;
static long released;
static int arrived;

/* Arrives, waits for all others at the barrier, then answers one IPC. */
static void *member(void *arg)
{
    l4_umword_t label;
    l4_msgtag_t tag;

    __atomic_add_fetch(&arrived, 1, __ATOMIC_RELAXED);
    pthread_barrier_wait(&all_here);
    /* A latched wake-up Irq of the barrier's futex comes as a message without words. */
    do {
        tag = l4_ipc_wait(l4_utcb(), &label, L4_IPC_NEVER);
    } while (!l4_ipc_error(tag, l4_utcb()) && l4_msgtag_words(tag) == 0);
    if (!l4_ipc_error(tag, l4_utcb())) {
        l4_utcb_mr()->mr[0] += (l4_umword_t)arg;
        l4_ipc_reply_and_wait(l4_utcb(), l4_msgtag(0, 1, 0, 0), &label, L4_IPC_BOTH_TIMEOUT_0);
    }
    return arg;
}

/* Waits until main releases it (released > arg): threads that stay alive. */
static void *sleeper(void *arg)
{
    pthread_mutex_lock(&lock);
    while (released <= (long)arg) {
        pthread_cond_wait(&go, &lock);
    }
    pthread_mutex_unlock(&lock);
    return arg;
}

static int start(pthread_t *t, void *(*fn)(void *), long arg)
{
    pthread_attr_t a;
    int r;

    pthread_attr_init(&a);
    pthread_attr_setstacksize(&a, STACK);
    r = pthread_create(t, &a, fn, (void *)arg);
    pthread_attr_destroy(&a);
    return r;
}

static pthread_t ts[400];

/* MANY members alive at once; each answers an IPC; returns how many did it right. */
static int round_of_many(int *created, int *distinct)
{
    int i, j, ok = 0;

    *created = 0;
    *distinct = 1;
    arrived = 0;
    pthread_barrier_init(&all_here, 0, MANY + 1);
    for (i = 0; i < MANY; ++i) {
        if (start(&ts[i], member, i + 1) != 0) {
            break;
        }
        ++*created;
    }
    if (*created != MANY) {
        return 0;               /* the barrier would never open: the test has failed */
    }
    pthread_barrier_wait(&all_here);
    for (i = 0; i < MANY; ++i) {
        l4_cap_idx_t c = pthread_l4_cap(ts[i]);
        l4_msgtag_t tag;

        for (j = 0; j < i; j += 7) {
            if (pthread_l4_utcb(ts[j]) == pthread_l4_utcb(ts[i])) {
                *distinct = 0;
            }
        }
        l4_utcb_mr()->mr[0] = 1000;
        tag = l4_ipc_call(c, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
        ok += !l4_ipc_error(tag, l4_utcb()) && l4_utcb_mr()->mr[0] == 1000UL + (unsigned)i + 1;
    }
    for (i = 0; i < MANY; ++i) {
        void *r = 0;

        pthread_join(ts[i], &r);
        ok -= r != (void *)(long)(i + 1);
    }
    pthread_barrier_destroy(&all_here);
    return ok;
}

int main(void)
{
    int created, distinct, n, i, r;
    pthread_t extra;

    pt_plan(9);
    pt_is(round_of_many(&created, &distinct), MANY,
          "%d threads alive at once, each answers an IPC to its pthread_l4_cap", MANY);
    pt_is(created, MANY, "all %d created", MANY);
    pt_ok(distinct, "their UTCBs differ");
    pt_is(arrived, MANY, "all %d ran", MANY);
    pt_is(round_of_many(&created, &distinct), MANY, "%d more after joining them (slots reused)",
          MANY);

    /* The limit: threads that stay until released, as many as the backend gives. */
    for (n = 0; n < 400; ++n) {
        r = start(&ts[n], sleeper, n);
        if (r != 0) {
            break;
        }
    }
    pt_ok(n > MANY && n < 400, "creation stops at the backend's limit (%d threads besides main)",
          n);
    pt_is(r, EAGAIN, "past the limit pthread_create fails with EAGAIN");
    /* One ends (the first): its slot serves the next thread. */
    pthread_mutex_lock(&lock);
    released = 1;
    pthread_cond_broadcast(&go);
    pthread_mutex_unlock(&lock);
    pthread_join(ts[0], 0);
    r = start(&extra, sleeper, 0);
    pt_is(r, 0, "after one ended, a thread can be created again");
    pthread_mutex_lock(&lock);
    released = 400;
    pthread_cond_broadcast(&go);
    pthread_mutex_unlock(&lock);
    for (i = 1; i < n; ++i) {
        pthread_join(ts[i], 0);
    }
    if (r == 0) {
        pthread_join(extra, 0);
    }
    pt_ok(1, "all joined");
    return pt_done();
}
