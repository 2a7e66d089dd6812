/* SPDX-License-Identifier: MIT */
/*
 * Parent C interface (L4Re's l4/re/c/parent.h): signal the parent; signal 0
 * with the exit code as value ends the program (the parent deletes the task).
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/types.h>

L4_BEGIN_DECLS

/** Send signal \a sig with value \a val to \a parent. \return 0 or an error */
long l4re_parent_signal(l4_cap_idx_t parent, unsigned long sig, unsigned long val);

L4_END_DECLS
