/* SPDX-License-Identifier: MIT */
/*
 * Compiler helpers used by the binding headers (L4Re's macro names).
 */
#pragma once

#ifdef __cplusplus
#define L4_BEGIN_DECLS extern "C" {
#define L4_END_DECLS }
#else
#define L4_BEGIN_DECLS
#define L4_END_DECLS
#endif

#define L4_INLINE static inline
#define L4_ALWAYS_INLINE static inline __attribute__((always_inline))
#define L4_NORETURN __attribute__((noreturn))
#define L4_NOTHROW
#define L4_EXPORT __attribute__((visibility("default")))
#define L4_LIKELY(x) __builtin_expect(!!(x), 1)
#define L4_UNLIKELY(x) __builtin_expect(!!(x), 0)
#define L4_STICKY(x) __attribute__((used)) x
