/* SPDX-License-Identifier: MIT */
/*
 * Region map and C-binding tests of a program that moe starts through l4re
 * (no libc): the environment l4re built, dataspaces from the allocator,
 * attach (searched, fixed, aligned, eager, in areas), overlapping attaches
 * refused, find, detach returning the dataspace, page faults on anonymous
 * memory, and the C examples' flow alloc + attach + touch + detach + free.
 * Built twice: static (l4re_rm_test) and static-pie (l4re_pie_test).
 */
#include "logtap.h"
#include <l4/crt1_l4re.h>
#include <l4/re/env.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/c/util/kumem_alloc.h>
#include <l4/sys/err.h>
#include <l4/sys/kip.h>
#include <l4/util/atomic.h>
#include <l4/util/string.h>

#define KB 1024UL
#define MB (1024UL * KB)

/* An anonymous dataspace of size bytes in a fresh slot, or L4_INVALID_CAP. */
static l4re_ds_t new_ds(unsigned long size)
{
    l4re_ds_t ds = l4re_util_cap_alloc();

    if (l4_is_invalid_cap(ds) || l4re_ma_alloc((long)size, ds, 0) < 0) {
        return L4_INVALID_CAP;
    }
    return ds;
}

static int contains(char const *s, char const *part)
{
    unsigned long n = strlen(part);

    for (; *s; ++s) {
        if (!strncmp(s, part, n)) {
            return 1;
        }
    }
    return 0;
}

static int pattern_ok(unsigned char volatile *p, unsigned long size, unsigned char seed)
{
    unsigned long i;

    for (i = 0; i < size; i += 512) {
        if (p[i] != (unsigned char)(seed + i / 512)) {
            return 0;
        }
    }
    return 1;
}

static void pattern_fill(unsigned char volatile *p, unsigned long size, unsigned char seed)
{
    unsigned long i;

    for (i = 0; i < size; i += 512) {
        p[i] = (unsigned char)(seed + i / 512);
    }
}

static void test_env(int argc, char **argv)
{
    l4re_env_t *e = l4re_env();
    l4_kernel_info_t const *kip = l4re_kip();

    lt_ok(e != 0 && l4_is_valid_cap(e->rm), "environment with a region map");
    lt_ok(argc >= 1 && argv[0] && contains(argv[0], "rom/l4re_"), "argv[0] names the program (%s)",
          argc >= 1 ? argv[0] : "-");
    lt_ok(kip && kip->magic == L4_KERNEL_INFO_MAGIC, "KIP visible through AT_L4_KIP");
    lt_ok(e && e->first_free_cap >= 0x16 && l4_is_valid_cap(e->main_thread),
          "first_free_cap 0x%lx, main thread set", e ? e->first_free_cap : 0);
    lt_ok(l4_is_invalid_cap(l4re_env_get_cap("no-such-cap")), "unknown named cap is invalid");
}

static void test_atomics(void)
{
    static l4_uint32_t volatile w = 5;
    int ok = l4util_cmpxchg32(&w, 5, 7) && !l4util_cmpxchg32(&w, 5, 9) && w == 7
             && l4util_xchg32(&w, 1) == 7 && l4util_add32_res(&w, 4) == 5
             && l4util_inc32_res(&w) == 6 && l4util_dec32_res(&w) == 5
             && l4util_or32_res(&w, 0x10) == 0x15 && l4util_and32_res(&w, 0x11) == 0x11;

    lt_ok(ok, "l4util atomics (cmpxchg, xchg, add, inc, dec, or, and)");
}

static void test_attach(void)
{
    l4re_ds_t ds = new_ds(64 * KB), ds2 = L4_INVALID_CAP, m = L4_INVALID_CAP;
    void *a = 0, *b, *c;
    l4_addr_t fa;
    unsigned long fsize = 0;
    l4re_rm_offset_t foffs;
    l4re_rm_flags_t fflags;
    l4re_ds_stats_t st = { 0, 0 };
    int r;

    lt_ok(l4_is_valid_cap(ds), "l4re_ma_alloc 64 KiB");
    lt_is(l4re_ds_info(ds, &st), 0, "l4re_ds_info");
    lt_is((long)st.size, 64 * KB, "dataspace size is 64 KiB");
    r = l4re_rm_attach(&a, 64 * KB, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ds, 0, L4_PAGESHIFT);
    lt_ok(r == 0 && a && !((l4_addr_t)a & (L4_PAGESIZE - 1)), "attach with search: %p (%d)",
          a, r);
    pattern_fill(a, 64 * KB, 7);
    lt_ok(pattern_ok(a, 64 * KB, 7), "page faults on attached memory resolved (16 pages)");

    fa = (l4_addr_t)a + 5000;
    fsize = 1;
    r = l4re_rm_find(&fa, &fsize, &foffs, &fflags, &m);
    lt_ok(r == 0 && fa == (l4_addr_t)a && fsize == 64 * KB && foffs == 0
          && (fflags & L4RE_RM_F_RW) == L4RE_RM_F_RW && m == ds, "find returns the region");

    /* A second view of the same dataspace at a fixed address sees the same bytes. */
    b = (void *)0x30000000UL;
    r = l4re_rm_attach(&b, 64 * KB, L4RE_RM_F_R, ds, 0, 0);
    lt_ok(r == 0 && b == (void *)0x30000000UL, "fixed attach at 0x30000000 (%d)", r);
    lt_ok(r == 0 && pattern_ok(b, 64 * KB, 7), "fixed read-only view shows the same data");
    c = (void *)0x30008000UL;
    r = l4re_rm_attach(&c, 8 * KB, L4RE_RM_F_RW, ds, 0, 0);
    lt_is(r, -L4_EADDRNOTAVAIL, "overlapping fixed attach refused with -EADDRNOTAVAIL");
    c = (void *)0x2fffe000UL;
    r = l4re_rm_attach(&c, 16 * KB, L4RE_RM_F_RW, ds, 0, 0);
    lt_is(r, -L4_EADDRNOTAVAIL, "attach overlapping the start of a region refused");

    r = l4re_rm_detach_ds(b, &m);
    lt_ok(r >= 0 && m == ds, "detach returns the dataspace (%d)", r);
    fa = 0x30000000UL;
    fsize = 1;
    lt_is(l4re_rm_find(&fa, &fsize, &foffs, &fflags, &m), -L4_ENOENT, "find after detach");
    lt_is(l4re_rm_detach((void *)0x30000000UL), -L4_ENOENT, "detach of nothing: -ENOENT");

    /* Aligned search and eager mapping. */
    ds2 = new_ds(2 * MB);
    c = 0;
    r = l4re_rm_attach(&c, 2 * MB, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW | L4RE_RM_F_EAGER_MAP,
                       ds2, 0, 21);
    lt_ok(r == 0 && !((l4_addr_t)c & (2 * MB - 1)), "2 MiB aligned eager attach at %p (%d)",
          c, r);
    if (r == 0) {
        pattern_fill(c, 2 * MB, 3);
        lt_ok(pattern_ok(c, 2 * MB, 3), "eagerly mapped memory is usable");
        lt_ok(l4re_rm_detach(c) >= 0, "detach the 2 MiB region");
    } else {
        lt_skip("no 2 MiB region");
        lt_skip("no 2 MiB region");
    }
    l4re_util_cap_free_um(ds2);

    c = 0;
    r = l4re_rm_attach(&c, L4_PAGESIZE, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, L4_INVALID_CAP,
                       0, 0);
    lt_ok(r < 0, "attach of an invalid dataspace refused (%d)", r);
    lt_ok(l4re_rm_detach(a) >= 0, "detach the searched region");
    l4re_util_cap_free_um(ds);
}

static void test_areas(void)
{
    l4re_ds_t ds = new_ds(16 * KB);
    l4_addr_t area = 0;
    void *a;
    int r;

    r = l4re_rm_reserve_area(&area, 1 * MB, L4RE_RM_F_SEARCH_ADDR, 20);
    lt_ok(r == 0 && area && !(area & (MB - 1)), "reserve a 1 MiB area at 0x%lx (%d)", area, r);
    a = (void *)area;
    r = l4re_rm_attach(&a, 16 * KB, L4RE_RM_F_RW, ds, 0, 0);
    lt_is(r, -L4_EADDRNOTAVAIL, "fixed attach into an area without IN_AREA refused");
    a = 0;
    r = l4re_rm_attach(&a, 16 * KB, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_IN_AREA | L4RE_RM_F_RW,
                       ds, 0, 0);
    lt_ok(r == 0 && (l4_addr_t)a >= area && (l4_addr_t)a + 16 * KB <= area + MB,
          "search attach lands inside the area (%p)", a);
    if (r == 0) {
        ((unsigned char volatile *)a)[100] = 42;
        lt_ok(((unsigned char volatile *)a)[100] == 42, "memory in the area works");
        l4re_rm_detach(a);
    } else {
        lt_skip("no region in the area");
    }
    a = (void *)(area + 64 * KB);
    r = l4re_rm_attach(&a, 16 * KB, L4RE_RM_F_IN_AREA | L4RE_RM_F_RW, ds, 0, 0);
    lt_ok(r == 0 && a == (void *)(area + 64 * KB), "fixed IN_AREA attach (%d)", r);
    l4re_rm_detach(a);
    a = 0;
    r = l4re_rm_attach(&a, 16 * KB, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ds, 0, 0);
    lt_ok(r == 0 && ((l4_addr_t)a + 16 * KB <= area || (l4_addr_t)a >= area + MB),
          "plain search avoids the area");
    l4re_rm_detach(a);
    lt_is(l4re_rm_free_area(area), 0, "free the area");
    a = (void *)area;
    r = l4re_rm_attach(&a, 16 * KB, L4RE_RM_F_RW, ds, 0, 0);
    lt_is(r, 0, "fixed attach where the area was");
    l4re_rm_detach(a);
    l4re_util_cap_free_um(ds);
}

/* Clearing part of a dataspace, and kernel-user memory for UTCBs. */
static void test_clear_kumem(void)
{
    l4re_ds_t ds = new_ds(8 * KB);
    unsigned char volatile *p = 0;
    l4_addr_t ku = 0;
    int r = l4re_rm_attach((void **)&p, 8 * KB, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ds, 0, 0);

    if (r == 0) {
        pattern_fill(p, 8 * KB, 9);
        r = l4re_ds_clear(ds, 0, 4 * KB);
    }
    lt_ok(r == 0 && p[0] == 0 && p[4 * KB - 512] == 0 && pattern_ok(p + 4 * KB, 4 * KB, 17),
          "l4re_ds_clear zeroes the first page only (%d)", r);
    if (p) {
        l4re_rm_detach((void *)p);
    }
    l4re_util_cap_free_um(ds);
    r = l4re_util_kumem_alloc(&ku, 0, L4RE_THIS_TASK_CAP, l4re_env()->rm);
    lt_ok(r == 0 && ku && !(ku & (L4_PAGESIZE - 1)) && (*(volatile l4_umword_t *)ku = 1, 1),
          "kernel-user memory page at 0x%lx (%d), writable", ku, r);
}

/* The C examples' flow: allocate, attach, touch, detach, free. */
static void test_example_flow(void)
{
    l4re_ds_t ds = l4re_util_cap_alloc();
    void *addr = 0;
    long r = l4re_ma_alloc(8 * KB, ds, 0);
    int ok;

    if (r == 0) {
        r = l4re_rm_attach(&addr, 8 * KB, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ds, 0,
                           L4_PAGESHIFT);
    }
    if (r == 0) {
        memset(addr, 0xab, 8 * KB);
        r = ((unsigned char *)addr)[8 * KB - 1] == 0xab ? 0 : -1;
        r = r ? r : l4re_rm_detach(addr);
    }
    ok = r >= 0;
    l4re_util_cap_free_um(ds);
    lt_ok(ok, "alloc + attach + touch + detach + free (%ld)", r);
}

int main(int argc, char **argv)
{
    lt_start(35);
    test_env(argc, argv);
    test_atomics();
    test_attach();
    test_areas();
    test_clear_kumem();
    test_example_flow();
    return lt_done();
}
