// SPDX-License-Identifier: MIT
/*
 * Kernel context switch between two threads' kernel stacks. Only the
 * callee-saved registers, fp, lr and sp are kept (struct arch_context); the
 * user state of a thread stays in the trap frame on its kernel stack.
 * A new thread's context has lr = its first kernel function and sp = its
 * prepared stack (see arch_thread_init in cpu.c).
 */
    .text
    .globl arch_switch
// void arch_switch(struct arch_context *from, struct arch_context *to)
arch_switch:
    stp     x19, x20, [x0, #16 * 0]
    stp     x21, x22, [x0, #16 * 1]
    stp     x23, x24, [x0, #16 * 2]
    stp     x25, x26, [x0, #16 * 3]
    stp     x27, x28, [x0, #16 * 4]
    stp     x29, x30, [x0, #16 * 5]
    mov     x9, sp
    str     x9, [x0, #16 * 6]
    ldp     x19, x20, [x1, #16 * 0]
    ldp     x21, x22, [x1, #16 * 1]
    ldp     x23, x24, [x1, #16 * 2]
    ldp     x25, x26, [x1, #16 * 3]
    ldp     x27, x28, [x1, #16 * 4]
    ldp     x29, x30, [x1, #16 * 5]
    ldr     x9, [x1, #16 * 6]
    mov     sp, x9
    ret

    .globl arch_thread_trampoline
// First run of a new thread: x19 = C function, x20 = its argument.
arch_thread_trampoline:
    mov     x0, x20
    blr     x19
    b       trap_return

    .globl ipc_fast_resume_entry
// A thread blocked by the IPC fast path is switched to: sp = its user frame.
ipc_fast_resume_entry:
    mov     x0, sp
    bl      ipc_fast_resume
    b       trap_return

    .globl preempted_resume_entry
// A ready thread preempted by the IPC fast path is switched to: sp = its user frame.
preempted_resume_entry:
    mov     x0, sp
    bl      trap_user_return
    b       trap_return

    .globl fault_fast_resume_entry
// A thread blocked by the page-fault fast path is switched to: sp = its user frame.
fault_fast_resume_entry:
    mov     x0, sp
    bl      fault_fast_resume
    b       trap_return
