// SPDX-License-Identifier: MIT
/*
 * Kernel entry from bootstrap: x0 = physical address of the KIP, MMU off,
 * interrupts masked, at EL2 or EL1. Drops to EL1 if needed, zeroes .bss,
 * builds the boot translation table (one L0 + one L1 table of 1 GiB blocks,
 * shared by TTBR0 as identity map and TTBR1 as the linear map at
 * KERNEL_VOFFSET), switches the MMU on and continues in C at kmain() on the
 * high addresses. Register values from ARM DDI 0487 (D17.2: HCR_EL2, TCR_EL1,
 * MAIR_EL1, SCTLR_EL1). See doc/boot.md for the layout.
 *
 * Other CPUs (started by PSCI CPU_ON, smp.c) enter at _start_secondary with
 * x0 = their index: the same EL drop and MMU setup on the boot CPU's tables,
 * then smp_secondary_main() on the stack the boot CPU left in
 * secondary_boot_sp.
 */
#include <arch/mmu_defs.h>

    .section .text.head, "ax"
    .globl _start
_start:
    mov     x19, x0                 // KIP (physical)
    mov     x21, #0                 // the boot CPU
    b       el_setup

    .globl _start_secondary
_start_secondary:
    mov     x19, x0                 // CPU index
    mov     x21, #1

el_setup:
    mrs     x20, CurrentEL
    lsr     x20, x20, #2            // exception level we were entered at
    cmp     x20, #2
    b.ne    at_el1

    // EL2: let EL1 run AArch64 with its own timer and FP, then drop.
    mov     x2, #(1 << 31)          // HCR_EL2.RW: EL1 is AArch64
    msr     hcr_el2, x2
    mrs     x2, cnthctl_el2
    orr     x2, x2, #3              // EL1PCTEN | EL1PCEN: physical timer usable at EL1
    msr     cnthctl_el2, x2
    msr     cntvoff_el2, xzr
    mov     x2, #0x33ff             // CPTR_EL2: no FP/SIMD traps
    msr     cptr_el2, x2
    msr     vttbr_el2, xzr
    mrs     x2, id_aa64pfr0_el1
    ubfx    x2, x2, #24, #4         // GIC system register interface present?
    cbz     x2, 1f
    mrs     x2, S3_4_C12_C9_5       // ICC_SRE_EL2
    mov     x3, #0x9                // SRE | Enable: EL1 may use ICC_* registers
    orr     x2, x2, x3
    msr     S3_4_C12_C9_5, x2
    isb
1:  mov     x2, #0x3c5              // EL1h, DAIF masked
    msr     spsr_el2, x2
    adr     x2, at_el1
    msr     elr_el2, x2
    eret

at_el1:
    msr     daifset, #0xf
    mov     x2, #(1 << 20)          // CPACR_EL1.FPEN = 01: FP traps at EL0 (lazy switch)
    msr     cpacr_el1, x2
    isb
    cbnz    x21, mmu_on             // tables and .bss are the boot CPU's work

    adrp    x0, __bss_start
    adrp    x1, __bss_end
2:  cmp     x0, x1
    b.hs    3f
    stp     xzr, xzr, [x0], #16
    b       2b
3:
    adrp    x0, boot_l0
    adrp    x1, boot_l1
    orr     x2, x1, #PTE_TABLE
    str     x2, [x0]                // L0[0] -> L1 (both halves)
    ldr     x3, =BOOT_BLOCK_DEVICE
    str     x3, [x1]                // [0, 1 GiB): MMIO
    ldr     x3, =BOOT_BLOCK_NORMAL
    mov     x4, #(1 << 30)
    add     x3, x3, x4
    str     x3, [x1, #8]            // [1, 2 GiB): RAM
    add     x3, x3, x4
    str     x3, [x1, #16]           // [2, 3 GiB)
    add     x3, x3, x4
    str     x3, [x1, #24]           // [3, 4 GiB)

mmu_on:
    adrp    x0, boot_l0
    ldr     x2, =MAIR_VALUE
    msr     mair_el1, x2
    ldr     x2, =TCR_VALUE
    msr     tcr_el1, x2
    msr     ttbr0_el1, x0
    msr     ttbr1_el1, x0
    isb
    tlbi    vmalle1
    dsb     nsh
    isb
    mrs     x2, sctlr_el1
    ldr     x3, =SCTLR_SET
    orr     x2, x2, x3
    ldr     x3, =SCTLR_CLEAR
    bic     x2, x2, x3
    msr     sctlr_el1, x2
    isb
    ldr     x2, =high
    br      x2

high:
    ldr     x2, =vectors
    msr     vbar_el1, x2
    isb
    ldr     x2, =boot_stack_top
    cbz     x21, 5f
    ldr     x2, =secondary_boot_sp
    ldr     x2, [x2]
    mov     sp, x2
    mov     x29, xzr
    mov     x30, xzr
    mov     x0, x19
    bl      smp_secondary_main
    b       4f
5:  mov     sp, x2
    mov     x29, xzr
    mov     x30, xzr
    mov     x0, x19
    mov     x1, x20
    bl      kmain
4:  wfi
    b       4b

    .section .bss.boot, "aw", %nobits
    .balign 4096
    .globl boot_l0
boot_l0:
    .space 4096
boot_l1:
    .space 4096
    .balign 16
boot_stack:
    .space 4096
    .globl boot_stack_top
boot_stack_top:
