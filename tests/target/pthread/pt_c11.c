/* SPDX-License-Identifier: MIT */
/*
 * C11 <threads.h> (l4re/include/threads.h, over NPTL): thrd_create/join/exit with
 * int results, mutexes (plain, recursive, timed: busy and timed-out results),
 * condition variables (signal, timed wait's timeout), thread-specific storage
 * with its destructor, call_once, thread_local and thrd_sleep.
 */
#include <threads.h>

#include "pt_tap.h"

#define WORKERS 4
#define ROUNDS 20000

static mtx_t m;
static cnd_t c;
static long counter;
static int ready, once_runs, dtor_runs;
static thread_local int mine;
static tss_t key;
static once_flag once = ONCE_FLAG_INIT;

static void count_once(void)
{
    ++once_runs;
}

static void dtor(void *p)
{
    __atomic_add_fetch(&dtor_runs, (int)(long)p, __ATOMIC_RELAXED);
}

static int worker(void *arg)
{
    int i, id = (int)(long)arg;

    call_once(&once, count_once);
    mine = id;
    tss_set(key, (void *)1L);
    for (i = 0; i < ROUNDS; ++i) {
        mtx_lock(&m);
        ++counter;
        mtx_unlock(&m);
    }
    return mine * 10 + (tss_get(key) == (void *)1L);
}

static int exits_early(void *arg)
{
    (void)arg;
    thrd_exit(7);
}

static int try_it(void *arg)
{
    return mtx_trylock((mtx_t *)arg);
}

static int timed_it(void *arg)
{
    struct timespec ts = pt_in_ms(CLOCK_REALTIME, 30);

    return mtx_timedlock((mtx_t *)arg, &ts);
}

static int signaller(void *arg)
{
    (void)arg;
    mtx_lock(&m);
    ready = 1;
    cnd_signal(&c);
    mtx_unlock(&m);
    return 0;
}

int main(void)
{
    thrd_t t[WORKERS], u;
    int i, r, res, ok = 1;
    mtx_t rec, timed;
    struct timespec ts, d = { 0, 10 * 1000000L };

    pt_plan(14);
    pt_is(mtx_init(&m, mtx_plain), thrd_success, "mtx_init plain");
    pt_is(cnd_init(&c), thrd_success, "cnd_init");
    pt_is(tss_create(&key, dtor), thrd_success, "tss_create with a destructor");
    mine = 99;
    for (i = 0; i < WORKERS; ++i) {
        ok &= thrd_create(&t[i], worker, (void *)(long)(i + 1)) == thrd_success;
    }
    for (i = 0; i < WORKERS; ++i) {
        ok &= thrd_join(t[i], &res) == thrd_success && res == (i + 1) * 10 + 1;
    }
    pt_ok(ok, "%d threads: results carry thread_local and tss values", WORKERS);
    pt_is(counter, WORKERS * ROUNDS, "the mutex kept the count");
    pt_ok(once_runs == 1 && mine == 99, "call_once ran once; main's thread_local is its own");
    pt_is(dtor_runs, WORKERS, "the tss destructor ran for each thread");

    thrd_create(&u, exits_early, 0);
    pt_ok(thrd_join(u, &res) == thrd_success && res == 7, "thrd_exit(7) reaches thrd_join");

    mtx_init(&rec, mtx_plain | mtx_recursive);
    pt_ok(mtx_lock(&rec) == thrd_success && mtx_lock(&rec) == thrd_success,
          "a recursive mutex locks twice");
    thrd_create(&u, try_it, &rec);
    thrd_join(u, &res);
    pt_is(res, thrd_busy, "mtx_trylock of a held mutex: thrd_busy");
    mtx_unlock(&rec);
    mtx_unlock(&rec);
    mtx_destroy(&rec);

    mtx_init(&timed, mtx_timed);
    mtx_lock(&timed);
    thrd_create(&u, timed_it, &timed);
    thrd_join(u, &res);
    pt_is(res, thrd_timedout, "mtx_timedlock of a held mutex: thrd_timedout");
    mtx_unlock(&timed);
    mtx_destroy(&timed);

    mtx_lock(&m);
    ts = pt_in_ms(CLOCK_REALTIME, 20);
    r = cnd_timedwait(&c, &m, &ts);
    pt_is(r, thrd_timedout, "cnd_timedwait without a signal: thrd_timedout");
    thrd_create(&u, signaller, 0);
    while (!ready && r != thrd_error) {
        r = cnd_wait(&c, &m);
    }
    mtx_unlock(&m);
    thrd_join(u, 0);
    pt_ok(ready && r == thrd_success, "cnd_wait woken by cnd_signal");

    pt_ok(thrd_sleep(&d, 0) == 0 && mtx_init(&rec, 7) == thrd_error,
          "thrd_sleep 10 ms: 0; mtx_init of an unknown kind: thrd_error");
    tss_delete(key);
    cnd_destroy(&c);
    mtx_destroy(&m);
    return pt_done();
}
