/* SPDX-License-Identifier: MIT */
/*
 * The arm64 system-call stub as a callable function, for assembly code and
 * for callers that prefer a real call over the inline l4_ipc():
 *     result = __l4_sys_syscall(tag, label, selector | L4_SYSF_*, timeout)
 * Arguments arrive in x0..x3 exactly where the kernel wants them, and the
 * kernel leaves the result tag in x0 and the label in x1, which AAPCS64
 * returns as a 16-byte struct. Weak, so a program may supply its own
 * (e.g. one that jumps to the KIP's stub). Convention: doc/abi.md.
 */
    .section .text.__l4_sys_syscall, "ax", %progbits
    .weak   __l4_sys_syscall
    .type   __l4_sys_syscall, %function
    .balign 8
__l4_sys_syscall:
    svc     #0
    ret
    .size   __l4_sys_syscall, . - __l4_sys_syscall
