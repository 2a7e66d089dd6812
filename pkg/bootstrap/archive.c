/* SPDX-License-Identifier: MIT */
/*
 * Boot archive validation. The archive is trusted no more than any other
 * input: every offset is checked against archive_size, without overflow,
 * before anything is read through it, so a truncated or corrupt image
 * ends in a message instead of a wild read. Layout: include/boot_image.h.
 */
#include <stddef.h>
#include <string.h>

#include "archive.h"
#include "console.h"

static const char *const kind_names[] = {
    [BOOT_MOD_PLAIN] = "module",
    [BOOT_MOD_KERNEL] = "kernel",
    [BOOT_MOD_SIGMA0] = "sigma0",
    [BOOT_MOD_ROOTTASK] = "roottask",
};

const char *archive_kind_name(uint32_t kind)
{
    if (kind >= sizeof(kind_names) / sizeof(kind_names[0])) {
        return "unknown";
    }
    return kind_names[kind];
}

/* May module index i have this kind? Kernel, sigma0, roottask only at indices 0, 1, 2. */
static int kind_allowed(unsigned i, uint32_t kind)
{
    if (i == 0) {
        return kind == BOOT_MOD_KERNEL;
    }
    return kind == BOOT_MOD_PLAIN || (i < 3 && kind == i + 1);
}

static int check_module(const struct archive_info *info, unsigned i, char *why, size_t whylen)
{
    const struct boot_archive_mod *m = &info->ar->mods[i];
    const char *base = (const char *)info->ar;

    if (strnlen(m->name, BOOT_MOD_NAME_MAX) == BOOT_MOD_NAME_MAX) {
        snprintf(why, whylen, "module %u: name not terminated", i);
        return -1;
    }
    if (!kind_allowed(i, m->kind)) {
        snprintf(why, whylen, "module %u '%s': kind %s (%u) not allowed at this position%s",
                 i, m->name, archive_kind_name(m->kind), m->kind,
                 i == 0 ? " (the first module must be the kernel)" : "");
        return -1;
    }
    if (m->offset % BOOT_MOD_ALIGN != 0 || m->offset > info->size ||
        m->size > info->size - m->offset) {
        snprintf(why, whylen, "module %u '%s': data 0x%llx + 0x%llx not aligned or outside "
                 "the archive (%llu bytes)", i, m->name, (unsigned long long)m->offset,
                 (unsigned long long)m->size, (unsigned long long)info->size);
        return -1;
    }
    if (m->cmdline_offset >= info->size ||
        strnlen(base + m->cmdline_offset, info->size - m->cmdline_offset) ==
            info->size - m->cmdline_offset) {
        snprintf(why, whylen, "module %u '%s': command line outside the archive", i, m->name);
        return -1;
    }
    return 0;
}

int archive_check(uint64_t addr, uint64_t size, struct archive_info *info, char *why,
                  size_t whylen)
{
    const struct boot_archive *ar = (const struct boot_archive *)(uintptr_t)addr;

    info->ar = ar;
    info->addr = addr;
    info->size = size;
    info->count = 0;
    if (addr == 0) {
        snprintf(why, whylen, "none in this image (bootstrap was not packed by l4image)");
        return -1;
    }
    if (addr % BOOT_MOD_ALIGN != 0 || size < sizeof(*ar) || addr + size < addr) {
        snprintf(why, whylen, "bad placement 0x%llx, %llu bytes", (unsigned long long)addr,
                 (unsigned long long)size);
        return -1;
    }
    if (ar->magic != BOOT_ARCHIVE_MAGIC) {
        snprintf(why, whylen, "bad magic 0x%llx", (unsigned long long)ar->magic);
        return -1;
    }
    if (ar->version != BOOT_ARCHIVE_VERSION) {
        snprintf(why, whylen, "version %u, expected %u", ar->version, BOOT_ARCHIVE_VERSION);
        return -1;
    }
    if (ar->count == 0 || ar->count > ARCHIVE_MAX_MODS ||
        sizeof(*ar) + (uint64_t)ar->count * sizeof(ar->mods[0]) > size) {
        snprintf(why, whylen, "bad module count %u (1..%u, table inside %llu bytes)", ar->count,
                 ARCHIVE_MAX_MODS, (unsigned long long)size);
        return -1;
    }
    if (ar->total_size > size) {
        snprintf(why, whylen, "total size %llu exceeds the %llu bytes loaded",
                 (unsigned long long)ar->total_size, (unsigned long long)size);
        return -1;
    }
    info->count = ar->count;
    for (unsigned i = 0; i < ar->count; i++) {
        if (check_module(info, i, why, whylen) < 0) {
            return -1;
        }
    }
    return 0;
}

void archive_module(const struct archive_info *info, unsigned i, struct boot_module *m)
{
    const struct boot_archive_mod *am = &info->ar->mods[i];
    const char *base = (const char *)info->ar;

    m->index = i;
    m->kind = am->kind;
    m->name = am->name;
    m->cmdline = base + am->cmdline_offset;
    m->data = (const uint8_t *)base + am->offset;
    m->size = am->size;
}
