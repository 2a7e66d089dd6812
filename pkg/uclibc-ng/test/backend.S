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

    // NPTL's futex calls (patches/0004): a C function with futex(2)'s arguments; x8 is
    // free in the C convention, so it becomes the call number and the call goes on as
    // any other.
    .global __futex_backend
    .type   __futex_backend, %function
__futex_backend:
    mov     x8, #98                 // asm-generic __NR_futex
    b       __syscall_backend
    .size   __futex_backend, . - __futex_backend

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
