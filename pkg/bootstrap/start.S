/* SPDX-License-Identifier: MIT */
/*
 * bootstrap's entry: the first instruction branches over struct
 * bootstrap_header (include/boot_image.h), which the host packer patches with
 * the archive address. Then it masks interrupts, enables FP/SIMD access at the
 * current exception level, switches to its own stack in .bss, zeroes .bss and
 * calls bootstrap_main(x0 from the loader, EL). It never changes the EL: the
 * kernel drops from EL2 itself. boot_jump() is the hand-over to the kernel.
 * See doc/bootstrap.md.
 */

/* The header fields; the layout is asserted against struct bootstrap_header in main.c. */
#define HEADER_MAGIC    0x5244484f4f42344c /* BOOTSTRAP_HEADER_MAGIC, "L4BOOHDR" */

#define STACK_SIZE      (16 * 1024)
#define CPACR_FPEN      (3 << 20)   /* ARM DDI 0487 D13.2.30: no FP/SIMD traps from EL0/EL1 */
#define CPTR_EL2_TFP    (1 << 10)   /* ARM DDI 0487 D13.2.31: trap FP/SIMD to EL2 */

    .section .entry, "ax"
    .global _start
    .global bootstrap_header
_start:
bootstrap_header:
    b       real_start
    .word   0                       /* reserved */
    .quad   HEADER_MAGIC
    .quad   0                       /* archive_addr, patched by the packer */
    .quad   0                       /* archive_size, patched by the packer */

real_start:
    msr     daifset, #0xf
    mov     x19, x0                 /* a loader's device tree pointer (0 from QEMU) */
    mrs     x20, CurrentEL
    ubfx    x20, x20, #2, #2
    cmp     x20, #2
    b.eq    1f
    cmp     x20, #1
    b.ne    2f                      /* EL3: main() reports it; it needs no FP */
    mrs     x0, cpacr_el1
    orr     x0, x0, #CPACR_FPEN
    msr     cpacr_el1, x0
    b       2f
1:  mrs     x0, cptr_el2
    bic     x0, x0, #CPTR_EL2_TFP
    msr     cptr_el2, x0
2:  isb
    adrp    x0, stack_top
    add     x0, x0, :lo12:stack_top
    mov     sp, x0
    adrp    x0, __bss_start
    add     x0, x0, :lo12:__bss_start
    adrp    x1, __bss_end
    add     x1, x1, :lo12:__bss_end
3:  cmp     x0, x1                  /* both 16-byte aligned (linker script) */
    b.hs    4f
    stp     xzr, xzr, [x0], #16
    b       3b
4:  mov     x0, x19
    mov     x1, x20
    bl      bootstrap_main
5:  wfe
    b       5b

/*
 * void boot_jump(uint64_t entry, uint64_t kip): enter the kernel at its
 * physical entry with x0 = KIP, x1..x3 = 0, MMU off, DAIF still masked, same
 * EL. The instruction cache is invalidated because we just wrote its code.
 */
    .text
    .global boot_jump
    .type boot_jump, %function
boot_jump:
    mov     x16, x0
    mov     x0, x1
    mov     x1, xzr
    mov     x2, xzr
    mov     x3, xzr
    dsb     sy
    ic      iallu
    dsb     sy
    isb
    br      x16
    .size boot_jump, . - boot_jump

    .section .bss.stack, "aw", %nobits
    .balign 16
stack_bottom:
    .space  STACK_SIZE
stack_top:
