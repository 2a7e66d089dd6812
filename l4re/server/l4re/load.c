/* SPDX-License-Identifier: MIT */
/*
 * Loading the program: find its binary in the namespace, attach the file
 * read-only, check it (l4/loader/elf.h), give every PT_LOAD a region
 * (read-only ones straight from the file, writable ones as a copy in fresh
 * anonymous memory), relocate static-pie images, then build the initial
 * stack with the program's own environment (l4/loader/stack.h). Any error
 * is reported with the program's name and ends the task.
 */
#include "l4re.h"
#include <l4/loader/elf.h>
#include <l4/loader/stack.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/rm.h>
#include <l4/sys/err.h>
#include <l4/sys/utcb.h>
#include <l4/util/string.h>

/* The namespace with the program binaries (doc/runtime.md slot 0x12). */
#define NAMES_CAP (0x12UL << L4_CAP_SHIFT)
/* Bytes of the stack top l4re writes the block into (mapped eagerly). */
#define STACK_BUILD_SIZE (16UL * 1024)
/* Most named capabilities copied into the program's environment. */
#define MAX_CAPS 64
/* argv and envp strings a program can get: libapp (l4re/lib/app/block.c) passes as many. */
#define L4RE_MAX_STRINGS 64

/* File ranges l4re maps to read: the headers, each PT_LOAD's file bytes. */
#define MAX_FILE_MAPS (LDR_MAX_SEGS + 2)

struct loaded {
    struct ldr_elf elf;
    l4_addr_t bias;
    unsigned char const *file; /* where the file is attached */
    l4_size_t file_size;
    l4_cap_idx_t file_ds;
    unsigned nmaps;            /* file_maps in use */
    struct {
        l4_addr_t start, end;  /* page-rounded offsets into the file */
    } file_maps[MAX_FILE_MAPS];
};

static L4_NORETURN void fail(char const *what, int err)
{
    if (err) {
        l4re_msg("%s: %d (%s)\n", what, err, l4sys_errtostr(err));
    } else {
        l4re_msg("%s\n", what);
    }
    l4re_exit(1);
}

/*
 * Map the pages of the file that hold [off, off + len) (clipped to the file) before l4re
 * reads them. The file is attached unmapped: l4re's own faults do not come to l4re, and
 * a program file is mostly text that only the program's faults need, or debug data that
 * nobody reads (mapping all of ned's 2 MiB file, one page per request, and unmapping it
 * again cost the hello-cfg boot 1.25 M instructions).
 */
static void file_need(struct loaded *ld, l4_uint64_t off, l4_uint64_t len)
{
    l4_addr_t start, end;
    int r;

    if (off >= ld->file_size || len == 0) {
        return;
    }
    if (len > ld->file_size - off) {
        len = ld->file_size - off;
    }
    start = l4_trunc_page(off);
    end = l4_round_page(off + len);
    if (ld->nmaps == MAX_FILE_MAPS) {
        fail("too many file ranges to map", 0);
    }
    r = l4re_map_range(ld->file_ds, start, (l4_addr_t)ld->file + start, end - start,
                       L4RE_DS_F_R);
    if (r < 0) {
        fail("cannot map the binary", r);
    }
    ld->file_maps[ld->nmaps].start = start;
    ld->file_maps[ld->nmaps].end = end;
    ld->nmaps++;
}

/* Attach the file read-only; map its ELF header and program headers. */
static void open_binary(struct loaded *ld)
{
    l4_addr_t a = L4RE_SEARCH_LO;
    long size;
    ldr_elf64_ehdr h;
    int r;

    ld->file_ds = l4re_cap_alloc();
    r = l4re_ns_query_srv(NAMES_CAP, l4re.prog, ld->file_ds);
    if (r < 0) {
        fail("cannot find the program binary", r);
    }
    size = (long)l4re_ds_size(ld->file_ds);
    if (size < 0) {
        fail("cannot get the binary's size", (int)size);
    }
    if (size == 0) {
        fail("bad ELF: truncated (empty file)", 0);
    }
    ld->file_size = (l4_size_t)size;
    r = rgn_attach(&l4re.map, &a, ld->file_size, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_R,
                   ld->file_ds, 0, 0);
    if (r < 0) {
        fail("cannot map the binary", r);
    }
    ld->file = (unsigned char const *)a;
    ld->nmaps = 0;
    file_need(ld, 0, LDR_EHDR_SIZE);
    if (ld->file_size >= LDR_EHDR_SIZE) { /* ldr_elf_check refuses a shorter file */
        memcpy(&h, ld->file, sizeof(h));
        file_need(ld, h.e_phoff, (l4_uint64_t)h.e_phnum * LDR_PHDR_SIZE);
    }
}

static int write64(void *ctx, l4_addr_t addr, l4_uint64_t val)
{
    (void)ctx;
    memcpy((void *)addr, &val, sizeof(val));
    return 0;
}

/* Place a position-independent image: a free range big enough for all of it. */
static void choose_bias(struct loaded *ld)
{
    l4_addr_t a = L4RE_SEARCH_LO;
    unsigned align = L4_PAGESHIFT;
    int r;

    while (align < 30 && (1UL << align) < ld->elf.max_align) {
        ++align;
    }
    r = rgn_reserve(&l4re.map, &a, ld->elf.hi - ld->elf.lo, L4RE_RM_F_SEARCH_ADDR, align);
    if (r < 0) {
        fail("no room for the program image", r);
    }
    rgn_free_area(&l4re.map, a); /* only needed the address */
    ld->bias = a - ld->elf.lo;
}

static unsigned long seg_rights(unsigned flags)
{
    return ((flags & LDR_PF_R) ? L4RE_RM_F_R : 0) | ((flags & LDR_PF_W) ? L4RE_RM_F_W : 0)
           | ((flags & LDR_PF_X) ? L4RE_RM_F_X : 0);
}

/* A segment gets fresh memory with the file bytes copied in (else the file is attached). */
static int is_copied(struct ldr_seg const *s)
{
    return (s->flags & LDR_PF_W) || s->memsz > s->filesz
           || (l4re.aux && (l4re.aux->ldr_flags & L4RE_AUX_LDR_FLAG_ALL_SEGS_COW));
}

static void load_segment(struct loaded *ld, struct ldr_seg const *s)
{
    l4_addr_t start = l4_trunc_page(s->vaddr) + ld->bias;
    l4_addr_t size = l4_round_page(s->vaddr + s->memsz) - l4_trunc_page(s->vaddr);
    unsigned long rights = seg_rights(s->flags) | L4RE_RM_F_R;
    int copy = is_copied(s);
    l4_cap_idx_t ds = ld->file_ds;
    l4_uint64_t offs = l4_trunc_page(s->offset);
    int r;

    if (copy) {
        ds = l4re_cap_alloc();
        r = l4re_ma_alloc(size, ds, 0);
        if (r < 0) {
            fail("out of memory for a segment", r);
        }
        offs = 0;
    }
    r = rgn_attach(&l4re.map, &start, size, rights, ds, offs, 0);
    if (r < 0) {
        l4re_msg("segment at 0x%lx size 0x%lx: address not available\n", start, size);
        fail("bad ELF: segment overlaps reserved memory", 0);
    }
    if (copy) {
        /* Copy with write rights; the region's rights apply to later faults. Only the pages
         * the file fills are mapped now: the rest (bss) is fresh memory, zero, and comes in
         * when touched (a large bss untouched costs nothing), unless all is wanted eagerly. */
        int eager = l4re.aux && (l4re.aux->ldr_flags & L4RE_AUX_LDR_FLAG_EAGER_MAP);
        l4_addr_t filled = size;
        if (!eager) {
            filled = s->filesz ? l4_round_page(s->vaddr + s->filesz) - l4_trunc_page(s->vaddr) : 0;
        }
        r = filled ? l4re_map_range(ds, 0, start, filled, L4RE_DS_F_RW) : 0;
        if (r < 0) {
            fail("cannot map a segment", r);
        }
        file_need(ld, s->offset, s->filesz);
        memcpy((void *)(s->vaddr + ld->bias), ld->file + s->offset, s->filesz);
        if (!(s->flags & LDR_PF_W) && filled) {
            l4re_unmap_range(start, start + filled); /* fault back in read-only */
        }
    } else if (l4re.aux && (l4re.aux->ldr_flags & L4RE_AUX_LDR_FLAG_EAGER_MAP)) {
        l4re_map_range(ds, offs, start, size, rights);
    }
}

/* Attach the stack dataspace; map the top part that l4re writes now. */
static l4_addr_t attach_eager_top(l4_cap_idx_t ds)
{
    l4_addr_t a = L4RE_SEARCH_LO;
    l4_addr_t size = L4RE_DEFAULT_STACK_SIZE;
    int r = rgn_attach(&l4re.map, &a, size, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ds, 0, 0);

    if (r == 0) {
        r = l4re_map_range(ds, size - STACK_BUILD_SIZE, a + size - STACK_BUILD_SIZE,
                           STACK_BUILD_SIZE, L4RE_DS_F_RW);
    }
    if (r < 0) {
        fail("cannot set up the stack", r);
    }
    return a;
}

/* The program's environment, caps table and aux data go onto its stack. */
static l4_addr_t build_stack(struct loaded *ld, l4_addr_t *sp)
{
    l4_cap_idx_t ds = l4re_cap_alloc();
    l4_addr_t base, top, argv[L4RE_MAX_STRINGS], envp[L4RE_MAX_STRINGS], auxv[2 * 16];
    l4_addr_t a_env, a_aux, a_caps = 0;
    struct ldr_stack st;
    l4re_env_t env = *l4re.env;
    l4re_aux_t aux;
    unsigned i, n = 0, argc = 0, envc = 0, ncaps = 0;
    int r = l4re_ma_alloc(L4RE_DEFAULT_STACK_SIZE, ds, 0);

    if (r < 0) {
        fail("out of memory for the stack", r);
    }
    base = attach_eager_top(ds);
    top = base + L4RE_DEFAULT_STACK_SIZE;
    ldr_stack_init(&st, (void *)(top - STACK_BUILD_SIZE), top - STACK_BUILD_SIZE,
                   STACK_BUILD_SIZE);

    if (env.caps) {
        while (ncaps < MAX_CAPS && env.caps[ncaps].flags != ~0UL) {
            ++ncaps;
        }
        a_caps = ldr_stack_push(&st, env.caps, (ncaps + 1) * sizeof(l4re_env_cap_entry_t), 16);
        if (a_caps) {
            ((l4re_env_cap_entry_t *)a_caps)[ncaps].flags = ~0UL;
        }
    }
    env.caps = (l4re_env_cap_entry_t *)a_caps;
    env.rm = l4re.gate;
    env.main_thread = l4re.thread;
    env.itas = L4_INVALID_CAP;
    env.first_free_cap = l4re.next_cap >> L4_CAP_SHIFT;
    env.first_free_utcb = l4re_main_utcb() + L4_UTCB_OFFSET;
    a_env = ldr_stack_push(&st, &env, sizeof(env), 16);

    aux = l4re.aux ? *l4re.aux : (l4re_aux_t){ 0, 0, 0, 0, 0 };
    aux.binary = (char const *)ldr_stack_push_str(&st, l4re.prog);
    a_aux = ldr_stack_push(&st, &aux, sizeof(aux), 16);

    /* Nothing is dropped: more strings than the tables hold end the start loudly. */
    for (i = 0; i < (unsigned)l4re.argc; ++i) {
        if (argc == L4RE_MAX_STRINGS) {
            fail("more than 64 arguments", 0);
        }
        argv[argc++] = ldr_stack_push_str(&st, l4re.argv[i]);
    }
    for (i = 0; l4re.envp[i]; ++i) {
        if (envc == L4RE_MAX_STRINGS) {
            fail("more than 64 environment strings", 0);
        }
        envp[envc++] = ldr_stack_push_str(&st, l4re.envp[i]);
    }

#define AUX(t, v) (auxv[n++] = (t), auxv[n++] = (v))
    if (ld->elf.phdr_vaddr) {
        AUX(LDR_AT_PHDR, ld->elf.phdr_vaddr + ld->bias);
    } else {
        AUX(LDR_AT_PHDR, ldr_stack_push(&st, ld->file + ld->elf.phoff,
                                        ld->elf.phnum * LDR_PHDR_SIZE, 8));
    }
    AUX(LDR_AT_PHENT, LDR_PHDR_SIZE);
    AUX(LDR_AT_PHNUM, ld->elf.phnum);
    AUX(LDR_AT_PAGESZ, L4_PAGESIZE);
    AUX(LDR_AT_BASE, 0);
    AUX(LDR_AT_ENTRY, ld->elf.entry + ld->bias);
    AUX(LDR_AT_UID, 0);
    AUX(LDR_AT_EUID, 0);
    AUX(LDR_AT_GID, 0);
    AUX(LDR_AT_EGID, 0);
    AUX(AT_L4_AUX, a_aux);
    AUX(AT_L4_ENV, a_env);
    AUX(AT_L4_KIP, (l4_addr_t)l4re.kip);
#undef AUX
    *sp = ldr_stack_finish(&st, argc, argv, envc, envp, auxv, n / 2);
    if (!*sp || st.overflow || !a_env || !a_aux || !aux.binary) {
        fail("arguments do not fit the stack", 0);
    }
    return base;
}

void l4re_load_program(l4_addr_t *entry, l4_addr_t *sp)
{
    static struct loaded ld;
    struct rgn file_rgn;
    char const *why;
    unsigned i;
    int n;

    open_binary(&ld);
    if (ldr_elf_check(ld.file, ld.file_size, &ld.elf, &why) < 0) {
        l4re_msg("bad ELF: %s\n", why);
        l4re_exit(1);
    }
    ld.bias = 0;
    if (ld.elf.type == LDR_ET_DYN) {
        choose_bias(&ld);
    }
    for (i = 0; i < ld.elf.nsegs; ++i) {
        load_segment(&ld, &ld.elf.seg[i]);
    }
    if (ld.elf.type == LDR_ET_DYN) {
        /* The dynamic table and the relocations lie in segments' file bytes. */
        for (i = 0; i < ld.elf.nsegs; ++i) {
            if (!is_copied(&ld.elf.seg[i])) {
                file_need(&ld, ld.elf.seg[i].offset, ld.elf.seg[i].filesz);
            }
        }
        n = ldr_elf_relocate(&ld.elf, ld.file, ld.file_size, ld.bias, write64, 0, &why);
        if (n < 0) {
            l4re_msg("bad ELF: %s\n", why);
            l4re_exit(1);
        }
    }
    build_stack(&ld, sp);
    *entry = ld.elf.entry + ld.bias;
    /* The file's mapping was only for loading; the segments keep the ds. */
    if (rgn_detach(&l4re.map, (l4_addr_t)ld.file, &file_rgn) == 0) {
        for (i = 0; i < ld.nmaps; ++i) {
            l4re_unmap_range(file_rgn.start + ld.file_maps[i].start,
                             file_rgn.start + ld.file_maps[i].end);
        }
    }
}
