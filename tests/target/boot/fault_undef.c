/* SPDX-License-Identifier: MIT */
/*
 * Root task that executes an EL1-only instruction (MRS SCTLR_EL1). At EL0
 * that is an undefined-instruction exception, which proves the program
 * really runs in user mode; the kernel must report it and stop the thread.
 * Spec: fault-undef.test.
 */
#include <l4/crt0.h>
#include <l4/sys/kdebug.h>

int l4_main(l4_kernel_info_t *kip)
{
    unsigned long v;

    (void)kip;
    l4_kd_outstring("fault_undef: reading sctlr_el1 from EL0\n");
    __asm__ volatile("mrs %0, sctlr_el1" : "=r"(v));
    l4_kd_outstring("fault_undef: read sctlr_el1 at EL0 (wrong)\n");
    return (int)(v & 1);
}
