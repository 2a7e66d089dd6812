/* SPDX-License-Identifier: MIT */
/*
 * l4re's region list: the regions (address ranges backed by a dataspace)
 * and areas (reserved ranges) of the task. Pure bookkeeping with fixed
 * tables, no system calls, so it is host-tested (tests/host/test_region.c);
 * main.c and rm.c do the mapping and unmapping around it.
 */
#pragma once

#include <l4/sys/l4int.h>
#include <l4/sys/consts.h>

/** Capacity of the tables (l4re never allocates memory for itself). */
#define RGN_MAX 256
#define AREA_MAX 64

/** End of the user address space (48-bit virtual addresses). */
#define RGN_ADDR_TOP (1UL << 48)

/** Region flag (inside L4RE_RM_REGION_FLAGS, unused by L4Re): owned by l4re. */
#define RGN_F_L4RE 0x8000UL

/** A region [start, end) backed by ds from offs on; or an area (ds unused). */
struct rgn {
    l4_addr_t start, end;
    unsigned long flags;   /**< L4RE_RM_F_* rights/caching | RGN_F_L4RE */
    l4_cap_idx_t ds;
    l4_uint64_t offs;
};

struct rgn_map {
    struct rgn r[RGN_MAX];   /**< sorted by start, disjoint */
    unsigned nr;
    struct rgn a[AREA_MAX];  /**< sorted by start, disjoint */
    unsigned na;
    l4_addr_t lo, hi;        /**< where searches may place things */
};

/** Empty map; searches place things in [lo, hi). */
void rgn_init(struct rgn_map *m, l4_addr_t lo, l4_addr_t hi);

/** The region containing \a addr, or 0. */
struct rgn *rgn_lookup(struct rgn_map *m, l4_addr_t addr);
/** The first region overlapping [start, start + size), or 0. */
struct rgn *rgn_overlap(struct rgn_map *m, l4_addr_t start, l4_addr_t size);

/**
 * Add a region. \a flags holds L4RE_RM_F_* (SEARCH_ADDR, IN_AREA and the
 * region flags); *start is in/out; size is rounded up to pages.
 * \return 0, -L4_EINVAL (bad size/alignment), -L4_EADDRNOTAVAIL (taken,
 *         or the area rule is broken), -L4_ENOMEM (table full)
 */
int rgn_attach(struct rgn_map *m, l4_addr_t *start, l4_addr_t size, unsigned long flags,
               l4_cap_idx_t ds, l4_uint64_t offs, unsigned align);

/** Remove the region containing \a addr into *out. \return 0 or -L4_ENOENT */
int rgn_detach(struct rgn_map *m, l4_addr_t addr, struct rgn *out);

/** Reserve an area (flags: SEARCH_ADDR and region flags). Same returns as rgn_attach(). */
int rgn_reserve(struct rgn_map *m, l4_addr_t *start, l4_addr_t size, unsigned long flags,
                unsigned align);

/** Remove the area containing \a addr. \return 0 or -L4_ENOENT */
int rgn_free_area(struct rgn_map *m, l4_addr_t addr);

/** The area containing \a addr, or 0. */
struct rgn *rgn_area_lookup(struct rgn_map *m, l4_addr_t addr);
