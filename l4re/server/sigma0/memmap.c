/* SPDX-License-Identifier: MIT */
/*
 * Physical memory as the KIP describes it. Free RAM is every conventional
 * range minus whatever any other descriptor (reserved: kernel, its heap,
 * the device tree; bootloader: images, boot info, modules; ...) claims,
 * computed by splitting a small range list. That list is sigma0's
 * allocator: every free page has a 16-bit owner (OWNER_FREE, a client id
 * or OWNER_SIGMA0) in a table that sigma0 keeps in free RAM it takes for
 * itself at the top of the largest range. A page changes owner only from
 * free to a client (first come, first served); nothing is ever returned.
 */
#include <l4/sys/consts.h>
#include <l4/util/kd_printf.h>
#include <l4/util/string.h>
#include "sigma0.h"

#define MAX_RANGES 64

struct range {
    unsigned long long start;
    unsigned long long end; /* exclusive */
    unsigned short *owner;  /* one entry per page of [start, end) */
};

static struct range ram[MAX_RANGES]; /* free RAM, page aligned */
static unsigned nram;
static struct range boot[MAX_RANGES]; /* bootloader data */
static unsigned nboot;

static char const *const type_names[16] = {
    [L4_MEM_TYPE_UNDEFINED] = "undefined",
    [L4_MEM_TYPE_CONVENTIONAL] = "conventional",
    [L4_MEM_TYPE_RESERVED] = "reserved",
    [L4_MEM_TYPE_DEDICATED] = "dedicated",
    [L4_MEM_TYPE_SHARED] = "shared",
    [L4_MEM_TYPE_INFO] = "info",
    [L4_MEM_TYPE_BOOTLOADER] = "bootloader",
    [L4_MEM_TYPE_ARCH] = "arch",
};

/* Remove [s, e) from every range of \a r; returns the new count. */
static unsigned cut(struct range *r, unsigned n, unsigned long long s, unsigned long long e)
{
    unsigned i;

    for (i = 0; i < n; ++i) {
        if (e <= r[i].start || s >= r[i].end) {
            continue;
        }
        if (s > r[i].start && e < r[i].end) {
            if (n == MAX_RANGES) {
                kd_printf("sigma0: memory map too fragmented, ignoring a hole\n");
                continue;
            }
            r[n].start = e; /* split: the upper part becomes a new range */
            r[n].end = r[i].end;
            ++n;
            r[i].end = s;
        } else if (s > r[i].start) {
            r[i].end = s;
        } else if (e < r[i].end) {
            r[i].start = e;
        } else {
            r[i].end = r[i].start; /* fully covered: empty */
        }
    }
    return n;
}

/* The free RAM ranges of the KIP into r[]; returns their number. */
static unsigned free_ranges(l4_kernel_info_t *kip, struct range *r)
{
    l4_kernel_info_mem_desc_t *md = l4_kernel_info_get_mem_descs(kip);
    unsigned num = l4_kernel_info_get_num_mem_descs(kip);
    unsigned n = 0;
    unsigned i;

    for (i = 0; i < num && n < MAX_RANGES; ++i) {
        if (l4_kernel_info_get_mem_desc_type(&md[i]) == L4_MEM_TYPE_CONVENTIONAL
            && !l4_kernel_info_get_mem_desc_is_virtual(&md[i])) {
            r[n].start = l4_kernel_info_get_mem_desc_start(&md[i]);
            r[n].end = (unsigned long long)l4_kernel_info_get_mem_desc_end(&md[i]) + 1;
            ++n;
        }
    }
    for (i = 0; i < num; ++i) {
        unsigned t = l4_kernel_info_get_mem_desc_type(&md[i]);

        if (t == L4_MEM_TYPE_CONVENTIONAL || t == L4_MEM_TYPE_UNDEFINED
            || l4_kernel_info_get_mem_desc_is_virtual(&md[i])) {
            continue;
        }
        n = cut(r, n, l4_kernel_info_get_mem_desc_start(&md[i]),
                (unsigned long long)l4_kernel_info_get_mem_desc_end(&md[i]) + 1);
    }
    return n;
}

unsigned long long memmap_free_bytes(l4_kernel_info_t *kip)
{
    struct range r[MAX_RANGES];
    unsigned long long total = 0;
    unsigned n = free_ranges(kip, r);
    unsigned i;

    for (i = 0; i < n; ++i) {
        total += r[i].end - r[i].start;
    }
    return total;
}

static unsigned long long pages_of(struct range const *r)
{
    return (r->end - r->start) >> L4_PAGESHIFT;
}

int memmap_init(l4_kernel_info_t *kip)
{
    l4_kernel_info_mem_desc_t *md = l4_kernel_info_get_mem_descs(kip);
    unsigned num = l4_kernel_info_get_num_mem_descs(kip);
    unsigned long long table_bytes = 0;
    unsigned long long pa;
    unsigned best = 0;
    unsigned i;
    unsigned n = free_ranges(kip, ram);

    nram = 0;
    for (i = 0; i < n; ++i) {
        unsigned long long s = (ram[i].start + L4_PAGESIZE - 1) & L4_PAGEMASK;
        unsigned long long e = ram[i].end & L4_PAGEMASK;

        if (s < e) {
            ram[nram].start = s;
            ram[nram].end = e;
            table_bytes += ((e - s) >> L4_PAGESHIFT) * sizeof(unsigned short);
            if (pages_of(&ram[nram]) > pages_of(&ram[best])) {
                best = nram;
            }
            ++nram;
        }
    }
    nboot = 0;
    for (i = 0; i < num && nboot < MAX_RANGES; ++i) {
        if (l4_kernel_info_get_mem_desc_type(&md[i]) == L4_MEM_TYPE_BOOTLOADER) {
            boot[nboot].start = l4_kernel_info_get_mem_desc_start(&md[i]) & L4_PAGEMASK;
            boot[nboot].end = ((unsigned long long)l4_kernel_info_get_mem_desc_end(&md[i])
                               + L4_PAGESIZE) & L4_PAGEMASK;
            ++nboot;
        }
    }
    table_bytes = (table_bytes + L4_PAGESIZE - 1) & L4_PAGEMASK;
    if (!nram || table_bytes >= ram[best].end - ram[best].start) {
        return -1;
    }
    /* The owner tables live at the top of the largest range; touching them
     * (memset) makes the kernel map them 1:1 into sigma0. */
    pa = ram[best].end - table_bytes;
    memset((void *)(l4_addr_t)pa, 0, (size_t)table_bytes);
    for (i = 0; i < nram; ++i) {
        ram[i].owner = (unsigned short *)(l4_addr_t)pa;
        pa += pages_of(&ram[i]) * sizeof(unsigned short);
    }
    for (pa = ram[best].end - table_bytes; pa < ram[best].end; pa += L4_PAGESIZE) {
        ram[best].owner[(pa - ram[best].start) >> L4_PAGESHIFT] = OWNER_SIGMA0;
    }
    return 0;
}

/* The range holding all of [pa, pa + size), or NULL. */
static struct range *find(struct range *r, unsigned n, l4_addr_t pa, l4_addr_t size)
{
    unsigned i;

    for (i = 0; i < n; ++i) {
        if (pa >= r[i].start && pa + size <= r[i].end && pa + size > pa) {
            return &r[i];
        }
    }
    return NULL;
}

int memmap_is_ram(l4_addr_t pa, l4_addr_t size)
{
    return find(ram, nram, pa, size) != NULL;
}

int memmap_is_boot(l4_addr_t pa, l4_addr_t size)
{
    return find(boot, nboot, pa, size) != NULL;
}

int memmap_claim(l4_addr_t pa, l4_addr_t size, unsigned owner)
{
    struct range *r = find(ram, nram, pa, size);
    unsigned long long first, i, n;

    if (!r) {
        return -1;
    }
    first = (pa - r->start) >> L4_PAGESHIFT;
    n = size >> L4_PAGESHIFT;
    for (i = first; i < first + n; ++i) {
        if (r->owner[i] != OWNER_FREE && r->owner[i] != owner) {
            return -1;
        }
    }
    for (i = first; i < first + n; ++i) {
        r->owner[i] = (unsigned short)owner;
    }
    return 0;
}

l4_addr_t memmap_claim_any(unsigned order, unsigned owner)
{
    unsigned long long size = 1ULL << order;
    unsigned i;

    for (i = 0; i < nram; ++i) {
        unsigned long long a = (ram[i].start + size - 1) & ~(size - 1);

        for (; a + size <= ram[i].end && a + size > a; a += size) {
            unsigned long long p = (a - ram[i].start) >> L4_PAGESHIFT;
            unsigned long long k;

            for (k = 0; k < (size >> L4_PAGESHIFT) && ram[i].owner[p + k] == OWNER_FREE; ++k) {
            }
            if (k == size >> L4_PAGESHIFT) {
                memmap_claim((l4_addr_t)a, (l4_addr_t)size, owner);
                return (l4_addr_t)a;
            }
        }
    }
    return 0;
}

void memmap_dump_owners(void)
{
    enum { MAX_OWNERS = 16 };
    unsigned ids[MAX_OWNERS];
    unsigned long long pages[MAX_OWNERS];
    unsigned nown = 0;
    unsigned i, k;
    unsigned long long p;

    for (i = 0; i < nram; ++i) {
        for (p = 0; p < pages_of(&ram[i]); ++p) {
            unsigned o = ram[i].owner[p];

            for (k = 0; k < nown && ids[k] != o; ++k) {
            }
            if (k == nown && nown < MAX_OWNERS) {
                ids[nown] = o;
                pages[nown++] = 0;
            }
            if (k < nown) {
                ++pages[k];
            }
        }
    }
    kd_printf("sigma0: memory owners (%u RAM ranges):\n", nram);
    for (k = 0; k < nown; ++k) {
        char const *what = ids[k] == OWNER_FREE ? "free" : ids[k] == OWNER_SIGMA0 ? "sigma0" : 0;

        if (what) {
            kd_printf("sigma0:   %-8s %8llu KiB\n", what, pages[k] * 4);
        } else {
            kd_printf("sigma0:   client %-3u %6llu KiB\n", ids[k], pages[k] * 4);
        }
    }
}

void memmap_dump(l4_kernel_info_t *kip)
{
    l4_kernel_info_mem_desc_t *md = l4_kernel_info_get_mem_descs(kip);
    unsigned num = l4_kernel_info_get_num_mem_descs(kip);
    unsigned i;

    for (i = 0; i < num; ++i) {
        unsigned t = l4_kernel_info_get_mem_desc_type(&md[i]);

        kd_printf("sigma0:   [%u] 0x%010lx-0x%010lx %s/%u%s\n", i,
                  l4_kernel_info_get_mem_desc_start(&md[i]),
                  l4_kernel_info_get_mem_desc_end(&md[i]),
                  type_names[t] ? type_names[t] : "?", l4_kernel_info_get_mem_desc_subtype(&md[i]),
                  l4_kernel_info_get_mem_desc_is_virtual(&md[i]) ? " virtual" : "");
    }
}
