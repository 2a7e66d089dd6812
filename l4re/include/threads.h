/* SPDX-License-Identifier: MIT */
/*
 * C11 threads (<threads.h>, ISO C11 7.26) over POSIX threads: uClibc-ng 1.0.35 has no
 * <threads.h>, and every C11 call maps onto one pthread call, so this header is all of
 * it (static inline; link with REQUIRES_LIBS = libpthread, doc/libc.md). The result
 * codes and mutex kinds have glibc's values. thrd_create passes the int-returning
 * start function through a small heap block to a pthread start routine; the thread's
 * int result travels through pthread_join's void *.
 */
#pragma once

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#if !defined __cplusplus && !defined thread_local
#define thread_local _Thread_local
#endif
#define ONCE_FLAG_INIT PTHREAD_ONCE_INIT
#define TSS_DTOR_ITERATIONS PTHREAD_DESTRUCTOR_ITERATIONS

enum { thrd_success = 0, thrd_busy = 1, thrd_error = 2, thrd_nomem = 3, thrd_timedout = 4 };
enum { mtx_plain = 0, mtx_recursive = 1, mtx_timed = 2 };

typedef pthread_t thrd_t;
typedef pthread_mutex_t mtx_t;
typedef pthread_cond_t cnd_t;
typedef pthread_key_t tss_t;
typedef pthread_once_t once_flag;
typedef int (*thrd_start_t)(void *);
typedef void (*tss_dtor_t)(void *);

/* A pthread error number as a C11 result. */
static inline int thrd_result__(int err)
{
    switch (err) {
    case 0: return thrd_success;
    case EBUSY: return thrd_busy;
    case ETIMEDOUT: return thrd_timedout;
    case ENOMEM: return thrd_nomem;
    default: return thrd_error;
    }
}

struct thrd_start__ {
    thrd_start_t func;
    void *arg;
};

static inline void *thrd_trampoline__(void *p)
{
    struct thrd_start__ s = *(struct thrd_start__ *)p;

    free(p);
    return (void *)(intptr_t)s.func(s.arg);
}

static inline int thrd_create(thrd_t *thr, thrd_start_t func, void *arg)
{
    struct thrd_start__ *s = (struct thrd_start__ *)malloc(sizeof(*s));
    int err;

    if (!s) {
        return thrd_nomem;
    }
    s->func = func;
    s->arg = arg;
    err = pthread_create(thr, 0, thrd_trampoline__, s);
    if (err) {
        free(s);
        return err == EAGAIN ? thrd_nomem : thrd_error;
    }
    return thrd_success;
}

static inline thrd_t thrd_current(void) { return pthread_self(); }
static inline int thrd_equal(thrd_t a, thrd_t b) { return pthread_equal(a, b); }
static inline int thrd_detach(thrd_t thr) { return thrd_result__(pthread_detach(thr)); }
static inline void thrd_yield(void) { sched_yield(); }

static inline _Noreturn void thrd_exit(int res)
{
    pthread_exit((void *)(intptr_t)res);
}

static inline int thrd_join(thrd_t thr, int *res)
{
    void *r;
    int err = pthread_join(thr, &r);

    if (!err && res) {
        *res = (int)(intptr_t)r;
    }
    return thrd_result__(err);
}

/* 0 when slept the whole duration, -1 when a signal ended it early, < -1 on error. */
static inline int thrd_sleep(const struct timespec *duration, struct timespec *remaining)
{
    if (nanosleep(duration, remaining) == 0) {
        return 0;
    }
    return errno == EINTR ? -1 : -2;
}

static inline int mtx_init(mtx_t *m, int type)
{
    pthread_mutexattr_t a;
    int err;

    if (type != mtx_plain && type != mtx_timed && type != (mtx_plain | mtx_recursive) &&
        type != (mtx_timed | mtx_recursive)) {
        return thrd_error;
    }
    pthread_mutexattr_init(&a);
    pthread_mutexattr_settype(&a, (type & mtx_recursive) ? PTHREAD_MUTEX_RECURSIVE
                                                          : PTHREAD_MUTEX_NORMAL);
    err = pthread_mutex_init(m, &a);
    pthread_mutexattr_destroy(&a);
    return thrd_result__(err);
}

static inline int mtx_lock(mtx_t *m) { return thrd_result__(pthread_mutex_lock(m)); }
static inline int mtx_trylock(mtx_t *m) { return thrd_result__(pthread_mutex_trylock(m)); }
static inline int mtx_unlock(mtx_t *m) { return thrd_result__(pthread_mutex_unlock(m)); }
static inline void mtx_destroy(mtx_t *m) { pthread_mutex_destroy(m); }

static inline int mtx_timedlock(mtx_t *restrict m, const struct timespec *restrict ts)
{
    return thrd_result__(pthread_mutex_timedlock(m, ts));
}

static inline int cnd_init(cnd_t *c) { return thrd_result__(pthread_cond_init(c, 0)); }
static inline int cnd_signal(cnd_t *c) { return thrd_result__(pthread_cond_signal(c)); }
static inline int cnd_broadcast(cnd_t *c) { return thrd_result__(pthread_cond_broadcast(c)); }
static inline int cnd_wait(cnd_t *c, mtx_t *m) { return thrd_result__(pthread_cond_wait(c, m)); }
static inline void cnd_destroy(cnd_t *c) { pthread_cond_destroy(c); }

static inline int cnd_timedwait(cnd_t *restrict c, mtx_t *restrict m,
                                const struct timespec *restrict ts)
{
    return thrd_result__(pthread_cond_timedwait(c, m, ts));
}

static inline int tss_create(tss_t *key, tss_dtor_t dtor)
{
    return thrd_result__(pthread_key_create(key, dtor));
}

static inline void *tss_get(tss_t key) { return pthread_getspecific(key); }
static inline int tss_set(tss_t key, void *v) { return thrd_result__(pthread_setspecific(key, v)); }
static inline void tss_delete(tss_t key) { pthread_key_delete(key); }

static inline void call_once(once_flag *flag, void (*func)(void))
{
    pthread_once(flag, func);
}
