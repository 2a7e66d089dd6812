/* SPDX-License-Identifier: MIT */
/*
 * C side of program start-up and exit for programs without a C library.
 * Exit cannot end the task yet (no parent to tell, no task deletion), so
 * l4_exit() reports the code on the kernel console and then blocks in a
 * receive from nobody with an infinite timeout.
 */
#include <l4/crt0.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kdebug.h>

l4_kernel_info_t *l4_global_kip;

void l4_exit(int code)
{
    l4_kd_outstring("exit: code ");
    l4_kd_outdec(code);
    l4_kd_outstring("\n");
    for (;;) {
        l4_ipc_sleep(L4_IPC_NEVER);
    }
}

void __l4_start(l4_kernel_info_t *kip)
{
    l4_global_kip = kip;
    l4_exit(l4_main(kip));
}
