/* SPDX-License-Identifier: MIT */
/*
 * Entry of programs without a C library that l4re starts (doc/l4re.md):
 * sp points at argc, followed by argv, envp and the auxiliary vector, on a
 * stack l4re set up. We keep that stack, end the frame chain and hand the
 * block to __l4re_start() in start_l4re.c, which never returns.
 */
    .section .text.start, "ax", %progbits
    .global _start
    .type   _start, %function
_start:
    mov     x0, sp              /* the initial block: argc, argv, envp, auxv */
    mov     x29, #0
    mov     x30, #0
    bl      __l4re_start
1:  b       1b                  /* not reached */
    .size   _start, . - _start
