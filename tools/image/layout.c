// SPDX-License-Identifier: MIT
/*
 * Image layout and output. The image ELF is ours from scratch: an ELF64
 * header, bootstrap's PT_LOADs (data copied, each at a file offset congruent
 * to its address modulo its alignment) and one read-only PT_LOAD for the
 * archive; no sections. The only change to bootstrap's bytes is the archive
 * address and size in its header. Physical ranges are half-open [start, end);
 * empty segments take no room and are skipped by the checks.
 */
#include <elf.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <boot_image.h>

#include "layout.h"
#include "util.h"

#define PAGE 0x1000ull
#define MAX_FILE_ALIGN 0x10000ull   /* larger alignments would only pad the file */

struct range {
    const char *role;
    const char *path;
    int seg;                        /* segment index, -1 for the archive */
    uint64_t start, end;
};

int layout_find_header(const struct elf_file *bs, uint64_t *offset, char *err, size_t errlen)
{
    size_t i;

    for (i = 0; i < bs->nloads; i++) {
        const struct elf_segment *s = &bs->loads[i];
        uint64_t magic;

        if (bs->entry < s->vaddr || bs->entry - s->vaddr > s->filesz ||
            s->filesz - (bs->entry - s->vaddr) < sizeof(struct bootstrap_header)) {
            continue;
        }
        *offset = s->offset + (bs->entry - s->vaddr);
        memcpy(&magic, bs->data + *offset + offsetof(struct bootstrap_header, magic),
               sizeof(magic));
        if (magic == BOOTSTRAP_HEADER_MAGIC) {
            return 0;
        }
        break;
    }
    snprintf(err, errlen, "bootstrap has no boot header (magic 0x%llx at its entry 0x%llx)",
             (unsigned long long)BOOTSTRAP_HEADER_MAGIC, (unsigned long long)bs->entry);
    return -1;
}

int layout_default_addr(const struct layout_part *parts, size_t n, uint64_t *addr,
                        char *err, size_t errlen)
{
    uint64_t top = 0;
    size_t i, j;

    for (i = 0; i < n; i++) {
        for (j = 0; parts[i].elf && j < parts[i].elf->nloads; j++) {
            const struct elf_segment *s = &parts[i].elf->loads[j];

            if (s->paddr + s->memsz > top) {
                top = s->paddr + s->memsz;
            }
        }
    }
    if (top > UINT64_MAX - LAYOUT_ARCHIVE_ALIGN) {
        snprintf(err, errlen, "no room for the archive above 0x%llx", (unsigned long long)top);
        return -1;
    }
    *addr = (top + LAYOUT_ARCHIVE_ALIGN - 1) & ~(LAYOUT_ARCHIVE_ALIGN - 1);
    return 0;
}

static void describe(const struct range *r, char *buf, size_t len)
{
    if (r->seg < 0) {
        snprintf(buf, len, "the boot archive [0x%llx-0x%llx)", (unsigned long long)r->start,
                 (unsigned long long)r->end);
    } else {
        snprintf(buf, len, "%s '%s' segment %d [0x%llx-0x%llx)", r->role, r->path, r->seg,
                 (unsigned long long)r->start, (unsigned long long)r->end);
    }
}

static size_t collect_ranges(const struct layout_part *parts, size_t n, struct range **out)
{
    struct range *r = NULL;
    size_t count = 0, i, j;

    for (i = 0; i < n; i++) {
        for (j = 0; parts[i].elf && j < parts[i].elf->nloads; j++) {
            const struct elf_segment *s = &parts[i].elf->loads[j];
            struct range *x;

            if (!s->memsz) {
                continue;
            }
            x = array_push(&r, &count, sizeof(*r));
            *x = (struct range){ parts[i].role, parts[i].path, (int)j, s->paddr,
                                 s->paddr + s->memsz };
        }
    }
    *out = r;
    return count;
}

int layout_check(const struct layout_part *parts, size_t n, uint64_t ram_base,
                 uint64_t ar_addr, uint64_t ar_size, char *err, size_t errlen)
{
    char a[256], b[256];
    struct range *r;
    size_t count, i, j;
    int rc = -1;

    if (ar_addr + ar_size < ar_addr) {
        snprintf(err, errlen, "the boot archive at 0x%llx wraps around",
                 (unsigned long long)ar_addr);
        return -1;
    }
    count = collect_ranges(parts, n, &r);
    *(struct range *)array_push(&r, &count, sizeof(*r)) =
        (struct range){ "archive", "", -1, ar_addr, ar_addr + ar_size };
    for (i = 0; i < count; i++) {
        if (r[i].start < ram_base + LAYOUT_DT_SIZE) {
            describe(&r[i], a, sizeof(a));
            snprintf(err, errlen, "%s lies below RAM base + 1 MiB (0x%llx), where the "
                     "device tree lives", a, (unsigned long long)(ram_base + LAYOUT_DT_SIZE));
            goto out;
        }
        for (j = 0; j < i; j++) {
            if (r[i].start < r[j].end && r[j].start < r[i].end) {
                describe(&r[j], a, sizeof(a));
                describe(&r[i], b, sizeof(b));
                snprintf(err, errlen, "%s overlaps %s", a, b);
                goto out;
            }
        }
    }
    rc = 0;
out:
    free(r);
    return rc;
}

static uint64_t file_align(const struct elf_segment *s)
{
    uint64_t a = s->align;

    if (a < PAGE || a > MAX_FILE_ALIGN || (a & (a - 1))) {
        return PAGE;
    }
    return a;
}

/* Offset >= off with offset == addr modulo align (so loaders may map it). */
static uint64_t congruent(uint64_t off, uint64_t addr, uint64_t align)
{
    return off + ((addr - off) & (align - 1));
}

static int write_file(const char *output, const uint8_t *buf, size_t len, char *err,
                      size_t errlen)
{
    char *tmp = xasprintf("%s.tmp", output);
    FILE *f = fopen(tmp, "wb");
    int ok = f != NULL;

    ok = ok && fwrite(buf, 1, len, f) == len;
    ok = (f ? fclose(f) == 0 : 0) && ok;
    ok = ok && rename(tmp, output) == 0;
    if (!ok) {
        snprintf(err, errlen, "cannot write '%s': %s", output, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return ok ? 0 : -1;
}

int layout_write(const char *output, const struct elf_file *bs, uint64_t hdr_offset,
                 uint64_t ar_addr, const uint8_t *ar, size_t ar_size, char *err, size_t errlen)
{
    size_t nph = bs->nloads + 1, i;
    uint64_t *seg_off = xmalloc(nph * sizeof(*seg_off));
    uint64_t off = sizeof(Elf64_Ehdr) + nph * sizeof(Elf64_Phdr);
    Elf64_Ehdr eh = {
        .e_ident = { ELFMAG0, ELFMAG1, ELFMAG2, ELFMAG3, ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
        .e_type = ET_EXEC, .e_machine = EM_AARCH64, .e_version = EV_CURRENT,
        .e_entry = bs->entry, .e_phoff = sizeof(Elf64_Ehdr), .e_flags = bs->flags,
        .e_ehsize = sizeof(Elf64_Ehdr), .e_phentsize = sizeof(Elf64_Phdr),
        .e_phnum = (Elf64_Half)nph,
    };
    uint8_t *buf;
    int rc;

    for (i = 0; i < bs->nloads; i++) {
        off = congruent(off, bs->loads[i].vaddr, file_align(&bs->loads[i]));
        seg_off[i] = off;
        off += bs->loads[i].filesz;
    }
    seg_off[i] = off = congruent(off, ar_addr, PAGE);
    off += ar_size;

    buf = xmalloc(off);
    memset(buf, 0, off);
    memcpy(buf, &eh, sizeof(eh));
    for (i = 0; i < nph; i++) {
        const struct elf_segment *s = i < bs->nloads ? &bs->loads[i] : NULL;
        Elf64_Phdr ph = {
            .p_type = PT_LOAD, .p_offset = seg_off[i],
            .p_flags = s ? s->flags : PF_R,
            .p_vaddr = s ? s->vaddr : ar_addr, .p_paddr = s ? s->paddr : ar_addr,
            .p_filesz = s ? s->filesz : ar_size, .p_memsz = s ? s->memsz : ar_size,
            .p_align = s ? s->align : PAGE,
        };

        memcpy(buf + sizeof(eh) + i * sizeof(ph), &ph, sizeof(ph));
        memcpy(buf + seg_off[i], s ? bs->data + s->offset : ar, ph.p_filesz);
        if (s && hdr_offset >= s->offset && hdr_offset - s->offset < s->filesz) {
            uint64_t at = seg_off[i] + (hdr_offset - s->offset);
            uint64_t size = ar_size;

            memcpy(buf + at + offsetof(struct bootstrap_header, archive_addr), &ar_addr, 8);
            memcpy(buf + at + offsetof(struct bootstrap_header, archive_size), &size, 8);
        }
    }
    rc = write_file(output, buf, off, err, errlen);
    free(buf);
    free(seg_off);
    return rc;
}
