/* SPDX-License-Identifier: MIT */
/*
 * Capability slot allocator (L4Re's l4/re/c/util/cap_alloc.h): hands out
 * free slots of the own object space from the environment's first_free_cap
 * on (a bitmap of L4RE_UTIL_CAP_ALLOC_MAX slots).
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/types.h>

/** Number of slots the default allocator manages. */
#define L4RE_UTIL_CAP_ALLOC_MAX 4096

L4_BEGIN_DECLS

/** A free slot (selector), or L4_INVALID_CAP when exhausted. */
l4_cap_idx_t l4re_util_cap_alloc(void);
/** Return \a cap to the allocator (the slot must be empty). */
void l4re_util_cap_free(l4_cap_idx_t cap);
/** Unmap \a cap from the own task, then free the slot. */
void l4re_util_cap_free_um(l4_cap_idx_t cap);
/** Highest slot number the allocator may hand out. */
long l4re_util_cap_last(void);

L4_END_DECLS
