// SPDX-License-Identifier: MIT
/*
 * Host unit test of the core's memset, memcpy and memmove (lib/core/string.c
 * with zero_plain.c, built with core_-prefixed names so they do not replace
 * the host's): every length 0..300 at every alignment 0..15 of source and
 * destination gives what a byte loop gives, and no byte outside the range
 * changes (guard bytes on both sides). The DC ZVA part (zero_zva.c) runs only
 * on the target; its split of the range is the same contract.
 */
#include <stddef.h>
#include <stdint.h>

#include "tap_host.h"

void *core_memcpy(void *dst, const void *src, size_t n);
void *core_memmove(void *dst, const void *src, size_t n);
void *core_memset(void *dst, int c, size_t n);

#define SPAN 300
#define BUF (SPAN + 64)

static unsigned char buf[BUF] __attribute__((aligned(64)));
static unsigned char want[BUF];
static unsigned char src[BUF] __attribute__((aligned(64)));

static void fill_pattern(unsigned char *p, unsigned seed)
{
    for (unsigned i = 0; i < BUF; i++) {
        p[i] = (unsigned char)(i * 7 + seed);
    }
}

static int check_memset(int c)
{
    for (unsigned a = 0; a < 16; a++) {
        for (unsigned n = 0; n <= SPAN; n++) {
            fill_pattern(buf, 1);
            fill_pattern(want, 1);
            for (unsigned i = 0; i < n; i++) {
                want[a + i] = (unsigned char)c;
            }
            if (core_memset(buf + a, c, n) != buf + a || memcmp(buf, want, BUF) != 0) {
                printf("# memset(+%u, %d, %u) wrong\n", a, c, n);
                return 0;
            }
        }
    }
    return 1;
}

static int check_copy(int move)
{
    for (unsigned da = 0; da < 16; da++) {
        for (unsigned sa = 0; sa < 16; sa++) {
            for (unsigned n = 0; n <= SPAN; n++) {
                fill_pattern(src, 3);
                fill_pattern(buf, 1);
                fill_pattern(want, 1);
                for (unsigned i = 0; i < n; i++) {
                    want[da + i] = src[sa + i];
                }
                void *r = move ? core_memmove(buf + da, src + sa, n)
                               : core_memcpy(buf + da, src + sa, n);
                if (r != buf + da || memcmp(buf, want, BUF) != 0) {
                    printf("# %s(+%u, +%u, %u) wrong\n", move ? "memmove" : "memcpy", da, sa, n);
                    return 0;
                }
            }
        }
    }
    return 1;
}

/* Overlapping moves in both directions inside one buffer. */
static int check_overlap(void)
{
    for (unsigned from = 0; from < 40; from++) {
        for (unsigned to = 0; to < 40; to++) {
            for (unsigned n = 0; n <= SPAN - 40; n += 7) {
                fill_pattern(buf, 5);
                fill_pattern(want, 5);
                unsigned char tmp[BUF];
                memcpy(tmp, want + from, n);
                memcpy(want + to, tmp, n);
                core_memmove(buf + to, buf + from, n);
                if (memcmp(buf, want, BUF) != 0) {
                    printf("# memmove overlap %u -> %u, %u wrong\n", from, to, n);
                    return 0;
                }
            }
        }
    }
    return 1;
}

int main(void)
{
    plan(5);
    ok(check_memset(0), "memset 0: all lengths and alignments, guards intact");
    ok(check_memset(0xa5), "memset 0xa5: all lengths and alignments, guards intact");
    ok(check_copy(0), "memcpy: all lengths, source and destination alignments");
    ok(check_copy(1), "memmove without overlap: same");
    ok(check_overlap(), "memmove with overlap, both directions");
    return done();
}
