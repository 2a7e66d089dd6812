/* SPDX-License-Identifier: MIT */
/*
 * The zero fill behind memset(p, 0, n) (lib/core/string.c): one of
 * zero_zva.c or zero_plain.c per environment (lib/core/core.mk).
 */
#pragma once

#include <stddef.h>

/* Fills shorter than this stay in memset's word loop: block set-up costs more. */
#define CORE_ZERO_MIN 256

/*
 * Zero a prefix of [d, d + n), d word-aligned; returns its length (0..n),
 * the caller fills the rest. Never touches a byte outside the range.
 */
size_t core_zero_blocks(void *d, size_t n);
