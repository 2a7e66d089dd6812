/* SPDX-License-Identifier: MIT */
/*
 * The boot image contract between the host packer (tools/image) and
 * bootstrap (pkg/bootstrap).
 *
 * The packed image is bootstrap's ELF plus one extra PT_LOAD segment: the
 * boot archive. bootstrap's first bytes are a struct bootstrap_header; the
 * packer checks its magic and writes the archive's physical address there,
 * so bootstrap never guesses where its modules are. The archive starts with
 * struct boot_archive, followed by the module table, the command-line
 * strings and the module data (each module 4 KiB aligned).
 * Module order is L4Re's: kernel, sigma0, roottask, then plain modules.
 * Only fixed-width types: this header is compiled for host and target.
 * See doc/boot.md.
 */
#pragma once

#include <stdint.h>

#define BOOTSTRAP_HEADER_MAGIC 0x5244484f4f42344cULL /* "L4BOOHDR" */
#define BOOT_ARCHIVE_MAGIC     0x48435241544f4f42ULL /* "BOOTARCH" */
#define BOOT_ARCHIVE_VERSION   1
#define BOOT_MOD_NAME_MAX      48
#define BOOT_ENTRY_NAME_MAX    32
#define BOOT_MOD_ALIGN         4096

/* Module kinds: the values of L4Re's l4util_l4mod_mod flags (mask 7). */
enum boot_mod_kind {
    BOOT_MOD_PLAIN = 0,
    BOOT_MOD_KERNEL = 1,
    BOOT_MOD_SIGMA0 = 2,
    BOOT_MOD_ROOTTASK = 3,
};

/* At bootstrap's entry point: "b real_start", padding, then these fields. */
struct bootstrap_header {
    uint32_t branch;        /* the entry instruction, left untouched */
    uint32_t reserved;
    uint64_t magic;         /* BOOTSTRAP_HEADER_MAGIC */
    uint64_t archive_addr;  /* physical address of struct boot_archive; 0 = none */
    uint64_t archive_size;  /* bytes */
};

struct boot_archive_mod {
    uint64_t offset;        /* of the module data, from the archive start */
    uint64_t size;          /* bytes of module data */
    uint32_t kind;          /* enum boot_mod_kind */
    uint32_t cmdline_offset;/* NUL-terminated "name args", from archive start */
    char name[BOOT_MOD_NAME_MAX]; /* file name without directories, NUL-terminated */
};

struct boot_archive {
    uint64_t magic;         /* BOOT_ARCHIVE_MAGIC */
    uint32_t version;       /* BOOT_ARCHIVE_VERSION */
    uint32_t count;         /* entries in mods[] */
    uint64_t total_size;    /* bytes, header to the end of the last module */
    char entry[BOOT_ENTRY_NAME_MAX]; /* modules.list entry this image was built from */
    struct boot_archive_mod mods[];
};

_Static_assert(sizeof(struct bootstrap_header) == 32, "bootstrap header layout");
_Static_assert(sizeof(struct boot_archive_mod) == 72, "archive module layout");
_Static_assert(sizeof(struct boot_archive) == 56, "archive header layout");
