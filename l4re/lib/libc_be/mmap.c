/* SPDX-License-Identifier: MIT */
/*
 * mmap and friends: private memory only. An anonymous mapping is a fresh
 * dataspace attached where the region map finds room (or exactly at addr
 * with MAP_FIXED, if that range is free); a mapping of a rom file is such
 * an anonymous copy of the file's bytes, so it never aliases the shared
 * boot module. munmap detaches and frees the mappings lying wholly in the
 * range (splitting one is refused with EINVAL). mremap fails with ENOSYS
 * (uClibc's realloc then copies); mprotect and madvise are accepted and
 * change nothing.
 */
#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <l4/sys/consts.h>
#include <l4/re/c/rm.h>

#include "be.h"

#define BE_MAPS 384             /* a thread stack is one: BE_THREADS threads and more */

struct be_map {
    l4_addr_t start;            /* 0: free entry */
    unsigned long size;
    l4_cap_idx_t ds;
};

static struct be_map be_maps[BE_MAPS];

static struct be_map *be_map_slot(void)
{
    unsigned i;

    for (i = 0; i < BE_MAPS; ++i) {
        if (!be_maps[i].start) {
            return &be_maps[i];
        }
    }
    return 0;
}

long be_mmap(long addr, long len, long prot, long flags, long fd, long off)
{
    unsigned long size = l4_round_page((unsigned long)len);
    l4re_rm_flags_t rmf = L4RE_RM_F_RW;
    struct be_map *m = be_map_slot();
    l4_cap_idx_t ds;
    void *at = 0;

    if (len <= 0 || (off & (L4_PAGESIZE - 1))) {
        return -EINVAL;
    }
    if (!(flags & MAP_ANONYMOUS) && !be_file_valid((int)fd)) {
        return -EBADF;
    }
    if (!m || be_ds_new(size, &ds) < 0) {
        return -ENOMEM;
    }
    if (prot & PROT_EXEC) {
        rmf |= L4RE_RM_F_X;
    }
    if (flags & MAP_FIXED) {
        at = (void *)addr;
    } else {
        rmf |= L4RE_RM_F_SEARCH_ADDR;
    }
    /* Mapped now, as brk does: out of memory is this call's ENOMEM, not a fault later. */
    rmf |= L4RE_RM_F_EAGER_MAP;
    if (l4re_rm_attach(&at, size, rmf, ds, 0, L4_PAGESHIFT) < 0) {
        be_ds_free(ds);
        return -ENOMEM;
    }
    m->start = (l4_addr_t)at;
    m->size = size;
    m->ds = ds;
    if (!(flags & MAP_ANONYMOUS)) {
        /* The copy of the file; what lies beyond its end stays zero. */
        if (be_pread(fd, (long)at, len, off, 0, 0) < 0) {
            be_munmap((long)at, len, 0, 0, 0, 0);
            return -EACCES;
        }
    }
    return (long)at;
}

long be_munmap(long addr, long len, long a2, long a3, long a4, long a5)
{
    l4_addr_t lo = (l4_addr_t)addr;
    l4_addr_t hi = lo + l4_round_page((unsigned long)len);
    unsigned i;

    (void)a2, (void)a3, (void)a4, (void)a5;
    if (len <= 0 || (lo & (L4_PAGESIZE - 1))) {
        return -EINVAL;
    }
    for (i = 0; i < BE_MAPS; ++i) {
        struct be_map *m = &be_maps[i];

        if (!m->start || m->start + m->size <= lo || m->start >= hi) {
            continue;
        }
        if (m->start < lo || m->start + m->size > hi) {
            return -EINVAL;     /* would split a mapping */
        }
    }
    for (i = 0; i < BE_MAPS; ++i) {
        struct be_map *m = &be_maps[i];

        if (m->start && m->start >= lo && m->start + m->size <= hi) {
            l4re_rm_detach((void *)m->start);
            be_ds_free(m->ds);
            m->start = 0;
        }
    }
    return 0;
}

long be_mremap(long a0, long a1, long a2, long a3, long a4, long a5)
{
    (void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    return -ENOSYS;
}

long be_mprotect(long a0, long a1, long a2, long a3, long a4, long a5)
{
    (void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    return 0;
}

long be_madvise(long a0, long a1, long a2, long a3, long a4, long a5)
{
    (void)a0, (void)a1, (void)a2, (void)a3, (void)a4, (void)a5;
    return 0;
}
