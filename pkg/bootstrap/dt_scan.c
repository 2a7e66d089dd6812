/* SPDX-License-Identifier: MIT */
/*
 * One pass over the structure block of a flattened device tree (Devicetree
 * Specification v0.4, section 5.4): tokens are big-endian 32-bit words,
 * BEGIN_NODE is followed by the NUL-terminated name padded to 4 bytes, PROP
 * by its length, its name's offset in the strings block and the padded
 * value. A node's properties come before its children, so a node is judged
 * (is it /memory? an enabled /reserved-memory child with reg?) at its
 * END_NODE. Every read is checked against the block it lies in; a blob
 * that breaks the format makes the scan fail instead of reading past it.
 */
#include <stddef.h>
#include <string.h>

#include <libfdt.h>

#include "dt_scan.h"

enum kind { K_ROOT, K_CHOSEN, K_RESERVED, K_TOP, K_RESERVED_CHILD, K_OTHER };

#define MAX_KEPT_DEPTH 2 /* root = 0, its children 1, /reserved-memory's children 2 */

struct cursor {
    const char *base; /* the structure block */
    uint32_t size;
    uint32_t pos;
    const char *strings;
    uint32_t strings_size;
};

static uint32_t align4(uint32_t v)
{
    return (v + 3) & ~3u;
}

static int read_u32(struct cursor *c, uint32_t *v)
{
    if (c->size - c->pos < 4) {
        return -1;
    }
    *v = fdt32_ld((const fdt32_t *)(c->base + c->pos));
    c->pos += 4;
    return 0;
}

/* Does a node name (with or without unit address) name `want`? */
static int name_is(const char *name, const char *want)
{
    size_t n = strlen(want);

    return strncmp(name, want, n) == 0 && (name[n] == '\0' || name[n] == '@');
}

static enum kind classify(int depth, enum kind parent, const char *name)
{
    if (depth == 0) {
        return K_ROOT;
    }
    if (depth == 1) {
        if (name_is(name, "chosen")) {
            return K_CHOSEN;
        }
        return name_is(name, "reserved-memory") ? K_RESERVED : K_TOP;
    }
    return depth == 2 && parent == K_RESERVED ? K_RESERVED_CHILD : K_OTHER;
}

/* Where a property of this name goes in a kept node, or NULL. */
static struct dt_prop *prop_slot(struct dt_node *n, const char *name)
{
    static const struct {
        const char *name;
        size_t offset;
    } wanted[] = {
        { "reg", offsetof(struct dt_node, reg) },
        { "status", offsetof(struct dt_node, status) },
        { "device_type", offsetof(struct dt_node, device_type) },
        { "#address-cells", offsetof(struct dt_node, address_cells) },
        { "#size-cells", offsetof(struct dt_node, size_cells) },
        { "compatible", offsetof(struct dt_node, compatible) },
        { "model", offsetof(struct dt_node, model) },
        { "bootargs", offsetof(struct dt_node, bootargs) },
    };

    for (unsigned i = 0; i < sizeof(wanted) / sizeof(wanted[0]); i++) {
        if (strcmp(name, wanted[i].name) == 0) {
            return (struct dt_prop *)((char *)n + wanted[i].offset);
        }
    }
    return NULL;
}

int dt_prop_is(struct dt_prop p, const char *s)
{
    size_t n = strlen(s);

    return p.value && (size_t)p.len > n && memcmp(p.value, s, n + 1) == 0;
}

int dt_node_enabled(const struct dt_node *n)
{
    return !n->status.value || dt_prop_is(n->status, "okay") || dt_prop_is(n->status, "ok");
}

static int is_memory(const struct dt_node *n)
{
    return dt_prop_is(n->device_type, "memory") || name_is(n->name, "memory");
}

/* A node ends: keep it where it belongs. */
static void node_done(struct dt_scan *out, enum kind k, const struct dt_node *n)
{
    switch (k) {
    case K_ROOT:
        out->root = *n;
        break;
    case K_CHOSEN:
        out->chosen = *n;
        break;
    case K_RESERVED:
        out->reserved = *n;
        break;
    case K_TOP:
        if (!is_memory(n)) {
            break;
        }
        if (out->nmemory < DT_SCAN_MAX_MEMORY) {
            out->memory[out->nmemory++] = *n;
        } else {
            out->memory_dropped++;
        }
        break;
    case K_RESERVED_CHILD:
        if (!n->reg.value || !dt_node_enabled(n)) {
            break;
        }
        if (out->nreserved_child < DT_SCAN_MAX_RESERVED) {
            out->reserved_child[out->nreserved_child++] = *n;
        } else {
            out->reserved_dropped++;
        }
        break;
    case K_OTHER:
        break;
    }
}

/* A property token's body: length, name offset, value. 0 or -1. */
static int read_prop(struct cursor *c, struct dt_node *n)
{
    uint32_t len, nameoff;

    if (read_u32(c, &len) < 0 || read_u32(c, &nameoff) < 0 || len > c->size - c->pos
        || len > 0x7fffffff || nameoff >= c->strings_size
        || !memchr(c->strings + nameoff, '\0', c->strings_size - nameoff)) {
        return -1;
    }
    if (n) {
        struct dt_prop *slot = prop_slot(n, c->strings + nameoff);

        if (slot) {
            slot->value = c->base + c->pos;
            slot->len = (int)len;
        }
    }
    c->pos = align4(c->pos + len);
    if (c->pos > c->size) {
        c->pos = c->size; /* padding of the last value: the next read fails cleanly */
    }
    return 0;
}

int dt_scan(const void *fdt, struct dt_scan *out)
{
    struct cursor c = {
        .base = (const char *)fdt + fdt_off_dt_struct(fdt),
        .size = fdt_version(fdt) >= 17 ? fdt_size_dt_struct(fdt)
                                       : fdt_totalsize(fdt) - fdt_off_dt_struct(fdt),
        .strings = (const char *)fdt + fdt_off_dt_strings(fdt),
        .strings_size = fdt_size_dt_strings(fdt),
    };
    struct dt_node open[MAX_KEPT_DEPTH + 1];
    enum kind kinds[MAX_KEPT_DEPTH + 1];
    int depth = -1;
    uint32_t tag;

    memset(out, 0, sizeof(*out));
    for (;;) {
        if (read_u32(&c, &tag) < 0) {
            return -1;
        }
        switch (tag) {
        case FDT_BEGIN_NODE: {
            const char *name = c.base + c.pos;
            const char *nul = memchr(name, '\0', c.size - c.pos);

            if (!nul || (depth == -1 && out->root.name)) {
                return -1; /* a name running off the block, or a second root */
            }
            c.pos = align4(c.pos + (uint32_t)(nul - name) + 1);
            if (c.pos > c.size) {
                return -1;
            }
            depth++;
            if (depth <= MAX_KEPT_DEPTH) {
                kinds[depth] = classify(depth, depth ? kinds[depth - 1] : K_ROOT, name);
                memset(&open[depth], 0, sizeof(open[depth]));
                open[depth].name = name;
            }
            break;
        }
        case FDT_PROP:
            if (depth < 0) {
                return -1;
            }
            if (read_prop(&c, depth <= MAX_KEPT_DEPTH && kinds[depth] != K_OTHER
                                  ? &open[depth] : NULL) < 0) {
                return -1;
            }
            break;
        case FDT_END_NODE:
            if (depth < 0) {
                return -1;
            }
            if (depth <= MAX_KEPT_DEPTH) {
                node_done(out, kinds[depth], &open[depth]);
            }
            depth--;
            break;
        case FDT_NOP:
            break;
        case FDT_END:
            return depth == -1 && out->root.name ? 0 : -1;
        default:
            return -1;
        }
    }
}
