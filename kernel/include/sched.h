/* SPDX-License-Identifier: MIT */
/*
 * Fixed-priority preemptive scheduler with round-robin time slices per
 * priority level. Queued are the ready threads that do not run: the
 * running thread and blocked threads are off every queue. All scheduler state is per CPU, reached only
 * through this_cpu() (one CPU for now).
 */
#pragma once

#include "base.h"
#include "list.h"

struct thread;

#define SCHED_PRIOS 256
#define SCHED_DEFAULT_PRIO 2
#define SCHED_DEFAULT_QUANTUM_TICKS 10

struct cpu {
    struct thread *current;
    struct thread *idle;
    bool need_resched;
    bool requeue_back;        /* schedule() puts the running thread at the back (slice over, yield) */
    uint64_t prio_bitmap[SCHED_PRIOS / 64];
    struct list ready[SCHED_PRIOS];
    uint64_t ticks;
};

extern struct cpu boot_cpu;

/** The per-CPU state of the CPU we run on (one CPU for now; SMP changes only this). */
static inline struct cpu *this_cpu(void)
{
    return &boot_cpu;
}

void sched_init(struct thread *idle);
/** Put a thread on its ready queue (at the back). */
void sched_ready(struct thread *t);
/** The running thread \a t stops running but stays ready: first in line at its priority. */
void sched_preempted(struct thread *t);
/** The queued thread schedule() would pick (still queued); NULL if only idle is left. */
struct thread *sched_peek_next(void);
/** Take the queued thread \a t off its queue: it is about to run. */
void sched_take(struct thread *t);
/** Take a thread off its ready queue (it blocks or dies). */
void sched_remove(struct thread *t);
/** Switch to the highest-priority ready thread if it is not the current one. */
void schedule(void);
/** Timer tick: account the time slice; may set need_resched. */
void sched_tick(void);
/** The running thread. */
static inline struct thread *current_thread(void)
{
    return this_cpu()->current;
}

/** Give the CPU to the ready thread \a t now if its priority allows (thread switch_to). */
void sched_donate(struct thread *t);
/** The current thread goes to the back of its priority level (yield). */
void sched_yield(void);
/** Change a thread's priority and time slice (Scheduler run_thread). */
void sched_set_params(struct thread *t, unsigned prio, unsigned quantum_ticks);
/** Microseconds the idle thread has run. */
uint64_t sched_idle_time(void);

/**
 * \a self (running) blocks and \a next (blocked) becomes ready. If next's
 * priority is at least self's it runs at once: no queue work, no search.
 */
void sched_block_switch(struct thread *self, struct thread *next);
