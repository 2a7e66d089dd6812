/* SPDX-License-Identifier: MIT */
/*
 * Dataspace C interface (L4Re's l4/re/c/dataspace.h): map pages of a
 * dataspace into the caller's address space, clear, allocate, copy between
 * dataspaces and ask for size and flags. Every call is an IPC to the
 * dataspace's provider (moe) in the format of l4/re/protocols.h.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/types.h>

typedef l4_cap_idx_t l4re_ds_t;          /**< dataspace capability */
typedef l4_uint64_t l4re_ds_size_t;      /**< size in bytes */
typedef l4_uint64_t l4re_ds_offset_t;    /**< offset in bytes */
typedef l4_uint64_t l4re_ds_map_addr_t;  /**< address in the receiving space */
typedef unsigned long l4re_ds_flags_t;   /**< L4RE_DS_F_* */

/** Size and flags of a dataspace. */
typedef struct l4re_ds_stats_t {
    l4re_ds_size_t size;
    l4re_ds_flags_t flags;
} l4re_ds_stats_t;

/** Rights and caching of a mapping. */
enum l4re_ds_map_flags {
    L4RE_DS_F_R = 4,
    L4RE_DS_F_W = 2,
    L4RE_DS_F_X = 1,
    L4RE_DS_F_RW = 6,
    L4RE_DS_F_RX = 5,
    L4RE_DS_F_RWX = 7,
    L4RE_DS_F_RIGHTS_MASK = 0x0f,
    L4RE_DS_F_NORMAL = 0x00,
    L4RE_DS_F_CACHEABLE = 0x00,
    L4RE_DS_F_BUFFERABLE = 0x10,
    L4RE_DS_F_UNCACHEABLE = 0x20,
    L4RE_DS_F_CACHING_MASK = 0x30,
    L4RE_DS_F_CACHING_SHIFT = 4,
};

L4_BEGIN_DECLS

/**
 * Map the page of \a ds holding \a offset to \a local_addr; the receive
 * window is the largest aligned fpage around local_addr inside
 * [min_addr, max_addr) (max_addr exclusive, as l4_fpage_max_order()).
 * \return 0 or -L4_E* (-L4_EPERM: W on a read-only dataspace, -L4_ERANGE)
 */
l4_ret_t l4re_ds_map(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_flags_t flags,
                l4re_ds_map_addr_t local_addr, l4re_ds_map_addr_t min_addr,
                l4re_ds_map_addr_t max_addr);
/** Map every page of [min_addr, max_addr) from \a offset on. */
l4_ret_t l4re_ds_map_region(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_flags_t flags,
                       l4re_ds_map_addr_t min_addr, l4re_ds_map_addr_t max_addr);
/** Zero-fill [offset, offset + size). */
l4_ret_t l4re_ds_clear(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_size_t size);
/** Back [offset, offset + size) with memory now. */
l4_ret_t l4re_ds_allocate(l4re_ds_t ds, l4re_ds_offset_t offset, l4re_ds_size_t size);
/** Copy \a size bytes from \a src at \a src_offs into \a ds at \a dst_offs. */
l4_ret_t l4re_ds_copy_in(l4re_ds_t ds, l4re_ds_offset_t dst_offs, l4re_ds_t src,
                    l4re_ds_offset_t src_offs, l4re_ds_size_t size);
/** Size of \a ds in bytes, or a negative error. */
l4re_ds_size_t l4re_ds_size(l4re_ds_t ds);
/** Flags of \a ds (rights | allocation flags), or a negative error. */
l4re_ds_flags_t l4re_ds_flags(l4re_ds_t ds);
/** Size and flags of \a ds. */
l4_ret_t l4re_ds_info(l4re_ds_t ds, l4re_ds_stats_t *stats);
/** Physical range behind \a ds (continuous dataspaces only). */
l4_ret_t l4re_ds_map_info(l4re_ds_t ds, l4_addr_t *start_addr, l4_addr_t *end_addr);

L4_END_DECLS
