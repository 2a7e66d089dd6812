/* SPDX-License-Identifier: MIT */
/*
 * printf and snprintf for bootstrap: the core's formatter (lib/core/fmt.c)
 * writing to the console or into a bounded buffer, so console output and
 * error-reason strings share the code.
 */
#include <core/fmt.h>

#include "console.h"

static void console_out(void *ctx, const char *s, unsigned n)
{
    (void)ctx;
    while (n--) {
        console_putc(*s++);
    }
}

int vsnprintf(char *buf, size_t len, const char *fmt, va_list ap)
{
    return fmt_vsnprintf(buf, len, fmt, ap);
}

int snprintf(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = fmt_vsnprintf(buf, len, fmt, ap);
    va_end(ap);
    return n;
}

int printf(const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = fmt_vformat(console_out, NULL, fmt, ap);
    va_end(ap);
    return n;
}
