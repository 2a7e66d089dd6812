/* SPDX-License-Identifier: MIT */
/*
 * The ELF checker and relocator of the in-task loader (l4re). Pure code with
 * no system calls, so it is host-tested (tests/host/test_elf_loader.c): it
 * reads an ELF image from memory, checks it, describes its PT_LOAD segments,
 * and applies R_AARCH64_RELATIVE relocations through a caller's writer.
 */
#pragma once

#include <l4/sys/l4int.h>

/* ---- the ELF64 format (values of the ELF specification) ---- */

enum ldr_elf_consts {
    LDR_EHDR_SIZE = 64,
    LDR_PHDR_SIZE = 56,
    LDR_ET_EXEC = 2,
    LDR_ET_DYN = 3,
    LDR_EM_AARCH64 = 183,
    LDR_PT_LOAD = 1,
    LDR_PT_DYNAMIC = 2,
    LDR_PT_INTERP = 3,
    LDR_PT_PHDR = 6,
    LDR_PF_X = 1,
    LDR_PF_W = 2,
    LDR_PF_R = 4,
    LDR_DT_NULL = 0,
    LDR_DT_NEEDED = 1,
    LDR_DT_RELA = 7,
    LDR_DT_RELASZ = 8,
    LDR_DT_RELAENT = 9,
    LDR_DT_REL = 17,
    LDR_DT_RELR = 36,
    LDR_R_AARCH64_NONE = 0,
    LDR_R_AARCH64_RELATIVE = 1027,
};

typedef struct ldr_elf64_ehdr {
    unsigned char e_ident[16];
    l4_uint16_t e_type, e_machine;
    l4_uint32_t e_version;
    l4_uint64_t e_entry, e_phoff, e_shoff;
    l4_uint32_t e_flags;
    l4_uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
} ldr_elf64_ehdr;

typedef struct ldr_elf64_phdr {
    l4_uint32_t p_type, p_flags;
    l4_uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
} ldr_elf64_phdr;

typedef struct ldr_elf64_dyn {
    l4_int64_t d_tag;
    l4_uint64_t d_val;
} ldr_elf64_dyn;

typedef struct ldr_elf64_rela {
    l4_uint64_t r_offset, r_info;
    l4_int64_t r_addend;
} ldr_elf64_rela;

/* ---- what the checker reports ---- */

/** Most PT_LOAD segments a program may have. */
#define LDR_MAX_SEGS 16
/** Largest total memory size of a program's segments. */
#define LDR_MAX_IMAGE (1UL << 30)
/** Highest user address a segment may reach (exclusive): below the UTCB area. */
#define LDR_USER_TOP 0x0000ffffffff0000UL

/** One PT_LOAD segment. */
struct ldr_seg {
    l4_addr_t vaddr;    /**< p_vaddr (before the load bias) */
    l4_addr_t memsz;
    l4_addr_t filesz;
    l4_addr_t offset;   /**< p_offset */
    unsigned flags;     /**< LDR_PF_* */
};

/** A checked ELF program. */
struct ldr_elf {
    unsigned type;          /**< LDR_ET_EXEC or LDR_ET_DYN */
    l4_addr_t entry;        /**< e_entry (before the load bias) */
    unsigned nsegs;
    struct ldr_seg seg[LDR_MAX_SEGS]; /**< sorted by vaddr */
    l4_addr_t lo, hi;       /**< page-rounded extent of the segments */
    l4_addr_t max_align;    /**< largest segment alignment (>= page) */
    l4_addr_t phoff;        /**< e_phoff */
    unsigned phnum;         /**< e_phnum */
    l4_addr_t phdr_vaddr;   /**< where a PT_LOAD maps the program headers, or 0 */
    l4_addr_t dyn_vaddr;    /**< PT_DYNAMIC address, 0 if none */
    l4_addr_t dyn_size;
};

/** Writes one relocated word at a loaded address; returns 0 or a negative error. */
typedef int (*ldr_write64_fn)(void *ctx, l4_addr_t addr, l4_uint64_t val);

/**
 * Check the ELF image \a img of \a size bytes and describe it in \a out.
 * \return 0, or -1 with *why set to a short reason ("truncated ...")
 */
int ldr_elf_check(void const *img, l4_size_t size, struct ldr_elf *out, char const **why);

/**
 * Apply the dynamic relocations of a checked ET_DYN image loaded with
 * \a bias (load address - link address). Only R_AARCH64_RELATIVE (and NONE)
 * are accepted; a target outside the writable segments is refused.
 * \return the number of relocations applied, or -1 with *why set
 */
int ldr_elf_relocate(struct ldr_elf const *e, void const *img, l4_size_t size, l4_addr_t bias,
                     ldr_write64_fn write64, void *ctx, char const **why);

/** The segment containing link address \a vaddr, or 0. */
struct ldr_seg const *ldr_elf_seg_at(struct ldr_elf const *e, l4_addr_t vaddr);
