/* SPDX-License-Identifier: MIT */
/*
 * <l4/util/fmt.h> for programs without libc: the core's formatter
 * (lib/core/fmt.c) under the names programs use.
 */
#include <core/fmt.h>
#include <l4/util/fmt.h>

int l4util_vformat(l4util_fmt_out_fn out, void *ctx, const char *fmt, va_list ap)
{
    return fmt_vformat(out, ctx, fmt, ap);
}

int l4util_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
    return fmt_vsnprintf(buf, size, fmt, ap);
}

int l4util_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = fmt_vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
