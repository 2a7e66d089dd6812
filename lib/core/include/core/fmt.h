/* SPDX-License-Identifier: MIT */
/*
 * The printf-style formatter of the freestanding core (lib/core/fmt.c). It
 * understands the subset the system's own code uses: %d %i %u %x %X %o %p %s
 * %c %% with the flags '-' and '0', a field width (also '*'), a precision
 * for strings, and the length modifiers hh h l ll z t j. It writes through a
 * callback, so the same code serves snprintf and console output everywhere.
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>

/** Output callback: take \a n bytes at \a s. */
typedef void (*fmt_out_fn)(void *ctx, const char *s, unsigned n);

/**
 * Format \a fmt with \a ap, handing the output to \a out in pieces.
 * \return the number of bytes produced
 */
int fmt_vformat(fmt_out_fn out, void *ctx, const char *fmt, va_list ap);

/**
 * Format into \a buf of \a size bytes, always NUL-terminated if size > 0.
 * \return the length the full output would have (as C99 snprintf)
 */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);

/** fmt_vsnprintf() with variable arguments. */
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
