/* SPDX-License-Identifier: MIT */
/*
 * Kernel symbol table for backtraces. The table is generated from the
 * linked kernel (tools/ksyms.sh) and linked in a second pass; it sits after
 * code and data so adding it moves no function.
 */
#pragma once

#include "base.h"

/** Name of the function containing \a addr and the offset into it, or NULL. */
const char *ksyms_lookup(uint64_t addr, uint64_t *offset);
