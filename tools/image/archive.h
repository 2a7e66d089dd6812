/* SPDX-License-Identifier: MIT */
/*
 * Builds the boot archive (pkg/bootstrap/include/boot_image.h) in memory:
 * header, module table, command lines, then each module's data at a
 * BOOT_MOD_ALIGN-aligned offset (BOOT_MOD_BIG_ALIGN for modules that large). The caller passes the modules already in
 * L4Re's order (kernel, sigma0, roottask, plain modules).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* A module this large starts at a multiple of it (archive.c, mod_align). */
#define BOOT_MOD_BIG_ALIGN 0x10000u

struct archive_input {
    int kind;               /* enum boot_mod_kind */
    const char *name;       /* < BOOT_MOD_NAME_MAX characters */
    const char *cmdline;
    const uint8_t *data;
    size_t size;
};

/*
 * Lays out n modules for entry into a malloc()ed buffer *out of *out_size bytes
 * (= the archive's total_size). Returns 0, or -1 with a reason in err if a name
 * is too long or the archive would exceed what its 32-bit fields describe.
 */
int archive_build(const char *entry, const struct archive_input *mods, size_t n,
                  uint8_t **out, size_t *out_size, char *err, size_t errlen);
