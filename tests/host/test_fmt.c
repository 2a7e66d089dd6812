// SPDX-License-Identifier: MIT
/*
 * Host unit test of the core's formatter (lib/core/fmt.c), the one printf
 * of kernel, bootstrap and programs without libc: every conversion it
 * claims (core/fmt.h) gives what the host C library's snprintf gives, the
 * return value is the full length, and truncation always terminates.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <core/fmt.h>

#include "tap_host.h"

static char ours[128], theirs[128];

#define SAME(...)                                                                      \
    do {                                                                               \
        int n1 = fmt_snprintf(ours, sizeof(ours), __VA_ARGS__);                        \
        int n2 = snprintf(theirs, sizeof(theirs), __VA_ARGS__);                        \
        if (!ok(n1 == n2 && !strcmp(ours, theirs), "%s", #__VA_ARGS__)) {              \
            printf("#   ours:   %d '%s'\n#   libc's: %d '%s'\n", n1, ours, n2, theirs); \
        }                                                                              \
    } while (0)

int main(void)
{
    char small[6];
    const char *unknown = "%q%d"; /* not a literal: the compiler would refuse it */
    const char *volatile nothing = NULL;
    int n;

    plan(34);
    SAME("%d %d %d", 0, -1, INT_MIN);
    SAME("%i|%5d|%-5d|%05d", 42, 42, 42, -42);
    SAME("%u %u", 0U, UINT_MAX);
    SAME("%x %X %o", 0xdeadbeefU, 0xabcdefU, 0755U);
    SAME("%lx %lu %ld", ULONG_MAX, ULONG_MAX, LONG_MIN);
    SAME("%llx %llu %lld", 0x123456789abcdefULL, ULLONG_MAX, LLONG_MIN);
    SAME("%zu %zx", (size_t)12345, (size_t)0xffff);
    SAME("%td %jd", (ptrdiff_t)-7, (intmax_t)INT64_MIN);
    SAME("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
    SAME("%016lx|%-16lx|%16lx", 0xabcUL, 0xabcUL, 0xabcUL);
    SAME("%s|%10s|%-10s|%.3s|%10.2s", "core", "core", "core", "core", "core");
    SAME("%c%c%c", 'a', 'b', 'c');
    SAME("100%% %d%%", 5);
    SAME("%*d|%-*d", 6, 7, 6, 7);
    SAME("%p", (void *)0x1234);
    SAME("%08x", 0x1fU);
    SAME("%-8u|", 123U);
    SAME("%lld", 0LL);
    SAME("%5s|%-5s|", "", "");
    SAME("no conversions at all");
    SAME("%d %s %x %c %lu", -5, "mix", 255U, 'z', 99UL);
    SAME("%20d|", INT_MAX);
    SAME("%-20d|", INT_MIN);
    SAME("%020lld", -1LL);
    SAME("%hhx %hx", 0x1ff, 0x1ffff);
    SAME("%o %lo", 0U, 01234567UL);
    SAME("%.0s|", "gone");
    SAME("%x", 0U);

    n = fmt_snprintf(small, sizeof(small), "%s", "truncated");
    ok(n == 9 && !strcmp(small, "trunc"), "truncation: full length returned, buffer terminated");
    n = fmt_snprintf(small, 0, "%d", 12345);
    ok(n == 5, "size 0: nothing written, length returned");
    n = fmt_snprintf(small, 1, "%d", 12345);
    ok(n == 5 && small[0] == '\0', "size 1: just the terminator");
    n = fmt_snprintf(small, sizeof(small), "%5d%5d", 1, 2);
    ok(n == 10 && !strcmp(small, "    1"), "truncation inside padding");
    n = fmt_snprintf(ours, sizeof(ours), "%s", nothing);
    ok(n == 6 && !strcmp(ours, "(null)"), "a NULL string prints as (null)");
    n = fmt_snprintf(ours, sizeof(ours), unknown, 3);
    ok(strstr(ours, "%q") != NULL, "an unknown conversion shows as written ('%s')", ours);
    return done();
}
