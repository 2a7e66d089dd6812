/* SPDX-License-Identifier: MIT */
/*
 * Freestanding <limits.h> for libfdt. GCC's own limits.h chains to the C
 * library's with #include_next, which -nostdinc cannot find, so this shim
 * defines the few limits libfdt uses from the compiler's predefined macros.
 */
#pragma once

#define CHAR_BIT  __CHAR_BIT__
#define INT_MAX   __INT_MAX__
#define INT_MIN   (-INT_MAX - 1)
#define UINT_MAX  (INT_MAX * 2U + 1U)
#define LONG_MAX  __LONG_MAX__
#define LONG_MIN  (-LONG_MAX - 1L)
#define ULONG_MAX (LONG_MAX * 2UL + 1UL)
