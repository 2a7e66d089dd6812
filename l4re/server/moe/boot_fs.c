/* SPDX-License-Identifier: MIT */
/*
 * The rom namespace: every plain boot module becomes a read-only dataspace
 * over its pages (moe has the module archive mapped 1:1), named by the
 * first word of its command line (the file's base name, doc/modules-list.md).
 */
#include <l4/re/c/namespace.h>
#include <l4/util/bootinfo.h>
#include "moe.h"

void boot_fs_init(void)
{
    l4util_l4mod_info const *info = l4util_l4mod_list(moe_kip);
    l4util_l4mod_mod const *mods;
    unsigned i;

    if (!info || !info->mods_addr) {
        return;
    }
    mods = (l4util_l4mod_mod const *)(l4_addr_t)info->mods_addr;
    for (i = 0; i < info->mods_count; ++i) {
        char const *name = (char const *)(l4_addr_t)mods[i].cmdline;
        unsigned len = 0;
        struct ds *d;

        if ((mods[i].flags & L4UTIL_L4MOD_MOD_FLAG_MASK) != L4UTIL_L4MOD_MOD_FLAG_UNSPEC || !name) {
            continue;
        }
        while (name[len] && name[len] != ' ') {
            ++len;
        }
        d = ds_create_phys(DS_ROM, mods[i].mod_start, mods[i].mod_end - mods[i].mod_start);
        if (!d || ns_add(moe_rom_ns, name, len, &d->obj, L4_INVALID_CAP,
                         L4RE_NS_REGISTER_RO) < 0) {
            kd_printf("moe: cannot add boot module '%.*s' to rom\n", (int)len, name);
            continue;
        }
        moe_dbg(MOE_DBG_BOOT, "moe: rom/%.*s: 0x%llx-0x%llx\n", (int)len, name,
                (unsigned long long)mods[i].mod_start, (unsigned long long)mods[i].mod_end);
    }
}

struct ds *boot_fs_find(char const *name, unsigned len)
{
    struct obj *o;
    l4_cap_idx_t cap;
    unsigned flags;

    if (ns_resolve(moe_rom_ns, name, len, &o, &cap, &flags) < 0 || !o || o->kind != OBJ_DS) {
        return NULL;
    }
    return (struct ds *)o;
}
