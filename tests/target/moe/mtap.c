/* SPDX-License-Identifier: MIT */
/*
 * The TAP emitter of mtap.h over the L4Re log: each line is formatted
 * into one buffer and written with one l4re_log_print() call.
 */
#include <stdarg.h>
#include <l4/re/c/log.h>
#include <l4/util/fmt.h>
#include "mtap.h"

static unsigned planned, run, failed;

static void line(const char *fmt, va_list ap)
{
    char buf[240];

    l4util_vsnprintf(buf, sizeof(buf), fmt, ap);
    l4re_log_print(buf);
}

static void printf_line(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    line(fmt, ap);
    va_end(ap);
}

void mt_start(unsigned n)
{
    planned = n;
    printf_line("TAP TEST START\n1..%u\n", n);
}

static int point(int cond, const char *fmt, va_list ap)
{
    char desc[180];

    l4util_vsnprintf(desc, sizeof(desc), fmt, ap);
    ++run;
    failed += !cond;
    printf_line("%sok %u - %s\n", cond ? "" : "not ", run, desc);
    return cond;
}

int mt_ok(int cond, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = point(cond, fmt, ap);
    va_end(ap);
    return r;
}

int mt_is(long got, long expected, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = point(got == expected, fmt, ap);
    va_end(ap);
    if (!r) {
        printf_line("#   got %ld (0x%lx), expected %ld (0x%lx)\n", got, got, expected, expected);
    }
    return r;
}

void mt_diag(const char *fmt, ...)
{
    char buf[200];
    va_list ap;

    va_start(ap, fmt);
    l4util_vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    printf_line("# %s\n", buf);
}

int mt_done(void)
{
    if (run != planned) {
        printf_line("# planned %u tests but ran %u\n", planned, run);
    }
    printf_line("TAP TEST FINISHED\n");
    return (int)failed + (run != planned);
}
