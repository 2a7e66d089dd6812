/* SPDX-License-Identifier: MIT */
/*
 * The hooks every architecture provides to the generic kernel. A missing
 * hook is a link error, never a silent default.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "regs.h"

struct thread;

/** Switch kernel stacks (switch.S). */
void arch_switch(struct arch_context *from, struct arch_context *to);
/** Prepare a thread to enter user mode at \a pc with stack \a sp on first run. */
void arch_thread_init_user(struct thread *t, uint64_t pc, uint64_t sp);
/** Prepare a kernel thread that runs fn(arg) (never returns to user mode). */
void arch_thread_init_kernel(struct thread *t, void (*fn)(void *), void *arg);
/* A thread is one page: its control block, kernel stack and user frame (thread.h). */
#define ARCH_THREAD_SIZE 4096UL
/** The user register frame of a thread (top of its kernel stack). */
static inline struct trap_frame *arch_thread_frame(struct thread *t)
{
    return (struct trap_frame *)((char *)t + ARCH_THREAD_SIZE - sizeof(struct trap_frame));
}
/* Where a thread whose kernel stack the IPC fast path gave up starts again (switch.S). */
extern char ipc_fast_resume_entry[], preempted_resume_entry[];
/**
 * A thread whose kernel stack the IPC fast path gave up: when switched to,
 * it starts at \a entry (one of the two above) on its user frame \a f.
 */
static inline void arch_context_at_frame(struct arch_context *ctx, struct trap_frame *f,
                                         char *entry)
{
    ctx->lr = (uint64_t)entry;
    ctx->sp = (uint64_t)f;
    ctx->fp = 0;
}
/** Whether the context is the one arch_context_at_frame(ctx, f, entry) made. */
static inline bool arch_context_is_at_frame(const struct arch_context *ctx,
                                            const struct trap_frame *f, char *entry)
{
    return ctx->lr == (uint64_t)entry && ctx->sp == (uint64_t)f;
}
/**
 * Load per-thread CPU state of \a next (UTCB pointer, TLS, FP access) on the
 * CPU whose arch part is \a ac. A thread without a task (idle) leaves no user
 * address space in TTBR0: a dead task's tables are then free to go.
 */
void arch_thread_switch_in(struct arch_cpu *ac, struct thread *prev, struct thread *next);
/** The same when \a next runs in a user task (it has a space_task). */
void arch_thread_switch_in_user(struct arch_cpu *ac, struct thread *prev, struct thread *next);
/** Drop a thread's lazily saved FP state (the thread dies). */
void arch_thread_release_fpu(struct thread *t);
/** Bytes of FP state the thread holds (charged to its quota), 0 if none. */
size_t arch_thread_fpu_bytes(const struct thread *t);
/** Let user mode read the cycle counter (benchmarks). */
void arch_cpu_init_user_counters(void);
/** Wait for an interrupt with interrupts enabled, then mask them again. */
void arch_idle(void);
/** The running CPU's own data (struct cpu, kept in TPIDR_EL1 from the CPU's start). */
static inline void *arch_cpu_local(void)
{
    void *p;
    __asm__ volatile("mrs %0, tpidr_el1" : "=r"(p));
    return p;
}
static inline void arch_set_cpu_local(void *p)
{
    __asm__ volatile("msr tpidr_el1, %0" ::"r"(p) : "memory");
}
/** Index of the running CPU: the first field of its data (struct cpu, sched.h). */
static inline unsigned arch_cpu_id(void)
{
    return *(const unsigned *)arch_cpu_local();
}
/** This CPU's affinity (MPIDR_EL1 Aff3..Aff0), the id PSCI and the GIC use. */
static inline uint64_t arch_cpu_hw_id(void)
{
    uint64_t m;
    __asm__ volatile("mrs %0, mpidr_el1" : "=r"(m));
    return m & 0xff00ffffffUL;
}
/** Physical address where a CPU started by PSCI enters the kernel (head.S), x0 = its index. */
uint64_t arch_secondary_entry(void);
/** Index of the CPU whose FP registers hold \a t's state, or -1. */
int arch_thread_fpu_cpu(const struct thread *t);
/** \a t leaves this CPU: its FP state, if live in this CPU, goes to memory. */
void arch_thread_fpu_flush(struct thread *t);
/**
 * \a to's FP state becomes a copy of \a from's (IPC with L4_MSGTAG_TRANSFER_FPU);
 * \a from's state is live in this CPU or in memory. false if \a to's state could
 * not be allocated.
 */
bool arch_thread_fpu_copy(struct thread *from, struct thread *to);
/** Current frame pointer, for backtraces. */
static inline uint64_t arch_frame_pointer(void)
{
    return (uint64_t)__builtin_frame_address(0);
}
/** Called from vectors.S. */
void trap_kernel_sync(struct trap_frame *f);
/** Returns the frame to return to user mode through (another thread's after an IPC hand-off). */
struct trap_frame *trap_user_sync(struct trap_frame *f);
/** Last steps before user mode: triggered exceptions, preemption, a dead thread. */
void trap_user_return(struct trap_frame *f);
/**
 * Report an alien thread's system call to its exception handler: before it
 * runs (\a after false: pc back on the svc, the call runs when executed
 * again) or after it ran (ESR bit 6 set).
 */
void trap_alien_syscall(struct trap_frame *f, bool after);
void trap_user_aarch32(struct trap_frame *f);
void trap_irq(struct trap_frame *f);
void trap_bad_vector(struct trap_frame *f);
