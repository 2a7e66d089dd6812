/* SPDX-License-Identifier: MIT */
/*
 * Entry of l4re (doc/l4re.md): moe starts us with sp at the initial block
 * (argc, argv, envp, auxv). That block may be small, so we switch to our
 * own stack in .bss (moe maps the whole image eagerly) and pass the block
 * to l4re_main(), which never returns.
 */
    .section .text.start, "ax", %progbits
    .global _start
    .type   _start, %function
_start:
    mov     x0, sp
    adrp    x9, l4re_stack_top
    add     x9, x9, :lo12:l4re_stack_top
    mov     sp, x9
    mov     x29, #0
    mov     x30, #0
    bl      l4re_main
1:  b       1b
    .size   _start, . - _start

    .section .bss.l4re_stack, "aw", %nobits
    .balign 16
    .space  32768
l4re_stack_top:
