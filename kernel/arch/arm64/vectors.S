// SPDX-License-Identifier: MIT
/*
 * Exception vector table (ARM DDI 0487, D1.10.2: 16 entries of 0x80 bytes,
 * 2 KiB aligned) and the common exit path. Every entry saves a struct
 * trap_frame on the current kernel stack and calls a C handler in trap.c;
 * trap_return restores the frame and erets. From EL0 the kernel stack is
 * the current thread's, so blocking in a handler simply switches stacks.
 */
#include <arch/asm_offsets.h>

// x4-x17 (what the svc entry leaves out) into the frame at sp.
.macro save_x4_to_x17
    stp     x4, x5, [sp, #16 * 2]
    stp     x6, x7, [sp, #16 * 3]
    stp     x8, x9, [sp, #16 * 4]
    stp     x10, x11, [sp, #16 * 5]
    stp     x12, x13, [sp, #16 * 6]
    stp     x14, x15, [sp, #16 * 7]
    stp     x16, x17, [sp, #16 * 8]
.endm

// x18-x30 and SP_EL0 into the frame at sp; ELR and SPSR left in x22, x23 for the caller's
// store (a lock site, or not). x21-x23 are scratch after.
.macro save_from_x18
    stp     x18, x19, [sp, #16 * 9]
    stp     x20, x21, [sp, #16 * 10]
    stp     x22, x23, [sp, #16 * 11]
    stp     x24, x25, [sp, #16 * 12]
    stp     x26, x27, [sp, #16 * 13]
    stp     x28, x29, [sp, #16 * 14]
    mrs     x21, sp_el0
    stp     x30, x21, [sp, #16 * 15]
    mrs     x22, elr_el1
    mrs     x23, spsr_el1
.endm

// x2-x30, SP_EL0, ELR and SPSR into the frame at sp (x21-x23 are scratch after).
.macro save_from_x2
    stp     x2, x3, [sp, #16 * 1]
    save_x4_to_x17
    save_from_x18
    stp     x22, x23, [sp, #TRAP_FRAME_PC]
.endm

.macro save_frame lock=0
    sub     sp, sp, #TRAP_FRAME_SIZE
    stp     x0, x1, [sp, #16 * 0]
    save_from_x2
    mrs     x24, esr_el1
    mrs     x25, far_el1
.if \lock
    lock_site kernel_lock_inline, stp x24, x25, [sp, #TRAP_FRAME_ESR]
.else
    stp     x24, x25, [sp, #TRAP_FRAME_ESR]
.endif
.endm

/*
 * The kernel lock (smp.h), taken and released inline on the entry and exit
 * paths, at "sites": an instruction the path needs anyway (\insn) is
 * replaced by a branch to a copy of it followed by the locking code and a
 * branch back. With one CPU online, smp_start_cpus() writes the instruction
 * itself back (kernel_lock_sites_off): a uniprocessor pays nothing for the
 * lock. The table holds the site and the instruction's encoding.
 */
.macro lock_site code, insn:vararg
9:  b       8f
    .pushsection .text.kernel_lock_paths, "ax"
8:  \insn
    \code
    b       9b + 4
    .popsection
    .pushsection .kernel_lock_sites, "a"
    .balign 8
    .quad   9b
    \insn
    .word   0
    .popsection
.endm

// Take the lock (kernel_lock.c has the protocol); x0-x2 are free (saved).
.macro kernel_lock_inline
    adrp    x0, kernel_lock_word
    add     x0, x0, :lo12:kernel_lock_word
7:  ldaxr   w1, [x0]
    cbnz    w1, 6f
    mov     w2, #1
    stxr    w1, w2, [x0]
    cbnz    w1, 7b
    .pushsection .text.kernel_lock_wait, "ax"
6:  wfe                         // the holder's release wakes us (or QEMU runs the next CPU)
    b       7b
    .popsection
.endm

// Release it; x0 is free (restored after).
.macro kernel_unlock_inline
    adrp    x0, kernel_lock_word
    add     x0, x0, :lo12:kernel_lock_word
    stlr    wzr, [x0]           // release: what we wrote is seen by the next holder
.endm

// lock=1: an entry that takes the kernel lock (from user mode, or in idle's wait).
.macro vector handler, lock=0
    .balign 0x80
0:  save_frame lock=\lock
    mov     x0, sp
    mov     x29, xzr            // end of the backtrace chain
    bl      \handler
    b       trap_return
    .if (. - 0b) > 0x80
    .error "vector does not fit its 0x80-byte slot"
    .endif
.endm

/*
 * From user mode, synchronous. A system call (svc) saves only what the
 * system-call ABI preserves (doc/abi.md: x0-x3 in and out, x19-x29, sp, pc,
 * pstate; the binding declares x4-x18 and x30 clobbered), plus x18 and x30
 * that share a store with a preserved one: the frame's x4-x17 keep the
 * thread's own older values, so leaving through it shows the thread nothing
 * but its own registers. A thread whose system calls are reported or
 * emulated (alien thread, vCPU: thread->syscall_divert) needs them all and
 * saves the rest and calls syscall_entry_diverted. Others go straight to
 * syscall_entry(frame, cpu, thread), which returns the frame to leave
 * through: the IPC fast path makes it the partner's, and sp moves there. Anything else than svc saves
 * the full frame in user_sync_other.
 */
.macro user_sync_vector
    .balign 0x80
0:  sub     sp, sp, #TRAP_FRAME_SIZE
    stp     x0, x1, [sp, #16 * 0]
    mrs     x0, esr_el1         // not stored for svc: only the diverted path needs it
    lsr     x1, x0, #26         // ESR_EL1.EC
    cmp     x1, #0x15           // SVC from AArch64
    b.ne    user_sync_other
    stp     x2, x3, [sp, #16 * 1]
    save_from_x18
    lock_site kernel_lock_inline, stp x22, x23, [sp, #TRAP_FRAME_PC]
    mrs     x1, tpidr_el1       // this CPU's struct cpu
    ldr     x2, [x1, #CPU_CURRENT]
    ldrh    w3, [x2, #THREAD_SYSCALL_DIVERT]
    cbnz    w3, svc_diverted
    mov     x0, sp
    mov     x29, xzr            // end of the backtrace chain
    bl      syscall_entry
    mov     sp, x0
    b       trap_return
    .if (. - 0b) > 0x80
    .error "user_sync_vector does not fit its 0x80-byte slot"
    .endif
.endm

    .section .text.vectors, "ax"
    .balign 2048
    .globl vectors
vectors:
    vector trap_bad_vector      // current EL, SP_EL0
    vector trap_bad_vector
    vector trap_bad_vector
    vector trap_bad_vector
    vector trap_kernel_sync     // current EL, SP_ELx
    vector trap_irq, 1          // only in the idle loop's wait, where the lock is free
    vector trap_bad_vector
    vector trap_bad_vector
    user_sync_vector            // lower EL, AArch64
    vector trap_irq, 1
    vector trap_bad_vector
    vector trap_bad_vector
    vector trap_user_aarch32, 1 // lower EL, AArch32
    vector trap_user_aarch32, 1
    vector trap_user_aarch32, 1
    vector trap_user_aarch32, 1

    .text
// A system call of an alien thread or a vCPU: the registers the svc entry left out.
svc_diverted:
    mrs     x0, esr_el1         // reports and vCPU entries show it (others keep the last fault's)
    str     x0, [sp, #TRAP_FRAME_ESR]
    save_x4_to_x17
    mov     x0, sp
    mov     x29, xzr
    bl      syscall_entry_diverted
    mov     sp, x0
    b       trap_return

/*
 * Not a system call: fault, FP trap, undefined instruction. x0 and x1 are
 * saved, x0 holds ESR; the rest of the frame as every other entry.
 */
user_sync_other:
    save_from_x2
    lock_site kernel_lock_inline, str x0, [sp, #TRAP_FRAME_ESR]
    mov     x0, sp
    mov     x29, xzr
    bl      trap_user_sync
    mov     sp, x0
    b       trap_return

    .globl trap_return
// Every way out of the kernel holds the kernel lock; the frame is ours alone after it.
trap_return:
    lock_site kernel_unlock_inline, ldp x22, x23, [sp, #TRAP_FRAME_PC]
    msr     elr_el1, x22
    msr     spsr_el1, x23
    ldp     x30, x21, [sp, #16 * 15]
    msr     sp_el0, x21
    ldp     x0, x1, [sp, #16 * 0]
    ldp     x2, x3, [sp, #16 * 1]
    ldp     x4, x5, [sp, #16 * 2]
    ldp     x6, x7, [sp, #16 * 3]
    ldp     x8, x9, [sp, #16 * 4]
    ldp     x10, x11, [sp, #16 * 5]
    ldp     x12, x13, [sp, #16 * 6]
    ldp     x14, x15, [sp, #16 * 7]
    ldp     x16, x17, [sp, #16 * 8]
    ldp     x18, x19, [sp, #16 * 9]
    ldp     x20, x21, [sp, #16 * 10]
    ldp     x22, x23, [sp, #16 * 11]
    ldp     x24, x25, [sp, #16 * 12]
    ldp     x26, x27, [sp, #16 * 13]
    ldp     x28, x29, [sp, #16 * 14]
    add     sp, sp, #TRAP_FRAME_SIZE
    eret
