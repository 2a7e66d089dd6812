/* SPDX-License-Identifier: MIT */
/*
 * Entry of the first programs (sigma0, root tasks): the kernel starts a
 * thread here with x0 = KIP address, x1 = the KIP's syscall stub word and
 * sp = 0 (doc/abi.md). We set up a 16 KiB stack in .bss, clear the frame
 * chain and call __l4_start(kip) in start.c, which never returns. .bss is
 * already zero: bootstrap clears it when it loads the image.
 */
    .section .text.start, "ax", %progbits
    .global _start
    .type   _start, %function
_start:
    adrp    x9, __l4_stack_top
    add     x9, x9, :lo12:__l4_stack_top
    mov     sp, x9
    mov     x29, #0             /* end of the frame-pointer chain */
    mov     x30, #0
    bl      __l4_start          /* x0 = KIP */
1:  b       1b                  /* not reached */
    .size   _start, . - _start

    .section .bss.l4_stack, "aw", %nobits
    .balign 16
__l4_stack:
    .space  16384
__l4_stack_top:
