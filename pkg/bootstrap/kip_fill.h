/* SPDX-License-Identifier: MIT */
/*
 * Building the kernel info page and the boot info page (module list) that
 * bootstrap hands to the kernel. Layouts: l4re/include/l4/sys/kip.h and
 * l4re/include/l4/util/l4mod.h; contents: doc/bootstrap.md.
 */
#pragma once

#include <stdint.h>

#include "archive.h"
#include "dt.h"
#include "elf.h"

struct kip_input {
    uint64_t kip;                       /* physical address of the KIP page */
    uint64_t bootinfo;                  /* the page after it */
    const struct dt_info *dt;
    const struct archive_info *archive;
    const struct elf_image *kernel;
    const struct elf_image *sigma0;     /* NULL: not loaded, sigma0_ip = 0 */
    const struct elf_image *roottask;   /* NULL: not loaded, root_ip = 0 */
};

/*
 * Zero both pages and fill them. Returns 0, or -1 after printing an error
 * (more than L4_KIP_MEM_DESC_MAX memory descriptors).
 */
int kip_fill(const struct kip_input *in);
