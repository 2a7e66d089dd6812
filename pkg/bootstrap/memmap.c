/* SPDX-License-Identifier: MIT */
/*
 * The range tables behind memmap.h. They only grow while bootstrap runs;
 * the loader asks them before it copies a byte, which is how "never load
 * over the device tree, the archive or bootstrap itself" is enforced.
 */
#include <stddef.h>

#include "memmap.h"

struct table {
    struct mem_range *r;
    unsigned count;
    unsigned max;
};

static struct mem_range ram[MEMMAP_MAX_RAM];
static struct mem_range reserved[MEMMAP_MAX_RESERVED];
static struct mem_range busy[MEMMAP_MAX_BUSY];

static struct table ram_table = { ram, 0, MEMMAP_MAX_RAM };
static struct table reserved_table = { reserved, 0, MEMMAP_MAX_RESERVED };
static struct table busy_table = { busy, 0, MEMMAP_MAX_BUSY };

static int table_add(struct table *t, uint64_t start, uint64_t end, const char *what)
{
    if (t->count == t->max) {
        return -1;
    }
    t->r[t->count++] = (struct mem_range){ .start = start, .end = end, .what = what };
    return 0;
}

int memmap_add_ram(uint64_t start, uint64_t end)
{
    return table_add(&ram_table, start, end, "RAM");
}

int memmap_add_reserved(uint64_t start, uint64_t end, const char *what)
{
    if (table_add(&reserved_table, start, end, what) < 0) {
        return -1;
    }
    return memmap_add_busy(start, end, what);
}

int memmap_add_busy(uint64_t start, uint64_t end, const char *what)
{
    return table_add(&busy_table, start, end, what);
}

const struct mem_range *memmap_find_ram(uint64_t start, uint64_t end)
{
    for (unsigned i = 0; i < ram_table.count; i++) {
        if (start >= ram[i].start && end <= ram[i].end && start <= end) {
            return &ram[i];
        }
    }
    return NULL;
}

const struct mem_range *memmap_find_busy(uint64_t start, uint64_t end)
{
    for (unsigned i = 0; i < busy_table.count; i++) {
        if (start < busy[i].end && busy[i].start < end) {
            return &busy[i];
        }
    }
    return NULL;
}

const struct mem_range *memmap_ram(unsigned *count)
{
    *count = ram_table.count;
    return ram;
}

const struct mem_range *memmap_reserved(unsigned *count)
{
    *count = reserved_table.count;
    return reserved;
}
