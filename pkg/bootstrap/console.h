/* SPDX-License-Identifier: MIT */
/*
 * bootstrap's console: a polled PL011 and a small printf. Every line that
 * reaches the UART starts with "bootstrap: ", so callers never write the
 * prefix themselves. snprintf formats into a buffer (error reasons).
 */
#pragma once

#include <stdarg.h>
#include <stddef.h>

#define CONSOLE_PREFIX "bootstrap: "

/* Write one character; '\n' ends the line (sent as CR LF). */
void console_putc(char c);

/*
 * Formats: %s %c %d %i %u %x %p %% with optional '-' / '0' flags, a width
 * and the length modifiers l, ll and z. Return the number of characters
 * produced (snprintf: that would have been produced; it always terminates).
 */
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int snprintf(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int vsnprintf(char *buf, size_t len, const char *fmt, va_list ap);
