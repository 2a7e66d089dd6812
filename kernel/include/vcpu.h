/* SPDX-License-Identifier: MIT */
/*
 * vCPUs (doc/kernel.md, "vCPUs"): a thread with a state page in its task's
 * kernel-user memory, a virtual interrupt flag and an entry point, which can
 * run for a while in another task ("vCPU user mode") and comes back to its
 * entry point on an event. The generic part (vcpu.c) decides when the vCPU is
 * entered; the architecture part (arch vcpu_entry.c) moves registers between
 * the user frame and the state page. The kernel never trusts the state page:
 * it is user-writable, so every value is read once and checked.
 */
#pragma once

#include <l4/sys/vcpu.h>
#include <arch/regs.h>
#include "base.h"

struct thread;
struct task;
struct invocation;

/* The kernel's view of one vCPU, embedded in struct thread (thread.h). */
struct vcpu {
    l4_vcpu_state_t *state;   /* kernel view of the state page; NULL: no vCPU */
    uint64_t state_user;      /* its user address (passed in x0 on entry) */
    struct task *user_task;   /* the task user mode runs in; NULL in kernel mode (not counted:
                                 vcpu_task_killed() clears it) */
    uint64_t host_tls;        /* TPIDR_EL0 of kernel mode while user mode runs */
    uint64_t host_tpidrro;    /* TPIDRRO_EL0 of kernel mode while user mode runs */
    bool user_task_gone;      /* user_task was deleted under us: enter with an error */
};

/** ESR value of an event entry (IRQ or IPC; L4Re's l4vcpu_is_irq_entry: EC 0x3f). */
#define VCPU_ESR_EVENT (0x3fUL << 26)

/** Thread op L4_THREAD_VCPU_CONTROL_OP (and _EXT_OP): make \a t a vCPU. */
void vcpu_op_control(struct thread *t, unsigned rights, struct invocation *inv);
/** Thread op L4_THREAD_VCPU_RESUME_OP: the caller resumes its saved state. */
void vcpu_op_resume(struct thread *t, unsigned rights, struct invocation *inv);
/**
 * On the way back to user mode of a vCPU thread (trap_user_return,
 * THREAD_RETURN_VCPU): enter the vCPU if an event is due and its interrupts
 * are on, otherwise mark the event pending (sticky flag).
 */
void vcpu_return_work(struct thread *t, struct trap_frame *f);
/**
 * A trap (not a system call) of the current thread: in vCPU user mode a page
 * fault or exception enters the vCPU when its state flags say so. Returns
 * whether it did (then the frame is the vCPU's entry frame).
 */
bool vcpu_user_trap(struct trap_frame *f);
/** A system call in vCPU user mode is an exception for the vCPU: true if it was one. */
bool vcpu_user_syscall(struct trap_frame *f);
/** Task \a task dies: vCPUs running in it go back to kernel mode with an error. */
void vcpu_task_killed(struct task *task);

/* The architecture part (arch vcpu_entry.c). */
/** Save the user frame into the state's registers (r), with \a esr as the cause. */
void arch_vcpu_save_regs(struct thread *t, l4_vcpu_state_t *s, const struct trap_frame *f,
                         uint64_t esr);
/** Load the state's registers (r) into the user frame (EL0, interrupts on). */
void arch_vcpu_load_regs(struct thread *t, const l4_vcpu_state_t *s, struct trap_frame *f);
/** Set the user frame to the entry point of the state (x0 = state address). */
void arch_vcpu_enter(struct thread *t, l4_vcpu_state_t *s, struct trap_frame *f);
/** The current thread switches to vCPU user mode in \a task (address space, TLS, FPU). */
void arch_vcpu_switch_to_user(struct thread *t, struct task *task, const l4_vcpu_state_t *s);
/** The current thread switches back to vCPU kernel mode (address space, TLS). */
void arch_vcpu_switch_to_kernel(struct thread *t);
