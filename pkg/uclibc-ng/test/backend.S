// SPDX-License-Identifier: MIT
// The syscall backend of the check-libc test, which runs under qemu-aarch64 (Linux user
// mode): it forwards each call to the emulated Linux kernel with `svc #0`, after counting
// it and marking its number in a table, so the test can prove that libc's system calls
// arrive here. It keeps the convention of doc/decisions/0001-libc-syscall-backend.md:
// x8 = number, x0..x6 = arguments, x0 = result or -errno; only x16, x17 and the flags are
// used as scratch (Linux's svc preserves every other register).

    .equ    BACKEND_MAX_NR, 512

    .text
    .global __syscall_backend
    .type   __syscall_backend, %function
__syscall_backend:
    adrp    x16, backend_calls
    ldr     x17, [x16, :lo12:backend_calls]
    add     x17, x17, #1
    str     x17, [x16, :lo12:backend_calls]
    cmp     x8, #BACKEND_MAX_NR
    b.hs    1f
    adrp    x16, backend_seen
    add     x16, x16, :lo12:backend_seen
    mov     w17, #1
    strb    w17, [x16, x8]
1:  svc     #0
    ret
    .size   __syscall_backend, . - __syscall_backend

    // NPTL's futex calls (patches/0004): C functions, so x8 and x2..x5 are free; each
    // becomes futex(2) (call number 98) and goes on as any other call.
    .equ    NR_FUTEX, 98
    .equ    FUTEX_WAIT, 0
    .equ    FUTEX_WAKE, 1
    .equ    FUTEX_WAKE_OP, 5
    .equ    FUTEX_OP_CLEAR_WAKE_IF_GT_ONE, (4 << 24) | 1

    .global __futex_backend         // futex(2)'s own arguments
    .type   __futex_backend, %function
__futex_backend:
    mov     x8, #NR_FUTEX
    b       __syscall_backend
    .size   __futex_backend, . - __futex_backend

    .global __futex_wait            // (uaddr, val): FUTEX_WAIT, no timeout
    .type   __futex_wait, %function
__futex_wait:
    mov     x2, x1
    mov     x1, #FUTEX_WAIT
    mov     x3, #0
    mov     x8, #NR_FUTEX
    b       __syscall_backend
    .size   __futex_wait, . - __futex_wait

    .global __futex_wake            // (uaddr, nr): FUTEX_WAKE
    .type   __futex_wake, %function
__futex_wake:
    mov     x2, x1
    mov     x1, #FUTEX_WAKE
    mov     x8, #NR_FUTEX
    b       __syscall_backend
    .size   __futex_wake, . - __futex_wake

    .global __futex_wake_unlock     // (uaddr, nr, nr2, uaddr2): FUTEX_WAKE_OP
    .type   __futex_wake_unlock, %function
__futex_wake_unlock:
    mov     x4, x3
    mov     x3, x2
    mov     x2, x1
    mov     x1, #FUTEX_WAKE_OP
    mov     x5, #(FUTEX_OP_CLEAR_WAKE_IF_GT_ONE & 0xffff)
    movk    x5, #(FUTEX_OP_CLEAR_WAKE_IF_GT_ONE >> 16), lsl #16
    mov     x8, #NR_FUTEX
    b       __syscall_backend
    .size   __futex_wake_unlock, . - __futex_wake_unlock

    .bss
    .balign 8
    .global backend_calls
    .type   backend_calls, %object
backend_calls:                      // unsigned long: calls so far
    .skip   8
    .size   backend_calls, 8
    .global backend_seen
    .type   backend_seen, %object
backend_seen:                       // unsigned char[512]: 1 = number was called
    .skip   BACKEND_MAX_NR
    .size   backend_seen, BACKEND_MAX_NR

    .section .note.GNU-stack, "", %progbits
