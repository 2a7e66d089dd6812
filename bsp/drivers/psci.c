// SPDX-License-Identifier: MIT
/*
 * Power off and reset through PSCI (ARM DEN 0022D, 5.1.9 SYSTEM_OFF = 0x84000008,
 * 5.1.10 SYSTEM_RESET = 0x84000009; neither returns on success). The conduit is
 * HVC when the kernel was entered at EL1 (QEMU's firmware emulation sits at EL2)
 * and SMC when it was entered at EL2 (virtualization=on); main.c records which.
 */
#include <bsp/power.h>

#define PSCI_SYSTEM_OFF   0x84000008UL
#define PSCI_SYSTEM_RESET 0x84000009UL
#define PSCI_CPU_ON_64    0xc4000003UL /* 5.1.4: target MPIDR, entry point, context id */

int psci_use_smc;

static void __attribute__((noreturn)) psci_system_call(unsigned long fn)
{
    register unsigned long x0 __asm__("x0") = fn;

    if (psci_use_smc) {
        __asm__ volatile("smc #0" : "+r"(x0) : : "memory");
    } else {
        __asm__ volatile("hvc #0" : "+r"(x0) : : "memory");
    }
    /* only a firmware without the call gets here: stop this CPU */
    for (;;) {
        __asm__ volatile("wfi");
    }
}

int bsp_cpu_on(uint64_t hw_id, uint64_t entry, uint64_t arg)
{
    register unsigned long x0 __asm__("x0") = PSCI_CPU_ON_64;
    register unsigned long x1 __asm__("x1") = hw_id;
    register unsigned long x2 __asm__("x2") = entry;
    register unsigned long x3 __asm__("x3") = arg;

    if (psci_use_smc) {
        __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    } else {
        __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3) : : "memory");
    }
    return (int)(long)x0;
}

void bsp_power_off(void)
{
    psci_system_call(PSCI_SYSTEM_OFF);
}

void bsp_reset(void)
{
    psci_system_call(PSCI_SYSTEM_RESET);
}
