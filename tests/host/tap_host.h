/* SPDX-License-Identifier: MIT */
/*
 * Header-only TAP emitter for host unit tests (tests/host/test_*.c):
 * plan(n) prints "1..n", each check prints "ok N - desc" or "not ok N - desc"
 * plus "# got/expected" diagnostics, done() returns the exit status (0 only if
 * the plan was met and every check passed). One test binary = one TAP stream.
 */
#pragma once

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int tap_planned;
static int tap_run;
static int tap_failed;

static inline void plan(int n)
{
    tap_planned = n;
    printf("1..%d\n", n);
    fflush(stdout);
}

static inline int tap_vreport(int cond, const char *fmt, va_list ap)
{
    tap_run++;
    printf("%sok %d - ", cond ? "" : "not ", tap_run);
    vprintf(fmt, ap);
    printf("\n");
    fflush(stdout);
    if (!cond) {
        tap_failed++;
    }
    return cond;
}

static inline int ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static inline int ok(int cond, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    tap_vreport(cond, fmt, ap);
    va_end(ap);
    return cond;
}

static inline int is_int(long long got, long long want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static inline int is_int(long long got, long long want, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    tap_vreport(got == want, fmt, ap);
    va_end(ap);
    if (got != want) {
        printf("#   got: %lld (0x%llx)\n#   expected: %lld (0x%llx)\n", got,
               (unsigned long long)got, want, (unsigned long long)want);
    }
    return got == want;
}

static inline int is_str(const char *got, const char *want, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static inline int is_str(const char *got, const char *want, const char *fmt, ...)
{
    int same = got && want ? strcmp(got, want) == 0 : got == want;
    va_list ap;

    va_start(ap, fmt);
    tap_vreport(same, fmt, ap);
    va_end(ap);
    if (!same) {
        printf("#   got: '%s'\n#   expected: '%s'\n", got ? got : "(null)",
               want ? want : "(null)");
    }
    return same;
}

/* Prints a "# ..." diagnostic line. */
static inline void diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static inline void diag(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    printf("# ");
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
}

/* Exit status for main(): 0 if all planned checks ran and passed. */
static inline int done(void)
{
    if (tap_run != tap_planned) {
        printf("# planned %d checks, ran %d\n", tap_planned, tap_run);
    }
    fflush(stdout);
    return (tap_failed || tap_run != tap_planned) ? 1 : 0;
}
