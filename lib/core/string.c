/* SPDX-License-Identifier: MIT */
/*
 * The C string functions of every environment without a C library: the
 * kernel, bootstrap (and libfdt) and programs without libc (libutil). In
 * bootstrap the MMU is off, so all memory is Device memory, where an
 * unaligned access faults: copies go word by word only when source and
 * destination share their alignment. Compiled with -fno-builtin
 * -fno-tree-loop-distribute-patterns, or GCC would turn these loops back
 * into calls to themselves (lib/core/core.mk).
 */
#include <stdint.h>
#include <core/string.h>

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
