// SPDX-License-Identifier: MIT
// __syscall_backend: where every uClibc-ng system call arrives (`bl`, x8 = Linux number,
// x0..x5 = arguments; doc/decisions/0001-libc-syscall-backend.md). The call sites name
// only x16, x17, x30 and the flags as clobbered, so this entry saves every other
// caller-saved register, all 128 bits of the FP/SIMD registers and FPSR, before it calls
// the C dispatcher: the dispatcher is built without FP, but the libc and L4Re functions it
// calls (memset, memcpy) do use q-registers. The result stays in x0.

    // Frame: x29/x30, x1..x15, x18, FPSR (+pad) = 160 bytes, then q0..q31 = 512 bytes.
    .equ    BE_GPR_SIZE, 160
    .equ    BE_FRAME, BE_GPR_SIZE + 512

    .text
    .global __syscall_backend
    .type   __syscall_backend, %function
    .balign 16
__syscall_backend:
    .cfi_startproc                  // unwind info: a thread cancelled in a blocking
    sub     sp, sp, #BE_FRAME       // call unwinds through this frame (futex.c)
    .cfi_def_cfa_offset BE_FRAME
    stp     x29, x30, [sp, #0]
    .cfi_offset x29, -BE_FRAME
    .cfi_offset x30, -BE_FRAME + 8
    mov     x29, sp
    stp     x1, x2, [sp, #16]
    stp     x3, x4, [sp, #32]
    stp     x5, x6, [sp, #48]
    stp     x7, x8, [sp, #64]
    stp     x9, x10, [sp, #80]
    stp     x11, x12, [sp, #96]
    stp     x13, x14, [sp, #112]
    stp     x15, x18, [sp, #128]
    mrs     x16, fpsr
    str     x16, [sp, #144]
    add     x16, sp, #BE_GPR_SIZE
    stp     q0, q1, [x16, #0]
    stp     q2, q3, [x16, #32]
    stp     q4, q5, [x16, #64]
    stp     q6, q7, [x16, #96]
    stp     q8, q9, [x16, #128]
    stp     q10, q11, [x16, #160]
    stp     q12, q13, [x16, #192]
    stp     q14, q15, [x16, #224]
    stp     q16, q17, [x16, #256]
    stp     q18, q19, [x16, #288]
    stp     q20, q21, [x16, #320]
    stp     q22, q23, [x16, #352]
    stp     q24, q25, [x16, #384]
    stp     q26, q27, [x16, #416]
    stp     q28, q29, [x16, #448]
    stp     q30, q31, [x16, #480]

    mov     x6, x8                  // be_dispatch(a0, ..., a5, nr)
    bl      be_dispatch

    add     x16, sp, #BE_GPR_SIZE
    ldp     q0, q1, [x16, #0]
    ldp     q2, q3, [x16, #32]
    ldp     q4, q5, [x16, #64]
    ldp     q6, q7, [x16, #96]
    ldp     q8, q9, [x16, #128]
    ldp     q10, q11, [x16, #160]
    ldp     q12, q13, [x16, #192]
    ldp     q14, q15, [x16, #224]
    ldp     q16, q17, [x16, #256]
    ldp     q18, q19, [x16, #288]
    ldp     q20, q21, [x16, #320]
    ldp     q22, q23, [x16, #352]
    ldp     q24, q25, [x16, #384]
    ldp     q26, q27, [x16, #416]
    ldp     q28, q29, [x16, #448]
    ldp     q30, q31, [x16, #480]
    ldr     x16, [sp, #144]
    msr     fpsr, x16
    ldp     x1, x2, [sp, #16]
    ldp     x3, x4, [sp, #32]
    ldp     x5, x6, [sp, #48]
    ldp     x7, x8, [sp, #64]
    ldp     x9, x10, [sp, #80]
    ldp     x11, x12, [sp, #96]
    ldp     x13, x14, [sp, #112]
    ldp     x15, x18, [sp, #128]
    ldp     x29, x30, [sp, #0]
    add     sp, sp, #BE_FRAME
    .cfi_def_cfa_offset 0
    ret
    .cfi_endproc
    .size   __syscall_backend, . - __syscall_backend

    .section .note.GNU-stack, "", %progbits
