/* SPDX-License-Identifier: MIT */
/*
 * The region list (region.h): two sorted arrays, searched linearly, which
 * is plenty for the few dozen regions a program has. Address search is
 * first fit: start at the lowest aligned address and jump past every
 * blocker until a gap of the requested size appears. A searched region of
 * 64 KiB or more first looks for an address aligned to the largest block
 * (2 MiB or 64 KiB) that fits it and its offset, because moe maps whole
 * aligned blocks per fault when the address and offset line up (doc/l4re.md).
 */
#include "region.h"
#include <l4/sys/err.h>
#include <l4/re/c/rm.h>

#define PAGE L4_PAGESIZE

void rgn_init(struct rgn_map *m, l4_addr_t lo, l4_addr_t hi)
{
    m->nr = 0;
    m->na = 0;
    m->lo = lo;
    m->hi = hi;
}

static int overlaps(struct rgn const *r, l4_addr_t start, l4_addr_t end)
{
    return r->start < end && start < r->end;
}

static struct rgn *find_in(struct rgn *tab, unsigned n, l4_addr_t start, l4_addr_t end)
{
    unsigned i;

    for (i = 0; i < n; ++i) {
        if (overlaps(&tab[i], start, end)) {
            return &tab[i];
        }
    }
    return 0;
}

struct rgn *rgn_lookup(struct rgn_map *m, l4_addr_t addr)
{
    return find_in(m->r, m->nr, addr, addr + 1);
}

struct rgn *rgn_area_lookup(struct rgn_map *m, l4_addr_t addr)
{
    return find_in(m->a, m->na, addr, addr + 1);
}

struct rgn *rgn_overlap(struct rgn_map *m, l4_addr_t start, l4_addr_t size)
{
    return find_in(m->r, m->nr, start, start + size);
}

static l4_addr_t align_up(l4_addr_t a, l4_addr_t align)
{
    return (a + align - 1) & ~(align - 1);
}

/*
 * First aligned address in [lo, hi) with size bytes free of regions and,
 * unless inside is given, of areas; with inside, the range must lie in it.
 */
static int search(struct rgn_map *m, l4_addr_t lo, l4_addr_t hi, l4_addr_t size,
                  l4_addr_t align, int avoid_areas, l4_addr_t *out)
{
    l4_addr_t a = align_up(lo, align);

    while (a >= lo && a < hi && size <= hi - a) {
        struct rgn *b = find_in(m->r, m->nr, a, a + size);

        if (!b && avoid_areas) {
            b = find_in(m->a, m->na, a, a + size);
        }
        if (!b) {
            *out = a;
            return 0;
        }
        a = align_up(b->end, align);
    }
    return -L4_EADDRNOTAVAIL;
}

/* Search inside the areas, lowest first. */
static int search_in_areas(struct rgn_map *m, l4_addr_t size, l4_addr_t align, l4_addr_t *out)
{
    unsigned i;

    for (i = 0; i < m->na; ++i) {
        if (search(m, m->a[i].start, m->a[i].end, size, align, 0, out) == 0) {
            return 0;
        }
    }
    return -L4_EADDRNOTAVAIL;
}

static int insert(struct rgn *tab, unsigned *n, unsigned max, struct rgn const *x)
{
    unsigned i;

    if (*n == max) {
        return -L4_ENOMEM;
    }
    for (i = *n; i > 0 && tab[i - 1].start > x->start; --i) {
        tab[i] = tab[i - 1];
    }
    tab[i] = *x;
    ++*n;
    return 0;
}

static void remove_at(struct rgn *tab, unsigned *n, unsigned i)
{
    for (; i + 1 < *n; ++i) {
        tab[i] = tab[i + 1];
    }
    --*n;
}

/* Size and alignment rules shared by attach and reserve. */
/* Free space at or above the hint in *a, else anywhere; *a is the result. */
static int search_from_hint(struct rgn_map *m, l4_addr_t size, l4_addr_t alignment, l4_addr_t *a)
{
    l4_addr_t hint = *a;
    int r = search(m, hint > m->lo ? hint : m->lo, m->hi, size, alignment, 1, a);

    if (r < 0 && hint > m->lo) {
        r = search(m, m->lo, m->hi, size, alignment, 1, a);
    }
    return r;
}

static int prepare(l4_addr_t *size, unsigned align, l4_addr_t *alignment)
{
    if (*size == 0 || *size > ~0UL - PAGE) {
        return -L4_EINVAL;
    }
    *size = (*size + PAGE - 1) & ~(PAGE - 1);
    if (align > 47) {
        return -L4_EINVAL;
    }
    *alignment = align > L4_PAGESHIFT ? 1UL << align : PAGE;
    return 0;
}

/* The alignment a search tries first: a map block size that fits, else the requested one. */
static l4_addr_t block_alignment(l4_addr_t size, l4_uint64_t offs, l4_addr_t alignment)
{
    static const l4_addr_t blocks[] = { 1UL << L4_SUPERPAGESHIFT, 1UL << 16 };
    unsigned i;

    for (i = 0; i < sizeof(blocks) / sizeof(blocks[0]); ++i) {
        if (blocks[i] > alignment && size >= blocks[i] && !(offs & (blocks[i] - 1))) {
            return blocks[i];
        }
    }
    return alignment;
}

int rgn_attach(struct rgn_map *m, l4_addr_t *start, l4_addr_t size, unsigned long flags,
               l4_cap_idx_t ds, l4_uint64_t offs, unsigned align)
{
    l4_addr_t alignment, a = *start;
    struct rgn x;
    int r = prepare(&size, align, &alignment);

    if (r < 0) {
        return r;
    }
    if (flags & L4RE_RM_F_SEARCH_ADDR) {
        l4_addr_t preferred = block_alignment(size, offs, alignment), hint = a;

        if (flags & L4RE_RM_F_IN_AREA) {
            r = search_in_areas(m, size, preferred, &a);
            if (r < 0 && preferred != alignment) {
                a = hint;
                r = search_in_areas(m, size, alignment, &a);
            }
        } else {
            r = search_from_hint(m, size, preferred, &a);
            if (r < 0 && preferred != alignment) {
                a = hint;
                r = search_from_hint(m, size, alignment, &a);
            }
        }
        if (r < 0) {
            return r;
        }
    } else {
        struct rgn *area;

        if (a & (PAGE - 1)) {
            return -L4_EINVAL;
        }
        if (a + size < a || a + size > RGN_ADDR_TOP) {
            return -L4_EADDRNOTAVAIL;
        }
        if (find_in(m->r, m->nr, a, a + size)) {
            return -L4_EADDRNOTAVAIL;
        }
        area = find_in(m->a, m->na, a, a + size);
        if (flags & L4RE_RM_F_IN_AREA) {
            if (!area || a < area->start || a + size > area->end) {
                return -L4_EADDRNOTAVAIL;
            }
        } else if (area) {
            return -L4_EADDRNOTAVAIL;
        }
    }
    x.start = a;
    x.end = a + size;
    x.flags = flags & (L4RE_RM_REGION_FLAGS);
    x.ds = ds;
    x.offs = offs;
    r = insert(m->r, &m->nr, RGN_MAX, &x);
    if (r == 0) {
        *start = a;
    }
    return r;
}

int rgn_detach(struct rgn_map *m, l4_addr_t addr, struct rgn *out)
{
    struct rgn *r = find_in(m->r, m->nr, addr, addr + 1);

    if (!r) {
        return -L4_ENOENT;
    }
    *out = *r;
    remove_at(m->r, &m->nr, (unsigned)(r - m->r));
    return 0;
}

int rgn_reserve(struct rgn_map *m, l4_addr_t *start, l4_addr_t size, unsigned long flags,
                unsigned align)
{
    l4_addr_t alignment, a = *start;
    struct rgn x;
    int r = prepare(&size, align, &alignment);

    if (r < 0) {
        return r;
    }
    if (flags & L4RE_RM_F_SEARCH_ADDR) {
        r = search_from_hint(m, size, alignment, &a);
        if (r < 0) {
            return r;
        }
    } else {
        if (a & (PAGE - 1)) {
            return -L4_EINVAL;
        }
        if (a + size < a || a + size > RGN_ADDR_TOP) {
            return -L4_EADDRNOTAVAIL;
        }
        if (find_in(m->a, m->na, a, a + size)) {
            return -L4_EADDRNOTAVAIL;
        }
    }
    x.start = a;
    x.end = a + size;
    x.flags = (flags & L4RE_RM_REGION_FLAGS) | L4RE_RM_F_RESERVED;
    x.ds = L4_INVALID_CAP;
    x.offs = 0;
    r = insert(m->a, &m->na, AREA_MAX, &x);
    if (r == 0) {
        *start = a;
    }
    return r;
}

int rgn_free_area(struct rgn_map *m, l4_addr_t addr)
{
    struct rgn *a = find_in(m->a, m->na, addr, addr + 1);

    if (!a) {
        return -L4_ENOENT;
    }
    remove_at(m->a, &m->na, (unsigned)(a - m->a));
    return 0;
}
