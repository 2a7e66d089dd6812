/* SPDX-License-Identifier: MIT */
/*
 * Physical layout of a boot image and the writer of the image ELF: where the
 * archive goes, which segments may not overlap or sit in the device tree's
 * first MiB of RAM, the bootstrap header patch and the output file itself.
 * Used by pack.c only; split off to keep each file to one concern.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "elf_file.h"

#define LAYOUT_DT_SIZE      0x100000ull     /* RAM start reserved for the device tree */
#define LAYOUT_ARCHIVE_ALIGN 0x100000ull    /* default archive address rounding */

/* An ELF of the image: bootstrap, kernel, sigma0 or roottask. */
struct layout_part {
    const char *role;           /* "bootstrap", "kernel", ... */
    const char *path;
    const struct elf_file *elf; /* NULL if it did not parse (--no-elf-check) */
};

/*
 * File offset in bootstrap of its struct bootstrap_header (at e_entry). Returns 0,
 * or -1 with "bootstrap has no boot header" if the entry is not inside a PT_LOAD's
 * file data or the magic is missing.
 */
int layout_find_header(const struct elf_file *bs, uint64_t *offset, char *err, size_t errlen);

/*
 * Default archive address: the end of the highest PT_LOAD of the parsed parts,
 * rounded up to 1 MiB. Returns 0, or -1 if that overflows.
 */
int layout_default_addr(const struct layout_part *parts, size_t n, uint64_t *addr,
                        char *err, size_t errlen);

/*
 * Checks that no two segments of the parts and the archive overlap and that all
 * lie at or above ram_base + 1 MiB. Returns 0, or -1 naming the two culprits.
 */
int layout_check(const struct layout_part *parts, size_t n, uint64_t ram_base,
                 uint64_t ar_addr, uint64_t ar_size, char *err, size_t errlen);

/*
 * Writes the image to output (via output.tmp + rename): bootstrap's PT_LOADs, the
 * header at hdr_offset patched with the archive address and size, and the archive
 * as one more PT_LOAD. Returns 0, or -1 with errno's reason; no file is left then.
 */
int layout_write(const char *output, const struct elf_file *bs, uint64_t hdr_offset,
                 uint64_t ar_addr, const uint8_t *ar, size_t ar_size, char *err, size_t errlen);
