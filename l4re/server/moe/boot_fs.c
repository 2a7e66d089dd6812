/* SPDX-License-Identifier: MIT */
/*
 * The rom namespace: every plain boot module becomes a read-only dataspace
 * over its pages (moe has the module archive mapped 1:1), named by the
 * first word of its command line (the file's base name, doc/modules-list.md).
 * The device tree the boot loader got (KIP dt_addr, boot data) is rom/dtb:
 * io reads the platform's devices there.
 */
#include <l4/re/c/namespace.h>
#include <l4/util/bootinfo.h>
#include "moe.h"

#define FDT_MAGIC 0xd00dfeedU

static l4_uint32_t be32(void const *p)
{
    unsigned char const *b = p;

    return (l4_uint32_t)b[0] << 24 | (l4_uint32_t)b[1] << 16 | (l4_uint32_t)b[2] << 8 | b[3];
}

/* rom/dtb: the blob's totalsize bytes (header word 1) as a read-only dataspace. */
static void add_device_tree(void)
{
    void const *fdt = (void const *)(l4_addr_t)moe_kip->dt_addr;
    struct ds *d;

    if (!fdt || be32(fdt) != FDT_MAGIC) {
        return;
    }
    d = ds_create_phys(DS_ROM, moe_kip->dt_addr, be32((char const *)fdt + 4));
    if (!d || ns_add(moe_rom_ns, "dtb", 3, &d->obj, L4_INVALID_CAP, L4RE_NS_REGISTER_RO) < 0) {
        kd_printf("moe: cannot add the device tree to rom\n");
    }
}

void boot_fs_init(void)
{
    l4util_l4mod_info const *info = l4util_l4mod_list(moe_kip);
    l4util_l4mod_mod const *mods;
    unsigned i;

    add_device_tree();
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
        obj_name(&d->obj, "rom/", name); /* a boot module's dataspace: few, never freed */
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
