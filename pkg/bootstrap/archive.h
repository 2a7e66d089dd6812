/* SPDX-License-Identifier: MIT */
/*
 * The boot archive that the host packer appended to bootstrap's image
 * (include/boot_image.h): validation and access to its modules.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "boot_image.h"

/* Entries of the boot info page's module array: (4096 - 48) / 32. */
#define ARCHIVE_MAX_MODS 126

struct boot_module {
    unsigned index;
    uint32_t kind;          /* enum boot_mod_kind */
    const char *name;       /* NUL-terminated, inside the archive */
    const char *cmdline;    /* NUL-terminated, inside the archive */
    const uint8_t *data;    /* physical address (MMU off) */
    uint64_t size;
};

struct archive_info {
    const struct boot_archive *ar;
    uint64_t addr;          /* physical */
    uint64_t size;          /* archive_size from the header */
    unsigned count;
};

/*
 * Check the archive at [addr, addr + size): magic, version, module count,
 * table, names and command lines inside, every module 4 KiB aligned and
 * inside, kinds in L4Re's order (kernel first; sigma0 only second, roottask
 * only third, both optional; the rest plain). Returns 0, or -1 with a reason
 * in why.
 */
int archive_check(uint64_t addr, uint64_t size, struct archive_info *info, char *why,
                  size_t whylen);

/* Module i of a checked archive. */
void archive_module(const struct archive_info *info, unsigned i, struct boot_module *m);

/* "kernel", "sigma0", "roottask" or "module". */
const char *archive_kind_name(uint32_t kind);
