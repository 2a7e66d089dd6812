// SPDX-License-Identifier: MIT
// __syscall_backend: where every uClibc-ng system call arrives (`bl`, x8 = Linux number,
// x0..x5 = arguments; doc/decisions/0001-libc-syscall-backend.md). The call sites name
// only x16, x17, x30 and the flags as clobbered, so this entry saves every other
// caller-saved register, all 128 bits of the FP/SIMD registers and FPSR, before it calls
// the C dispatcher: the dispatcher is built without FP, but the libc and L4Re functions it
// calls (memset, memcpy) do use q-registers. The result stays in x0.
// NPTL's futex calls do not come here: they call futex.c's __futex_backend, a C
// function (pkg/uclibc-ng/patches/0004); its signal handlers, which may use FP, are
// called through be_call_handler, which saves the FP/SIMD registers around them.

    // op (stp or ldp) on q0..q31 at base: save and restore are one list.
    .macro  q_regs op, base
    \op     q0, q1, [\base, #0]
    \op     q2, q3, [\base, #32]
    \op     q4, q5, [\base, #64]
    \op     q6, q7, [\base, #96]
    \op     q8, q9, [\base, #128]
    \op     q10, q11, [\base, #160]
    \op     q12, q13, [\base, #192]
    \op     q14, q15, [\base, #224]
    \op     q16, q17, [\base, #256]
    \op     q18, q19, [\base, #288]
    \op     q20, q21, [\base, #320]
    \op     q22, q23, [\base, #352]
    \op     q24, q25, [\base, #384]
    \op     q26, q27, [\base, #416]
    \op     q28, q29, [\base, #448]
    \op     q30, q31, [\base, #480]
    .endm

    // op on x1..x15 and x18 in the frame at sp.
    .macro  x_regs op
    \op     x1, x2, [sp, #16]
    \op     x3, x4, [sp, #32]
    \op     x5, x6, [sp, #48]
    \op     x7, x8, [sp, #64]
    \op     x9, x10, [sp, #80]
    \op     x11, x12, [sp, #96]
    \op     x13, x14, [sp, #112]
    \op     x15, x18, [sp, #128]
    .endm

    // Frame: x29/x30, x1..x15, x18, FPSR (+pad) = 160 bytes, then q0..q31 = 512 bytes.
    .equ    BE_GPR_SIZE, 160
    .equ    BE_FRAME, BE_GPR_SIZE + 512

    // A frame of \size bytes: fp/lr at its base (a frame record, with unwind info), then
    // the general registers the ABI lets a callee change (x_regs). leave_frame undoes it.
    .macro  enter_frame size
    sub     sp, sp, #\size
    .cfi_def_cfa_offset \size
    stp     x29, x30, [sp, #0]
    .cfi_offset x29, -\size
    .cfi_offset x30, -\size + 8
    mov     x29, sp
    x_regs  stp
    .endm

    .macro  leave_frame size
    x_regs  ldp
    ldp     x29, x30, [sp, #0]
    add     sp, sp, #\size
    .cfi_def_cfa_offset 0
    .endm

    .text
    .global __syscall_backend
    .type   __syscall_backend, %function
    .balign 16
__syscall_backend:
    .cfi_startproc                  // unwind info: a thread cancelled in a blocking
    enter_frame BE_FRAME            // call unwinds through this frame (signal.c)
    mrs     x16, fpsr
    str     x16, [sp, #144]
    add     x16, sp, #BE_GPR_SIZE
    q_regs  stp, x16

    mov     x6, x8                  // be_dispatch(a0, ..., a5, nr)
    bl      be_dispatch

    add     x16, sp, #BE_GPR_SIZE
    q_regs  ldp, x16
    ldr     x16, [sp, #144]
    msr     fpsr, x16
    leave_frame BE_FRAME
    ret
    .cfi_endproc
    .size   __syscall_backend, . - __syscall_backend

    // be_call_handler(handler, sig, info): handler(sig, info, NULL) with every FP/SIMD
    // register and FPSR/FPCR kept, for the calls that came without this entry (futex.c's
    // C functions).
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
    q_regs  stp, x16
    mov     x16, x0
    mov     x0, x1
    mov     x1, x2
    mov     x2, #0
    blr     x16
    add     x16, sp, #BE_GPR_SIZE
    q_regs  ldp, x16
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
