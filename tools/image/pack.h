/* SPDX-License-Identifier: MIT */
/*
 * The packer as a library: load a modules.list from disk, and turn one of its
 * entries plus bootstrap into a boot image ELF. main.c and the host tests
 * (tests/host/test_packer.c) both call these, so the tests exercise exactly
 * what `make image` runs. Output format: doc/boot.md, boot_image.h.
 */
#pragma once

#include <stdint.h>
#include <stdio.h>

#include "modlist.h"

#define PACK_ERR_MAX 1024

struct pack_options {
    const char *list;           /* modules.list */
    const char *entry;          /* entry to pack */
    const char *bootstrap;      /* bootstrap ELF; NULL: the entry's (default-)bootstrap line */
    const char *path;           /* DIR[:DIR...] searched before the list's searchpath; NULL = "." */
    uint64_t ram_base;          /* physical RAM base; modaddr is relative to it */
    const char *output;         /* image file; written as OUTPUT.tmp, renamed at the end */
    int no_elf_check;           /* pack a malformed kernel/sigma0/roottask as is */
    const char *kernel_args;    /* appended to the kernel's command line (make picture: -jdb) */
};

/*
 * Reads and parses the list file at path (includes relative to it). Returns 0, or
 * -1 with the message in err ("FILE:LINE: ..." for format errors).
 */
int pack_load_list(const char *path, struct modlist *ml, char *err, size_t errlen);

/*
 * Packs o->entry of o->list into o->output. Warnings (a malformed file packed
 * because of --no-elf-check) go to warn. Returns 0, or -1 with the message in err;
 * on failure no output file is created (an older o->output is left alone).
 */
int pack_image(const struct pack_options *o, FILE *warn, char *err, size_t errlen);
