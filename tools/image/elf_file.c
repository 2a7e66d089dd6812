// SPDX-License-Identifier: MIT
/*
 * ELF64 validation for the packer. Every check compares against the file
 * size with overflow-safe arithmetic, so a truncated or hostile file yields
 * a reason string instead of an out-of-bounds read. The checks mirror what
 * bootstrap refuses at boot (doc/boot.md), so a bad file is caught on the
 * host unless the packer runs with --no-elf-check.
 */
#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "elf_file.h"
#include "util.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
               "the packer reads ELF fields in host byte order");

static int fail(char *err, size_t errlen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
    return -1;
}

/* 1 if [off, off + len) lies inside a file of size bytes. */
static int inside(uint64_t off, uint64_t len, size_t size)
{
    return off <= size && len <= size - off;
}

static int check_header(const Elf64_Ehdr *eh, size_t size, char *err, size_t errlen)
{
    if (size < EI_NIDENT || memcmp(eh->e_ident, ELFMAG, SELFMAG)) {
        return fail(err, errlen, "not an ELF file (bad magic)");
    }
    if (size < sizeof(*eh)) {
        return fail(err, errlen, "truncated ELF header (%zu bytes)", size);
    }
    if (eh->e_ident[EI_CLASS] != ELFCLASS64) {
        return fail(err, errlen, "not a 64-bit ELF (class %u)", eh->e_ident[EI_CLASS]);
    }
    if (eh->e_ident[EI_DATA] != ELFDATA2LSB) {
        return fail(err, errlen, "not a little-endian ELF (data %u)", eh->e_ident[EI_DATA]);
    }
    if (eh->e_machine != EM_AARCH64) {
        return fail(err, errlen, "wrong machine %u (want AArch64, %u)", eh->e_machine,
                    EM_AARCH64);
    }
    if (eh->e_type != ET_EXEC) {
        return fail(err, errlen, "not an executable (e_type %u, want ET_EXEC)", eh->e_type);
    }
    if (eh->e_phentsize != sizeof(Elf64_Phdr)) {
        return fail(err, errlen, "bad program header size %u", eh->e_phentsize);
    }
    if (!inside(eh->e_phoff, (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr), size)) {
        return fail(err, errlen, "program header table outside the file");
    }
    return 0;
}

static int check_load(const Elf64_Phdr *ph, unsigned idx, size_t size, char *err, size_t errlen)
{
    if (!inside(ph->p_offset, ph->p_filesz, size)) {
        return fail(err, errlen, "segment %u data outside the file (offset 0x%llx size 0x%llx)",
                    idx, (unsigned long long)ph->p_offset, (unsigned long long)ph->p_filesz);
    }
    if (ph->p_filesz > ph->p_memsz) {
        return fail(err, errlen, "segment %u has filesz 0x%llx > memsz 0x%llx", idx,
                    (unsigned long long)ph->p_filesz, (unsigned long long)ph->p_memsz);
    }
    if (ph->p_paddr + ph->p_memsz < ph->p_paddr || ph->p_vaddr + ph->p_memsz < ph->p_vaddr) {
        return fail(err, errlen, "segment %u wraps around the address space", idx);
    }
    return 0;
}

int elf_parse(struct elf_file *ef, const uint8_t *data, size_t size, char *err, size_t errlen)
{
    Elf64_Ehdr eh;
    unsigned i;

    memset(ef, 0, sizeof(*ef));
    memset(&eh, 0, sizeof(eh));
    memcpy(&eh, data, size < sizeof(eh) ? size : sizeof(eh));
    if (check_header(&eh, size, err, errlen)) {
        return -1;
    }
    for (i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        struct elf_segment *s;

        memcpy(&ph, data + eh.e_phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
        if (ph.p_type != PT_LOAD) {
            continue;
        }
        if (check_load(&ph, i, size, err, errlen)) {
            elf_release(ef);
            return -1;
        }
        s = array_push(&ef->loads, &ef->nloads, sizeof(*s));
        *s = (struct elf_segment){
            .offset = ph.p_offset, .vaddr = ph.p_vaddr, .paddr = ph.p_paddr,
            .filesz = ph.p_filesz, .memsz = ph.p_memsz, .align = ph.p_align,
            .flags = ph.p_flags,
        };
    }
    if (!ef->nloads) {
        return fail(err, errlen, "no PT_LOAD segment");
    }
    ef->data = data;
    ef->size = size;
    ef->entry = eh.e_entry;
    ef->flags = eh.e_flags;
    return 0;
}

void elf_release(struct elf_file *ef)
{
    free(ef->loads);
    memset(ef, 0, sizeof(*ef));
}

int file_read(const char *path, uint8_t **data, size_t *size)
{
    FILE *f = fopen(path, "rb");
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0, n;
    int saved;

    if (!f) {
        return -1;
    }
    do {
        if (len == cap) {
            cap = cap ? cap * 2 : 65536;
            buf = xrealloc(buf, cap);
        }
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n > 0);
    if (ferror(f)) {
        saved = errno ? errno : EIO;
        fclose(f);
        free(buf);
        errno = saved;
        return -1;
    }
    fclose(f);
    *data = buf;
    *size = len;
    return 0;
}
