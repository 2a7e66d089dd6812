/* SPDX-License-Identifier: MIT */
/*
 * Physical memory as the KIP describes it. Free RAM is every conventional
 * range minus whatever any other descriptor (reserved: kernel, its heap,
 * the device tree; bootloader: images, boot info, modules; ...) claims,
 * computed by splitting a small range list. Later (TODO(#4)) this list
 * becomes sigma0's allocator for the sigma0 protocol.
 */
#include <l4/util/kd_printf.h>
#include "sigma0.h"

#define MAX_RANGES 64

struct range {
    unsigned long long start;
    unsigned long long end; /* exclusive */
};

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

unsigned long long memmap_free_bytes(l4_kernel_info_t *kip)
{
    l4_kernel_info_mem_desc_t *md = l4_kernel_info_get_mem_descs(kip);
    unsigned num = l4_kernel_info_get_num_mem_descs(kip);
    struct range r[MAX_RANGES];
    unsigned long long total = 0;
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
    for (i = 0; i < n; ++i) {
        total += r[i].end - r[i].start;
    }
    return total;
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
