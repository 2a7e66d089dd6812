/* SPDX-License-Identifier: MIT */
/*
 * A small printf-style formatter for programs without a C library. It
 * understands the subset the system's own programs use: %d %i %u %x %X %o
 * %p %s %c %% with the flags '-' and '0', a field width, a precision for
 * strings, and the length modifiers hh h l ll z t j. It writes through a
 * callback, so the same code serves snprintf and console output.
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Output callback: take \a n bytes at \a s. */
typedef void (*l4util_fmt_out_fn)(void *ctx, const char *s, unsigned n);

/**
 * Format \a fmt with \a ap, handing the output to \a out in pieces.
 * \return the number of bytes produced
 */
int l4util_vformat(l4util_fmt_out_fn out, void *ctx, const char *fmt, va_list ap);

/**
 * Format into \a buf of \a size bytes, always NUL-terminated if size > 0.
 * \return the length the full output would have (as C99 snprintf)
 */
int l4util_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/** l4util_vsnprintf() with variable arguments. */
int l4util_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#ifdef __cplusplus
}
#endif
