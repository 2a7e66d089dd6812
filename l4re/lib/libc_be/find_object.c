/* SPDX-License-Identifier: MIT */
/*
 * _dl_find_object: how the cross compiler's libgcc_eh (built for glibc 2.35 or
 * later) finds the unwind tables of the code at an address. NPTL needs them to
 * cancel a thread (a forced unwind that runs the cleanup handlers). A program
 * here is one static ELF object, so the answer comes from its own program
 * headers (dl_iterate_phdr over AT_PHDR): the span of its PT_LOAD segments and
 * its PT_GNU_EH_FRAME (the link adds --eh-frame-hdr, l4re/l4re.mk). The layout
 * is glibc's struct dl_find_object (<dlfcn.h>), an ABI fact.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stddef.h>

struct be_dl_find_object {
    unsigned long long flags;
    void *map_start;
    void *map_end;
    void *link_map;
    void *eh_frame;
    unsigned long long reserved[7];
};

int _dl_find_object(void *pc, struct be_dl_find_object *result);

struct be_find {
    unsigned long pc;
    struct be_dl_find_object *r;
    int found;
};

static int be_find_in(struct dl_phdr_info *info, size_t size, void *arg)
{
    struct be_find *f = arg;
    unsigned long lo = ~0UL, hi = 0;
    void *eh = 0;
    unsigned i;

    (void)size;
    for (i = 0; i < info->dlpi_phnum; ++i) {
        ElfW(Phdr) const *ph = &info->dlpi_phdr[i];
        unsigned long start = info->dlpi_addr + ph->p_vaddr;

        if (ph->p_type == PT_LOAD) {
            lo = start < lo ? start : lo;
            hi = start + ph->p_memsz > hi ? start + ph->p_memsz : hi;
        } else if (ph->p_type == PT_GNU_EH_FRAME) {
            eh = (void *)start;
        }
    }
    if (f->pc < lo || f->pc >= hi) {
        return 0;
    }
    f->r->flags = 0;
    f->r->map_start = (void *)lo;
    f->r->map_end = (void *)hi;
    f->r->link_map = 0;
    f->r->eh_frame = eh;
    f->found = 1;
    return 1;
}

int _dl_find_object(void *pc, struct be_dl_find_object *result)
{
    struct be_find f = { (unsigned long)pc, result, 0 };

    dl_iterate_phdr(be_find_in, &f);
    return f.found ? 0 : -1;
}
