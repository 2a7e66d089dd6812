/* SPDX-License-Identifier: MIT */
/*
 * bootstrap's view of physical memory: the RAM ranges and reserved ranges
 * from the device tree, and the "busy" ranges that nothing may be loaded
 * over (device tree, reserved memory, bootstrap itself, the archive, the
 * kernel with KIP and boot info, every loaded segment). All ranges are
 * half-open [start, end); the tables are fixed-size arrays in .bss.
 */
#pragma once

#include <stdint.h>

#define PAGE_SIZE 4096ULL
#define MEMMAP_MAX_RAM      8
#define MEMMAP_MAX_RESERVED 16
#define MEMMAP_MAX_BUSY     96

struct mem_range {
    uint64_t start;
    uint64_t end;           /* one past the last byte */
    const char *what;       /* for messages: "bootstrap", "boot archive", ... */
};

static inline uint64_t page_down(uint64_t a)
{
    return a & ~(PAGE_SIZE - 1);
}

static inline uint64_t page_up(uint64_t a)
{
    return (a + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
}

/* Record a RAM range; returns -1 when the table is full (the range is ignored). */
int memmap_add_ram(uint64_t start, uint64_t end);

/* Record a reserved range (also busy); returns -1 when a table is full. */
int memmap_add_reserved(uint64_t start, uint64_t end, const char *what);

/* Record a range that nothing may be loaded over; returns -1 when the table is full. */
int memmap_add_busy(uint64_t start, uint64_t end, const char *what);

/* The RAM range that holds all of [start, end), or NULL. */
const struct mem_range *memmap_find_ram(uint64_t start, uint64_t end);

/* The first busy range that overlaps [start, end), or NULL. */
const struct mem_range *memmap_find_busy(uint64_t start, uint64_t end);

/* The tables, for the KIP descriptors. */
const struct mem_range *memmap_ram(unsigned *count);
const struct mem_range *memmap_reserved(unsigned *count);
