/* SPDX-License-Identifier: MIT */
/*
 * The ELF loader for the kernel, sigma0 and the roottask: check a module
 * completely, then copy it. Segments go to their physical addresses
 * (p_paddr); the kernel is linked at virtual addresses, sigma0 and the
 * roottask must be 1:1. See doc/bootstrap.md for the list of checks.
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#include "archive.h"

#define ELF_MAX_SEGS   16
#define ELF_MAX_MEMSZ  (1ULL << 30)     /* per segment; anything larger is a broken file */

struct elf_seg {
    uint64_t paddr;
    uint64_t vaddr;
    uint64_t offset;        /* in the module */
    uint64_t filesz;
    uint64_t memsz;
};

struct elf_image {
    const struct boot_module *mod;
    uint64_t entry;         /* physical entry address */
    uint64_t lo;            /* lowest physical byte of any segment */
    uint64_t hi;            /* one past the highest physical byte */
    unsigned nseg;
    struct elf_seg seg[ELF_MAX_SEGS];
};

/*
 * Validate module m as an AArch64 ET_EXEC with loadable segments that fit
 * in RAM and overlap nothing in memmap's busy table nor each other;
 * one_to_one requires p_vaddr == p_paddr. Touches no memory outside the
 * module. Returns 0 with img filled, or -1 with a reason in why.
 */
int elf_check(const struct boot_module *m, int one_to_one, struct elf_image *img, char *why,
              size_t whylen);

/*
 * Copy a checked image: p_filesz bytes from the module, zeros up to p_memsz.
 * Each segment's page-rounded range becomes busy, labelled what.
 */
void elf_load(const struct elf_image *img, const char *what);
