/* SPDX-License-Identifier: MIT */
/*
 * The few C-library string and memory functions that freestanding programs
 * (sigma0, the boot tests) need, under their standard names: GCC emits
 * calls to memcpy/memset/memmove/memcmp for struct copies even with
 * -ffreestanding, so they must exist. Programs that link uClibc-ng later
 * take that library's versions instead of libutil's.
 */
#pragma once

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Copy \a n bytes; the areas must not overlap. */
void *memcpy(void *dst, const void *src, size_t n);
/** Copy \a n bytes; the areas may overlap. */
void *memmove(void *dst, const void *src, size_t n);
/** Fill \a n bytes with \a c. */
void *memset(void *dst, int c, size_t n);
/** Compare \a n bytes: <0, 0 or >0. */
int memcmp(const void *a, const void *b, size_t n);
/** Length of a NUL-terminated string. */
size_t strlen(const char *s);
/** Compare two strings: <0, 0 or >0. */
int strcmp(const char *a, const char *b);
/** Compare at most \a n characters. */
int strncmp(const char *a, const char *b, size_t n);
/** First occurrence of \a c in \a s, or NULL. */
char *strchr(const char *s, int c);

#ifdef __cplusplus
}
#endif
