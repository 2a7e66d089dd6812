// SPDX-License-Identifier: MIT
/*
 * Reads the CPU nodes of a flattened device tree (Devicetree Specification
 * v0.4, chapter 5: big-endian header, structure block of BEGIN_NODE/PROP/
 * END_NODE tokens, property names in the strings block). One pass; every
 * offset is checked against the block it must stay in, so a malformed tree
 * gives -1, never a read outside the blob.
 */
#include "dt_cpus.h"
#include <stdbool.h>
#include <stddef.h>
#if __STDC_HOSTED__
#include <string.h> /* the host test */
#else
#include <core/string.h>
#endif

#define FDT_MAGIC 0xd00dfeedU
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

struct cpu_node {
    bool is_cpu, disabled, has_reg;
    uint64_t reg;
};

/* A property of a cpu@ node (or #address-cells of /cpus) that matters here. */
static void cpu_prop(struct cpu_node *n, const char *name, const uint8_t *v, uint32_t len,
                     unsigned addr_cells)
{
    if (strcmp(name, "device_type") == 0) {
        n->is_cpu = len == 4 && memcmp(v, "cpu", 4) == 0;
    } else if (strcmp(name, "status") == 0) {
        n->disabled = !((len == 5 && memcmp(v, "okay", 5) == 0) ||
                        (len == 3 && memcmp(v, "ok", 3) == 0));
    } else if (strcmp(name, "reg") == 0 && len >= addr_cells * 4 && addr_cells >= 1 &&
               addr_cells <= 2) {
        n->reg = addr_cells == 2 ? (uint64_t)be32(v) << 32 | be32(v + 4) : be32(v);
        n->has_reg = true;
    }
}

int dt_cpu_ids(const void *fdt, uint64_t *ids, unsigned max)
{
    const uint8_t *h = fdt;
    if (!h || be32(h) != FDT_MAGIC) {
        return -1;
    }
    uint32_t total = be32(h + 4), off_struct = be32(h + 8), off_strings = be32(h + 12);
    uint32_t size_strings = be32(h + 32), size_struct = be32(h + 36);
    if (off_struct > total || size_struct > total - off_struct || off_strings > total ||
        size_strings > total - off_strings) {
        return -1;
    }
    const uint8_t *s = h + off_struct, *end = s + size_struct;
    const char *strings = (const char *)h + off_strings;
    unsigned depth = 0, addr_cells = 2, found = 0;
    bool in_cpus = false;
    struct cpu_node node = { 0 };
    while (s + 4 <= end) {
        uint32_t token = be32(s);
        s += 4;
        if (token == FDT_BEGIN_NODE) {
            const uint8_t *name = s;
            while (s < end && *s) {
                s++;
            }
            if (s >= end) {
                return -1;
            }
            size_t len = (size_t)(s - name);
            s = name + ((len + 1 + 3) & ~(size_t)3);
            depth++;
            if (depth == 2) {
                in_cpus = len == 4 && memcmp(name, "cpus", 4) == 0;
            }
            if (depth == 3 && in_cpus) {
                memset(&node, 0, sizeof(node));
            }
        } else if (token == FDT_PROP) {
            if (s + 8 > end) {
                return -1;
            }
            uint32_t len = be32(s), nameoff = be32(s + 4);
            const uint8_t *v = s + 8;
            if (len > (size_t)(end - v) || nameoff >= size_strings ||
                !memchr(strings + nameoff, 0, size_strings - nameoff)) {
                return -1;
            }
            s = v + ((len + 3) & ~3U);
            const char *name = strings + nameoff;
            if (depth == 2 && in_cpus && strcmp(name, "#address-cells") == 0 && len == 4) {
                addr_cells = be32(v);
            } else if (depth == 3 && in_cpus) {
                cpu_prop(&node, name, v, len, addr_cells);
            }
        } else if (token == FDT_END_NODE) {
            if (depth == 0) {
                return -1;
            }
            if (depth == 3 && in_cpus && node.is_cpu && node.has_reg && !node.disabled) {
                if (found < max) {
                    ids[found] = node.reg;
                }
                found++;
            }
            if (depth == 2) {
                in_cpus = false;
            }
            depth--;
        } else if (token == FDT_END) {
            return depth == 0 ? (int)found : -1;
        } else if (token != FDT_NOP) {
            return -1;
        }
    }
    return -1;
}
