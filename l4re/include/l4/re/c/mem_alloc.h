/* SPDX-License-Identifier: MIT */
/*
 * Memory allocator C interface (L4Re's l4/re/c/mem_alloc.h): create a
 * dataspace of anonymous memory in a pre-allocated capability slot. The
 * allocator is a factory: the request is a factory create of protocol
 * L4RE_PROTO_DATASPACE (l4/re/protocols.h). There is no free call: dropping
 * the capability (l4re_util_cap_free_um()) releases the dataspace.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/re/env.h>
#include <l4/sys/types.h>
#include <l4/re/c/dataspace.h>

/** Allocation flags. */
enum l4re_ma_flags {
    L4RE_MA_CONTINUOUS = 0x01,  /**< physically contiguous */
    L4RE_MA_PINNED = 0x02,      /**< never paged out (deprecated) */
    L4RE_MA_SUPER_PAGES = 0x04, /**< back with 2 MiB pages where possible */
};

L4_BEGIN_DECLS

/**
 * Allocate a dataspace of \a size bytes into the empty slot \a mem, from the
 * environment's allocator.
 * \return 0, -L4_ERANGE, -L4_ENOMEM or an IPC error
 */
l4_ret_t l4re_ma_alloc(long size, l4re_ds_t const mem, unsigned long flags);
/** l4re_ma_alloc() with alignment \a align (log2 of bytes). */
l4_ret_t l4re_ma_alloc_align(long size, l4re_ds_t const mem, unsigned long flags,
                         unsigned long align);
/** l4re_ma_alloc_align() from the allocator \a srv. */
l4_ret_t l4re_ma_alloc_align_srv(l4_cap_idx_t srv, long size, l4re_ds_t const mem,
                             unsigned long flags, unsigned long align);
/** l4re_ma_alloc() from the allocator \a srv. */
l4_ret_t l4re_ma_alloc_srv(l4_cap_idx_t srv, long size, l4re_ds_t const mem,
                       unsigned long flags);
/**
 * Quota and use of allocator \a srv (MEM_ALLOC INFO); our extension.
 * \return 0 or a negative error
 */
l4_ret_t l4re_ma_info_srv(l4_cap_idx_t srv, l4_umword_t *quota, l4_umword_t *used);

L4_END_DECLS
