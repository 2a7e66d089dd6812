/* SPDX-License-Identifier: MIT */
/*
 * futex(2) as the backend serves it (futex.test), each case through both ways in:
 * futex(2) by syscall() (__syscall_backend, the dispatcher, be_futex) and the C
 * functions NPTL calls (__futex_wait, __futex_wake, __futex_wake_unlock,
 * __futex_backend; pkg/uclibc-ng/patches/0004). Error paths (EINVAL for an unaligned
 * word or second word or a bad time, ENOSYS, EAGAIN, ETIMEDOUT), every FUTEX_WAKE_OP
 * operation and comparison, the wake counts of WAKE, WAKE_OP, REQUEUE and CMP_REQUEUE,
 * WAKE_BITSET against the waiters' bitsets, and a signal that ends a wait with EINTR
 * after its handler ran.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/futex.h>
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "pt_tap.h"

/* The backend's C entry points (libc_be, futex.c). */
long __futex_wait(int *uaddr, int val);
long __futex_wake(int *uaddr, int nr);
long __futex_wake_unlock(int *uaddr, int nr, int nr2, int *uaddr2);
long __futex_backend(int *uaddr, int op, int val, long timeout_or_val2, int *uaddr2,
                     int val3);

#define CLEAR_WAKE_IF_GT_ONE FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_GT, 1)

static int direct;              /* 1: the C functions, 0: syscall() */
static const char *way[] = { "syscall", "direct" };

/* futex(2) by the way of this round: >= 0 or -errno. */
static long fx(int *uaddr, int op, int val, long ts_or_val2, int *uaddr2, int val3)
{
    long r;

    if (direct) {
        int cmd = op & FUTEX_CMD_MASK;

        if (cmd == FUTEX_WAIT && !ts_or_val2) {
            return __futex_wait(uaddr, val);
        }
        if (cmd == FUTEX_WAKE) {
            return __futex_wake(uaddr, val);
        }
        if (cmd == FUTEX_WAKE_OP && val3 == CLEAR_WAKE_IF_GT_ONE) {
            return __futex_wake_unlock(uaddr, val, (int)ts_or_val2, uaddr2);
        }
        return __futex_backend(uaddr, op, val, ts_or_val2, uaddr2, val3);
    }
    r = syscall(SYS_futex, uaddr, op, val, ts_or_val2, uaddr2, val3);
    return r < 0 ? -errno : r;
}

static int words[4] __attribute__((aligned(16)));

/* A thread that waits on *word while it holds val (FUTEX_WAIT_BITSET with bits). */
struct waiter {
    pthread_t t;
    int *word, val;
    unsigned bits;
    long r;
};

static void *wait_on(void *arg)
{
    struct waiter *w = arg;

    w->r = w->bits == ~0U ? fx(w->word, FUTEX_WAIT_PRIVATE, w->val, 0, 0, 0)
                          : fx(w->word, FUTEX_WAIT_BITSET_PRIVATE, w->val, 0, 0, (int)w->bits);
    return 0;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { 0, ms * 1000000L };

    nanosleep(&ts, 0);
}

/* Start a waiter on word (which holds val) and give it time to block. */
static void waiter_start(struct waiter *w, int *word, int val, unsigned bits)
{
    *word = val;
    w->word = word;
    w->val = val;
    w->bits = bits;
    w->r = 1;
    pthread_create(&w->t, 0, wait_on, w);
    sleep_ms(20);
}

/* Wake what is left on w's word and join: the waiter's own result. */
static long waiter_end(struct waiter *w)
{
    fx(w->word, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0);
    pthread_join(w->t, 0);
    return w->r;
}

static void test_errors(void)
{
    int *odd = (int *)((char *)&words[0] + 1);
    struct timespec bad = { 0, 1000000000L }, short_ts = { 0, 10000000L };

    words[0] = 5;
    pt_is(fx(odd, FUTEX_WAIT_PRIVATE, 5, 0, 0, 0), -EINVAL, "%s: WAIT on an unaligned word: EINVAL",
          way[direct]);
    pt_is(fx(odd, FUTEX_WAKE_PRIVATE, 1, 0, 0, 0), -EINVAL, "%s: WAKE of an unaligned word: EINVAL",
          way[direct]);
    pt_is(fx(&words[0], FUTEX_WAKE_OP_PRIVATE, 1, 1, odd, CLEAR_WAKE_IF_GT_ONE), -EINVAL,
          "%s: WAKE_OP with an unaligned second word: EINVAL", way[direct]);
    pt_is(fx(&words[0], FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, odd, 5), -EINVAL,
          "%s: CMP_REQUEUE to an unaligned word: EINVAL", way[direct]);
    pt_is(fx(&words[0], FUTEX_WAIT_PRIVATE, 4, 0, 0, 0), -EAGAIN,
          "%s: WAIT on a word that changed: EAGAIN", way[direct]);
    pt_is(fx(&words[0], FUTEX_WAIT_PRIVATE, 5, (long)&bad, 0, 0), -EINVAL,
          "%s: WAIT with nsec of 1e9: EINVAL", way[direct]);
    pt_is(fx(&words[0], FUTEX_WAIT_PRIVATE, 5, (long)&short_ts, 0, 0), -ETIMEDOUT,
          "%s: WAIT of 10 ms nobody ends: ETIMEDOUT", way[direct]);
    pt_is(fx(&words[0], FUTEX_WAIT_BITSET_PRIVATE, 5, 0, 0, 0), -EINVAL,
          "%s: WAIT_BITSET with bitset 0: EINVAL", way[direct]);
    pt_is(fx(&words[0], FUTEX_LOCK_PI_PRIVATE, 0, 0, 0, 0), -ENOSYS,
          "%s: LOCK_PI: ENOSYS", way[direct]);
    pt_is(fx(&words[0], 99, 0, 0, 0, 0), -ENOSYS, "%s: an unknown operation: ENOSYS", way[direct]);
    pt_is(fx(&words[0], FUTEX_WAKE_OP_PRIVATE, 1, 1, &words[1], FUTEX_OP(6, 0, FUTEX_OP_CMP_EQ, 0)),
          -ENOSYS, "%s: WAKE_OP with an unknown operation: ENOSYS", way[direct]);
    pt_is(fx(&words[0], FUTEX_WAKE_PRIVATE, 1, 0, 0, 0), 0, "%s: WAKE with nobody waiting: 0",
          way[direct]);
    pt_is(fx(&words[0], FUTEX_CMP_REQUEUE_PRIVATE, 1, 1, &words[1], 4), -EAGAIN,
          "%s: CMP_REQUEUE of a word that changed: EAGAIN", way[direct]);
}

/* Each operation of FUTEX_WAKE_OP on the second word: (op, arg, old, new). */
static void test_wake_op_ops(void)
{
    static const struct {
        int op, arg, old, want;
        const char *name;
    } c[] = {
        { FUTEX_OP_SET, 7, 3, 7, "SET" },
        { FUTEX_OP_ADD, 7, 3, 10, "ADD" },
        { FUTEX_OP_OR, 4, 3, 7, "OR" },
        { FUTEX_OP_ANDN, 1, 3, 2, "ANDN" },
        { FUTEX_OP_XOR, 6, 3, 5, "XOR" },
        { FUTEX_OP_OR | FUTEX_OP_OPARG_SHIFT, 4, 3, 19, "OR with OPARG_SHIFT" },
    };
    unsigned i;

    for (i = 0; i < sizeof c / sizeof c[0]; ++i) {
        words[1] = c[i].old;
        pt_is(fx(&words[0], FUTEX_WAKE_OP_PRIVATE, 1, 1, &words[1],
                 FUTEX_OP(c[i].op, c[i].arg, FUTEX_OP_CMP_EQ, 0)), 0,
              "%s: WAKE_OP %s with nobody waiting: 0 woken", way[direct], c[i].name);
        pt_is(words[1], c[i].want, "%s: WAKE_OP %s: the second word", way[direct], c[i].name);
    }
}

/* Each comparison decides whether the waiter on the second word is woken. */
static void test_wake_op_cmps(void)
{
    static const struct {
        int cmp, arg, woken;
        const char *name;
    } c[] = {
        { FUTEX_OP_CMP_EQ, 3, 1, "EQ 3" }, { FUTEX_OP_CMP_EQ, 4, 0, "EQ 4" },
        { FUTEX_OP_CMP_NE, 4, 1, "NE 4" }, { FUTEX_OP_CMP_NE, 3, 0, "NE 3" },
        { FUTEX_OP_CMP_LT, 4, 1, "LT 4" }, { FUTEX_OP_CMP_LT, 3, 0, "LT 3" },
        { FUTEX_OP_CMP_LE, 3, 1, "LE 3" }, { FUTEX_OP_CMP_LE, 2, 0, "LE 2" },
        { FUTEX_OP_CMP_GT, 2, 1, "GT 2" }, { FUTEX_OP_CMP_GT, 3, 0, "GT 3" },
        { FUTEX_OP_CMP_GE, 3, 1, "GE 3" }, { FUTEX_OP_CMP_GE, 4, 0, "GE 4" },
    };
    struct waiter w;
    unsigned i;

    for (i = 0; i < sizeof c / sizeof c[0]; ++i) {
        waiter_start(&w, &words[1], 3, ~0U);
        pt_is(fx(&words[0], FUTEX_WAKE_OP_PRIVATE, 1, 1, &words[1],
                 FUTEX_OP(FUTEX_OP_SET, 0, c[i].cmp, c[i].arg)), c[i].woken,
              "%s: WAKE_OP, old value 3, CMP_%s: waiters woken", way[direct], c[i].name);
        pt_is(waiter_end(&w), 0, "%s: the waiter's FUTEX_WAIT returned 0", way[direct]);
    }
    /* NPTL's: clears the lock word, wakes one on the first and, if it was > 1, the second. */
    for (i = 1; i <= 2; ++i) {
        struct waiter w2;

        waiter_start(&w, &words[0], 9, ~0U);
        waiter_start(&w2, &words[1], (int)i, ~0U);
        pt_is(fx(&words[0], FUTEX_WAKE_OP_PRIVATE, 1, 1, &words[1], CLEAR_WAKE_IF_GT_ONE),
              i, "%s: CLEAR_WAKE_IF_GT_ONE of %u wakes %u", way[direct], i, i);
        pt_is(words[1], 0, "%s: ... and clears the second word", way[direct]);
        pt_ok(!waiter_end(&w) && !waiter_end(&w2), "%s: ... both waits returned 0", way[direct]);
    }
}

static void test_wake_counts(void)
{
    struct waiter w[3];
    int i, woken;

    for (i = 0; i < 3; ++i) {
        waiter_start(&w[i], &words[2], 0, ~0U);
    }
    pt_is(fx(&words[2], FUTEX_WAKE_PRIVATE, 2, 0, 0, 0), 2, "%s: WAKE 2 of 3 waiters: 2",
          way[direct]);
    pt_is(fx(&words[2], FUTEX_WAKE_PRIVATE, 5, 0, 0, 0), 1, "%s: WAKE 5, one left: 1", way[direct]);
    for (i = 0; i < 3; ++i) {
        pthread_join(w[i].t, 0);
    }
    pt_ok(!w[0].r && !w[1].r && !w[2].r, "%s: all three waits returned 0", way[direct]);

    /* CMP_REQUEUE: one woken, the others moved to the second word. */
    for (i = 0; i < 3; ++i) {
        waiter_start(&w[i], &words[2], 0, ~0U);
    }
    words[3] = 0;
    pt_is(fx(&words[2], FUTEX_CMP_REQUEUE_PRIVATE, 1, 5, &words[3], 0), 3,
          "%s: CMP_REQUEUE wakes 1 and moves 2: 3", way[direct]);
    pt_is(fx(&words[2], FUTEX_WAKE_PRIVATE, 5, 0, 0, 0), 0,
          "%s: nobody is left on the first word", way[direct]);
    woken = (int)fx(&words[3], FUTEX_WAKE_PRIVATE, 5, 0, 0, 0);
    pt_is(woken, 2, "%s: the two moved ones wake on the second word", way[direct]);
    for (i = 0; i < 3; ++i) {
        pthread_join(w[i].t, 0);
    }

    /* WAKE_BITSET wakes only the waiters whose bitset it meets. */
    waiter_start(&w[0], &words[2], 0, 1);
    waiter_start(&w[1], &words[2], 0, 2);
    pt_is(fx(&words[2], FUTEX_WAKE_BITSET_PRIVATE, 5, 0, 0, 2), 1,
          "%s: WAKE_BITSET 2 wakes the one waiting with bit 2", way[direct]);
    pthread_join(w[1].t, 0);
    pt_is(fx(&words[2], FUTEX_WAKE_BITSET_PRIVATE, 5, 0, 0, 0), -EINVAL,
          "%s: WAKE_BITSET with bitset 0: EINVAL", way[direct]);
    pt_is(fx(&words[2], FUTEX_WAKE_BITSET_PRIVATE, 5, 0, 0, 1), 1,
          "%s: WAKE_BITSET 1 wakes the other", way[direct]);
    pthread_join(w[0].t, 0);
}

static volatile sig_atomic_t handled;

static void on_usr1(int sig)
{
    handled = sig;
}

static void test_signal(void)
{
    struct waiter w;
    struct sigaction sa = { .sa_handler = on_usr1 };   /* no SA_RESTART */

    handled = 0;
    sigaction(SIGUSR1, &sa, 0);
    waiter_start(&w, &words[2], 0, ~0U);
    pt_is(pthread_kill(w.t, SIGUSR1), 0, "%s: pthread_kill of a waiting thread", way[direct]);
    pthread_join(w.t, 0);
    pt_is(w.r, -EINTR, "%s: its FUTEX_WAIT returned EINTR", way[direct]);
    pt_is(handled, SIGUSR1, "%s: after the handler ran", way[direct]);
}

int main(void)
{
    pt_plan(2 * 67);
    for (direct = 0; direct < 2; ++direct) {
        test_errors();
        test_wake_op_ops();
        test_wake_op_cmps();
        test_wake_counts();
        test_signal();
    }
    return pt_done();
}
