/* SPDX-License-Identifier: MIT */
/*
 * The KIP and boot info page. The KIP carries what the kernel cannot find
 * by itself: where sigma0 and the roottask start, where the device tree and
 * the module list are, and the memory descriptors (end inclusive): free RAM
 * as conventional, then the ranges inside it that are not free (kernel,
 * reserved, bootloader). The kernel fills the rest (version string, clock,
 * syscall code). Descriptors never exceed L4_KIP_MEM_DESC_MAX.
 */
#include <string.h>

#include <l4/sys/kip.h>
#include <l4/util/l4mod.h>

#include "console.h"
#include "kip_fill.h"
#include "memmap.h"

#define PLATFORM_NAME "arm64-virt"

_Static_assert(sizeof(PLATFORM_NAME) <= sizeof(((l4_kernel_info_t *)0)->platform_info.name),
               "platform name fits");
_Static_assert(sizeof(l4util_l4mod_info) + ARCHIVE_MAX_MODS * sizeof(l4util_l4mod_mod) <=
               PAGE_SIZE, "module list fits in the boot info page");
_Static_assert((int)BOOT_MOD_KERNEL == (int)L4UTIL_L4MOD_MOD_FLAG_KERNEL &&
               (int)BOOT_MOD_SIGMA0 == (int)L4UTIL_L4MOD_MOD_FLAG_SIGMA0 &&
               (int)BOOT_MOD_ROOTTASK == (int)L4UTIL_L4MOD_MOD_FLAG_ROOTTASK,
               "archive kinds are l4mod flags");

struct descs {
    l4_kernel_info_mem_desc_t *md;
    const char *what[L4_KIP_MEM_DESC_MAX];  /* for the boot log */
    unsigned count;
    int overflow;
};

static const char *const type_names[16] = {
    [L4_MEM_TYPE_CONVENTIONAL] = "conventional",
    [L4_MEM_TYPE_RESERVED] = "reserved",
    [L4_MEM_TYPE_BOOTLOADER] = "bootloader",
};

/* Add [start, end) as one descriptor. */
static void add(struct descs *d, uint64_t start, uint64_t end, unsigned type, unsigned sub,
                const char *what)
{
    if (d->count == L4_KIP_MEM_DESC_MAX) {
        d->overflow = 1;
        return;
    }
    d->what[d->count] = what;
    l4_kernel_info_set_mem_desc(&d->md[d->count++], start, end - 1, type, 0, sub);
}

static void add_image(struct descs *d, const struct elf_image *img, const char *what)
{
    for (unsigned i = 0; img && i < img->nseg; i++) {
        uint64_t start = img->seg[i].paddr;

        add(d, page_down(start), page_up(start + img->seg[i].memsz), L4_MEM_TYPE_BOOTLOADER, 0,
            what);
    }
}

static void print_descs(const struct descs *d)
{
    for (unsigned i = 0; i < d->count; i++) {
        const l4_kernel_info_mem_desc_t *md = &d->md[i];

        printf("  mem 0x%lx-0x%lx %-12s %s\n", l4_kernel_info_get_mem_desc_start(md),
               l4_kernel_info_get_mem_desc_end(md),
               type_names[l4_kernel_info_get_mem_desc_type(md)], d->what[i]);
    }
}

/* Returns the number of descriptors, or 0 if they do not fit. */
static unsigned fill_descs(l4_kernel_info_t *kip, const struct kip_input *in)
{
    static struct descs d;
    const struct mem_range *r;
    unsigned n;

    d.md = l4_kernel_info_get_mem_descs(kip);
    r = memmap_ram(&n);
    for (unsigned i = 0; i < n; i++) {
        add(&d, r[i].start, r[i].end, L4_MEM_TYPE_CONVENTIONAL, 0, "RAM");
    }
    add(&d, page_down(in->kernel->lo), in->kip + PAGE_SIZE, L4_MEM_TYPE_RESERVED,
        L4_MEM_RESERVED_KERNEL, "kernel and KIP");
    r = memmap_reserved(&n);
    for (unsigned i = 0; i < n; i++) {
        add(&d, r[i].start, r[i].end, L4_MEM_TYPE_RESERVED, 0, r[i].what);
    }
    add(&d, in->bootinfo, in->bootinfo + PAGE_SIZE, L4_MEM_TYPE_BOOTLOADER, 0, "boot info");
    add(&d, page_down(in->dt->addr), in->dt->end, L4_MEM_TYPE_BOOTLOADER, 0, "device tree");
    add_image(&d, in->sigma0, "sigma0");
    add_image(&d, in->roottask, "roottask");
    add(&d, page_down(in->archive->addr), page_up(in->archive->addr + in->archive->size),
        L4_MEM_TYPE_BOOTLOADER, 0, "boot archive");
    if (d.overflow) {
        return 0;
    }
    print_descs(&d);
    return d.count;
}

static void fill_bootinfo(const struct kip_input *in)
{
    l4util_l4mod_info *info = (l4util_l4mod_info *)(uintptr_t)in->bootinfo;
    l4util_l4mod_mod *mods = (l4util_l4mod_mod *)(info + 1);

    info->cmdline = (uintptr_t)in->dt->bootargs;
    info->mods_addr = (uintptr_t)mods;
    info->mods_count = in->archive->count;
    for (unsigned i = 0; i < in->archive->count; i++) {
        struct boot_module m;

        archive_module(in->archive, i, &m);
        mods[i].flags = m.kind;
        mods[i].mod_start = (uintptr_t)m.data;
        mods[i].mod_end = (uintptr_t)m.data + m.size;
        mods[i].cmdline = (uintptr_t)m.cmdline;
    }
}

int kip_fill(const struct kip_input *in)
{
    l4_kernel_info_t *kip = (l4_kernel_info_t *)(uintptr_t)in->kip;
    unsigned n;

    memset(kip, 0, PAGE_SIZE);
    memset((void *)(uintptr_t)in->bootinfo, 0, PAGE_SIZE);
    kip->magic = L4_KERNEL_INFO_MAGIC;
    kip->version = L4_KIP_VERSION_FIASCO;
    kip->offset_version_strings = L4_KIP_VERSION_OFFSET / 16;
    kip->sigma0_ip = in->sigma0 ? in->sigma0->entry : 0;
    kip->root_ip = in->roottask ? in->roottask->entry : 0;
    kip->dt_addr = in->dt->addr;
    kip->user_ptr = in->bootinfo;
    kip->mem_descs = L4_KIP_MEM_DESC_OFFSET;
    memcpy(kip->platform_info.name, PLATFORM_NAME, sizeof(PLATFORM_NAME));

    n = fill_descs(kip, in);
    if (n == 0) {
        printf("error: more than %d KIP memory descriptors needed\n", L4_KIP_MEM_DESC_MAX);
        return -1;
    }
    kip->mem_descs_num = n;
    fill_bootinfo(in);
    printf("KIP at 0x%llx (%u memory descriptors), boot info at 0x%llx (%u modules)\n",
           (unsigned long long)in->kip, n, (unsigned long long)in->bootinfo, in->archive->count);
    return 0;
}
