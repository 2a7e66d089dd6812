/* SPDX-License-Identifier: MIT */
/*
 * Device memory as the device tree describes it. sigma0 hands out device
 * memory (SIGMA0_REQ_FPAGE_IOMEM) only inside the registers of a device that
 * the tree names: the reg ranges of every enabled node whose addresses are
 * physical (children of the root, or of buses whose empty "ranges" maps them
 * 1:1), except /memory and /reserved-memory. Ranges are widened to whole
 * pages, so devices that share a page are handed out together. Each device
 * has an owner, first come first served, like a page of RAM; a device never
 * goes back. The blob is boot data (the KIP's dt_addr), which the kernel maps
 * into sigma0 1:1 on a fault; it is read at the first device-memory request,
 * so that sigma0 serves RAM as soon as it starts. doc/sigma0.md.
 */
#include <libfdt.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/util/kd_printf.h>
#include "sigma0.h"

#define MAX_DEVICES 128
#define MAX_DEPTH 8

struct device {
    unsigned long long start; /* page aligned */
    unsigned long long end;   /* exclusive, page aligned */
    unsigned short owner;     /* OWNER_FREE or a client id */
};

static struct device devices[MAX_DEVICES];
static unsigned ndevices;
static l4_kernel_info_t *dm_kip;

/* What a node tells its children: how their reg reads and whether it is physical. */
struct bus {
    int addr_cells;
    int size_cells;
    int physical;
};

static unsigned long long read_cells(const fdt32_t *p, int n)
{
    unsigned long long v = 0;

    while (n-- > 0) {
        v = (v << 32) | fdt32_to_cpu(*p++);
    }
    return v;
}

static int cells(const void *fdt, int node, const char *name, int absent)
{
    int len;
    const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

    return p && len == 4 ? (int)fdt32_to_cpu(*p) : absent;
}

static int prop_is(const void *fdt, int node, const char *name, const char *value)
{
    int len;
    const char *p = fdt_getprop(fdt, node, name, &len);

    return p && len > 0 && strncmp(p, value, (size_t)len) == 0 && p[len - 1] == '\0';
}

static int enabled(const void *fdt, int node)
{
    return !fdt_getprop(fdt, node, "status", NULL) || prop_is(fdt, node, "status", "okay") || prop_is(fdt, node, "status", "ok");
}

static void add_device(unsigned long long start, unsigned long long size)
{
    if (size == 0 || start + size < start) {
        return;
    }
    if (ndevices == MAX_DEVICES) {
        kd_printf("sigma0: more than %u device ranges, ignoring the rest\n", MAX_DEVICES);
        return;
    }
    devices[ndevices].start = start & ~(unsigned long long)(L4_PAGESIZE - 1);
    devices[ndevices].end = (start + size + L4_PAGESIZE - 1) & ~(unsigned long long)(L4_PAGESIZE - 1);
    devices[ndevices].owner = OWNER_FREE;
    ndevices++;
}

/* Every reg range of \a node, read the way its parent \a b says. */
static void add_regs(const void *fdt, int node, const struct bus *b)
{
    int len;
    const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);
    int step = b->addr_cells + b->size_cells;

    if (!reg || b->addr_cells < 1 || b->addr_cells > 2 || b->size_cells < 1 || b->size_cells > 2) {
        return;
    }
    for (int i = 0; (i + step) * 4 <= len; i += step) {
        add_device(read_cells(reg + i, b->addr_cells), read_cells(reg + i + b->addr_cells, b->size_cells));
    }
}

int devmem_init(l4_kernel_info_t *kip)
{
    const void *fdt = (const void *)(l4_addr_t)kip->dt_addr;
    struct bus bus[MAX_DEPTH + 1];
    int depth = 0;
    int node;

    if (dm_kip) {
        return ndevices ? 0 : -1; /* read already */
    }
    dm_kip = kip;
    if (!fdt || fdt_check_header(fdt) != 0) {
        kd_printf("sigma0: no device tree: no device memory to hand out\n");
        return -1;
    }
    bus[0] = (struct bus){ cells(fdt, 0, "#address-cells", 2), cells(fdt, 0, "#size-cells", 1), 1 };
    for (node = fdt_next_node(fdt, 0, &depth); node >= 0 && depth > 0;
         node = fdt_next_node(fdt, node, &depth)) {
        if (depth > MAX_DEPTH) {
            continue; /* deeper than any bus of a real board: ignored */
        }
        const struct bus *parent = &bus[depth - 1];
        const char *name = fdt_get_name(fdt, node, NULL);
        int len;
        int skip = !parent->physical || !enabled(fdt, node)
                   || prop_is(fdt, node, "device_type", "memory")
                   || (depth == 1 && name && strcmp(name, "reserved-memory") == 0);

        if (!skip) {
            add_regs(fdt, node, parent);
        }
        /* Children are physical only through an empty ranges (a 1:1 bus). */
        bus[depth] = (struct bus){ cells(fdt, node, "#address-cells", 2),
                                   cells(fdt, node, "#size-cells", 1),
                                   !skip && fdt_getprop(fdt, node, "ranges", &len) && len == 0 };
    }
    return 0;
}

static int inside_devices(unsigned long long pa)
{
    for (unsigned i = 0; i < ndevices; i++) {
        if (pa >= devices[i].start && pa < devices[i].end) {
            return 1;
        }
    }
    return 0;
}

/* Does [pa, pa + size) touch memory the KIP describes (RAM, boot data, the kernel's)? */
static int overlaps_kip(l4_addr_t pa, l4_addr_t size)
{
    l4_kernel_info_mem_desc_t *md = l4_kernel_info_get_mem_descs(dm_kip);
    unsigned num = l4_kernel_info_get_num_mem_descs(dm_kip);

    for (unsigned i = 0; i < num; i++) {
        if (pa <= l4_kernel_info_get_mem_desc_end(&md[i])
            && pa + size - 1 >= l4_kernel_info_get_mem_desc_start(&md[i])) {
            return 1;
        }
    }
    return 0;
}

int devmem_claim(l4_addr_t pa, l4_addr_t size, unsigned owner)
{
    unsigned i;

    if (overlaps_kip(pa, size)) {
        return -L4_EPERM;
    }
    for (l4_addr_t p = pa; p - pa < size; p += L4_PAGESIZE) {
        if (!inside_devices(p)) {
            return -L4_ENODEV;
        }
    }
    for (i = 0; i < ndevices; i++) {
        if (pa < devices[i].end && devices[i].start < pa + size
            && devices[i].owner != OWNER_FREE && devices[i].owner != owner) {
            return -L4_EBUSY;
        }
    }
    for (i = 0; i < ndevices; i++) {
        if (pa < devices[i].end && devices[i].start < pa + size) {
            devices[i].owner = (unsigned short)owner;
        }
    }
    return 0;
}
