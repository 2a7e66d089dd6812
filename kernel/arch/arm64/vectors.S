// SPDX-License-Identifier: MIT
/*
 * Exception vector table (ARM DDI 0487, D1.10.2: 16 entries of 0x80 bytes,
 * 2 KiB aligned) and the common exit path. Every entry saves a struct
 * trap_frame on the current kernel stack and calls a C handler in trap.c;
 * trap_return restores the frame and erets. From EL0 the kernel stack is
 * the current thread's, so blocking in a handler simply switches stacks.
 */
#include <arch/asm_offsets.h>

.macro save_frame with_far=1
    sub     sp, sp, #TRAP_FRAME_SIZE
    stp     x0, x1, [sp, #16 * 0]
    stp     x2, x3, [sp, #16 * 1]
    stp     x4, x5, [sp, #16 * 2]
    stp     x6, x7, [sp, #16 * 3]
    stp     x8, x9, [sp, #16 * 4]
    stp     x10, x11, [sp, #16 * 5]
    stp     x12, x13, [sp, #16 * 6]
    stp     x14, x15, [sp, #16 * 7]
    stp     x16, x17, [sp, #16 * 8]
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
    stp     x22, x23, [sp, #TRAP_FRAME_PC]
    mrs     x24, esr_el1
.if \with_far
    mrs     x25, far_el1
    stp     x24, x25, [sp, #TRAP_FRAME_ESR]
.else
    str     x24, [sp, #TRAP_FRAME_ESR]
.endif
.endm

/*
 * The kernel lock (smp.h), taken and released inline on the entry and exit
 * paths. Each place is a "site": an instruction that branches into the
 * locking code, and the place to go to without it. With one CPU online,
 * smp_start_cpus() rewrites each site into a branch to the latter
 * (kernel_lock_sites_off), so a uniprocessor pays one branch for it.
 */
.macro lock_site site, without
    .pushsection .kernel_lock_sites, "a"
    .balign 8
    .quad   \site, \without
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

/*
 * lock=1: an entry that takes the kernel lock (from user mode, or in idle's
 * wait), out of line: the slot has no room for it.
 */
.macro vector handler, lock=0
    .balign 0x80
0:  save_frame
.if \lock
8:  b       \handler\()_lock
    lock_site 8b, \handler\()_go
.else
    mov     x0, sp
    mov     x29, xzr            // end of the backtrace chain
    bl      \handler
    b       trap_return
.endif
    .if (. - 0b) > 0x80
    .error "vector does not fit its 0x80-byte slot"
    .endif
.endm

// The rest of a lock=1 vector.
.macro locked_entry handler
\handler\()_lock:
    kernel_lock_inline
\handler\()_go:
    mov     x0, sp
    mov     x29, xzr            // end of the backtrace chain
    bl      \handler
    b       trap_return
.endm

/*
 * From user mode, synchronous. A system call (svc) goes straight to
 * syscall_entry, anything else to trap_user_sync, which reads FAR itself.
 * Both return the frame to leave through, which the IPC fast path makes
 * the partner's: then sp moves to the top of the partner's kernel stack
 * and this stack is given up (ipc_fastpath.c).
 */
.macro user_sync_vector
    .balign 0x80
0:  save_frame with_far=0
8:  b       user_sync_lock
    lock_site 8b, user_sync_go
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
user_sync_lock:
    kernel_lock_inline
user_sync_go:
    mov     x0, sp
    mov     x29, xzr
    lsr     x24, x24, #26       // ESR_EL1.EC
    cmp     x24, #0x15          // SVC from AArch64
    b.ne    user_sync_other
    bl      syscall_entry
    mov     sp, x0
    b       trap_return

    locked_entry trap_irq
    locked_entry trap_user_aarch32

// Not a system call: fault, FP trap, undefined instruction (x0 = frame).
user_sync_other:
    bl      trap_user_sync
    mov     sp, x0
    b       trap_return

    .globl trap_return
// Every way out of the kernel holds the kernel lock; the frame is ours alone after it.
trap_return:
8:  adrp    x0, kernel_lock_word
    add     x0, x0, :lo12:kernel_lock_word
    stlr    wzr, [x0]           // release: what we wrote is seen by the next holder
    lock_site 8b, 9f
9:
    ldp     x22, x23, [sp, #TRAP_FRAME_PC]
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
