/* SPDX-License-Identifier: MIT */
/*
 * Threads. A thread is one 4 KiB page: struct thread at the bottom, its
 * kernel stack above, and the user register frame at the very top. That is
 * all the kernel memory a thread costs (budget: 4 KiB, doc/kernel.md).
 */
#pragma once

#include <l4/sys/utcb.h>
#include <arch/regs.h>
#include "base.h"
#include "kobj.h"
#include "list.h"
#include "timeout.h"

struct task;
struct fpu_state;

enum thread_state {
    THREAD_INACTIVE,   /* created, not started */
    THREAD_READY,      /* on a ready queue (includes the running thread) */
    THREAD_BLOCKED,    /* waiting (IPC, sleep); maybe with a timeout */
    THREAD_DEAD,       /* stopped after a fault or deleted */
};

struct thread {
    struct kobj kobj;
    struct arch_context ctx;
    enum thread_state state;
    unsigned prio;
    unsigned quantum_ticks;
    unsigned ticks_left;
    struct list sched_link;
    struct timeout timeout;
    struct task *task;
    l4_utcb_t *utcb;          /* kernel view */
    uint64_t utcb_user;       /* user address (TPIDRRO_EL0) */
    uint64_t tls;             /* TPIDR_EL0 of the user */
    struct fpu_state *fpu;    /* lazily allocated FP/SIMD registers */
    uint64_t consumed_us;
    bool timed_out;           /* the last block ended by its timeout */
};

_Static_assert(sizeof(struct thread) <= 1024, "thread control block leaves room for the stack");

extern const struct kobj_type thread_type;

/** Allocate a thread in \a task (no UTCB yet); NULL when kernel memory is exhausted. */
struct thread *thread_create(struct task *task);
/** Start a user thread at pc/sp with the given UTCB. */
void thread_start_user(struct thread *t, uint64_t pc, uint64_t sp, uint64_t x0, uint64_t x1);
/** Block the current thread until woken or until \a deadline_us (0 = never). */
void thread_block_current(uint64_t deadline_us);
/** Wake a blocked thread. */
void thread_wake(struct thread *t);
/** Stop a thread for good after a fault (the kernel keeps running). */
void thread_stop(struct thread *t, const char *why);
/** Name of the thread's task for messages. */
const char *thread_name(const struct thread *t);
