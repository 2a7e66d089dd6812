// SPDX-License-Identifier: MIT
/*
 * Host tests of l4re's region list (l4re/server/l4re/region.c): searched
 * and fixed attaches, alignment, overlaps refused with -L4_EADDRNOTAVAIL,
 * lookup and detach, areas with IN_AREA, and a full table; searched regions
 * of 64 KiB or more prefer block-aligned addresses (moe maps blocks).
 */
#include "tap_host.h"
#include "region.h"
#include <l4/sys/err.h>
#include <l4/re/c/rm.h>

static struct rgn_map m;

#define LO 0x10000UL
#define HI 0xffffffff0000UL
#define DS1 (0x20UL << 12)
#define DS2 (0x21UL << 12)

static void test_attach(void)
{
    l4_addr_t a = 0, b = 0, c;
    struct rgn out;
    rgn_init(&m, LO, HI);
    int r = rgn_attach(&m, &a, 0x3000, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, DS1, 0, 0);
    ok(r == 0 && a == LO, "first search at the low end (0x%lx)", a);
    r = rgn_attach(&m, &b, 0x1001, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, DS2, 0x1000, 0);
    ok(r == 0 && b == LO + 0x3000, "second search right after (0x%lx)", b);
    struct rgn *x = rgn_lookup(&m, b + 0x1fff);
    ok(x && x->start == b && x->end == b + 0x2000 && x->ds == DS2 && x->offs == 0x1000,
       "size rounded to pages, lookup finds it");
    ok(rgn_lookup(&m, b + 0x2000) == NULL, "nothing past the end");
    c = 0;
    r = rgn_attach(&m, &c, 0x1000, L4RE_RM_F_SEARCH_ADDR, DS1, 0, 21);
    ok(r == 0 && c == 0x200000, "2 MiB aligned search (0x%lx)", c);
    c = LO + 0x2000;
    is_int(rgn_attach(&m, &c, 0x1000, 0, DS1, 0, 0), -L4_EADDRNOTAVAIL, "fixed overlap refused");
    c = LO - 0x1000;
    is_int(rgn_attach(&m, &c, 0x2000, 0, DS1, 0, 0), -L4_EADDRNOTAVAIL,
           "fixed overlap of a region's start refused");
    c = 0x123;
    is_int(rgn_attach(&m, &c, 0x1000, 0, DS1, 0, 0), -L4_EINVAL, "unaligned fixed address");
    c = 0x1000;
    is_int(rgn_attach(&m, &c, 0, 0, DS1, 0, 0), -L4_EINVAL, "size 0");
    c = 0x7000000;
    ok(rgn_attach(&m, &c, 0x1000, 0, DS1, 0, 0) == 0 && c == 0x7000000, "free fixed attach");
    c = b + 0x1000;
    is_int(rgn_detach(&m, c, &out), 0, "detach by an inner address");
    ok(out.start == b && out.ds == DS2, "detach returns the region and its ds");
    is_int(rgn_detach(&m, c, &out), -L4_ENOENT, "second detach: -ENOENT");
    c = 0;
    r = rgn_attach(&m, &c, 0x2000, L4RE_RM_F_SEARCH_ADDR, DS1, 0, 0);
    ok(r == 0 && c == b, "search reuses the hole (0x%lx)", c);
    c = HI - 0x1000;
    r = rgn_attach(&m, &c, 0x10000, L4RE_RM_F_SEARCH_ADDR, DS1, 0, 0);
    ok(r == 0 && c < HI - 0x10000, "search hint near the top wraps to a lower address");
    ok(rgn_overlap(&m, 0x7000800, 0x10) != NULL && rgn_overlap(&m, 0x6000000, 0x1000) == NULL,
       "overlap query");
}

static void test_areas(void)
{
    l4_addr_t area = 0x40000000, a;
    rgn_init(&m, LO, HI);
    is_int(rgn_reserve(&m, &area, 0x100000, 0, 0), 0, "fixed area");
    a = 0x40000000;
    is_int(rgn_reserve(&m, &a, 0x1000, 0, 0), -L4_EADDRNOTAVAIL, "overlapping area refused");
    a = 0x40010000;
    is_int(rgn_attach(&m, &a, 0x1000, 0, DS1, 0, 0), -L4_EADDRNOTAVAIL,
           "fixed attach into an area without IN_AREA refused");
    a = 0x40010000;
    is_int(rgn_attach(&m, &a, 0x1000, L4RE_RM_F_IN_AREA, DS1, 0, 0), 0, "IN_AREA fixed attach");
    a = 0x400ff000;
    is_int(rgn_attach(&m, &a, 0x2000, L4RE_RM_F_IN_AREA, DS1, 0, 0), -L4_EADDRNOTAVAIL,
           "IN_AREA attach crossing the area's end refused");
    a = 0;
    int r = rgn_attach(&m, &a, 0x1000, L4RE_RM_F_IN_AREA | L4RE_RM_F_SEARCH_ADDR, DS1, 0, 0);
    ok(r == 0 && a == 0x40000000, "IN_AREA search inside the area (0x%lx)", a);
    a = 0x3ffff000;
    r = rgn_attach(&m, &a, 0x1000, L4RE_RM_F_SEARCH_ADDR, DS1, 0, 0);
    ok(r == 0 && (a < 0x40000000 || a >= 0x40100000), "plain search avoids the area");
    ok(rgn_area_lookup(&m, 0x40050000) != NULL, "area lookup");
    is_int(rgn_free_area(&m, 0x40050000), 0, "free area");
    is_int(rgn_free_area(&m, 0x40050000), -L4_ENOENT, "free it again: -ENOENT");
    ok(rgn_lookup(&m, 0x40010000) != NULL, "regions stay after the area is freed");
}

static void test_full(void)
{
    l4_addr_t a;
    int r = 0;
    unsigned i;
    rgn_init(&m, LO, HI);
    for (i = 0; i < RGN_MAX && r == 0; i++) {
        a = 0;
        r = rgn_attach(&m, &a, 0x1000, L4RE_RM_F_SEARCH_ADDR, DS1, 0, 0);
    }
    ok(r == 0 && m.nr == RGN_MAX, "%u regions fit", RGN_MAX);
    a = 0;
    is_int(rgn_attach(&m, &a, 0x1000, L4RE_RM_F_SEARCH_ADDR, DS1, 0, 0), -L4_ENOMEM,
           "one more: -ENOMEM");
    rgn_init(&m, LO, LO + 0x4000);
    a = 0;
    is_int(rgn_attach(&m, &a, 0x8000, L4RE_RM_F_SEARCH_ADDR, DS1, 0, 0), -L4_EADDRNOTAVAIL,
           "search in a too small window fails");
}

/* Searches of 64 KiB+ try the largest block alignment their size and offset allow first. */
static void test_block_alignment(void)
{
    l4_addr_t a = 0, b = 0, c = 0, d = 0, e = 0, f = 0x30000;
    int r;

    rgn_init(&m, LO, HI);
    rgn_attach(&m, &a, 0x1000, L4RE_RM_F_SEARCH_ADDR, DS1, 0, 0); /* [0x10000, 0x11000) */
    r = rgn_attach(&m, &b, 0x10000, L4RE_RM_F_SEARCH_ADDR, DS1, 0, 0);
    ok(r == 0 && b == 0x20000, "64 KiB region: 64 KiB aligned (0x%lx)", b);
    r = rgn_attach(&m, &c, 0x200000, L4RE_RM_F_SEARCH_ADDR, DS1, 0, 0);
    ok(r == 0 && c == 0x200000, "2 MiB region: 2 MiB aligned (0x%lx)", c);
    rgn_attach(&m, &f, 0x1000, 0, DS1, 0, 0); /* [0x30000, 0x31000): a page-aligned gap after */
    r = rgn_attach(&m, &d, 0x10000, L4RE_RM_F_SEARCH_ADDR, DS1, 0x1000, 0);
    ok(r == 0 && d == 0x31000, "an offset off the blocks: the first page-aligned gap (0x%lx)", d);
    r = rgn_attach(&m, &e, 0xf000, L4RE_RM_F_SEARCH_ADDR, DS1, 0, 0);
    ok(r == 0 && e == 0x11000, "below 64 KiB: page alignment (0x%lx)", e);
    rgn_init(&m, 0x11000, 0x29000); /* no 64 KiB-aligned 64 KiB inside */
    a = 0;
    r = rgn_attach(&m, &a, 0x10000, L4RE_RM_F_SEARCH_ADDR, DS1, 0, 0);
    ok(r == 0 && a == 0x11000, "no aligned room: the requested alignment (0x%lx)", a);
}

int main(void)
{
    plan(35);
    test_attach();
    test_block_alignment();
    test_areas();
    test_full();
    return done();
}
