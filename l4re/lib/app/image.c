/* SPDX-License-Identifier: MIT */
/*
 * rom/l4re into a new task: the ELF is checked (libloader's checker plus
 * the placement rules of doc/l4re.md: a static ET_EXEC whose pages stay
 * clear of the stack block, the KIP page and the UTCB area), its PT_LOAD
 * segments are copied into one piece of the starter's memory (zeros for
 * .bss), and every page is mapped into the task at its link address with
 * the segment's rights. l4re never page-faults on its own image.
 */
#include <l4/app/app.h>
#include <l4/loader/elf.h>
#include <l4/sys/err.h>
#include <l4/sys/task.h>
#include <l4/util/string.h>
#include "app_int.h"

/* Lowest address an image page may use (the first 64 KiB stay unmapped). */
#define IMAGE_MIN 0x10000UL

long app_map_pages(struct l4app *a, l4_addr_t local, l4_addr_t va, unsigned long size,
                   unsigned rights)
{
    unsigned long off;

    for (off = 0; off < size; off += L4_PAGESIZE) {
        long r = l4_error(l4_task_map(a->task, L4_BASE_TASK_CAP,
                                      l4_fpage(local + off, L4_PAGESHIFT, (unsigned char)rights),
                                      l4_map_control(va + off, 0, 0)));
        if (r < 0) {
            return r;
        }
    }
    return 0;
}

long app_check_image(struct l4app_params const *p, struct ldr_elf *e, char const **why)
{
    if (!p->l4re_elf || ldr_elf_check(p->l4re_elf, p->l4re_size, e, why) < 0) {
        if (!p->l4re_elf) {
            *why = "no image";
        }
        return -L4_EINVAL;
    }
    if (e->type != LDR_ET_EXEC) {
        *why = "not a static executable (ET_EXEC)";
        return -L4_EINVAL;
    }
    if (e->lo < IMAGE_MIN || e->hi > L4APP_UTCB_AREA
        || (e->lo < L4APP_BLOCK_TOP && e->hi > L4APP_KIP_ADDR)) {
        *why = "segments collide with the stack block, KIP or UTCB area";
        return -L4_EINVAL;
    }
    if (e->hi - e->lo > (64UL << 20)) {
        *why = "image larger than 64 MiB";
        return -L4_EINVAL;
    }
    return 0;
}

long app_load_image(struct l4app_params const *p, struct ldr_elf const *e, struct l4app *a,
                    char const **why)
{
    unsigned i;

    a->image_lo = e->lo;
    a->image_hi = e->hi;
    a->entry = e->entry;
    a->image = p->mem.alloc(p->mem.ctx, e->hi - e->lo, &a->image_h);
    if (!a->image) {
        *why = "no memory for l4re's image";
        return -L4_ENOMEM;
    }
    for (i = 0; i < e->nsegs; ++i) {
        struct ldr_seg const *s = &e->seg[i];

        memcpy(a->image + (s->vaddr - e->lo), (char const *)p->l4re_elf + s->offset, s->filesz);
    }
    for (i = 0; i < e->nsegs; ++i) {
        struct ldr_seg const *s = &e->seg[i];
        l4_addr_t lo = s->vaddr & L4_PAGEMASK;
        l4_addr_t hi = (s->vaddr + s->memsz + L4_PAGESIZE - 1) & L4_PAGEMASK;
        long r = app_map_pages(a, (l4_addr_t)a->image + (lo - e->lo), lo, hi - lo,
                               (s->flags & (LDR_PF_R | LDR_PF_W | LDR_PF_X)) | L4_FPAGE_RO);

        if (r < 0) {
            *why = "cannot map l4re's image";
            return r;
        }
    }
    return 0;
}
