/* SPDX-License-Identifier: MIT */
/*
 * A small ELF64 loader. elf_check() validates every header field it uses
 * against the module's bounds (overflow-safe) and every destination against
 * RAM and memmap's busy ranges; elf_load() then copies without failing. So
 * a bad module never leaves a half-loaded image behind. Structures follow
 * the System V gABI (ELF-64 object file format) and the AArch64 ELF ABI.
 */
#include <string.h>

#include "console.h"
#include "elf.h"
#include "memmap.h"

#define EI_NIDENT     16
#define ELFCLASS64    2
#define ELFDATA2LSB   1
#define EV_CURRENT    1
#define ET_EXEC       2
#define EM_AARCH64    183
#define PT_LOAD       1
#define ELF_MAX_PHNUM 64

struct elf64_ehdr {
    unsigned char e_ident[EI_NIDENT];
    uint16_t e_type;
    uint16_t e_machine;
    uint32_t e_version;
    uint64_t e_entry;
    uint64_t e_phoff;
    uint64_t e_shoff;
    uint32_t e_flags;
    uint16_t e_ehsize;
    uint16_t e_phentsize;
    uint16_t e_phnum;
    uint16_t e_shentsize;
    uint16_t e_shnum;
    uint16_t e_shstrndx;
};

struct elf64_phdr {
    uint32_t p_type;
    uint32_t p_flags;
    uint64_t p_offset;
    uint64_t p_vaddr;
    uint64_t p_paddr;
    uint64_t p_filesz;
    uint64_t p_memsz;
    uint64_t p_align;
};

_Static_assert(sizeof(struct elf64_ehdr) == 64, "ELF64 header layout");
_Static_assert(sizeof(struct elf64_phdr) == 56, "ELF64 program header layout");

_Static_assert(MEMMAP_MAX_BUSY >= MEMMAP_MAX_RESERVED + 4 + 3 * ELF_MAX_SEGS,
               "busy table holds reserved ranges, DT, bootstrap, archive, KIP and 3 images");

#define FAIL(...) do { snprintf(why, whylen, __VA_ARGS__); return -1; } while (0)

typedef unsigned long long ull;

static int check_header(const struct boot_module *m, const struct elf64_ehdr *eh, char *why,
                        size_t whylen)
{
    static const unsigned char magic[4] = { 0x7f, 'E', 'L', 'F' };

    if (m->size < sizeof(*eh)) {
        FAIL("truncated: %llu bytes, no ELF header", (ull)m->size);
    }
    if (memcmp(eh->e_ident, magic, sizeof(magic)) != 0) {
        FAIL("not an ELF file");
    }
    if (eh->e_ident[4] != ELFCLASS64) {
        FAIL("not a 64-bit ELF file (class %u)", eh->e_ident[4]);
    }
    if (eh->e_ident[5] != ELFDATA2LSB) {
        FAIL("not little endian (data encoding %u)", eh->e_ident[5]);
    }
    if (eh->e_ident[6] != EV_CURRENT || eh->e_version != EV_CURRENT) {
        FAIL("unknown ELF version %u", eh->e_version);
    }
    if (eh->e_machine != EM_AARCH64) {
        FAIL("wrong machine %u, not AArch64 (%u)", eh->e_machine, EM_AARCH64);
    }
    if (eh->e_type != ET_EXEC) {
        FAIL("not a static executable (e_type %u, need ET_EXEC)", eh->e_type);
    }
    if (eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0 ||
        eh->e_phnum > ELF_MAX_PHNUM) {
        FAIL("bad program header table (%u entries of %u bytes)", eh->e_phnum, eh->e_phentsize);
    }
    if (eh->e_phoff % 8 != 0 || eh->e_phoff > m->size ||
        (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr) > m->size - eh->e_phoff) {
        FAIL("truncated or misaligned program headers (offset 0x%llx, module %llu bytes)",
             (ull)eh->e_phoff, (ull)m->size);
    }
    return 0;
}

/* Check one PT_LOAD's fields against the module and add it to img. */
static int add_segment(const struct boot_module *m, const struct elf64_phdr *ph, int one_to_one,
                       struct elf_image *img, char *why, size_t whylen)
{
    struct elf_seg *s = &img->seg[img->nseg];

    if (img->nseg == ELF_MAX_SEGS) {
        FAIL("more than %d loadable segments", ELF_MAX_SEGS);
    }
    if (ph->p_filesz > ph->p_memsz) {
        FAIL("segment at 0x%llx: file size 0x%llx exceeds memory size 0x%llx",
             (ull)ph->p_paddr, (ull)ph->p_filesz, (ull)ph->p_memsz);
    }
    if (ph->p_offset > m->size || ph->p_filesz > m->size - ph->p_offset) {
        FAIL("truncated: segment data 0x%llx + 0x%llx beyond the module's %llu bytes",
             (ull)ph->p_offset, (ull)ph->p_filesz, (ull)m->size);
    }
    if (ph->p_memsz > ELF_MAX_MEMSZ || ph->p_paddr + ph->p_memsz < ph->p_paddr ||
        ph->p_vaddr + ph->p_memsz < ph->p_vaddr) {
        FAIL("segment at 0x%llx: absurd size 0x%llx", (ull)ph->p_paddr, (ull)ph->p_memsz);
    }
    if (one_to_one && ph->p_vaddr != ph->p_paddr) {
        FAIL("segment not 1:1 (p_vaddr 0x%llx, p_paddr 0x%llx)", (ull)ph->p_vaddr,
             (ull)ph->p_paddr);
    }
    *s = (struct elf_seg){ .paddr = ph->p_paddr, .vaddr = ph->p_vaddr, .offset = ph->p_offset,
                           .filesz = ph->p_filesz, .memsz = ph->p_memsz };
    img->nseg++;
    return 0;
}

/* Destinations: inside one RAM range, clear of busy ranges and of each other. */
static int check_place(const struct elf_image *img, char *why, size_t whylen)
{
    for (unsigned i = 0; i < img->nseg; i++) {
        const struct elf_seg *s = &img->seg[i];
        uint64_t end = s->paddr + s->memsz;
        const struct mem_range *busy = memmap_find_busy(page_down(s->paddr), page_up(end));

        if (!memmap_find_ram(s->paddr, end)) {
            FAIL("segment 0x%llx-0x%llx not inside RAM", (ull)s->paddr, (ull)end - 1);
        }
        if (busy) {
            FAIL("segment 0x%llx-0x%llx overlaps %s (0x%llx-0x%llx)", (ull)s->paddr,
                 (ull)end - 1, busy->what, (ull)busy->start, (ull)busy->end - 1);
        }
        for (unsigned j = 0; j < i; j++) {
            const struct elf_seg *o = &img->seg[j];

            if (s->paddr < o->paddr + o->memsz && o->paddr < end) {
                FAIL("segments 0x%llx and 0x%llx overlap", (ull)o->paddr, (ull)s->paddr);
            }
        }
    }
    return 0;
}

int elf_check(const struct boot_module *m, int one_to_one, struct elf_image *img, char *why,
              size_t whylen)
{
    const struct elf64_ehdr *eh = (const struct elf64_ehdr *)m->data;
    const struct elf64_phdr *ph;
    int entry_found = 0;

    memset(img, 0, sizeof(*img));
    img->mod = m;
    img->lo = ~0ULL;
    if (check_header(m, eh, why, whylen) < 0) {
        return -1;
    }
    ph = (const struct elf64_phdr *)(m->data + eh->e_phoff);
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type != PT_LOAD || ph[i].p_memsz == 0) {
            continue;
        }
        if (add_segment(m, &ph[i], one_to_one, img, why, whylen) < 0) {
            return -1;
        }
    }
    if (img->nseg == 0) {
        FAIL("no loadable segment");
    }
    for (unsigned i = 0; i < img->nseg; i++) {
        const struct elf_seg *s = &img->seg[i];

        if (!entry_found && eh->e_entry >= s->vaddr && eh->e_entry - s->vaddr < s->memsz) {
            img->entry = eh->e_entry - s->vaddr + s->paddr;
            entry_found = 1;
        }
        img->lo = s->paddr < img->lo ? s->paddr : img->lo;
        img->hi = s->paddr + s->memsz > img->hi ? s->paddr + s->memsz : img->hi;
    }
    if (!entry_found || eh->e_entry % 4 != 0) {
        FAIL("entry 0x%llx not in a loadable segment or misaligned", (ull)eh->e_entry);
    }
    return check_place(img, why, whylen);
}

void elf_load(const struct elf_image *img, const char *what)
{
    for (unsigned i = 0; i < img->nseg; i++) {
        const struct elf_seg *s = &img->seg[i];
        uint8_t *dst = (uint8_t *)(uintptr_t)s->paddr;

        printf("  %s: load 0x%llx-0x%llx from offset 0x%llx (%llu bytes, %llu zeroed)\n",
               what, (ull)s->paddr, (ull)(s->paddr + s->memsz - 1), (ull)s->offset,
               (ull)s->filesz, (ull)(s->memsz - s->filesz));
        memcpy(dst, img->mod->data + s->offset, s->filesz);
        memset(dst + s->filesz, 0, s->memsz - s->filesz);
        /* Cannot fail: the busy table has room for three images (asserted above). */
        memmap_add_busy(page_down(s->paddr), page_up(s->paddr + s->memsz), what);
    }
}
