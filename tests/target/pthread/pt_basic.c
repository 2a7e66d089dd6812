/* SPDX-License-Identifier: MIT */
/*
 * Thread life cycle (pthread.test): create/join with results, self/equal,
 * detach (and joining a detached thread: EINVAL), pthread_exit, once, deferred
 * cancellation with cleanup handlers (at pthread_testcancel and while blocked in
 * pthread_cond_wait), attributes (stack size and address, detach state, explicit
 * SCHED_FIFO priority, bad values), keys with destructors, __thread variables,
 * errno per thread, concurrent malloc and stdio, and <pthread-l4.h>: the
 * capability and UTCB of a thread, and an IPC from one thread to another.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <pthread-l4.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <l4/sys/ipc.h>

#include "pt_tap.h"

static void *ret_arg_plus_one(void *arg)
{
    return (void *)((long)arg + 1);
}

static void *exit_with_arg(void *arg)
{
    pthread_exit(arg);
    return 0;
}

static pthread_t seen_self;
static void *record_self(void *arg)
{
    (void)arg;
    seen_self = pthread_self();
    return 0;
}

static void test_create_join(void)
{
    pthread_t t;
    void *res = 0;

    pt_is(pthread_create(&t, 0, ret_arg_plus_one, (void *)41), 0, "pthread_create");
    pt_is(pthread_join(t, &res), 0, "pthread_join");
    pt_is((long)res, 42, "join returns the thread's result");
    pthread_create(&t, 0, exit_with_arg, (void *)7);
    pthread_join(t, &res);
    pt_is((long)res, 7, "pthread_exit's value reaches the joiner");
    pthread_create(&t, 0, record_self, 0);
    pthread_join(t, 0);
    pt_ok(pthread_equal(seen_self, t) && !pthread_equal(t, pthread_self()),
          "pthread_self in the thread equals the created handle, not the main thread");
    pt_is(pthread_join(pthread_self(), 0), EDEADLK, "joining oneself: EDEADLK");
}

static volatile int detached_ran;
static void *set_flag(void *arg)
{
    (void)arg;
    detached_ran = 1;
    return 0;
}

static void test_detach(void)
{
    pthread_attr_t a;
    pthread_t t;
    int state = -1, i;

    pthread_create(&t, 0, ret_arg_plus_one, 0);
    pt_is(pthread_detach(t), 0, "pthread_detach");
    pt_is(pthread_join(t, 0), EINVAL, "joining a detached thread: EINVAL");
    pthread_attr_init(&a);
    pt_is(pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED), 0,
          "attr: set detach state");
    pthread_attr_getdetachstate(&a, &state);
    pt_is(state, PTHREAD_CREATE_DETACHED, "attr: get detach state");
    pt_is(pthread_attr_setdetachstate(&a, 12345), EINVAL, "attr: bad detach state: EINVAL");
    pt_is(pthread_create(&t, &a, set_flag, 0), 0, "create a detached thread");
    for (i = 0; i < 200 && !detached_ran; ++i) {
        nanosleep(&(struct timespec){ 0, 1000000 }, 0);
    }
    pt_ok(detached_ran, "the detached thread ran");
    pthread_attr_destroy(&a);
}

static int once_count;
static pthread_once_t once = PTHREAD_ONCE_INIT;
static void once_fn(void)
{
    ++once_count;
    sched_yield();
}
static void *call_once(void *arg)
{
    pthread_once(&once, once_fn);
    return arg;
}

static void test_once(void)
{
    pthread_t t[4];
    int i;

    for (i = 0; i < 4; ++i) {
        pthread_create(&t[i], 0, call_once, 0);
    }
    call_once(0);
    for (i = 0; i < 4; ++i) {
        pthread_join(t[i], 0);
    }
    pt_is(once_count, 1, "pthread_once runs its function once among five threads");
}

static int cleanups;
static void count_cleanup(void *arg)
{
    cleanups += (int)(long)arg;
}

static volatile int spin_started;
static void *spin_until_cancelled(void *arg)
{
    (void)arg;
    pthread_cleanup_push(count_cleanup, (void *)1);
    pthread_cleanup_push(count_cleanup, (void *)10);
    spin_started = 1;
    for (;;) {
        pthread_testcancel();
        sched_yield();
    }
    pthread_cleanup_pop(0);
    pthread_cleanup_pop(0);
    return 0;
}

static pthread_mutex_t cm = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cc = PTHREAD_COND_INITIALIZER;
static volatile int cond_waiting;
static void unlock_cm(void *arg)
{
    (void)arg;
    cleanups += 100;
    pthread_mutex_unlock(&cm);
}
static void *wait_forever(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&cm);
    pthread_cleanup_push(unlock_cm, 0);
    cond_waiting = 1;
    for (;;) {
        pthread_cond_wait(&cc, &cm);
    }
    pthread_cleanup_pop(1);
    return 0;
}

static void test_cancel(void)
{
    pthread_t t;
    void *res = 0;
    int old = -1;

    pthread_create(&t, 0, spin_until_cancelled, 0);
    while (!spin_started) {
        sched_yield();
    }
    pt_is(pthread_cancel(t), 0, "pthread_cancel of a running thread");
    pthread_join(t, &res);
    pt_ok(res == PTHREAD_CANCELED, "a cancelled thread's result is PTHREAD_CANCELED");
    pt_is(cleanups, 11, "both cleanup handlers ran");

    cleanups = 0;
    pthread_create(&t, 0, wait_forever, 0);
    while (!cond_waiting) {
        sched_yield();
    }
    pthread_mutex_lock(&cm);     /* the thread is inside pthread_cond_wait now */
    pthread_mutex_unlock(&cm);
    pt_is(pthread_cancel(t), 0, "pthread_cancel of a thread blocked in pthread_cond_wait");
    pthread_join(t, &res);
    pt_ok(res == PTHREAD_CANCELED && cleanups == 100,
          "the blocked thread ended cancelled, its handler unlocked the mutex");
    pt_is(pthread_mutex_trylock(&cm), 0, "the mutex is free after the cancellation");
    pthread_mutex_unlock(&cm);
    pt_is(pthread_setcancelstate(PTHREAD_CANCEL_DISABLE, &old), 0, "setcancelstate");
    pt_is(old, PTHREAD_CANCEL_ENABLE, "cancellation starts enabled");
    pthread_setcancelstate(old, 0);
    pt_is(pthread_setcanceltype(12345, 0), EINVAL, "setcanceltype with a bad type: EINVAL");
}

static void *where_am_i(void *arg)
{
    int local;

    *(l4_addr_t *)arg = (l4_addr_t)&local;   /* only compared, never used */
    return 0;
}

static void *report_sched(void *arg)
{
    struct sched_param p;
    int policy = -1;

    pthread_getschedparam(pthread_self(), &policy, &p);
    *(int *)arg = policy * 1000 + p.sched_priority;
    return 0;
}

static void test_attr(void)
{
    static char stack[64 * 1024] __attribute__((aligned(16)));
    struct sched_param sp = { .sched_priority = 5 };
    pthread_attr_t a;
    size_t size = 0;
    void *addr = 0;
    l4_addr_t local = 0;
    pthread_t t;
    int got = 0;

    pthread_attr_init(&a);
    pt_is(pthread_attr_setstacksize(&a, 128 * 1024), 0, "attr: set stack size");
    pthread_attr_getstacksize(&a, &size);
    pt_is(size, 128 * 1024, "attr: get stack size");
    pt_is(pthread_attr_setstacksize(&a, 1), EINVAL, "attr: stack below PTHREAD_STACK_MIN: EINVAL");
    pt_is(pthread_create(&t, &a, where_am_i, &local), 0, "create with a 128 KiB stack");
    pthread_join(t, 0);
    pthread_attr_destroy(&a);

    pthread_attr_init(&a);
    pt_is(pthread_attr_setstack(&a, stack, sizeof(stack)), 0, "attr: set stack address");
    pthread_attr_getstack(&a, &addr, &size);
    pt_ok(addr == stack && size == sizeof(stack), "attr: get stack address and size");
    pthread_create(&t, &a, where_am_i, &local);
    pthread_join(t, 0);
    pt_ok(local > (l4_addr_t)stack && local < (l4_addr_t)stack + sizeof(stack), "the thread ran on the given stack");
    pthread_attr_destroy(&a);

    pthread_attr_init(&a);
    pt_is(pthread_attr_setinheritsched(&a, PTHREAD_EXPLICIT_SCHED), 0, "attr: explicit sched");
    pt_is(pthread_attr_setschedpolicy(&a, SCHED_FIFO), 0, "attr: SCHED_FIFO");
    pt_is(pthread_attr_setschedparam(&a, &sp), 0, "attr: priority 5");
    pt_is(pthread_attr_setschedpolicy(&a, 12345), EINVAL, "attr: bad policy: EINVAL");
    pt_is(pthread_create(&t, &a, report_sched, &got), 0, "create with SCHED_FIFO 5");
    pthread_join(t, 0);
    pt_is(got, SCHED_FIFO * 1000 + 5, "the thread runs with SCHED_FIFO priority 5");
    pt_is(sched_get_priority_max(SCHED_FIFO), 99, "sched_get_priority_max(SCHED_FIFO)");
    pthread_attr_destroy(&a);
    sp.sched_priority = 1000;
    pt_is(pthread_setschedparam(pthread_self(), SCHED_FIFO, &sp), EINVAL,
          "setschedparam with priority 1000: EINVAL");
}

static pthread_key_t key;
static int destructed;
static void key_destructor(void *v)
{
    __atomic_add_fetch(&destructed, (int)(long)v, __ATOMIC_RELAXED);
}
static __thread int tls_counter = 100;
static __thread char tls_name[16];

static void *use_key_tls_errno(void *arg)
{
    long id = (long)arg;
    int i;

    pthread_setspecific(key, (void *)id);
    for (i = 0; i < 1000; ++i) {
        ++tls_counter;
        errno = (int)id;
        sched_yield();
    }
    snprintf(tls_name, sizeof(tls_name), "t%ld", id);
    if (pthread_getspecific(key) != (void *)id || errno != (int)id || tls_counter != 1100 ||
        strcmp(tls_name, (char[]){ 't', (char)('0' + id), 0 })) {
        return (void *)1;
    }
    return 0;
}

static void test_keys_tls(void)
{
    pthread_t t[4];
    long i, bad = 0;
    void *r;

    pt_is(pthread_key_create(&key, key_destructor), 0, "pthread_key_create");
    for (i = 0; i < 4; ++i) {
        pthread_create(&t[i], 0, use_key_tls_errno, (void *)(i + 1));
    }
    errno = 0;
    for (i = 0; i < 4; ++i) {
        pthread_join(t[i], &r);
        bad += r != 0;
    }
    pt_is(bad, 0, "keys, __thread variables and errno are per thread");
    pt_is(destructed, 1 + 2 + 3 + 4, "key destructors ran for each thread's value");
    pt_ok(errno == 0 && tls_counter == 100, "the main thread's errno and __thread untouched");
    pt_is(pthread_key_delete(key), 0, "pthread_key_delete");
}

static void *malloc_and_print(void *arg)
{
    char buf[64];
    long i;

    for (i = 0; i < 2000; ++i) {
        char *p = malloc(16 + (size_t)(i % 200));

        if (!p) {
            return (void *)1;
        }
        memset(p, (int)(long)arg, 16);
        snprintf(buf, sizeof(buf), "%ld-%ld", (long)arg, i);
        if (p[15] != (char)(long)arg) {
            return (void *)1;
        }
        free(p);
    }
    return 0;
}

static void test_malloc_stdio(void)
{
    pthread_t t[4];
    long i, bad = 0;
    void *r;

    for (i = 0; i < 4; ++i) {
        pthread_create(&t[i], 0, malloc_and_print, (void *)(i + 1));
    }
    for (i = 0; i < 4; ++i) {
        pthread_join(t[i], &r);
        bad += r != 0;
    }
    pt_is(bad, 0, "malloc, free and snprintf from four threads at once");
}

static l4_cap_idx_t main_cap;
static void *receive_from_main(void *arg)
{
    l4_msgtag_t tag;

    (void)arg;
    tag = l4_ipc_receive(main_cap, l4_utcb(), L4_IPC_NEVER);
    if (l4_ipc_error(tag, l4_utcb())) {
        return (void *)-1;
    }
    return (void *)l4_utcb_mr()->mr[0];
}

static void test_l4(void)
{
    pthread_t t;
    l4_cap_idx_t cap;
    void *r = 0;
    l4_msgtag_t tag;

    main_cap = pthread_l4_cap(pthread_self());
    pt_ok(l4_is_valid_cap(main_cap), "pthread_l4_cap of the main thread");
    pt_ok(pthread_l4_utcb(pthread_self()) == l4_utcb(), "pthread_l4_utcb of the main thread");
    pthread_create(&t, 0, receive_from_main, 0);
    cap = pthread_l4_cap(t);
    pt_ok(l4_is_valid_cap(cap) && cap != main_cap, "pthread_l4_cap of another thread");
    l4_utcb_mr()->mr[0] = 4711;
    tag = l4_ipc_send(cap, l4_utcb(), l4_msgtag(0, 1, 0, 0), L4_IPC_NEVER);
    pt_is(l4_ipc_error(tag, l4_utcb()), 0, "IPC to the thread's capability");
    pthread_join(t, &r);
    pt_is((long)r, 4711, "the thread received the message");
    pt_ok(l4_is_invalid_cap(pthread_l4_cap(t)), "pthread_l4_cap of an ended thread is invalid");
}

int main(void)
{
    pt_plan(50);
    test_create_join();
    test_detach();
    test_once();
    test_cancel();
    test_attr();
    test_keys_tls();
    test_malloc_stdio();
    test_l4();
    return pt_done();
}
