// SPDX-License-Identifier: MIT
/*
 * Host tool: make a malformed copy of a good AArch64 ELF program for the
 * loader tests. Usage: mkbadelf <kind> <in> <out>, kind one of
 *   trunc    cut the file inside the first segment's data
 *   machine  e_machine = x86-64
 *   class    e_ident class = ELF32
 *   overlap  the second PT_LOAD moved onto the first
 *   huge     the first PT_LOAD's memory size set to 1 TiB
 *   entry    the entry point moved outside every segment
 */
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static Elf64_Phdr *nth_load(unsigned char *buf, unsigned n)
{
    Elf64_Ehdr *h = (Elf64_Ehdr *)buf;

    for (unsigned i = 0; i < h->e_phnum; i++) {
        Elf64_Phdr *p = (Elf64_Phdr *)(buf + h->e_phoff + (size_t)i * sizeof(*p));
        if (p->p_type == PT_LOAD && n-- == 0) {
            return p;
        }
    }
    fprintf(stderr, "mkbadelf: input has too few PT_LOAD segments\n");
    exit(1);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: mkbadelf trunc|machine|class|overlap|huge|entry IN OUT\n");
        return 2;
    }
    FILE *f = fopen(argv[2], "rb");
    if (!f) {
        perror(argv[2]);
        return 1;
    }
    static unsigned char buf[16 << 20];
    size_t size = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    Elf64_Ehdr *h = (Elf64_Ehdr *)buf;
    if (size < sizeof(*h) || memcmp(h->e_ident, ELFMAG, SELFMAG) != 0) {
        fprintf(stderr, "mkbadelf: %s is not an ELF file\n", argv[2]);
        return 1;
    }
    const char *kind = argv[1];
    if (!strcmp(kind, "trunc")) {
        Elf64_Phdr *p = nth_load(buf, 0);
        size = p->p_offset + p->p_filesz / 2;
    } else if (!strcmp(kind, "machine")) {
        h->e_machine = EM_X86_64;
    } else if (!strcmp(kind, "class")) {
        h->e_ident[EI_CLASS] = ELFCLASS32;
    } else if (!strcmp(kind, "overlap")) {
        Elf64_Phdr *a = nth_load(buf, 0), *b = nth_load(buf, 1);
        b->p_vaddr = a->p_vaddr + ((b->p_offset - a->p_offset) & 0xfff);
        b->p_paddr = b->p_vaddr;
    } else if (!strcmp(kind, "huge")) {
        nth_load(buf, 0)->p_memsz = 1ULL << 40;
    } else if (!strcmp(kind, "entry")) {
        h->e_entry = 0x10;
    } else {
        fprintf(stderr, "mkbadelf: unknown kind '%s'\n", kind);
        return 2;
    }
    f = fopen(argv[3], "wb");
    if (!f || fwrite(buf, 1, size, f) != size || fclose(f) != 0) {
        perror(argv[3]);
        return 1;
    }
    return 0;
}
