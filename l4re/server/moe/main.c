/* SPDX-License-Identifier: MIT */
/*
 * moe, the root task: takes its first RAM from sigma0, builds the root
 * allocator, the root and rom namespaces and the KIP dataspace, starts the
 * init program (--init=rom/prog, default rom/ned) through rom/l4re and then
 * serves every object forever (server.c). A failed start is reported and
 * moe keeps serving. The design: doc/moe.md, doc/runtime.md.
 */
#include <l4/crt0.h>
#include <l4/re/c/namespace.h>
#include <l4/sys/thread.h>
#include <l4/util/bootinfo.h>
#include "moe.h"

#define DEFAULT_FACTORY_QUOTA (2UL << 20)

struct moe_options moe_opt = {
    .init = "rom/ned",
    .factory_quota = DEFAULT_FACTORY_QUOTA,
};
l4_kernel_info_t *moe_kip;

/* Root allocator, namespaces, KIP dataspace and the rom modules. */
static int setup_objects(void)
{
    moe_root_alloc = alloc_create(NULL, ~0UL);
    moe_root_ns = ns_create(NULL, 0);
    moe_rom_ns = ns_create(NULL, 1);
    moe_kip_ds = ds_create_phys(DS_KIP, (l4_addr_t)moe_kip, L4_PAGESIZE);
    if (!moe_root_alloc || !moe_root_ns || !moe_rom_ns || !moe_kip_ds) {
        return -L4_ENOMEM;
    }
    obj_name(ns_obj(moe_rom_ns), "ns:", "rom");
    obj_name(&moe_kip_ds->obj, "kip", "");
    ns_add(moe_root_ns, "rom", 3, ns_obj(moe_rom_ns), L4_INVALID_CAP, L4RE_NS_REGISTER_RO);
    boot_fs_init();
    return 0;
}

int l4_main(l4_kernel_info_t *kip)
{
    unsigned long total, free;
    unsigned len;

    moe_kip = kip;
    /* Our faults (there should be none) go to sigma0. */
    l4_thread_control_start();
    l4_thread_control_pager(L4_BASE_PAGER_CAP);
    l4_thread_control_commit(L4_BASE_THREAD_CAP);

    moe_parse_cmdline(l4util_l4mod_cmdline(kip, L4UTIL_L4MOD_MOD_FLAG_ROOTTASK));
    if (pages_init() < 0 || setup_objects() < 0) {
        kd_printf("moe: no memory from sigma0, stopping\n");
        return 1;
    }
    pages_stats(&total, &free);
    for (len = 0; moe_opt.init[len] && moe_opt.init[len] != ' '; ++len) {
    }
    kd_printf("moe: root task running, init '%.*s'\n", (int)len, moe_opt.init);
    moe_dbg(MOE_DBG_INFO, "moe: %lu KiB from sigma0, %lu KiB free\n", total >> 10, free >> 10);
    app_start_init();
    moe_serve();
    return 0;
}
