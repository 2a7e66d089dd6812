// SPDX-License-Identifier: MIT
/*
 * PSCI SYSTEM_OFF (function id 0x84000008, ARM DEN 0022). The conduit is
 * HVC when the kernel was entered at EL1 (QEMU's firmware emulation sits at
 * EL2) and SMC when it was entered at EL2 (virtualization=on); main.c
 * records which.
 */
#include <bsp/power.h>

int psci_use_smc;

void bsp_power_off(void)
{
    if (psci_use_smc) {
        __asm__ volatile("mov x0, #0x84000000\n movk x0, #8\n smc #0" ::: "x0", "memory");
    } else {
        __asm__ volatile("mov x0, #0x84000000\n movk x0, #8\n hvc #0" ::: "x0", "memory");
    }
    for (;;) {
        __asm__ volatile("wfi");
    }
}
