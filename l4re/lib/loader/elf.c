/* SPDX-License-Identifier: MIT */
/*
 * ELF checks and relocation for the in-task loader (see l4/loader/elf.h).
 * Every field that comes from the file is checked before it is used as an
 * offset or size, with overflow-safe comparisons, so a malformed file gives
 * a reason instead of a wild access. Fields are read with byte copies:
 * the image may sit at any alignment.
 */
#include <l4/loader/elf.h>

#define PAGE 4096UL

static void copy_in(void *dst, void const *src, l4_size_t n)
{
    unsigned char *d = dst;
    unsigned char const *s = src;

    while (n--) {
        *d++ = *s++;
    }
}

/* [off, off + len) lies inside a file of size bytes. */
static int in_file(l4_uint64_t off, l4_uint64_t len, l4_size_t size)
{
    return off <= size && len <= size - off;
}

static l4_addr_t trunc_pg(l4_addr_t a)
{
    return a & ~(PAGE - 1);
}

static l4_addr_t round_pg(l4_addr_t a)
{
    return (a + PAGE - 1) & ~(PAGE - 1);
}

static int check_header(ldr_elf64_ehdr const *h, l4_size_t size, char const **why)
{
    static unsigned char const magic[4] = { 0x7f, 'E', 'L', 'F' };
    unsigned i;

    for (i = 0; i < 4; ++i) {
        if (h->e_ident[i] != magic[i]) {
            *why = "not an ELF file";
            return -1;
        }
    }
    if (h->e_ident[4] != 2) {
        *why = "wrong class (not ELF64)";
    } else if (h->e_ident[5] != 1) {
        *why = "wrong byte order (not little endian)";
    } else if (h->e_machine != LDR_EM_AARCH64) {
        *why = "wrong machine (not AArch64)";
    } else if (h->e_type != LDR_ET_EXEC && h->e_type != LDR_ET_DYN) {
        *why = "not an executable (type is neither EXEC nor DYN)";
    } else if (h->e_phentsize != LDR_PHDR_SIZE) {
        *why = "bad program header size";
    } else if (h->e_phnum == 0) {
        *why = "no program headers";
    } else if (!in_file(h->e_phoff, (l4_uint64_t)h->e_phnum * LDR_PHDR_SIZE, size)) {
        *why = "truncated (program headers outside the file)";
    } else {
        return 0;
    }
    return -1;
}

/* Check one PT_LOAD and append it, sorted by address. */
static int add_seg(struct ldr_elf *e, ldr_elf64_phdr const *p, l4_size_t size, char const **why)
{
    unsigned i;

    if (e->nsegs == LDR_MAX_SEGS) {
        *why = "too many segments";
    } else if (p->p_filesz > p->p_memsz) {
        *why = "segment file size above its memory size";
    } else if (!in_file(p->p_offset, p->p_filesz, size)) {
        *why = "truncated (segment data outside the file)";
    } else if (p->p_memsz > LDR_MAX_IMAGE) {
        *why = "absurd segment size";
    } else if (p->p_vaddr >= LDR_USER_TOP || p->p_memsz > LDR_USER_TOP - p->p_vaddr) {
        *why = "segment outside the user address space";
    } else if ((p->p_vaddr ^ p->p_offset) & (PAGE - 1)) {
        *why = "segment address and file offset not congruent modulo the page size";
    } else if (p->p_align > 1 && (p->p_align & (p->p_align - 1))) {
        *why = "segment alignment not a power of two";
    } else {
        *why = 0;
    }
    if (*why) {
        return -1;
    }
    for (i = e->nsegs; i > 0 && e->seg[i - 1].vaddr > p->p_vaddr; --i) {
        e->seg[i] = e->seg[i - 1];
    }
    e->seg[i].vaddr = p->p_vaddr;
    e->seg[i].memsz = p->p_memsz;
    e->seg[i].filesz = p->p_filesz;
    e->seg[i].offset = p->p_offset;
    e->seg[i].flags = p->p_flags;
    e->nsegs++;
    if (p->p_align > e->max_align) {
        e->max_align = p->p_align;
    }
    return 0;
}

/* Whole-program checks after all segments are known. */
static int check_layout(struct ldr_elf *e, char const **why)
{
    l4_addr_t total = 0;
    unsigned i;
    int entry_ok = 0;

    if (e->nsegs == 0) {
        *why = "no loadable segment";
        return -1;
    }
    for (i = 0; i < e->nsegs; ++i) {
        struct ldr_seg const *s = &e->seg[i];

        total += round_pg(s->vaddr + s->memsz) - trunc_pg(s->vaddr);
        if (total > LDR_MAX_IMAGE) {
            *why = "absurd total size";
            return -1;
        }
        /* Two segments may not share a page: each page has one backing. */
        if (i > 0 && trunc_pg(s->vaddr) < round_pg(e->seg[i - 1].vaddr + e->seg[i - 1].memsz)) {
            *why = "overlapping segments";
            return -1;
        }
        if ((s->flags & LDR_PF_X) && e->entry >= s->vaddr && e->entry - s->vaddr < s->memsz) {
            entry_ok = 1;
        }
    }
    if (!entry_ok) {
        *why = "entry point outside the executable segments";
        return -1;
    }
    e->lo = trunc_pg(e->seg[0].vaddr);
    e->hi = round_pg(e->seg[e->nsegs - 1].vaddr + e->seg[e->nsegs - 1].memsz);
    return 0;
}

int ldr_elf_check(void const *img, l4_size_t size, struct ldr_elf *out, char const **why)
{
    unsigned char const *base = img;
    ldr_elf64_ehdr h;
    unsigned i;

    *why = 0;
    if (size < LDR_EHDR_SIZE) {
        *why = "truncated (no complete ELF header)";
        return -1;
    }
    copy_in(&h, base, sizeof(h));
    if (check_header(&h, size, why) < 0) {
        return -1;
    }
    out->type = h.e_type;
    out->entry = h.e_entry;
    out->nsegs = 0;
    out->max_align = PAGE;
    out->phoff = h.e_phoff;
    out->phnum = h.e_phnum;
    out->phdr_vaddr = 0;
    out->dyn_vaddr = 0;
    out->dyn_size = 0;
    for (i = 0; i < h.e_phnum; ++i) {
        ldr_elf64_phdr p;

        copy_in(&p, base + h.e_phoff + (l4_size_t)i * LDR_PHDR_SIZE, sizeof(p));
        if (p.p_type == LDR_PT_LOAD) {
            if (add_seg(out, &p, size, why) < 0) {
                return -1;
            }
        } else if (p.p_type == LDR_PT_INTERP) {
            *why = "needs a dynamic linker (not supported)";
            return -1;
        } else if (p.p_type == LDR_PT_DYNAMIC) {
            if (!in_file(p.p_offset, p.p_filesz, size)) {
                *why = "truncated (dynamic section outside the file)";
                return -1;
            }
            out->dyn_vaddr = p.p_vaddr;
            out->dyn_size = p.p_filesz;
        }
    }
    if (check_layout(out, why) < 0) {
        return -1;
    }
    /* The program headers are visible to the program if a segment maps them. */
    for (i = 0; i < out->nsegs; ++i) {
        struct ldr_seg const *s = &out->seg[i];
        l4_uint64_t len = (l4_uint64_t)out->phnum * LDR_PHDR_SIZE;

        if (out->phoff >= s->offset && out->phoff - s->offset <= s->filesz
            && len <= s->filesz - (out->phoff - s->offset)) {
            out->phdr_vaddr = s->vaddr + (out->phoff - s->offset);
        }
    }
    return 0;
}

struct ldr_seg const *ldr_elf_seg_at(struct ldr_elf const *e, l4_addr_t vaddr)
{
    unsigned i;

    for (i = 0; i < e->nsegs; ++i) {
        if (vaddr >= e->seg[i].vaddr && vaddr - e->seg[i].vaddr < e->seg[i].memsz) {
            return &e->seg[i];
        }
    }
    return 0;
}

/* File offset of the link-time range [vaddr, vaddr + len), or ~0 if not in the file. */
static l4_uint64_t file_offset(struct ldr_elf const *e, l4_addr_t vaddr, l4_uint64_t len)
{
    struct ldr_seg const *s = ldr_elf_seg_at(e, vaddr);
    l4_addr_t rel;

    if (!s) {
        return ~0ULL;
    }
    rel = vaddr - s->vaddr;
    if (rel > s->filesz || len > s->filesz - rel) {
        return ~0ULL;
    }
    return s->offset + rel;
}

/* Read the dynamic table: the RELA table's file offset and size. */
static int find_rela(struct ldr_elf const *e, unsigned char const *base, l4_size_t size,
                     l4_uint64_t *off, l4_uint64_t *len, char const **why)
{
    l4_uint64_t doff = file_offset(e, e->dyn_vaddr, e->dyn_size);
    l4_uint64_t rela = 0, relasz = 0, relaent = sizeof(ldr_elf64_rela);
    l4_uint64_t i;

    if (doff == ~0ULL || !in_file(doff, e->dyn_size, size)) {
        *why = "dynamic section outside the loaded file data";
        return -1;
    }
    for (i = 0; i + sizeof(ldr_elf64_dyn) <= e->dyn_size; i += sizeof(ldr_elf64_dyn)) {
        ldr_elf64_dyn d;

        copy_in(&d, base + doff + i, sizeof(d));
        if (d.d_tag == LDR_DT_NULL) {
            break;
        }
        switch (d.d_tag) {
        case LDR_DT_NEEDED:
            *why = "needs shared libraries (not supported)";
            return -1;
        case LDR_DT_REL:
        case LDR_DT_RELR:
            *why = "REL/RELR relocations (not supported)";
            return -1;
        case LDR_DT_RELA:
            rela = d.d_val;
            break;
        case LDR_DT_RELASZ:
            relasz = d.d_val;
            break;
        case LDR_DT_RELAENT:
            relaent = d.d_val;
            break;
        default:
            break;
        }
    }
    if (relasz && relaent != sizeof(ldr_elf64_rela)) {
        *why = "bad relocation entry size";
        return -1;
    }
    *len = relasz;
    *off = 0;
    if (relasz) {
        *off = file_offset(e, rela, relasz);
        if (*off == ~0ULL) {
            *why = "relocation table outside the loaded file data";
            return -1;
        }
    }
    return 0;
}

int ldr_elf_relocate(struct ldr_elf const *e, void const *img, l4_size_t size, l4_addr_t bias,
                     ldr_write64_fn write64, void *ctx, char const **why)
{
    unsigned char const *base = img;
    l4_uint64_t off, len, i;
    int n = 0;

    *why = 0;
    if (!e->dyn_vaddr) {
        return 0;
    }
    if (find_rela(e, base, size, &off, &len, why) < 0) {
        return -1;
    }
    for (i = 0; i + sizeof(ldr_elf64_rela) <= len; i += sizeof(ldr_elf64_rela)) {
        ldr_elf64_rela r;
        struct ldr_seg const *s;
        unsigned type;

        copy_in(&r, base + off + i, sizeof(r));
        type = (unsigned)(r.r_info & 0xffffffffU);
        if (type == LDR_R_AARCH64_NONE) {
            continue;
        }
        if (type != LDR_R_AARCH64_RELATIVE) {
            *why = "unsupported relocation type";
            return -1;
        }
        s = ldr_elf_seg_at(e, r.r_offset);
        if (!s || !(s->flags & LDR_PF_W) || s->memsz < 8
            || r.r_offset - s->vaddr > s->memsz - 8) {
            *why = "relocation outside the writable segments";
            return -1;
        }
        if (write64(ctx, r.r_offset + bias, (l4_uint64_t)(bias + r.r_addend)) < 0) {
            *why = "relocation write failed";
            return -1;
        }
        ++n;
    }
    return n;
}
