/* SPDX-License-Identifier: MIT */
/*
 * Just enough ELF for moe to load rom/l4re: a static little-endian AArch64
 * ET_EXEC image whose PT_LOAD segments lie inside the file, do not overlap,
 * stay below 64 MiB in total and contain the entry point. Anything else is
 * refused with a reason (moe prints it and keeps running). The ELF64 layout
 * is the System V ABI's; the structs here are ours.
 */
#include <l4/util/string.h>
#include "moe.h"

#define EI_NIDENT 16
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ET_EXEC 2
#define EM_AARCH64 183
#define PT_LOAD 1
#define MAX_IMAGE (64UL << 20)

struct elf64_ehdr {
    unsigned char e_ident[EI_NIDENT];
    unsigned short e_type, e_machine;
    unsigned e_version;
    unsigned long e_entry, e_phoff, e_shoff;
    unsigned e_flags;
    unsigned short e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
    unsigned p_type, p_flags;
    unsigned long p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header layout");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 program header layout");

static char const *check_header(struct elf64_ehdr const *eh, unsigned long size)
{
    if (size < sizeof(*eh) || memcmp(eh->e_ident, "\177ELF", 4)) {
        return "not an ELF file";
    }
    if (eh->e_ident[4] != ELFCLASS64 || eh->e_ident[5] != ELFDATA2LSB) {
        return "not ELF64 little endian";
    }
    if (eh->e_machine != EM_AARCH64) {
        return "wrong machine (not AArch64)";
    }
    if (eh->e_type != ET_EXEC) {
        return "not a static executable (ET_EXEC)";
    }
    if (eh->e_phentsize != sizeof(struct elf64_phdr) || !eh->e_phnum
        || eh->e_phoff > size || (unsigned long)eh->e_phnum * sizeof(struct elf64_phdr)
                                     > size - eh->e_phoff) {
        return "program headers outside the file";
    }
    return NULL;
}

char const *elf_parse(void const *img, unsigned long size, struct elf_seg *segs, unsigned *nsegs,
                      unsigned long *entry)
{
    struct elf64_ehdr eh;
    char const *why;
    unsigned long total = 0;
    int entry_ok = 0;
    unsigned i, k, n = 0;

    if (size < sizeof(eh)) {
        return "truncated (no ELF header)";
    }
    memcpy(&eh, img, sizeof(eh));
    why = check_header(&eh, size);
    if (why) {
        return why;
    }
    for (i = 0; i < eh.e_phnum; ++i) {
        struct elf64_phdr ph;

        memcpy(&ph, (char const *)img + eh.e_phoff + i * sizeof(ph), sizeof(ph));
        if (ph.p_type != PT_LOAD || !ph.p_memsz) {
            continue;
        }
        if (n == ELF_MAX_SEGS) {
            return "too many PT_LOAD segments";
        }
        if (ph.p_filesz > ph.p_memsz || ph.p_offset > size || ph.p_filesz > size - ph.p_offset) {
            return "segment outside the file";
        }
        if (ph.p_vaddr + ph.p_memsz < ph.p_vaddr || ph.p_memsz > MAX_IMAGE
            || (total += ph.p_memsz) > MAX_IMAGE) {
            return "absurd segment size";
        }
        if ((ph.p_vaddr & (L4_PAGESIZE - 1)) != (ph.p_offset & (L4_PAGESIZE - 1))) {
            return "segment not page-congruent with its file offset";
        }
        for (k = 0; k < n; ++k) {
            if (ph.p_vaddr < segs[k].vaddr + segs[k].memsz
                && segs[k].vaddr < ph.p_vaddr + ph.p_memsz) {
                return "overlapping segments";
            }
        }
        segs[n].vaddr = ph.p_vaddr;
        segs[n].memsz = ph.p_memsz;
        segs[n].filesz = ph.p_filesz;
        segs[n].offset = ph.p_offset;
        segs[n].flags = ph.p_flags & 7;
        if ((ph.p_flags & 1) && eh.e_entry >= ph.p_vaddr && eh.e_entry < ph.p_vaddr + ph.p_memsz) {
            entry_ok = 1;
        }
        ++n;
    }
    if (!n) {
        return "no PT_LOAD segment";
    }
    if (!entry_ok) {
        return "entry point outside the executable segments";
    }
    *nsegs = n;
    *entry = eh.e_entry;
    return NULL;
}
