/* SPDX-License-Identifier: MIT */
/*
 * TAP output (see tap.h), by default over the kernel debug console; a
 * program started by moe can send it to its log instead (tap_set_output).
 * Each line is formatted into one buffer and written with a single call, so
 * a test line is never interleaved with other output mid-line.
 */
#include <stdarg.h>
#include <l4/util/fmt.h>
#include <l4/util/kd_printf.h>
#include "tap.h"

static unsigned tap_planned;
static unsigned tap_run;
static unsigned tap_failed;

static void kd_out(const char *text)
{
    kd_printf("%s", text);
}

static void (*tap_out)(const char *text) = kd_out;

void tap_set_output(void (*out)(const char *text))
{
    tap_out = out ? out : kd_out;
}

/* Format one piece of output and write it with one call. */
static void emit(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void emit(const char *fmt, ...)
{
    char buf[240];
    va_list ap;

    va_start(ap, fmt);
    l4util_vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    tap_out(buf);
}

void tap_start(unsigned planned)
{
    tap_planned = planned;
    tap_run = 0;
    tap_failed = 0;
    emit("TAP TEST START\n1..%u\n", planned);
}

/* Print "ok n - desc" / "not ok n - desc" with the formatted description. */
static int tap_point(int cond, const char *fmt, va_list ap)
{
    char desc[160];

    l4util_vsnprintf(desc, sizeof(desc), fmt, ap);
    ++tap_run;
    if (!cond) {
        ++tap_failed;
    }
    emit("%sok %u - %s\n", cond ? "" : "not ", tap_run, desc);
    return cond;
}

int tap_ok(int cond, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = tap_point(cond != 0, fmt, ap);
    va_end(ap);
    return r;
}

int tap_is_int(long long got, long long expected, const char *fmt, ...)
{
    va_list ap;
    int r;

    va_start(ap, fmt);
    r = tap_point(got == expected, fmt, ap);
    va_end(ap);
    if (!r) {
        emit("#   got:      %lld (0x%llx)\n#   expected: %lld (0x%llx)\n", got,
             (unsigned long long)got, expected, (unsigned long long)expected);
    }
    return r;
}

void tap_skip(const char *fmt, ...)
{
    char reason[160];
    va_list ap;

    va_start(ap, fmt);
    l4util_vsnprintf(reason, sizeof(reason), fmt, ap);
    va_end(ap);
    ++tap_run;
    emit("ok %u # SKIP %s\n", tap_run, reason);
}

void tap_diag(const char *fmt, ...)
{
    char line[200];
    va_list ap;

    va_start(ap, fmt);
    l4util_vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    emit("# %s\n", line);
}

int tap_done(void)
{
    int failed = (int)tap_failed;

    if (tap_run != tap_planned) {
        emit("# planned %u tests but ran %u\n", tap_planned, tap_run);
        ++failed;
    }
    emit("TAP TEST FINISHED\n");
    return failed;
}
