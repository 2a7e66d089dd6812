/* SPDX-License-Identifier: MIT */
/*
 * TAP for the pthread tests: printed with stdio from the main thread (the log
 * is the program's stdout), so the tests also exercise uClibc-ng's locked
 * stdio. Helpers shared by the programs: a deadline in the future on a clock,
 * and elapsed milliseconds.
 */
#pragma once

#include <stdio.h>
#include <time.h>

static int pt_n, pt_failed;

static inline void pt_plan(int n)
{
    printf("TAP TEST START\n1..%d\n", n);
}

#define pt_ok(cond, ...)                                                   \
    do {                                                                   \
        int pt_c_ = (cond);                                                \
        printf("%s %d - ", pt_c_ ? "ok" : "not ok", ++pt_n);               \
        printf(__VA_ARGS__);                                               \
        printf("\n");                                                      \
        pt_failed += !pt_c_;                                               \
    } while (0)

#define pt_is(got, want, ...)                                              \
    do {                                                                   \
        long pt_g_ = (long)(got), pt_w_ = (long)(want);                    \
        pt_ok(pt_g_ == pt_w_, __VA_ARGS__);                                \
        if (pt_g_ != pt_w_) {                                              \
            printf("#   got %ld, want %ld\n", pt_g_, pt_w_);               \
        }                                                                  \
    } while (0)

static inline struct timespec pt_in_ms(clockid_t clk, long ms)
{
    struct timespec ts;

    clock_gettime(clk, &ts);
    ts.tv_sec += ms / 1000;
    ts.tv_nsec += (ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec += 1;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

static inline long pt_ms_since(struct timespec const *t0)
{
    struct timespec t;

    clock_gettime(CLOCK_MONOTONIC, &t);
    return (t.tv_sec - t0->tv_sec) * 1000L + (t.tv_nsec - t0->tv_nsec) / 1000000L;
}

static inline int pt_done(void)
{
    printf("TAP TEST FINISHED\n# %d tests, %d failed\n", pt_n, pt_failed);
    return pt_failed ? 1 : 0;
}
