/* SPDX-License-Identifier: MIT */
/*
 * Small helpers every kernel file may use: fixed-width types from the
 * compiler's freestanding headers, alignment and container macros. Nothing
 * here depends on the architecture or the board.
 */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define CONTAINER_OF(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))
#define LIKELY(x) __builtin_expect(!!(x), 1)
#define UNLIKELY(x) __builtin_expect(!!(x), 0)
#define NORETURN __attribute__((noreturn))
#define PRINTF_FMT(a, b) __attribute__((format(printf, a, b)))

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)

/* Build configuration as C constants so every configuration compiles all code. */
#ifndef CONFIG_DEBUG
#define CONFIG_DEBUG 1
#endif
/* The invariant checker after every system call (invariants.h): the kernel-checked build only. */
#ifndef CONFIG_INVARIANTS
#define CONFIG_INVARIANTS 0
#endif

void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
int strncmp(const char *a, const char *b, size_t n);
