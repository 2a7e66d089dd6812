/* SPDX-License-Identifier: MIT */
/*
 * Host-side reader and validator of the ELF64 AArch64 executables that go
 * into a boot image (bootstrap, kernel, sigma0, roottask). It checks what
 * bootstrap relies on when it loads them: header, program header table and
 * every PT_LOAD lying inside the file, filesz <= memsz, no address wrap.
 * Little-endian host assumed (checked at compile time in elf_file.c).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

#define ELF_ERR_MAX 256

struct elf_segment {
    uint64_t offset;
    uint64_t vaddr;
    uint64_t paddr;
    uint64_t filesz;
    uint64_t memsz;
    uint64_t align;
    uint32_t flags;
};

struct elf_file {
    const uint8_t *data;            /* the whole file; not owned */
    size_t size;
    uint64_t entry;
    uint32_t flags;                 /* e_flags */
    struct elf_segment *loads;      /* the PT_LOAD segments, in file order; malloc()ed */
    size_t nloads;
};

/*
 * Parses and validates data (size bytes) as an ELF64 little-endian AArch64 ET_EXEC
 * file with at least one PT_LOAD. Returns 0 and fills ef (free with elf_release()),
 * or -1 with a one-line reason in err (no file name; the caller adds it).
 */
int elf_parse(struct elf_file *ef, const uint8_t *data, size_t size, char *err, size_t errlen);

/* Frees what elf_parse() allocated. */
void elf_release(struct elf_file *ef);

/*
 * Reads the whole file at path into a malloc()ed buffer. Returns 0, or -1 with
 * errno set.
 */
int file_read(const char *path, uint8_t **data, size_t *size);
