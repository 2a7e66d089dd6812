// SPDX-License-Identifier: MIT
/*
 * Host tests of the in-task loader's pure parts (l4re/lib/loader): the ELF
 * checker on hand-built images (good EXEC and DYN files and one defect at a
 * time: truncation, class, machine, overlap, sizes, entry, alignment), the
 * R_AARCH64_RELATIVE relocator with a recording writer, and the initial
 * stack builder's layout.
 */
#include "tap_host.h"
#include <l4/loader/elf.h>
#include <l4/loader/stack.h>
#include <stdint.h>
#include <string.h>

static unsigned char img[0x6000];

/* A program: text R+X at 0x400000 (file 0x1000, 0x800 bytes), data R+W at
   0x401000 (file 0x2000, 0x100 bytes, 0x3000 in memory), entry 0x400010. */
static ldr_elf64_phdr *ph(unsigned i)
{
    return (ldr_elf64_phdr *)(img + 64 + i * LDR_PHDR_SIZE);
}

static ldr_elf64_ehdr *eh(void)
{
    return (ldr_elf64_ehdr *)img;
}

static void make_exec(void)
{
    memset(img, 0, sizeof(img));
    ldr_elf64_ehdr *h = eh();
    memcpy(h->e_ident, "\x7f" "ELF", 4);
    h->e_ident[4] = 2;
    h->e_ident[5] = 1;
    h->e_ident[6] = 1;
    h->e_type = LDR_ET_EXEC;
    h->e_machine = LDR_EM_AARCH64;
    h->e_version = 1;
    h->e_entry = 0x400010;
    h->e_phoff = 64;
    h->e_ehsize = 64;
    h->e_phentsize = LDR_PHDR_SIZE;
    h->e_phnum = 2;
    *ph(0) = (ldr_elf64_phdr){ LDR_PT_LOAD, LDR_PF_R | LDR_PF_X, 0x1000, 0x400000, 0x400000,
                               0x800, 0x800, 0x1000 };
    *ph(1) = (ldr_elf64_phdr){ LDR_PT_LOAD, LDR_PF_R | LDR_PF_W, 0x2000, 0x401000, 0x401000,
                               0x100, 0x3000, 0x1000 };
}

static const char *why_of(size_t size)
{
    struct ldr_elf e;
    const char *why = NULL;
    if (ldr_elf_check(img, size, &e, &why) == 0) {
        return "accepted";
    }
    return why ? why : "(no reason)";
}

static int has(const char *s, const char *part)
{
    return s && strstr(s, part) != NULL;
}

static void test_good_exec(void)
{
    struct ldr_elf e;
    const char *why = "x";
    make_exec();
    int r = ldr_elf_check(img, sizeof(img), &e, &why);
    is_int(r, 0, "good EXEC accepted");
    is_int(e.nsegs, 2, "two segments");
    ok(e.lo == 0x400000 && e.hi == 0x404000, "extent 0x%lx..0x%lx", e.lo, e.hi);
    ok(e.entry == 0x400010 && e.type == LDR_ET_EXEC, "entry and type");
    is_int(e.phdr_vaddr, 0, "phdrs not inside a segment: no AT_PHDR address");
    ok(ldr_elf_seg_at(&e, 0x401fff) == &e.seg[1] && ldr_elf_seg_at(&e, 0x404000) == NULL,
       "seg_at finds the data segment, nothing past it");
    /* Segments listed out of order come back sorted. */
    ldr_elf64_phdr t = *ph(0);
    *ph(0) = *ph(1);
    *ph(1) = t;
    r = ldr_elf_check(img, sizeof(img), &e, &why);
    ok(r == 0 && e.seg[0].vaddr == 0x400000 && e.seg[1].vaddr == 0x401000,
       "segments sorted by address");
}

static void test_defects(void)
{
    make_exec();
    ok(has(why_of(40), "truncated"), "40-byte file: %s", why_of(40));
    ok(has(why_of(100), "truncated"), "program headers cut: %s", why_of(100));
    ok(has(why_of(0x1400), "truncated"), "segment data cut: %s", why_of(0x1400));
    img[0] = 0;
    ok(has(why_of(sizeof(img)), "not an ELF"), "bad magic: %s", why_of(sizeof(img)));
    make_exec();
    img[4] = 1;
    ok(has(why_of(sizeof(img)), "class"), "ELF32: %s", why_of(sizeof(img)));
    make_exec();
    eh()->e_machine = 62;
    ok(has(why_of(sizeof(img)), "machine"), "x86-64: %s", why_of(sizeof(img)));
    make_exec();
    eh()->e_type = 1;
    ok(has(why_of(sizeof(img)), "not an executable"), "ET_REL: %s", why_of(sizeof(img)));
    make_exec();
    ph(1)->p_vaddr = 0x400000;
    ok(has(why_of(sizeof(img)), "overlapping"), "same address: %s", why_of(sizeof(img)));
    make_exec();
    ph(1)->p_vaddr = 0x400800;
    ph(1)->p_offset = 0x1800;
    ok(has(why_of(sizeof(img)), "overlapping"), "sharing a page: %s", why_of(sizeof(img)));
    make_exec();
    ph(1)->p_memsz = 1ULL << 40;
    ok(has(why_of(sizeof(img)), "absurd"), "1 TiB segment: %s", why_of(sizeof(img)));
    make_exec();
    ph(1)->p_memsz = 0x30000000;
    ph(0)->p_memsz = 0x30000000;
    ph(1)->p_vaddr = 0x40000000;
    ph(1)->p_offset = 0x2000;
    ok(has(why_of(sizeof(img)), "absurd total"), "1.5 GiB in all: %s", why_of(sizeof(img)));
    make_exec();
    ph(1)->p_vaddr = ~0ULL - 0xfff;
    ok(has(why_of(sizeof(img)), "address space"), "wrapping segment: %s", why_of(sizeof(img)));
    make_exec();
    ph(1)->p_filesz = 0x4000;
    ok(has(why_of(sizeof(img)), "file size"), "filesz > memsz: %s", why_of(sizeof(img)));
    make_exec();
    eh()->e_entry = 0x401010;
    ok(has(why_of(sizeof(img)), "entry"), "entry in a data segment: %s", why_of(sizeof(img)));
    make_exec();
    eh()->e_entry = 0x10;
    ok(has(why_of(sizeof(img)), "entry"), "entry outside: %s", why_of(sizeof(img)));
    make_exec();
    ph(1)->p_offset = 0x2010;
    ok(has(why_of(sizeof(img)), "congruent"), "misaligned offset: %s", why_of(sizeof(img)));
    make_exec();
    eh()->e_phnum = 0;
    ok(has(why_of(sizeof(img)), "no program headers"), "phnum 0: %s", why_of(sizeof(img)));
    make_exec();
    ph(0)->p_type = 3;
    ok(has(why_of(sizeof(img)), "dynamic linker"), "PT_INTERP: %s", why_of(sizeof(img)));
    make_exec();
    ph(0)->p_type = 4;
    ph(1)->p_type = 4;
    ok(has(why_of(sizeof(img)), "no loadable"), "no PT_LOAD: %s", why_of(sizeof(img)));
}

struct rec {
    unsigned n;
    uint64_t addr[8], val[8];
};

static int rec_write(void *ctx, l4_addr_t addr, l4_uint64_t val)
{
    struct rec *r = ctx;
    if (r->n < 8) {
        r->addr[r->n] = addr;
        r->val[r->n] = val;
    }
    r->n++;
    return 0;
}

/* A static-pie image: text at 0, data at 0x1000 holding .dynamic and .rela.dyn. */
static void make_dyn(unsigned type2)
{
    make_exec();
    eh()->e_type = LDR_ET_DYN;
    eh()->e_entry = 0x10;
    eh()->e_phnum = 3;
    *ph(0) = (ldr_elf64_phdr){ LDR_PT_LOAD, LDR_PF_R | LDR_PF_X, 0, 0, 0, 0x800, 0x800, 0x1000 };
    *ph(1) = (ldr_elf64_phdr){ LDR_PT_LOAD, LDR_PF_R | LDR_PF_W, 0x2000, 0x1000, 0x1000,
                               0x200, 0x2000, 0x1000 };
    *ph(2) = (ldr_elf64_phdr){ LDR_PT_DYNAMIC, LDR_PF_R | LDR_PF_W, 0x2000, 0x1000, 0x1000,
                               0x40, 0x40, 8 };
    ldr_elf64_dyn *d = (ldr_elf64_dyn *)(img + 0x2000);
    d[0] = (ldr_elf64_dyn){ LDR_DT_RELA, 0x1100 };
    d[1] = (ldr_elf64_dyn){ LDR_DT_RELASZ, 2 * sizeof(ldr_elf64_rela) };
    d[2] = (ldr_elf64_dyn){ LDR_DT_RELAENT, sizeof(ldr_elf64_rela) };
    d[3] = (ldr_elf64_dyn){ LDR_DT_NULL, 0 };
    ldr_elf64_rela *r = (ldr_elf64_rela *)(img + 0x2100);
    r[0] = (ldr_elf64_rela){ 0x1180, LDR_R_AARCH64_RELATIVE, 0x20 };
    r[1] = (ldr_elf64_rela){ 0x1188, type2, 0x1180 };
}

static void test_relocate(void)
{
    struct ldr_elf e;
    struct rec rec = { 0 };
    const char *why = NULL;

    make_dyn(LDR_R_AARCH64_RELATIVE);
    int r = ldr_elf_check(img, sizeof(img), &e, &why);
    ok(r == 0 && e.type == LDR_ET_DYN && e.dyn_vaddr == 0x1000, "static-pie image accepted");
    ok(e.phdr_vaddr == 64, "phdrs inside the text segment: AT_PHDR at link address 64");
    r = ldr_elf_relocate(&e, img, sizeof(img), 0x10000000, rec_write, &rec, &why);
    is_int(r, 2, "two relocations applied");
    ok(rec.addr[0] == 0x10001180 && rec.val[0] == 0x10000020 && rec.addr[1] == 0x10001188
       && rec.val[1] == 0x10001180, "targets and values include the bias");
    make_dyn(257); /* R_AARCH64_ABS64 */
    ldr_elf_check(img, sizeof(img), &e, &why);
    rec.n = 0;
    r = ldr_elf_relocate(&e, img, sizeof(img), 0x10000000, rec_write, &rec, &why);
    ok(r < 0 && has(why, "unsupported relocation"), "ABS64 refused: %s", why);
    make_dyn(LDR_R_AARCH64_RELATIVE);
    ((ldr_elf64_rela *)(img + 0x2100))[1].r_offset = 0x100; /* in the text segment */
    ldr_elf_check(img, sizeof(img), &e, &why);
    r = ldr_elf_relocate(&e, img, sizeof(img), 0x10000000, rec_write, &rec, &why);
    ok(r < 0 && has(why, "writable"), "relocation into text refused: %s", why);
    make_dyn(LDR_R_AARCH64_RELATIVE);
    ((ldr_elf64_dyn *)(img + 0x2000))[1].d_val = 0x100000;
    ldr_elf_check(img, sizeof(img), &e, &why);
    r = ldr_elf_relocate(&e, img, sizeof(img), 0x10000000, rec_write, &rec, &why);
    ok(r < 0 && has(why, "outside"), "relocation table past the file: %s", why);
}

static uint64_t word_at(struct ldr_stack *s, l4_addr_t va)
{
    uint64_t w;
    memcpy(&w, ldr_stack_ptr(s, va), 8);
    return w;
}

static void test_stack(void)
{
    static unsigned char buf[4096];
    struct ldr_stack s;
    const l4_addr_t base = 0x7000000;
    ldr_stack_init(&s, buf, base, sizeof(buf));
    l4_addr_t a0 = ldr_stack_push_str(&s, "rom/hello");
    l4_addr_t a1 = ldr_stack_push_str(&s, "--x");
    l4_addr_t e0 = ldr_stack_push_str(&s, "A=1");
    ok(a0 && !strcmp(ldr_stack_ptr(&s, a0), "rom/hello"), "string pushed and readable");
    l4_addr_t argv[2] = { a0, a1 }, envp[1] = { e0 };
    l4_umword_t aux[4] = { LDR_AT_PAGESZ, 4096, 0xf1, 0x1234 };
    l4_addr_t sp = ldr_stack_finish(&s, 2, argv, 1, envp, aux, 2);
    ok(sp && (sp & 15) == 0 && sp >= base && sp < base + sizeof(buf), "sp 0x%lx aligned", sp);
    ok(word_at(&s, sp) == 2 && word_at(&s, sp + 8) == a0 && word_at(&s, sp + 16) == a1
       && word_at(&s, sp + 24) == 0, "argc, argv[], NULL");
    ok(word_at(&s, sp + 32) == e0 && word_at(&s, sp + 40) == 0, "envp[], NULL");
    ok(word_at(&s, sp + 48) == LDR_AT_PAGESZ && word_at(&s, sp + 56) == 4096
       && word_at(&s, sp + 64) == 0xf1 && word_at(&s, sp + 72) == 0x1234
       && word_at(&s, sp + 80) == 0 && word_at(&s, sp + 88) == 0, "auxv and AT_NULL");
    ok(sp + 96 <= e0, "vector block below the strings");
    l4_addr_t big = ldr_stack_push(&s, buf, 8192, 8);
    ok(big == 0 && s.overflow, "a push larger than the buffer overflows");
    ok(ldr_stack_finish(&s, 0, NULL, 0, NULL, NULL, 0) == 0, "finish after overflow fails");
}

int main(void)
{
    plan(41);
    test_good_exec();
    test_defects();
    test_relocate();
    test_stack();
    return done();
}
