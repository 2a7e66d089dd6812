/* SPDX-License-Identifier: MIT */
/*
 * Fixed-priority preemptive scheduler with round-robin time slices per
 * priority level. Queued are the ready threads that do not run: the
 * running thread and blocked threads are off every queue. All scheduler state is per CPU:
 * this_cpu() is the CPU we run on, cpu_of(t) the CPU a thread belongs to (t->cpu). Every
 * function here runs under the kernel lock (smp.h); one that changes another CPU's queues
 * sends that CPU an interrupt when it must reschedule.
 */
#pragma once

#include <arch/arch.h>
#include "base.h"
#include "list.h"

struct thread;

#define SCHED_PRIOS 256
#define SCHED_DEFAULT_PRIO 2
#define SCHED_DEFAULT_QUANTUM_TICKS 10

#define KERNEL_MAX_CPUS 8

struct cpu {
    unsigned id;              /* index in cpus[] (first: arch code reads it, arch.h) */
    bool online;
    struct thread *current;
    struct thread *idle;
    bool need_resched;
    bool requeue_back;        /* schedule() puts the running thread at the back (slice over, yield) */
    uint64_t prio_bitmap[SCHED_PRIOS / 64];
    uint64_t prio_words;      /* bit w: prio_bitmap[w] is not 0 (two clz find the top) */
    struct list ready[SCHED_PRIOS];
    uint64_t ticks;
    struct list requests;     /* cross-CPU requests to run here (smp.c) */
    uint64_t hw_id;           /* MPIDR affinity, the target of PSCI CPU_ON and SGIs */
    uint64_t idle_since;      /* start of the idle thread's current wait (µs) */
    uint32_t blocked_here;    /* thread_state_cpu(THREAD_BLOCKED, id) (the IPC fast path) */
    struct arch_cpu arch;
};

extern struct cpu cpus[KERNEL_MAX_CPUS];
/** CPUs started (the first n of cpus[] are online). */
extern unsigned cpus_online;

/** The per-CPU state of the CPU we run on (its address is in a CPU register). */
static inline struct cpu *this_cpu(void)
{
    return (struct cpu *)arch_cpu_local();
}

/** Set up the per-CPU state of \a c before the CPU schedules (its idle thread). */
void sched_init_cpu(struct cpu *c, struct thread *idle);

/** Put a thread on its ready queue (at the back). */
void sched_ready(struct thread *t);
/** The running thread \a t of CPU \a c (this one) stops running but stays ready: first in
 * line at its priority. */
void sched_preempted(struct cpu *c, struct thread *t);
/** The blocked thread \a t of CPU \a c (this one), of no higher priority than the running
 * thread, becomes ready at the back of its level; no reschedule is due (the IPC fast path). */
void sched_ready_behind(struct cpu *c, struct thread *t);
/** The queued thread schedule() would pick on \a c (this CPU; still queued); NULL if only idle is left. */
struct thread *sched_peek_next(struct cpu *c);
/** Take the queued thread \a t off the queue of \a c (this CPU): it is about to run. */
void sched_take(struct cpu *c, struct thread *t);
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
/**
 * The idle thread waits for an interrupt / the interrupt ended the wait: the
 * wait is its time, measured by the clock, not by timer ticks (a virtual CPU
 * may miss ticks while its host thread does not run).
 */
void sched_idle_wait_begin(void);
void sched_idle_wait_end(void);
/** Microseconds the idle thread of CPU \a cpu has run. */
uint64_t sched_idle_time(unsigned cpu);
/** Move thread \a t, which runs on no other CPU, to CPU \a cpu (smp.c's migration). */
void sched_move(struct thread *t, unsigned cpu);

/**
 * \a self (running) blocks and \a next (blocked) becomes ready. If next's
 * priority is at least self's it runs at once: no queue work, no search.
 */
void sched_block_switch(struct thread *self, struct thread *next);
