// SPDX-License-Identifier: MIT
/*
 * Host unit test of bootstrap's one-pass device tree scan
 * (pkg/bootstrap/dt_scan.c): blobs built with libfdt's sequential writer
 * give the root's properties, /chosen/bootargs, the /memory nodes (by name
 * or device_type, disabled ones kept for the caller to skip), the enabled
 * /reserved-memory children with reg, and nothing from deeper or other
 * nodes; malformed structure blocks (unknown token, a property or name
 * running past the block, unbalanced nodes) fail instead of reading on.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "dt_scan.h"
#include "tap_host.h"

static char blob[4096];
static struct dt_scan scan;

static void u32_prop(const char *name, uint32_t v)
{
    fdt_property_u32(blob, name, v);
}

static void reg_prop(uint64_t a, uint64_t s)
{
    fdt64_t r[2] = { cpu_to_fdt64(a), cpu_to_fdt64(s) };

    fdt_property(blob, "reg", r, sizeof(r));
}

/* The tree of most checks; `extra` adds a node after /memory nodes. */
static int build(int extra)
{
    fdt_create(blob, sizeof(blob));
    fdt_finish_reservemap(blob);
    fdt_begin_node(blob, "");
    u32_prop("#address-cells", 2);
    u32_prop("#size-cells", 2);
    fdt_property_string(blob, "compatible", "linux,dummy-virt");
    fdt_property_string(blob, "model", "test board");
    fdt_begin_node(blob, "chosen");
    fdt_property_string(blob, "bootargs", "one two");
    fdt_end_node(blob);
    fdt_begin_node(blob, "memory@40000000");
    fdt_property_string(blob, "device_type", "memory");
    reg_prop(0x40000000, 0x20000000);
    fdt_end_node(blob);
    fdt_begin_node(blob, "ram@80000000"); /* memory by device_type only */
    fdt_property_string(blob, "device_type", "memory");
    reg_prop(0x80000000, 0x1000000);
    fdt_property_string(blob, "status", "disabled");
    fdt_end_node(blob);
    fdt_begin_node(blob, "soc");
    reg_prop(0x9000000, 0x1000);
    fdt_begin_node(blob, "memory@0"); /* not at the top level: no RAM */
    fdt_property_string(blob, "device_type", "memory");
    reg_prop(0, 0x1000);
    fdt_end_node(blob);
    fdt_end_node(blob);
    if (extra) {
        fdt_begin_node(blob, "reserved-memory");
        u32_prop("#address-cells", 1);
        u32_prop("#size-cells", 1);
        fdt_begin_node(blob, "fw@48000000");
        reg_prop(0x48000000, 0x100000);
        fdt_begin_node(blob, "deep");
        reg_prop(1, 2);
        fdt_end_node(blob);
        fdt_end_node(blob);
        fdt_begin_node(blob, "off@49000000");
        reg_prop(0x49000000, 0x1000);
        fdt_property_string(blob, "status", "disabled");
        fdt_end_node(blob);
        fdt_begin_node(blob, "dynamic"); /* no reg: not placed yet */
        u32_prop("size", 0x1000);
        fdt_end_node(blob);
        fdt_begin_node(blob, "ok@4a000000");
        reg_prop(0x4a000000, 0x2000);
        fdt_property_string(blob, "status", "okay");
        fdt_end_node(blob);
        fdt_end_node(blob);
    }
    fdt_end_node(blob);
    fdt_finish(blob);
    return fdt_check_header(blob);
}

static void check_full_tree(void)
{
    ok(build(1) == 0 && dt_scan(blob, &scan) == 0, "a well-formed tree scans");
    ok(scan.root.name && !strcmp(scan.root.name, "") &&
           dt_prop_is(scan.root.compatible, "linux,dummy-virt") &&
           dt_prop_is(scan.root.model, "test board"),
       "root compatible and model");
    ok(scan.root.address_cells.len == 4 &&
           fdt32_ld(scan.root.address_cells.value) == 2,
       "root #address-cells");
    ok(scan.chosen.name && dt_prop_is(scan.chosen.bootargs, "one two"), "/chosen/bootargs");
    ok(scan.nmemory == 2 && !strcmp(scan.memory[0].name, "memory@40000000") &&
           !strcmp(scan.memory[1].name, "ram@80000000"),
       "top-level memory nodes by name and by device_type, none from /soc");
    ok(dt_node_enabled(&scan.memory[0]) && !dt_node_enabled(&scan.memory[1]),
       "status disabled is reported, absent status enables");
    ok(scan.memory[0].reg.len == 16 &&
           fdt64_ld(scan.memory[0].reg.value) == 0x40000000,
       "reg value of /memory");
    ok(scan.reserved.name && fdt32_ld(scan.reserved.size_cells.value) == 1,
       "/reserved-memory and its cells");
    ok(scan.nreserved_child == 2 && !strcmp(scan.reserved_child[0].name, "fw@48000000") &&
           !strcmp(scan.reserved_child[1].name, "ok@4a000000"),
       "reserved children: enabled with reg only, deeper nodes ignored");
    ok(scan.reserved_child[0].reg.len == 16, "a child keeps its own reg, not its child's");
}

static void check_absent(void)
{
    ok(build(0) == 0 && dt_scan(blob, &scan) == 0 && !scan.reserved.name &&
           scan.nreserved_child == 0,
       "no /reserved-memory: none reported");
}

/* Offset of the first 32-bit word equal to v in the structure block, or -1 (used for
 * FDT_PROP only: the first property follows the root's BEGIN_NODE and empty name). */
static long find_token(uint32_t v)
{
    uint32_t off = fdt_off_dt_struct(blob), size = fdt_size_dt_struct(blob);

    for (uint32_t p = 0; p + 4 <= size; p += 4) {
        if (fdt32_ld((const fdt32_t *)(blob + off + p)) == v) {
            return off + p;
        }
    }
    return -1;
}

static void poke(long at, uint32_t v)
{
    fdt32_st(blob + at, v);
}

static void check_malformed(void)
{
    long at;

    build(1);
    poke(fdt_off_dt_struct(blob) + fdt_path_offset(blob, "/chosen"), 0x77); /* its BEGIN_NODE */
    ok(dt_scan(blob, &scan) < 0, "an unknown token fails");

    build(1);
    at = find_token(FDT_PROP);
    poke(at + 4, 0x10000); /* the first property's length runs past the block */
    ok(dt_scan(blob, &scan) < 0, "a property longer than the block fails");

    build(1);
    at = find_token(FDT_PROP);
    poke(at + 8, fdt_size_dt_strings(blob) + 4); /* name offset past the strings */
    ok(dt_scan(blob, &scan) < 0, "a property name outside the strings block fails");

    build(1);
    at = fdt_off_dt_struct(blob) + fdt_size_dt_struct(blob) - 4; /* the END token */
    poke(at, FDT_END_NODE); /* one END_NODE too many, then no END */
    ok(dt_scan(blob, &scan) < 0, "unbalanced nodes fail");

    build(1);
    fdt_set_size_dt_struct(blob, 12); /* the root's name is cut off */
    ok(dt_scan(blob, &scan) < 0, "a structure block cut inside a node fails");
}

int main(void)
{
    plan(16);
    check_full_tree();
    check_absent();
    check_malformed();
    return done();
}
