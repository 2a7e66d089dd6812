// SPDX-License-Identifier: MIT
/*
 * Symbol lookup over the generated table: ksyms_count sorted addresses in
 * ksyms_addrs, and for each a name offset into ksyms_names. Binary search.
 */
#include "ksyms.h"

extern const uint64_t ksyms_count;
extern const uint64_t ksyms_addrs[];
extern const uint32_t ksyms_name_offsets[];
extern const char ksyms_names[];

const char *ksyms_lookup(uint64_t addr, uint64_t *offset)
{
    uint64_t lo = 0, hi = ksyms_count;
    if (hi == 0 || addr < ksyms_addrs[0]) {
        return NULL;
    }
    while (hi - lo > 1) {
        uint64_t mid = (lo + hi) / 2;
        if (ksyms_addrs[mid] <= addr) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    *offset = addr - ksyms_addrs[lo];
    return &ksyms_names[ksyms_name_offsets[lo]];
}
