/* SPDX-License-Identifier: MIT */
/*
 * futex(2) for NPTL's locks, condition variables, barriers, semaphores and
 * join: a waiter queues itself and checks the word under be_threads_lock, then
 * blocks in its own wake-up Irq (thread.c); a waker takes waiters off the queue
 * and triggers their Irqs, still under the lock. Because the check and the
 * queue change happen under the lock that every waker takes (or, for a waker
 * that finds nobody counted on the word's bucket, the barriers described at
 * be_bucket_waiters), no wake-up is lost; because an Irq trigger is latched until its thread receives, one that
 * comes before the waiter blocks is kept (a surplus one is a spurious wake-up,
 * which futex callers expect). The queue is ordered by priority (FIFO among equals), so a released
 * lock goes to the highest-priority waiter first. Signals from other threads
 * (signal.c) trigger a queued waiter without taking it off: it then leaves with
 * EINTR after running the handler. Implemented: WAIT, WAKE, REQUEUE,
 * CMP_REQUEUE, WAKE_OP, WAIT_BITSET, WAKE_BITSET (private or not: one process);
 * the priority-inheritance operations fail with ENOSYS (doc/libc.md).
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <l4/sys/ipc.h>
#include <l4/sys/irq.h>

#include "be.h"

#define BE_FUTEX_CMD_MASK 0x7f  /* without FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME */
/* NPTL's one WAKE_OP (pthread_cond_signal's, lowlevellock.h): *addr2 = 0, and waiters on
 * addr2 woken too if it was > 1. */
#define BE_OP_CLEAR_WAKE_IF_GT_ONE FUTEX_OP(FUTEX_OP_SET, 0, FUTEX_OP_CMP_GT, 1)

struct be_timespec {
    long sec;
    long nsec;
};

static struct be_thread *be_waiters;    /* queued waiters, highest priority first */

/*
 * Queued waiters per bucket of addresses, so that a wake on a word nobody
 * waits for (a mutex unlock after a condition wait, say) returns without the
 * lock. A waiter is counted before it reads its word, a waker has changed the
 * word before it reads the count (each with a full barrier between): either
 * the waker sees the count or the waiter sees the new word and does not block.
 * The counts change only under be_threads_lock, so a plain load and store
 * update them; a waker reads them without the lock.
 */
#define BE_FUTEX_BUCKETS 64
static unsigned be_bucket_waiters[BE_FUTEX_BUCKETS];

static unsigned *be_bucket(int *addr)
{
    unsigned long a = (unsigned long)addr >> 2;

    return &be_bucket_waiters[(a ^ (a >> 6)) % BE_FUTEX_BUCKETS];
}

static void be_bucket_add(unsigned *b, unsigned n)
{
    __atomic_store_n(b, *b + n, __ATOMIC_RELAXED);
}

static int be_nobody_waits(int *addr)
{
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    return !__atomic_load_n(be_bucket(addr), __ATOMIC_RELAXED);
}

static void be_enqueue(struct be_thread *t)
{
    struct be_thread **p = &be_waiters;
    unsigned rank = t->rank;

    while (*p && (*p)->rank >= rank) {
        p = &(*p)->next;
    }
    t->next = *p;
    *p = t;
    t->waiting = 1;
    t->wait_bucket = be_bucket(t->wait_addr);
    be_bucket_add(t->wait_bucket, 1);
}

/* Take t, queued at *p, off the queue. */
static void be_unlink(struct be_thread **p, struct be_thread *t)
{
    *p = t->next;
    be_bucket_add(t->wait_bucket, -1U);
    t->next = 0;
    /* Released: a woken waiter reads it without the lock (be_wait_end, __futex_wait). */
    __atomic_store_n(&t->waiting, 0, __ATOMIC_RELEASE);
}

static void be_dequeue(struct be_thread *t)
{
    struct be_thread **p = &be_waiters;

    while (*p && *p != t) {
        p = &(*p)->next;
    }
    if (*p) {
        be_unlink(p, t);
    }
}

/* Wake up to n waiters on addr whose bitset meets bitset, queued from *p on; under
 * be_threads_lock. */
static long be_wake_locked(struct be_thread **p, int *addr, long n, unsigned bitset)
{
    struct be_thread *t;
    long woken = 0;

    while ((t = *p) != 0 && woken < n) {
        if (t->wait_addr == addr && (t->wait_bitset & bitset)) {
            be_unlink(p, t);    /* *p is the next one now */
            l4_irq_trigger(t->irq);
            ++woken;
        } else {
            p = &t->next;
        }
    }
    return woken;
}

/*
 * be_wake_locked for the calls of NPTL's locks and condition variables, which mostly
 * wake one: the first waiter is taken off the queue here and its Irq left in *irq for
 * the caller to trigger (be_wake_trigger, still under the lock), any further ones are
 * woken by be_wake_locked. The loop calls nothing, so it needs no saved registers.
 */
static inline __attribute__((always_inline)) long
be_wake_first_locked(int *addr, long n, unsigned bitset, l4_cap_idx_t *irq)
{
    struct be_thread **p, *t;

    for (p = &be_waiters; (t = *p) != 0 && n > 0; p = &t->next) {
        /* A queued waiter's bitset is never 0: ~0 matches without a load. */
        if (t->wait_addr == addr && (bitset == ~0U || (t->wait_bitset & bitset))) {
            be_unlink(p, t);
            *irq = t->irq;
            return n > 1 ? 1 + be_wake_locked(p, addr, n - 1, bitset) : 1;
        }
    }
    return 0;
}

/* Move up to n waiters on addr to addr2; under be_threads_lock. */
static long be_requeue_locked(int *addr, long n, int *addr2)
{
    struct be_thread *t;
    long moved = 0;

    for (t = be_waiters; t && moved < n; t = t->next) {
        if (t->wait_addr == addr) {
            be_bucket_add(t->wait_bucket, -1U);
            t->wait_addr = addr2;
            t->wait_bucket = be_bucket(addr2);
            __atomic_add_fetch(t->wait_bucket, 1, __ATOMIC_SEQ_CST);
            ++moved;
        }
    }
    return moved;
}

static long be_deadline(struct be_timespec const *ts, int absolute, l4_uint64_t *end)
{
    l4_uint64_t us;

    if (!ts) {
        *end = ~0ULL;
        return 0;
    }
    if (ts->sec < 0 || ts->nsec < 0 || ts->nsec >= 1000000000L) {
        return -EINVAL;
    }
    us = (l4_uint64_t)ts->sec * 1000000U + ((l4_uint64_t)ts->nsec + 999U) / 1000U;
    /* Every clock is the KIP clock here (time.c): realtime and monotonic agree. */
    *end = absolute ? us : be_now_us() + us;
    return 0;
}

/* The end of a futex call from NPTL: signals from other threads are delivered on the
 * way out, as the dispatcher does for the other calls. */
static inline __attribute__((always_inline)) long be_futex_leave(long r)
{
    struct be_thread *self = be_self();

    if (be_signal_pending(self)) {
        be_signal_deliver_pending(self);
    }
    return r;
}

/* The wait did not start: the word changed (-EAGAIN) or a signal is pending (-EINTR,
 * its handler run). Under be_threads_lock, which this releases. */
static long __attribute__((noinline)) be_wait_not(struct be_thread *self, int changed)
{
    be_dequeue(self);
    be_unlock(&be_threads_lock);
    if (changed) {
        return -EAGAIN;
    }
    be_signal_deliver_pending(self);
    return -EINTR;
}

/* Queue self as a waiter on addr (for bitset) unless the word changed or a signal is
 * pending: 0 when queued (then block), else be_wait_not's result. */
static inline long be_wait_queue(struct be_thread *self, int *addr, int val, unsigned bitset)
{
    int changed;

    be_lock(&be_threads_lock);
    self->wait_addr = addr;
    self->wait_bitset = bitset;
    be_enqueue(self);           /* counted before the word is read: be_nobody_waits */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    changed = __atomic_load_n(addr, __ATOMIC_RELAXED) != val;
    if (changed || be_signal_pending(self)) {
        return be_wait_not(self, changed);
    }
    be_unlock(&be_threads_lock);
    return 0;
}

/* After the block, r from be_block_until: 0 if a waker woke us, else r. */
static long be_wait_end(struct be_thread *self, long r)
{
    /* A waker takes us off the queue before it triggers: then no lock is needed here. */
    if (__atomic_load_n(&self->waiting, __ATOMIC_ACQUIRE)) {
        be_lock(&be_threads_lock);
        if (self->waiting) {
            /* Not woken by a waker: timed out, a signal, or a stale trigger. */
            be_dequeue(self);
            be_unlock(&be_threads_lock);
            if (r == -EINTR) {
                be_signal_deliver_pending(self);
            }
            return r;
        }
        be_unlock(&be_threads_lock);
    }
    /* Woken by a waker (perhaps just after our timeout): a wake-up, not a timeout,
     * even if a signal came too (its handler runs now; the wake-up is not lost). */
    if (r == -EINTR) {
        be_signal_deliver_pending(self);
    }
    return 0;
}

static long be_futex_wait(int *addr, int val, l4_uint64_t end, unsigned bitset)
{
    struct be_thread *self = be_self();
    long r;

    if (!bitset) {
        return -EINVAL;
    }
    if (!be_is_threaded()) {
        /* One thread: nobody can change the word or wake us; only the alarm can. */
        if (__atomic_load_n(addr, __ATOMIC_ACQUIRE) != val) {
            return -EAGAIN;
        }
        r = be_block_until(self, end);
        if (r == -EINTR) {
            be_signal_deliver_pending(self);
        }
        return r == -EINTR ? r : -ETIMEDOUT;
    }
    r = be_wait_queue(self, addr, val, bitset);
    if (r < 0) {
        return r;
    }
    return be_wait_end(self, be_block_until(self, end));
}

/* The untimed wait's receive returned with an error, a signal pending or self still
 * queued: the general way from there (be_block_until receives again after an error). */
static long __attribute__((noinline)) be_wait_woken_not_clean(struct be_thread *self,
                                                               int failed)
{
    long r = 0;

    if (failed || be_signal_pending(self)) {
        r = be_block_until(self, ~0ULL);
    }
    return be_futex_leave(be_wait_end(self, r));
}

static long __attribute__((noinline)) be_futex_other(int *addr, int op, int val,
                                                      long ts_or_val2, int *addr2, int val3)
{
    return be_futex_leave(be_futex((long)addr, op, val, ts_or_val2, (long)addr2, val3));
}

/*
 * __futex_wait: FUTEX_WAIT without a timeout (every NPTL lock and condition wait). In a
 * program with threads and no alarm: queue, check, one receive in our Irq (be_block_until's
 * common case), and out without the lock when a waker took us off the queue.
 */
long __futex_wait(int *addr, int val)
{
    struct be_thread *self;
    l4_msgtag_t tag;
    long r;

    if (((unsigned long)addr & 3) || !be_is_threaded() ||
        BE_READ_ONCE(be_alarm_at)) {
        return be_futex_other(addr, FUTEX_WAIT, val, 0, 0, 0);
    }
    self = be_self();
    r = be_wait_queue(self, addr, val, ~0U);
    if (r < 0) {
        return be_futex_leave(r);
    }
    tag = l4_irq_receive(self->irq, L4_IPC_NEVER);
    if (l4_msgtag_has_error(tag) || __atomic_load_n(&self->waiting, __ATOMIC_ACQUIRE) ||
        be_signal_pending(self)) {
        return be_wait_woken_not_clean(self, l4_msgtag_has_error(tag));
    }
    return 0;
}

void be_futex_wake_all(int *addr)
{
    if (!be_is_threaded()) {
        return;
    }
    be_lock(&be_threads_lock);
    be_wake_locked(&be_waiters, addr, INT_MAX, ~0U);
    be_unlock(&be_threads_lock);
}

/* Trigger irq, taken by be_wake_first_locked (if it found a waiter). */
static inline void be_wake_trigger(l4_cap_idx_t irq)
{
    if (!l4_is_invalid_cap(irq)) {
        l4_irq_trigger(irq);
    }
}

/* Wake up to n waiters on addr whose bitset meets bitset (some are counted). */
static inline __attribute__((always_inline)) long be_wake_queued(int *addr, long n,
                                                                 unsigned bitset)
{
    l4_cap_idx_t irq = L4_INVALID_CAP;

    be_lock(&be_threads_lock);
    n = be_wake_first_locked(addr, n, bitset, &irq);
    be_wake_trigger(irq);
    be_unlock(&be_threads_lock);
    return n;
}

/* __futex_wake with waiters counted on addr's bucket. */
static long __attribute__((noipa)) be_wake_counted(int *addr, int n)
{
    return be_futex_leave(be_wake_queued(addr, n, ~0U));
}

/* __futex_wake: FUTEX_WAKE (a contended unlock, a semaphore post, a broadcast). Without
 * a frame when nobody waits (NPTL's mutex unlock after a condition wait). */
long __futex_wake(int *addr, int n)
{
    if ((unsigned long)addr & 3) {
        return -EINVAL;
    }
    if (be_nobody_waits(addr)) {
        return 0;
    }
    return be_wake_counted(addr, n);
}

/* FUTEX_WAKE_OP: the operation on *addr2, returning the old value. */
static int be_wake_op_apply(int *addr2, unsigned op, int *old)
{
    int arg = (int)((op >> 12) & 0xfff);
    unsigned kind = (op >> 28) & 7;

    if (op & (FUTEX_OP_OPARG_SHIFT << 28)) {
        arg = arg >= 32 ? 0 : 1 << arg;
    }
    switch (kind) {
    case FUTEX_OP_SET:
        *old = __atomic_exchange_n(addr2, arg, __ATOMIC_SEQ_CST);
        return 0;
    case FUTEX_OP_ADD:
        *old = __atomic_fetch_add(addr2, arg, __ATOMIC_SEQ_CST);
        return 0;
    case FUTEX_OP_OR:
        *old = __atomic_fetch_or(addr2, arg, __ATOMIC_SEQ_CST);
        return 0;
    case FUTEX_OP_ANDN:
        *old = __atomic_fetch_and(addr2, ~arg, __ATOMIC_SEQ_CST);
        return 0;
    case FUTEX_OP_XOR:
        *old = __atomic_fetch_xor(addr2, arg, __ATOMIC_SEQ_CST);
        return 0;
    default:
        return -ENOSYS;
    }
}

static int be_wake_op_cmp(unsigned op, int old)
{
    int arg = (int)(op & 0xfff);

    switch ((op >> 24) & 0xf) {
    case FUTEX_OP_CMP_EQ: return old == arg;
    case FUTEX_OP_CMP_NE: return old != arg;
    case FUTEX_OP_CMP_LT: return old < arg;
    case FUTEX_OP_CMP_LE: return old <= arg;
    case FUTEX_OP_CMP_GT: return old > arg;
    case FUTEX_OP_CMP_GE: return old >= arg;
    default: return 0;
    }
}

/* FUTEX_WAKE_OP: the operation on *addr2, then up to n waiters on addr woken and, if
 * the old value of *addr2 passes the test, up to n2 on it. */
static long be_futex_wake_op(int *addr, long n, long n2, int *addr2, unsigned op)
{
    long r, woken;
    int old;

    if ((unsigned long)addr2 & 3) {
        return -EINVAL;
    }
    r = be_wake_op_apply(addr2, op, &old);      /* atomic: needs no lock */
    if (r < 0) {
        return r;
    }
    if (be_nobody_waits(addr) && be_nobody_waits(addr2)) {
        return 0;
    }
    be_lock(&be_threads_lock);
    woken = be_wake_locked(&be_waiters, addr, n, ~0U);
    if (be_wake_op_cmp(op, old)) {
        woken += be_wake_locked(&be_waiters, addr2, n2, ~0U);
    }
    be_unlock(&be_threads_lock);
    return woken;
}

/*
 * __futex_wake_unlock: FUTEX_WAKE_OP with FUTEX_OP_CLEAR_WAKE_IF_GT_ONE, NPTL's
 * lll_futex_wake_unlock (pthread_cond_signal): *addr2 (the condition variable's internal
 * lock) cleared, up to n waiters on addr woken, and up to n2 on addr2 if it was > 1.
 * NPTL calls it when it counted a waiter on addr, so it takes the lock without
 * be_nobody_waits first (the lock orders the change of *addr2 against a waiter's check).
 */
long __futex_wake_unlock(int *addr, int n, int n2, int *addr2)
{
    l4_cap_idx_t irq = L4_INVALID_CAP;
    long woken = 0;

    if (n != 1 || (((unsigned long)addr | (unsigned long)addr2) & 3)) {
        return be_futex_other(addr, FUTEX_WAKE_OP, n, n2, addr2, BE_OP_CLEAR_WAKE_IF_GT_ONE);
    }
    be_lock(&be_threads_lock);
    if (__atomic_exchange_n(addr2, 0, __ATOMIC_SEQ_CST) > 1) {
        woken = be_wake_locked(&be_waiters, addr2, n2, ~0U);
    }
    woken += be_wake_first_locked(addr, 1, ~0U, &irq);
    be_wake_trigger(irq);
    be_unlock(&be_threads_lock);
    return be_futex_leave(woken);
}

long be_futex(long uaddr, long op, long val, long ts_or_val2, long uaddr2, long val3)
{
    int *addr = (int *)uaddr, *addr2 = (int *)uaddr2;
    int cmd = (int)op & BE_FUTEX_CMD_MASK;
    l4_uint64_t end;
    long r, n;

    if (uaddr & 3) {
        return -EINVAL;
    }
    switch (cmd) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET:
        r = be_deadline((struct be_timespec const *)ts_or_val2, cmd == FUTEX_WAIT_BITSET, &end);
        if (r < 0) {
            return r;
        }
        return be_futex_wait(addr, (int)val, end, cmd == FUTEX_WAIT ? ~0U : (unsigned)val3);
    case FUTEX_WAKE:
    case FUTEX_WAKE_BITSET:
        if (cmd == FUTEX_WAKE_BITSET && !val3) {
            return -EINVAL;
        }
        if (be_nobody_waits(addr)) {
            return 0;
        }
        return be_wake_queued(addr, val, cmd == FUTEX_WAKE ? ~0U : (unsigned)val3);
    case FUTEX_REQUEUE:
    case FUTEX_CMP_REQUEUE:
        if (uaddr2 & 3) {
            return -EINVAL;
        }
        be_lock(&be_threads_lock);
        if (cmd == FUTEX_CMP_REQUEUE && __atomic_load_n(addr, __ATOMIC_ACQUIRE) != (int)val3) {
            be_unlock(&be_threads_lock);
            return -EAGAIN;
        }
        n = be_wake_locked(&be_waiters, addr, val, ~0U);
        n += be_requeue_locked(addr, ts_or_val2, addr2);
        be_unlock(&be_threads_lock);
        return n;
    case FUTEX_WAKE_OP:
        return be_futex_wake_op(addr, val, ts_or_val2, addr2, (unsigned)val3);
    default:
        return -ENOSYS;
    }
}

/* __futex_backend: futex(2) from NPTL's other calls (timed waits, requeue). */
long __futex_backend(int *addr, int op, int val, long ts_or_val2, int *addr2, int val3)
{
    return be_futex_other(addr, op, val, ts_or_val2, addr2, val3);
}
