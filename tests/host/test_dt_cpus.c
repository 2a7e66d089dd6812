// SPDX-License-Identifier: MIT
/*
 * Host unit test of the kernel's CPU list from the device tree
 * (kernel/generic/dt_cpus.c): blobs built with libfdt's sequential writer.
 * The enabled /cpus/cpu@* nodes with device_type "cpu" give their reg (one
 * or two address cells) in tree order; other nodes under /cpus, disabled
 * CPUs, CPUs elsewhere in the tree and CPUs without reg are left out; more
 * CPUs than the caller's array are counted; a blob that is no device tree,
 * or whose structure runs past its block, gives -1.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <libfdt.h>

#include "dt_cpus.h"
#include "tap_host.h"

static char blob[4096];

static void cpu(const char *name, unsigned cells, uint64_t reg, const char *type,
                const char *status)
{
    fdt_begin_node(blob, name);
    if (type) {
        fdt_property_string(blob, "device_type", type);
    }
    if (cells == 1) {
        fdt_property_u32(blob, "reg", (uint32_t)reg);
    } else if (cells == 2) {
        fdt_property_u64(blob, "reg", reg);
    }
    if (status) {
        fdt_property_string(blob, "status", status);
    }
    fdt_property_string(blob, "enable-method", "psci");
    fdt_end_node(blob);
}

/* A tree like QEMU virt's with \a n CPUs and \a cells address cells, plus oddities. */
static void build(unsigned n, unsigned cells, int oddities)
{
    fdt_create(blob, sizeof(blob));
    fdt_finish_reservemap(blob);
    fdt_begin_node(blob, "");
    fdt_property_u32(blob, "#address-cells", 2);
    fdt_begin_node(blob, "cpus");
    fdt_property_u32(blob, "#address-cells", cells);
    fdt_property_u32(blob, "#size-cells", 0);
    for (unsigned i = 0; i < n; i++) {
        char name[16];
        snprintf(name, sizeof(name), "cpu@%u", i);
        cpu(name, cells, (i / 4) << 8 | (i % 4), "cpu", NULL);
    }
    if (oddities) {
        cpu("cpu@100", cells, 0x100, "cpu", "disabled");  /* disabled */
        cpu("cpu-map", 0, 0, NULL, NULL);                 /* not a CPU */
        cpu("cpu@200", 0, 0, "cpu", NULL);                /* no reg */
        cpu("cpu@300", cells, 0x300, "cpu", "okay");      /* enabled explicitly */
    }
    fdt_end_node(blob);
    if (oddities) {
        fdt_begin_node(blob, "soc");
        cpu("cpu@400", 2, 0x400, "cpu", NULL); /* a CPU node outside /cpus */
        fdt_end_node(blob);
    }
    fdt_end_node(blob);
    fdt_finish(blob);
}

int main(void)
{
    uint64_t ids[8];

    plan(14);
    build(4, 1, 0);
    is_int(dt_cpu_ids(blob, ids, 8), 4, "four CPUs, one address cell");
    ok(ids[0] == 0 && ids[1] == 1 && ids[2] == 2 && ids[3] == 3, "their reg in tree order");

    build(6, 2, 0);
    is_int(dt_cpu_ids(blob, ids, 8), 6, "six CPUs, two address cells");
    ok(ids[4] == 0x100 && ids[5] == 0x101, "a second cluster's affinity (0x%llx 0x%llx)",
       (unsigned long long)ids[4], (unsigned long long)ids[5]);

    build(2, 1, 1);
    is_int(dt_cpu_ids(blob, ids, 8), 3, "disabled, reg-less, non-CPU and outside nodes left out");
    ok(ids[0] == 0 && ids[1] == 1 && ids[2] == 0x300, "status okay counts");

    build(8, 1, 0);
    is_int(dt_cpu_ids(blob, ids, 3), 8, "more CPUs than the array: all counted");
    ok(ids[2] == 2, "the array holds the first ones");

    build(0, 1, 0);
    is_int(dt_cpu_ids(blob, ids, 8), 0, "an empty /cpus: none");

    build(2, 1, 0);
    char copy[sizeof(blob)];
    memcpy(copy, blob, sizeof(blob));
    copy[0] = 0;
    is_int(dt_cpu_ids(copy, ids, 8), -1, "bad magic: -1");
    is_int(dt_cpu_ids(NULL, ids, 8), -1, "no blob: -1");

    /* The structure block cut short: the walk must stop at its end, not read on. */
    memcpy(copy, blob, sizeof(blob));
    uint32_t size_struct = fdt_size_dt_struct(copy);
    fdt_set_size_dt_struct(copy, size_struct / 2);
    is_int(dt_cpu_ids(copy, ids, 8), -1, "a structure block cut in half: -1");

    /* An unknown token where a node should start. */
    memcpy(copy, blob, sizeof(blob));
    uint32_t *first = (uint32_t *)(copy + fdt_off_dt_struct(copy));
    *first = cpu_to_fdt32(0x77);
    is_int(dt_cpu_ids(copy, ids, 8), -1, "an unknown token: -1");

    /* The strings block said to reach past the blob. */
    memcpy(copy, blob, sizeof(blob));
    fdt_set_size_dt_strings(copy, fdt_totalsize(copy));
    is_int(dt_cpu_ids(copy, ids, 8), -1, "a strings block past the blob: -1");
    return done();
}
