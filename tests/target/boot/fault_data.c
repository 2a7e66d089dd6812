/* SPDX-License-Identifier: MIT */
/*
 * Root task that writes to an unmapped address. The root task has no
 * pager yet, so the kernel must report the fault (naming the task and the
 * address) and stop only this thread; sigma0's heartbeat shows the system
 * lives on. Spec: fault-data.test.
 */
#include <l4/crt0.h>
#include <l4/sys/kdebug.h>

#define FAULT_ADDR 0xdead0000UL

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    l4_kd_outstring("fault_data: touching 0xdead0000\n");
    *(volatile unsigned long *)FAULT_ADDR = 1;
    l4_kd_outstring("fault_data: still running after the fault (wrong)\n");
    return 1;
}
