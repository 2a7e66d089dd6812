/* SPDX-License-Identifier: MIT */
/*
 * Region map C interface (L4Re's l4/re/c/rm.h): attach dataspaces to the
 * address space, detach them, find regions, reserve areas. The plain calls
 * go to l4re_global_env->rm (the in-task l4re); the _srv variants name the
 * region map. Dataspaces travel as selectors (client and l4re share the
 * object space); see l4/re/protocols.h.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/re/env.h>
#include <l4/sys/types.h>
#include <l4/re/c/dataspace.h>

typedef l4_uint32_t l4re_rm_flags_t;   /**< L4RE_RM_F_* */
typedef l4_uint64_t l4re_rm_offset_t;  /**< offset in the dataspace */

/** Region and attach flags. */
enum l4re_rm_flags_values {
    L4RE_RM_F_R = 4,
    L4RE_RM_F_W = 2,
    L4RE_RM_F_X = 1,
    L4RE_RM_F_RX = 5,
    L4RE_RM_F_RW = 6,
    L4RE_RM_F_RWX = 7,
    L4RE_RM_F_RIGHTS_MASK = 0x0f,
    L4RE_RM_CACHING_SHIFT = 4,
    L4RE_RM_F_CACHING = 0x30,
    L4RE_RM_F_CACHE_NORMAL = 0x00,
    L4RE_RM_F_CACHE_BUFFERED = 0x10,
    L4RE_RM_F_CACHE_UNCACHED = 0x20,
    L4RE_RM_F_KERNEL = 0x100,      /**< kernel-user memory area */
    L4RE_RM_F_DETACH_FREE = 0x200, /**< release the dataspace on detach */
    L4RE_RM_F_PAGER = 0x400,       /**< region paged by a pager */
    L4RE_RM_F_RESERVED = 0x800,    /**< reserved area (no dataspace) */
    L4RE_RM_REGION_FLAGS = 0xffff,
    L4RE_RM_F_SEARCH_ADDR = 0x20000,  /**< search a free address */
    L4RE_RM_F_IN_AREA = 0x40000,      /**< must lie in a reserved area */
    L4RE_RM_F_EAGER_MAP = 0x80000,    /**< map all pages at attach time */
    L4RE_RM_F_NO_EAGER_MAP = 0x100000,
    L4RE_RM_F_ATTACH_FLAGS = 0x1f0000,
};

/** Results of a detach (non-negative). */
enum l4re_rm_detach_result {
    L4RE_RM_DETACHED_DS = 0,      /**< the whole region is gone */
    L4RE_RM_KEPT_DS = 1,          /**< part of the region remains */
    L4RE_RM_SPLIT_DS = 2,         /**< the region was split */
    L4RE_RM_DETACH_RESULT_MASK = 3,
    L4RE_RM_DETACH_AGAIN = 4,     /**< more regions in the range */
    L4RE_RM_UNMAPPED_RANGE = 8,
};

/** DETACH request flag (mr2): do not unmap the pages. */
#define L4RE_RM_DETACH_F_KEEP_MAPPED 1UL

L4_BEGIN_DECLS

/** Reserve an area; *start is in/out (with L4RE_RM_F_SEARCH_ADDR a hint). */
int l4re_rm_reserve_area(l4_addr_t *start, unsigned long size, l4re_rm_flags_t flags,
                         unsigned char align);
/** Free the area at \a addr (its regions stay). */
int l4re_rm_free_area(l4_addr_t addr);
/**
 * Attach \a size bytes of \a mem from \a offs at *start (in/out).
 * \param align log2 of the alignment of a searched address (page at least)
 * \return 0, -L4_ENOENT, -L4_EPERM, -L4_EINVAL, -L4_EADDRNOTAVAIL
 */
int l4re_rm_attach(void **start, unsigned long size, l4re_rm_flags_t flags, l4re_ds_t mem,
                   l4re_rm_offset_t offs, unsigned char align);
/** l4re_rm_attach() with a name and backing offset (kept for information only). */
int l4re_rm_attach_w_info(void **start, unsigned long size, l4re_rm_flags_t flags,
                          l4re_ds_t mem, l4re_rm_offset_t offs, unsigned char align,
                          char const *name, l4re_ds_offset_t backing_offset);
/** Detach the region at \a addr. \return a detach result (>= 0) or an error. */
int l4re_rm_detach(void *addr);
/** Detach and return the dataspace in *ds. */
int l4re_rm_detach_ds(void *addr, l4re_ds_t *ds);
/** Detach and unmap from \a task (L4_INVALID_CAP: keep the pages mapped). */
int l4re_rm_detach_unmap(l4_addr_t addr, l4_cap_idx_t task);
/** Detach, return the dataspace and unmap from \a task. */
int l4re_rm_detach_ds_unmap(void *addr, l4re_ds_t *ds, l4_cap_idx_t task);
/**
 * Find the region overlapping [*addr, *addr + *size).
 * \return 0 and the region's start, size, offset, flags and dataspace, or -L4_ENOENT
 */
int l4re_rm_find(l4_addr_t *addr, unsigned long *size, l4re_rm_offset_t *offset,
                 l4re_rm_flags_t *flags, l4re_ds_t *m);
/** Name and backing offset of the region at \a addr (names are not kept: ""). */
int l4re_rm_get_info(l4_addr_t addr, char *name, unsigned int len,
                     l4re_rm_offset_t *backing_offset);
/** Print the region and area lists (not supported: does nothing). */
void l4re_rm_show_lists(void);

int l4re_rm_reserve_area_srv(l4_cap_idx_t rm, l4_addr_t *start, unsigned long size,
                             l4re_rm_flags_t flags, unsigned char align);
int l4re_rm_free_area_srv(l4_cap_idx_t rm, l4_addr_t addr);
int l4re_rm_attach_srv(l4_cap_idx_t rm, void **start, unsigned long size,
                       l4re_rm_flags_t flags, l4re_ds_t mem, l4re_rm_offset_t offs,
                       unsigned char align);
int l4re_rm_attach_w_info_srv(l4_cap_idx_t rm, void **start, unsigned long size,
                              l4re_rm_flags_t flags, l4re_ds_t mem, l4re_rm_offset_t offs,
                              unsigned char align, char const *name,
                              l4re_ds_offset_t backing_offset);
int l4re_rm_detach_srv(l4_cap_idx_t rm, l4_addr_t addr, l4re_ds_t *ds, l4_cap_idx_t task);
int l4re_rm_find_srv(l4_cap_idx_t rm, l4_addr_t *addr, unsigned long *size,
                     l4re_rm_offset_t *offset, l4re_rm_flags_t *flags, l4re_ds_t *m);
int l4re_rm_get_info_srv(l4_cap_idx_t rm, l4_addr_t addr, char *name, unsigned int len,
                         l4re_rm_offset_t *backing_offset);
void l4re_rm_show_lists_srv(l4_cap_idx_t rm);

L4_END_DECLS
