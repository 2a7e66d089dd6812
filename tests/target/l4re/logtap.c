/* SPDX-License-Identifier: MIT */
/*
 * TAP over the L4Re log (logtap.h). Each line is formatted into one buffer
 * and written with one log call, so lines never interleave.
 */
#include "logtap.h"
#include <l4/re/c/log.h>
#include <l4/util/fmt.h>
#include <stdarg.h>

static unsigned planned, run, failed;

static void vline(const char *fmt, va_list ap)
{
    char buf[240];

    l4util_vsnprintf(buf, sizeof(buf), fmt, ap);
    l4re_log_print(buf);
}

void lt_printf(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vline(fmt, ap);
    va_end(ap);
}

void lt_start(unsigned n)
{
    planned = n;
    lt_printf("TAP TEST START\n");
    lt_printf("1..%u\n", n);
}

int lt_ok(int cond, const char *fmt, ...)
{
    char desc[160];
    va_list ap;

    va_start(ap, fmt);
    l4util_vsnprintf(desc, sizeof(desc), fmt, ap);
    va_end(ap);
    ++run;
    failed += !cond;
    lt_printf("%sok %u - %s\n", cond ? "" : "not ", run, desc);
    return cond;
}

int lt_is(long got, long expected, const char *desc)
{
    if (!lt_ok(got == expected, "%s", desc)) {
        lt_printf("#   got %ld (0x%lx), expected %ld (0x%lx)\n", got, got, expected, expected);
        return 0;
    }
    return 1;
}

void lt_skip(const char *reason)
{
    ++run;
    lt_printf("ok %u # SKIP %s\n", run, reason);
}

int lt_done(void)
{
    if (run != planned) {
        lt_printf("# planned %u tests but ran %u\n", planned, run);
    }
    lt_printf("TAP TEST FINISHED\n");
    return failed || run != planned;
}
