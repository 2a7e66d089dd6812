/* SPDX-License-Identifier: MIT */
/*
 * sigma0, foundation version: the first user program. It proves that user
 * mode, the kernel debug console, the KIP and timeouts work, and reports
 * the free RAM it will own. It does not serve the sigma0 protocol yet
 * (TODO(#4)): with --heartbeat=<ms> it prints a numbered line every <ms>
 * (the boot tests use that to see the system is still alive after a root
 * task failed), otherwise it blocks forever.
 */
#include <l4/crt0.h>
#include <l4/sys/ipc.h>
#include <l4/util/bootinfo.h>
#include <l4/util/kd_printf.h>
#include "sigma0.h"

static unsigned count_modules(l4_kernel_info_t *kip)
{
    l4util_l4mod_info const *info = l4util_l4mod_list(kip);

    return info ? info->mods_count : 0;
}

static void heartbeat(unsigned long ms)
{
    l4_timeout_t to = l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(ms * 1000ULL));
    unsigned long n;

    for (n = 1;; ++n) {
        l4_ipc_sleep(to);
        kd_printf("sigma0: heartbeat %lu\n", n);
    }
}

int l4_main(l4_kernel_info_t *kip)
{
    struct sigma0_options opt;

    kd_printf("sigma0: running in user mode, KIP at %p\n", (void *)kip);
    if (kip->magic != L4_KERNEL_INFO_MAGIC) {
        kd_printf("sigma0: bad KIP magic 0x%x, stopping\n", kip->magic);
        return 1;
    }
    sigma0_parse_cmdline(l4util_l4mod_cmdline(kip, L4UTIL_L4MOD_MOD_FLAG_SIGMA0), &opt);
    if (opt.verbose) {
        memmap_dump(kip);
    }
    kd_printf("sigma0: %llu MiB free RAM, %u boot modules\n", memmap_free_bytes(kip) >> 20,
              count_modules(kip));

    /* TODO(#4): take ownership of free RAM and serve the sigma0 protocol
     * (page faults and SIGMA0_REQ_* from the root task) here. */
    if (opt.heartbeat_ms) {
        heartbeat(opt.heartbeat_ms);
    }
    for (;;) {
        l4_ipc_sleep(L4_IPC_NEVER);
    }
}
