/* SPDX-License-Identifier: MIT */
/*
 * sigma0: the first user program and the root pager. It reports the free
 * RAM it owns, builds its page-owner table and then serves the sigma0
 * protocol and its clients' page faults (proto.c). With --heartbeat=<ms>
 * it also prints a numbered line every <ms> (the boot tests use that to see
 * the system is still alive after a root task failed). doc/sigma0.md.
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

    if (memmap_init(kip) < 0) {
        kd_printf("sigma0: no room for the page-owner table, not serving memory\n");
        memmap_dump(kip);
    }
    sigma0_serve(kip, opt.heartbeat_ms, (int)opt.verbose);
    return 0; /* not reached */
}
