/* SPDX-License-Identifier: MIT */
/*
 * The platform's devices as io knows them, read from the device tree the
 * boot loader received (moe's rom/dtb): a node's reg ranges become MEM
 * resources, its interrupts IRQ resources. Only nodes whose parent is the
 * root are read (their reg is physical; io serves no bus bridges), and only
 * interrupts in the GIC's three-cell form (type, number, flags): a shared
 * line (type 0) is ICU number 32 + n, a private one (type 1) 16 + n
 * (Documentation of the binding: arm,gic-v3). Device memory comes from
 * sigma0, which checks it against the same tree.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>
#include <l4/re/c/rm.h>
#include <l4/sigma0/sigma0.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include "io.h"

#define GIC_SPI 0
#define GIC_PPI 1

static unsigned long long cells_at(fdt32_t const *p, int n)
{
    unsigned long long v = 0;

    while (n-- > 0) {
        v = (v << 32) | fdt32_to_cpu(*p++);
    }
    return v;
}

static void add_res(struct io_device *d, unsigned type, unsigned long long start,
                    unsigned long long end)
{
    if (d->nres < IO_MAX_RES) {
        d->res[d->nres].type = (l4_uint16_t)type;
        d->res[d->nres].start = start;
        d->res[d->nres].end = end;
        d->res[d->nres].provider = 0;
        d->res[d->nres].id = 0;
        d->nres++;
    }
}

/* The #interrupt-cells of the node's interrupt parent (its own or the root's). */
static int interrupt_cells(void const *fdt, int node)
{
    int len;
    fdt32_t const *p = fdt_getprop(fdt, node, "interrupt-parent", &len);
    int parent;

    if (!p) {
        p = fdt_getprop(fdt, 0, "interrupt-parent", &len);
    }
    if (!p || len != 4) {
        return -1;
    }
    parent = fdt_node_offset_by_phandle(fdt, fdt32_to_cpu(*p));
    p = parent < 0 ? NULL : fdt_getprop(fdt, parent, "#interrupt-cells", &len);
    return p && len == 4 ? (int)fdt32_to_cpu(*p) : -1;
}

static void read_node(void const *fdt, int node, struct io_device *d)
{
    int ac = fdt_address_cells(fdt, 0), sc = fdt_size_cells(fdt, 0);
    int len, i;
    fdt32_t const *p;
    char const *name = fdt_get_name(fdt, node, NULL);

    memset(d, 0, sizeof(*d));
    snprintf(d->name, sizeof(d->name), "%s", name ? name : "?");
    d->compat = fdt_getprop(fdt, node, "compatible", &d->compat_len);
    p = fdt_getprop(fdt, node, "reg", &len);
    for (i = 0; p && ac > 0 && sc > 0 && (i + ac + sc) * 4 <= len; i += ac + sc) {
        unsigned long long start = cells_at(p + i, ac), size = cells_at(p + i + ac, sc);

        if (size) {
            add_res(d, L4VBUS_RESOURCE_MEM, start, start + size - 1);
        }
    }
    p = fdt_getprop(fdt, node, "interrupts", &len);
    if (p && interrupt_cells(fdt, node) == 3) {
        for (i = 0; (i + 3) * 4 <= len; i += 3) {
            unsigned type = fdt32_to_cpu(p[i]), n = fdt32_to_cpu(p[i + 1]);

            if (type == GIC_SPI || type == GIC_PPI) {
                n += type == GIC_SPI ? 32 : 16;
                add_res(d, L4VBUS_RESOURCE_IRQ, n, n);
            }
        }
    }
}

int devices_read(void const *fdt, char const *path, char const *compat, int *node,
                 struct io_device *d)
{
    int n;

    if (path) {
        n = fdt_path_offset(fdt, path);
        if (n < 0 || fdt_parent_offset(fdt, n) != 0) {
            return -1;
        }
    } else {
        n = fdt_node_offset_by_compatible(fdt, *node, compat);
        while (n >= 0 && fdt_parent_offset(fdt, n) != 0) {
            n = fdt_node_offset_by_compatible(fdt, n, compat);
        }
        if (n < 0) {
            return -1;
        }
    }
    *node = n;
    read_node(fdt, n, d);
    return 0;
}

int devices_is_compatible(struct io_device const *d, char const *cid)
{
    int off = 0;

    while (d->compat && off < d->compat_len) {
        if (strcmp(d->compat + off, cid) == 0) {
            return 1;
        }
        off += (int)strlen(d->compat + off) + 1;
    }
    return 0;
}

int devices_map(struct io_device *d, l4_cap_idx_t sigma0)
{
    for (unsigned i = 0; i < d->nres; i++) {
        l4_addr_t first = l4_trunc_page(d->res[i].start);
        unsigned long size = l4_round_page(d->res[i].end + 1) - first;
        l4_addr_t at = 0;
        int r;

        if (d->res[i].type != L4VBUS_RESOURCE_MEM) {
            continue;
        }
        r = l4re_rm_reserve_area(&at, size, L4RE_RM_F_SEARCH_ADDR, L4_PAGESHIFT);
        if (r < 0) {
            return r;
        }
        r = l4sigma0_map_iomem(sigma0, first, at, size, 0);
        if (r < 0) {
            printf("io: %s: sigma0 refused its device memory 0x%lx+0x%lx: %s\n", d->name, first,
                   size, l4sigma0_map_errstr(r));
            l4re_rm_free_area(at);
            return -L4_EPERM;
        }
        d->local[i] = at;
    }
    return 0;
}
