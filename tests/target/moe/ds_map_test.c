/* SPDX-License-Identifier: MIT */
/*
 * moe's block maps (doc/moe.md, "Dataspaces"): a MAP sends the largest
 * aligned block around the offset that lies inside the dataspace, lines up
 * with the client's address and is physically contiguous. The block's order
 * is read from the map item the kernel leaves in mr0 of the reply. Checked:
 * a 64 KiB block of anonymous memory and every page of it at its own
 * offset; a region whose address does not line up (one page at a time, and
 * the right data per page); a dataspace smaller than 64 KiB and the last
 * pages of one whose last group is cut short (never a block past the end,
 * even with a receive window far larger than the dataspace); a read-only
 * region; copy-on-write pages (one page each); a rom module and contiguous
 * memory (blocks inside the dataspace); eager attaches, which l4re maps
 * block by block, put every page at its own offset, lined up or not.
 */
#include <l4/re/c/dataspace.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/err.h>
#include <l4/sys/utcb.h>
#include <l4/crt1_l4re.h>
#include "mtap.h"

#define PLAN 25
#define BLOCK 0x10000UL /* 64 KiB: moe's block of anonymous memory */
#define BIG (4 * BLOCK)
#define SMALL (5 * L4_PAGESIZE)
#define CUT (BLOCK + 3 * L4_PAGESIZE)

static l4re_ds_t new_ds(unsigned long size, unsigned long flags, unsigned align)
{
    l4re_ds_t ds = l4re_util_cap_alloc();

    if (l4re_ma_alloc_align(size, ds, flags, align) < 0) {
        return L4_INVALID_CAP;
    }
    return ds;
}

/* An area of `size` bytes aligned to 2 MiB that nothing else is placed in; 0 on failure. */
static l4_addr_t area(unsigned long size)
{
    l4_addr_t a = 0;

    return l4re_rm_reserve_area(&a, size, L4RE_RM_F_SEARCH_ADDR, L4_SUPERPAGESHIFT) < 0 ? 0 : a;
}

/* Attach ds (size bytes from offset 0) exactly at `at` inside an area; 0 or < 0. */
static int attach_at(l4_addr_t at, unsigned long size, unsigned flags, l4re_ds_t ds)
{
    void *a = (void *)at;

    return l4re_rm_attach(&a, size, flags | L4RE_RM_F_IN_AREA, ds, 0, L4_PAGESHIFT);
}

/*
 * MAP offset off of ds to `local` with the receive window [lo, hi): the order of the
 * block moe sent, or the error.
 */
static long map(l4re_ds_t ds, unsigned long off, unsigned long flags, l4_addr_t local,
                l4_addr_t lo, l4_addr_t hi)
{
    long r = l4re_ds_map(ds, off, flags, local, lo, hi);

    if (r < 0) {
        return r;
    }
    return (long)((l4_utcb_mr()->mr[0] & L4_FPAGE_SIZE_MASK) >> L4_FPAGE_SIZE_SHIFT);
}

/* Does page i of the mapping at p hold `want` in its first word, and zero after it? */
static int page_holds(l4_addr_t p, unsigned long i, unsigned long want)
{
    unsigned long const *w = (unsigned long const *)(p + i * L4_PAGESIZE);
    unsigned long k;

    if (w[0] != want) {
        return 0;
    }
    for (k = 1; k < L4_PAGESIZE / sizeof(*w); ++k) {
        if (w[k]) {
            return 0;
        }
    }
    return 1;
}

/* A block of anonymous memory, then the same pages through a region that does not line up. */
static void anon_blocks(l4_addr_t x, l4re_ds_t ds)
{
    l4_addr_t y = x + BIG + L4_PAGESIZE; /* one page past a block boundary */
    unsigned long i;
    int good = 1;

    mt_is(attach_at(x, BIG, L4RE_RM_F_RW, ds), 0, "attach 256 KiB at a 2 MiB boundary");
    mt_is(map(ds, BLOCK + 0x3000, L4RE_DS_F_RW, x + BLOCK + 0x3000, x, x + BIG), 16,
          "a map in the middle of a group sends its 64 KiB block");
    for (i = BLOCK / L4_PAGESIZE; i < 2 * BLOCK / L4_PAGESIZE; ++i) {
        good &= page_holds(x, i, 0);
        *(unsigned long *)(x + i * L4_PAGESIZE) = i + 1;
    }
    mt_ok(good, "the block's 16 pages read zero and take writes");

    mt_is(attach_at(y, BIG, L4RE_RM_F_RW, ds), 0, "attach the same ds one page off the blocks");
    mt_is(map(ds, BLOCK, L4RE_DS_F_RW, y + BLOCK, y, y + BIG), 12,
          "not lined up with the address: one page");
    good = 1;
    for (i = BLOCK / L4_PAGESIZE; i < 2 * BLOCK / L4_PAGESIZE; ++i) {
        good &= page_holds(y, i, i + 1); /* page faults through l4re */
    }
    mt_ok(good, "every page of the unaligned region shows its own offset's data");
}

/* A read-only region of the same dataspace. */
static void read_only(l4_addr_t w, l4re_ds_t ds)
{
    unsigned long i;
    int good = 1;

    mt_is(attach_at(w, BIG, L4RE_RM_F_R, ds), 0, "attach it read-only");
    mt_is(map(ds, BLOCK + 0x5000, L4RE_DS_F_R, w + BLOCK + 0x5000, w, w + BIG), 16,
          "read-only: the same 64 KiB block");
    for (i = BLOCK / L4_PAGESIZE; i < 2 * BLOCK / L4_PAGESIZE; ++i) {
        good &= page_holds(w, i, i + 1);
    }
    mt_ok(good, "the read-only block reads the written data");
}

/* Dataspaces that end inside a group: never a block past their end. */
static void ends(l4_addr_t z)
{
    l4re_ds_t small = new_ds(SMALL, 0, 0), cut = new_ds(CUT, 0, 0);
    l4_addr_t c = z + 2 * BLOCK;
    long order;
    int good = 1;
    unsigned long i;

    mt_ok(!l4_is_invalid_cap(small) && !l4_is_invalid_cap(cut), "20 KiB and 76 KiB dataspaces");
    attach_at(z, SMALL, L4RE_RM_F_RW, small);
    order = map(small, 0, L4RE_DS_F_RW, z, z, z + BLOCK);
    mt_is(order, 12, "20 KiB ds, 64 KiB window: one page");
    mt_is(map(small, SMALL - L4_PAGESIZE, L4RE_DS_F_RW, z + SMALL - L4_PAGESIZE, z, z + BLOCK),
          12, "its last page: one page");
    for (i = 0; i < SMALL / L4_PAGESIZE; ++i) {
        *(unsigned long *)(z + i * L4_PAGESIZE) = 0x100 + i;
        good &= page_holds(z, i, 0x100 + i);
    }
    mt_ok(good, "all five pages hold their own data");

    attach_at(c, CUT, L4RE_RM_F_RW, cut);
    mt_is(map(cut, CUT - L4_PAGESIZE, L4RE_DS_F_RW, c + CUT - L4_PAGESIZE, c, c + 2 * BLOCK), 12,
          "76 KiB ds: its last page (a group cut short) alone");
    mt_is(map(cut, 0, L4RE_DS_F_RW, c, c, c + 2 * BLOCK), 16, "its first, whole group: 64 KiB");
    *(unsigned long *)(c + CUT - L4_PAGESIZE) = 7;
    mt_ok(page_holds(c, CUT / L4_PAGESIZE - 1, 7) && page_holds(c, 0, 0),
          "last and first page hold their data");
}

/* Copy-on-write pages are never part of a block; rom and contiguous memory are. */
static void shared_and_contiguous(l4_addr_t r)
{
    l4_addr_t cw = r + (1UL << L4_SUPERPAGESHIFT), ct = cw + 4 * BLOCK;
    l4_cap_idx_t romns = l4re_env_get_cap("rom");
    l4re_ds_t rom = l4re_util_cap_alloc(), copy = new_ds(BLOCK, 0, 0);
    l4re_ds_t contig = new_ds(2 * BLOCK, L4RE_MA_CONTINUOUS, 16);
    long size, order;

    mt_is(l4re_ns_query_srv(romns, "moe_ds_map_test", rom), 0, "our own module in rom");
    size = (long)l4re_ds_size(rom);
    attach_at(r, (unsigned long)size, L4RE_RM_F_R, rom);
    order = map(rom, 0, L4RE_DS_F_R, r, r, r + (1UL << L4_SUPERPAGESHIFT));
    mt_ok(order >= 12 && (1L << order) <= (long)l4_round_page(size)
              && *(unsigned const *)r == 0x464c457f,
          "rom: a block inside the module (order %ld of %ld bytes), the ELF header", order,
          size);

    mt_is(l4re_ds_copy_in(copy, 0, rom, 0, BLOCK), 0, "copy-on-write copy of 64 KiB of it");
    attach_at(cw, BLOCK, L4RE_RM_F_RW, copy);
    mt_is(map(copy, 0, L4RE_DS_F_R, cw, cw, cw + BLOCK), 12,
          "a shared copy-on-write page is mapped alone");

    attach_at(ct, 2 * BLOCK, L4RE_RM_F_RW, contig);
    order = map(contig, BLOCK, L4RE_DS_F_RW, ct + BLOCK, ct, ct + 2 * BLOCK);
    mt_ok(order >= 16 && order <= 17, "contiguous 128 KiB: a block of it (order %ld)", order);
}

/* Eager attaches of a dataspace with a pattern in every page: l4re's block-wise map. */
static void eager(l4_addr_t e)
{
    l4re_ds_t ds = new_ds(BIG, 0, 0);
    l4_addr_t lined = e + (1UL << L4_SUPERPAGESHIFT), off = lined + 2 * BIG + L4_PAGESIZE;
    unsigned long i;
    int good = 1;

    attach_at(e, BIG, L4RE_RM_F_RW, ds);
    for (i = 0; i < BIG / L4_PAGESIZE; ++i) {
        *(unsigned long *)(e + i * L4_PAGESIZE) = 0x1000 + i;
    }
    mt_is(attach_at(lined, BIG, L4RE_RM_F_RW | L4RE_RM_F_EAGER_MAP, ds), 0,
          "eager attach at a block boundary");
    mt_is(attach_at(off, BIG, L4RE_RM_F_R | L4RE_RM_F_EAGER_MAP, ds), 0,
          "eager read-only attach one page off");
    for (i = 0; i < BIG / L4_PAGESIZE; ++i) {
        good &= page_holds(lined, i, 0x1000 + i) && page_holds(off, i, 0x1000 + i);
    }
    mt_ok(good, "both eager attaches show every page's own data");
}

int main(int argc, char **argv)
{
    l4_addr_t x = area(8 * BIG), z = area(1UL << L4_SUPERPAGESHIFT);
    l4_addr_t r = area(2UL << L4_SUPERPAGESHIFT);
    l4re_ds_t big = new_ds(BIG, 0, 0);

    (void)argc;
    (void)argv;
    mt_start(PLAN);
    mt_ok(x && z && r && !l4_is_invalid_cap(big), "areas and a 256 KiB dataspace");
    anon_blocks(x, big);
    read_only(x + 4 * BIG, big);
    ends(z);
    shared_and_contiguous(r);
    eager(area(4UL << L4_SUPERPAGESHIFT));
    return mt_done();
}
