// SPDX-License-Identifier: MIT
// __syscall_backend: where every uClibc-ng system call arrives (`bl`, x8 = Linux number,
// x0..x5 = arguments; doc/decisions/0001-libc-syscall-backend.md). The call sites name
// only x16, x17, x30 and the flags as clobbered, so this entry saves every other
// caller-saved register, all 128 bits of the FP/SIMD registers and FPSR, before it calls
// the C dispatcher: the dispatcher is built without FP, but the libc and L4Re functions it
// calls (memset, memcpy) do use q-registers. The result stays in x0.
// futex, the call of every contended lock and condition variable, takes a shorter way:
// its C code (futex.c, lock.c, time.c) calls no FP-using function, so only the
// general registers are saved; signal handlers, which may use FP, are called through
// be_call_handler, which saves the FP/SIMD registers around them.

    .equ    BE_NR_FUTEX, 98         // asm-generic __NR_futex

    .macro  save_q base
    stp     q0, q1, [\base, #0]
    stp     q2, q3, [\base, #32]
    stp     q4, q5, [\base, #64]
    stp     q6, q7, [\base, #96]
    stp     q8, q9, [\base, #128]
    stp     q10, q11, [\base, #160]
    stp     q12, q13, [\base, #192]
    stp     q14, q15, [\base, #224]
    stp     q16, q17, [\base, #256]
    stp     q18, q19, [\base, #288]
    stp     q20, q21, [\base, #320]
    stp     q22, q23, [\base, #352]
    stp     q24, q25, [\base, #384]
    stp     q26, q27, [\base, #416]
    stp     q28, q29, [\base, #448]
    stp     q30, q31, [\base, #480]
    .endm

    .macro  load_q base
    ldp     q0, q1, [\base, #0]
    ldp     q2, q3, [\base, #32]
    ldp     q4, q5, [\base, #64]
    ldp     q6, q7, [\base, #96]
    ldp     q8, q9, [\base, #128]
    ldp     q10, q11, [\base, #160]
    ldp     q12, q13, [\base, #192]
    ldp     q14, q15, [\base, #224]
    ldp     q16, q17, [\base, #256]
    ldp     q18, q19, [\base, #288]
    ldp     q20, q21, [\base, #320]
    ldp     q22, q23, [\base, #352]
    ldp     q24, q25, [\base, #384]
    ldp     q26, q27, [\base, #416]
    ldp     q28, q29, [\base, #448]
    ldp     q30, q31, [\base, #480]
    .endm

    .macro  save_x
    stp     x1, x2, [sp, #16]
    stp     x3, x4, [sp, #32]
    stp     x5, x6, [sp, #48]
    stp     x7, x8, [sp, #64]
    stp     x9, x10, [sp, #80]
    stp     x11, x12, [sp, #96]
    stp     x13, x14, [sp, #112]
    stp     x15, x18, [sp, #128]
    .endm

    .macro  load_x
    ldp     x1, x2, [sp, #16]
    ldp     x3, x4, [sp, #32]
    ldp     x5, x6, [sp, #48]
    ldp     x7, x8, [sp, #64]
    ldp     x9, x10, [sp, #80]
    ldp     x11, x12, [sp, #96]
    ldp     x13, x14, [sp, #112]
    ldp     x15, x18, [sp, #128]
    .endm

    // Frame: x29/x30, x1..x15, x18, FPSR (+pad) = 160 bytes, then q0..q31 = 512 bytes.
    .equ    BE_GPR_SIZE, 160
    .equ    BE_FRAME, BE_GPR_SIZE + 512

    .text
    .global __syscall_backend
    .type   __syscall_backend, %function
    .balign 16
__syscall_backend:
    .cfi_startproc                  // unwind info: a thread cancelled in a blocking
    cmp     x8, #BE_NR_FUTEX        // call unwinds through this frame (futex.c)
    b.eq    be_futex_entry
    sub     sp, sp, #BE_FRAME
    .cfi_def_cfa_offset BE_FRAME
    stp     x29, x30, [sp, #0]
    .cfi_offset x29, -BE_FRAME
    .cfi_offset x30, -BE_FRAME + 8
    mov     x29, sp
    save_x
    mrs     x16, fpsr
    str     x16, [sp, #144]
    add     x16, sp, #BE_GPR_SIZE
    save_q  x16

    mov     x6, x8                  // be_dispatch(a0, ..., a5, nr)
    bl      be_dispatch

    add     x16, sp, #BE_GPR_SIZE
    load_q  x16
    ldr     x16, [sp, #144]
    msr     fpsr, x16
    load_x
    ldp     x29, x30, [sp, #0]
    add     sp, sp, #BE_FRAME
    .cfi_def_cfa_offset 0
    ret
    .cfi_endproc
    .size   __syscall_backend, . - __syscall_backend

    // futex(2): general registers only (be_futex_call, futex.c).
    .type   be_futex_entry, %function
    .balign 16
be_futex_entry:
    .cfi_startproc
    sub     sp, sp, #BE_GPR_SIZE
    .cfi_def_cfa_offset BE_GPR_SIZE
    stp     x29, x30, [sp, #0]
    .cfi_offset x29, -BE_GPR_SIZE
    .cfi_offset x30, -BE_GPR_SIZE + 8
    mov     x29, sp
    save_x
    bl      be_futex_call
    load_x
    ldp     x29, x30, [sp, #0]
    add     sp, sp, #BE_GPR_SIZE
    .cfi_def_cfa_offset 0
    ret
    .cfi_endproc
    .size   be_futex_entry, . - be_futex_entry

    // be_call_handler(handler, sig, info): handler(sig, info, NULL) with every FP/SIMD
    // register and FPSR/FPCR kept, for the calls whose entry did not save them.
    .global be_call_handler
    .type   be_call_handler, %function
    .balign 16
be_call_handler:
    .cfi_startproc
    sub     sp, sp, #BE_FRAME
    .cfi_def_cfa_offset BE_FRAME
    stp     x29, x30, [sp, #0]
    .cfi_offset x29, -BE_FRAME
    .cfi_offset x30, -BE_FRAME + 8
    mov     x29, sp
    mrs     x16, fpsr
    mrs     x17, fpcr
    stp     x16, x17, [sp, #144]
    add     x16, sp, #BE_GPR_SIZE
    save_q  x16
    mov     x16, x0
    mov     x0, x1
    mov     x1, x2
    mov     x2, #0
    blr     x16
    add     x16, sp, #BE_GPR_SIZE
    load_q  x16
    ldp     x16, x17, [sp, #144]
    msr     fpsr, x16
    msr     fpcr, x17
    ldp     x29, x30, [sp, #0]
    add     sp, sp, #BE_FRAME
    .cfi_def_cfa_offset 0
    ret
    .cfi_endproc
    .size   be_call_handler, . - be_call_handler

    .section .note.GNU-stack, "", %progbits
