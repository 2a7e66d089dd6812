/* SPDX-License-Identifier: MIT */
/*
 * The C string functions of every environment without a C library: the
 * kernel, bootstrap (and libfdt) and programs without libc (libutil). In
 * bootstrap the MMU is off, so all memory is Device memory, where an
 * unaligned access faults: copies go word by word only when source and
 * destination share their alignment. The bulk of a copy or fill moves
 * four words per loop step; the bulk of a zero fill goes to
 * core_zero_blocks(), which is `dc zva` where memory is Normal (kernel,
 * user: zero_zva.c) and a word loop in bootstrap (zero_plain.c). Compiled
 * with -fno-builtin -fno-tree-loop-distribute-patterns, or GCC would turn
 * these loops back into calls to themselves (lib/core/core.mk).
 */
#include <stdint.h>
#include <core/string.h>
#include "zero.h"

/* A word that may alias any object, as the copy loops read and write through it. */
typedef uint64_t __attribute__((may_alias)) word_t;

#define WORD sizeof(word_t)

static int aligned(const void *p)
{
    return ((uintptr_t)p & (WORD - 1)) == 0;
}

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if ((((uintptr_t)d ^ (uintptr_t)s) & (WORD - 1)) == 0) {
        for (; n > 0 && !aligned(d); n--) {
            *d++ = *s++;
        }
        for (; n >= 4 * WORD; n -= 4 * WORD, d += 4 * WORD, s += 4 * WORD) {
            word_t a = ((const word_t *)s)[0], b = ((const word_t *)s)[1];
            word_t c = ((const word_t *)s)[2], e = ((const word_t *)s)[3];

            ((word_t *)d)[0] = a;
            ((word_t *)d)[1] = b;
            ((word_t *)d)[2] = c;
            ((word_t *)d)[3] = e;
        }
        for (; n >= WORD; n -= WORD, d += WORD, s += WORD) {
            *(word_t *)d = *(const word_t *)s;
        }
    }
    for (; n > 0; n--) {
        *d++ = *s++;
    }
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;

    if (d <= s || d >= s + n) {
        return memcpy(dst, src, n);
    }
    while (n > 0) {
        n--;
        d[n] = s[n];
    }
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    uint64_t word = (unsigned char)c * 0x0101010101010101ULL;

    for (; n > 0 && !aligned(d); n--) {
        *d++ = (unsigned char)c;
    }
    if (word == 0 && n >= CORE_ZERO_MIN) {
        size_t done = core_zero_blocks(d, n);

        d += done;
        n -= done;
    }
    for (; n >= 4 * WORD; n -= 4 * WORD, d += 4 * WORD) {
        ((word_t *)d)[0] = word;
        ((word_t *)d)[1] = word;
        ((word_t *)d)[2] = word;
        ((word_t *)d)[3] = word;
    }
    for (; n >= WORD; n -= WORD, d += WORD) {
        *(word_t *)d = word;
    }
    for (; n > 0; n--) {
        *d++ = (unsigned char)c;
    }
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const unsigned char *x = a;
    const unsigned char *y = b;

    for (; n > 0; n--, x++, y++) {
        if (*x != *y) {
            return *x - *y;
        }
    }
    return 0;
}

void *memchr(const void *s, int c, size_t n)
{
    const unsigned char *p = s;

    for (; n > 0; n--, p++) {
        if (*p == (unsigned char)c) {
            return (void *)p;
        }
    }
    return NULL;
}

size_t strlen(const char *s)
{
    size_t n = 0;

    while (s[n]) {
        n++;
    }
    return n;
}

size_t strnlen(const char *s, size_t max)
{
    size_t n = 0;

    while (n < max && s[n]) {
        n++;
    }
    return n;
}

char *strchr(const char *s, int c)
{
    for (;; s++) {
        if (*s == (char)c) {
            return (char *)s;
        }
        if (!*s) {
            return NULL;
        }
    }
}

char *strrchr(const char *s, int c)
{
    const char *last = NULL;

    for (;; s++) {
        if (*s == (char)c) {
            last = s;
        }
        if (!*s) {
            return (char *)last;
        }
    }
}

int strcmp(const char *a, const char *b)
{
    for (; *a && *a == *b; a++, b++) {
    }
    return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
    for (; n > 0; n--, a++, b++) {
        if (*a != *b || !*a) {
            return (unsigned char)*a - (unsigned char)*b;
        }
    }
    return 0;
}
