/* SPDX-License-Identifier: MIT */
/*
 * Device tree reading with libfdt. /memory nodes give RAM; addresses use the
 * root's #address-cells/#size-cells (1 or 2 cells each), /reserved-memory
 * children their parent's. Disabled nodes are skipped. The blob itself (at
 * least QEMU's first MiB) is boot data, kept free of loaded images and
 * readable by sigma0 (it hands out device memory by it). Reserved ranges are
 * the memreserve block and
 * every /reserved-memory child with a reg (dynamic ones without reg have no
 * fixed place yet and are left to their users). Specification: Devicetree
 * Specification v0.4, sections 3.4 (/memory), 3.5 (/reserved-memory), 5.3.
 * The tree is read in one pass (dt_scan.c); libfdt checks the header and
 * reads the memreserve block.
 */
#include <stddef.h>
#include <string.h>

#include <libfdt.h>

#include "console.h"
#include "dt.h"
#include "dt_scan.h"
#include "memmap.h"

static struct dt_scan scan; /* large for the stack of a boot loader */

struct cells {
    int addr;
    int size;
};

static uint64_t read_cells(const fdt32_t *p, int n)
{
    uint64_t v = 0;

    for (int i = 0; i < n; i++) {
        v = (v << 32) | fdt32_ld(&p[i]);
    }
    return v;
}

/* #address-cells / #size-cells as libfdt reads them: absent 2 / 1, else one cell. */
static int cells_value(struct dt_prop p, int absent)
{
    if (!p.value) {
        return absent;
    }
    return p.len == 4 ? (int)fdt32_ld((const fdt32_t *)p.value) : -1;
}

static int get_cells(const struct dt_node *node, struct cells *c)
{
    c->addr = cells_value(node->address_cells, 2);
    c->size = cells_value(node->size_cells, 1);
    if (c->addr < 1 || c->addr > 2 || c->size < 1 || c->size > 2) {
        printf("error: device tree: unsupported #address-cells %d / #size-cells %d\n",
               c->addr, c->size);
        return -1;
    }
    return 0;
}

static void print_range(const char *label, uint64_t start, uint64_t end, const char *what)
{
    uint64_t size = end - start;

    if (size % (1ULL << 20) == 0) {
        printf("%s 0x%llx-0x%llx (%llu MiB)%s%s\n", label, (unsigned long long)start,
               (unsigned long long)end - 1, (unsigned long long)(size >> 20), what ? " " : "",
               what ? what : "");
    } else {
        printf("%s 0x%llx-0x%llx (%llu KiB)%s%s\n", label, (unsigned long long)start,
               (unsigned long long)end - 1, (unsigned long long)(size >> 10), what ? " " : "",
               what ? what : "");
    }
}

/* Kinds of reg ranges this file collects. */
enum reg_use { REG_RAM, REG_RESERVED };

/*
 * Record every (address, size) pair of a node's reg. Returns 0, or -1 after
 * printing an error (malformed reg, full table for reserved memory).
 */
static int read_reg(const struct dt_node *node, const struct cells *c, enum reg_use use)
{
    int len = node->reg.len;
    const fdt32_t *reg = node->reg.value;
    int entry = c->addr + c->size;
    const char *name = node->name;

    if (!reg) {
        return 0;
    }
    if (len % (entry * 4) != 0) {
        printf("error: device tree: %s: reg has %d bytes, not a multiple of %d\n", name, len,
               entry * 4);
        return -1;
    }
    for (int i = 0; i < len / 4; i += entry) {
        uint64_t start = read_cells(reg + i, c->addr);
        uint64_t size = read_cells(reg + i + c->addr, c->size);

        if (size == 0) {
            continue;
        }
        if (start + size < start) {
            printf("warning: device tree: %s: range 0x%llx + 0x%llx wraps, ignored\n", name,
                   (unsigned long long)start, (unsigned long long)size);
            continue;
        }
        if (use == REG_RAM) {
            if (memmap_add_ram(start, start + size) < 0) {
                print_range("warning: too many RAM ranges, ignoring", start, start + size, NULL);
                continue;
            }
            print_range("RAM", start, start + size, NULL);
        } else {
            if (memmap_add_reserved(start, start + size, name) < 0) {
                printf("error: device tree: more than %d reserved ranges\n",
                       MEMMAP_MAX_RESERVED);
                return -1;
            }
            print_range("reserved", start, start + size, name);
        }
    }
    return 0;
}

static int read_memory(const struct cells *root)
{
    for (unsigned i = 0; i < scan.nmemory; i++) {
        if (dt_node_enabled(&scan.memory[i]) && read_reg(&scan.memory[i], root, REG_RAM) < 0) {
            return -1;
        }
    }
    if (scan.memory_dropped) {
        printf("warning: device tree: %u more /memory nodes than %d, ignored\n",
               scan.memory_dropped, DT_SCAN_MAX_MEMORY);
    }
    return 0;
}

static int read_reserved(const void *fdt)
{
    struct cells c;
    int n = fdt_num_mem_rsv(fdt);

    for (int i = 0; i < n; i++) {
        uint64_t addr;
        uint64_t size;

        if (fdt_get_mem_rsv(fdt, i, &addr, &size) < 0 || size == 0 || addr + size < addr) {
            continue;
        }
        if (memmap_add_reserved(addr, addr + size, "memreserve") < 0) {
            printf("error: device tree: more than %d reserved ranges\n", MEMMAP_MAX_RESERVED);
            return -1;
        }
        print_range("reserved", addr, addr + size, "memreserve");
    }

    if (!scan.reserved.name) {
        return 0;
    }
    if (get_cells(&scan.reserved, &c) < 0) {
        return -1;
    }
    for (unsigned i = 0; i < scan.nreserved_child; i++) {
        if (read_reg(&scan.reserved_child[i], &c, REG_RESERVED) < 0) {
            return -1;
        }
    }
    if (scan.reserved_dropped) {
        printf("error: device tree: more than %d reserved ranges\n", MEMMAP_MAX_RESERVED);
        return -1;
    }
    return 0;
}

/* Print the root's compatible list, "a, b, c". */
static void print_platform(void)
{
    int len = scan.root.compatible.len;
    const char *compat = scan.root.compatible.value;
    const char *model = scan.root.model.value;

    printf("platform:");
    for (int pos = 0; compat && pos < len; pos += (int)strnlen(compat + pos, len - pos) + 1) {
        printf("%s %s", pos ? "," : "", compat + pos);
    }
    if (!compat) {
        printf(" (no compatible)");
    }
    if (model && !(compat && strcmp(model, compat) == 0)) {
        printf(" (model %s)", model);
    }
    printf("\n");
}

int dt_read(uint64_t addr, struct dt_info *dt)
{
    const void *fdt = (const void *)(uintptr_t)addr;
    struct cells root;
    unsigned ram_count;
    uint64_t span;
    int err;

    err = fdt_check_header(fdt);
    if (err != 0) {
        printf("error: no valid device tree at 0x%llx: %s\n", (unsigned long long)addr,
               fdt_strerror(err));
        return -1;
    }
    span = page_up(fdt_totalsize(fdt));
    if (span < DT_MIN_SPAN) {
        span = DT_MIN_SPAN;
    }
    dt->addr = addr;
    dt->end = page_down(addr) + span;
    if (dt_scan(fdt, &scan) < 0) {
        printf("error: device tree at 0x%llx: malformed structure block\n",
               (unsigned long long)addr);
        return -1;
    }
    /* Only a NUL-terminated, non-empty string is a command line. */
    dt->bootargs = NULL;
    if (scan.chosen.bootargs.len > 1
        && memchr(scan.chosen.bootargs.value, '\0', (size_t)scan.chosen.bootargs.len)) {
        dt->bootargs = scan.chosen.bootargs.value;
    }
    if (dt->bootargs && dt->bootargs[0] == '\0') {
        dt->bootargs = NULL;
    }

    printf("device tree at 0x%llx, %u bytes\n", (unsigned long long)addr, fdt_totalsize(fdt));
    print_platform();
    if (get_cells(&scan.root, &root) < 0 || read_memory(&root) < 0) {
        return -1;
    }
    memmap_ram(&ram_count);
    if (ram_count == 0) {
        printf("error: device tree has no /memory node with RAM\n");
        return -1;
    }
    /* Not reserved: the blob is boot data that sigma0 and its readers map (kip_fill.c). */
    if (memmap_add_busy(page_down(addr), dt->end, "device tree") < 0) {
        return -1;
    }
    print_range("boot data", page_down(addr), dt->end, "device tree");
    return read_reserved(fdt);
}
