/* SPDX-License-Identifier: MIT */
/*
 * The backend's own locks, for its state shared by the threads of a program
 * (thread table, futex queue, the tables of mmap, brk and files). A lock is a
 * word (0 free, 1 taken) and a mask of waiting threads, one bit per thread
 * slot (thread.c), in words of 64, with their count (so that a release reads one
 * word when nobody waits). Taking a free lock is one compare-and-swap (inline, be.h); a taker that
 * finds it taken sets its bit, then counts itself, checks the word once more and
 * blocks in its own wake-up Irq. Releasing clears the word and, if the mask is non-zero,
 * triggers the Irq of the highest-priority waiter, which then retries. The
 * set-bit-count-then-recheck against the clear-word-then-read-count order (both
 * sequentially consistent) means a release cannot miss a waiter; an Irq
 * trigger is latched until its thread receives, so a wake-up that comes before
 * the wait is kept, and a surplus one is a harmless spurious retry. So an
 * uncontended lock never enters the kernel and a contended one blocks.
 */
#include <l4/sys/irq.h>

#include "be.h"

struct be_lock be_serial_lock;
struct be_lock be_threads_lock;

static unsigned long be_bit(struct be_thread *t)
{
    return 1UL << ((unsigned long)(t - be_threads) % BE_WORD_BITS);
}

static unsigned long *be_word(struct be_lock *l, struct be_thread *t)
{
    return &l->waiters[(unsigned long)(t - be_threads) / BE_WORD_BITS];
}

/* The highest-priority waiter of l (the first of equals), or 0. */
static struct be_thread *be_first_waiter(struct be_lock *l)
{
    struct be_thread *best = 0;
    unsigned w, b;

    for (w = 0; w < BE_THREADS / BE_WORD_BITS; ++w) {
        unsigned long mask = __atomic_load_n(&l->waiters[w], __ATOMIC_SEQ_CST);

        for (b = 0; mask; ++b, mask >>= 1) {
            struct be_thread *t = &be_threads[w * BE_WORD_BITS + b];

            if ((mask & 1) && (!best || be_l4_prio(t->policy, t->prio) >
                                            be_l4_prio(best->policy, best->prio))) {
                best = t;
            }
        }
    }
    return best;
}

/* be_lock's compare-and-swap failed (be.h): count ourselves, then retry and block. */
void be_lock_contended(struct be_lock *l)
{
    struct be_thread *self = be_self();
    int free;

    __atomic_or_fetch(be_word(l, self), be_bit(self), __ATOMIC_SEQ_CST);
    __atomic_add_fetch(&l->nwaiting, 1, __ATOMIC_SEQ_CST);
    for (;;) {
        free = 0;
        if (__atomic_compare_exchange_n(&l->taken, &free, 1, 0, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST)) {
            break;
        }
        l4_irq_receive(self->irq, L4_IPC_NEVER);
    }
    __atomic_and_fetch(be_word(l, self), ~be_bit(self), __ATOMIC_RELAXED);
    __atomic_sub_fetch(&l->nwaiting, 1, __ATOMIC_RELAXED);
}

/* be_unlock found waiters counted (be.h): wake the first. */
void be_unlock_wake(struct be_lock *l)
{
    struct be_thread *t = be_first_waiter(l);

    if (t) {
        l4_irq_trigger(t->irq);
    }
}
