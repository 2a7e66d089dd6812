/* SPDX-License-Identifier: MIT */
/*
 * The first thing to boot (`make qemu E=hello-kernel`): a root task that
 * prints one line through the kernel debugger object. No runtime, no C
 * library: only the l4sys bindings and the start code.
 */
#include <l4/crt0.h>
#include <l4/sys/kdebug.h>

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    l4_kd_outstring("Hello World!\n");
    return 0;
}
