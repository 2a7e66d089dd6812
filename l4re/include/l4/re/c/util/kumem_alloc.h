/* SPDX-License-Identifier: MIT */
/*
 * Kernel-user memory (L4Re's l4/re/c/util/kumem_alloc.h): UTCBs for extra
 * threads. Reserves a kernel area of 2^pages_order pages in the region map
 * and gives it to the task with l4_task_add_ku_mem().
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/types.h>

L4_BEGIN_DECLS

/**
 * Allocate 2^pages_order pages of kernel-user memory for \a task, placed by
 * region map \a rm; *mem receives the address.
 * \return 0 or a negative error
 */
int l4re_util_kumem_alloc(l4_addr_t *mem, unsigned pages_order, l4_cap_idx_t task,
                          l4_cap_idx_t rm);

L4_END_DECLS
