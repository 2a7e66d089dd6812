/* SPDX-License-Identifier: MIT */
/*
 * One pass over a device tree's structure block that keeps what bootstrap
 * reads (dt.c): the root's cells, compatible and model, /chosen/bootargs,
 * the /memory nodes and the children of /reserved-memory. Before, dt.c
 * asked libfdt for each of these, and every question walked the tree
 * again (six walks, 1.2 M instructions of a 2.7 M boot; doc/bootstrap.md).
 */
#pragma once

#include <stdint.h>

#define DT_SCAN_MAX_MEMORY   16 /* /memory nodes kept; more are counted in memory_dropped */
#define DT_SCAN_MAX_RESERVED 17 /* usable /reserved-memory children (one more than memmap takes) */

/* A property as libfdt's fdt_getprop gives it: value and length; NULL if absent. */
struct dt_prop {
    const void *value;
    int len;
};

/* The properties bootstrap reads of one node. */
struct dt_node {
    const char *name;       /* with unit address: "memory@40000000" */
    struct dt_prop reg;
    struct dt_prop status;
    struct dt_prop device_type;
    struct dt_prop address_cells;
    struct dt_prop size_cells;
    struct dt_prop compatible;
    struct dt_prop model;
    struct dt_prop bootargs;
};

struct dt_scan {
    struct dt_node root;
    struct dt_node chosen;              /* name NULL: no /chosen */
    struct dt_node reserved;            /* name NULL: no /reserved-memory */
    struct dt_node memory[DT_SCAN_MAX_MEMORY];
    unsigned nmemory, memory_dropped;
    struct dt_node reserved_child[DT_SCAN_MAX_RESERVED]; /* enabled, with reg */
    unsigned nreserved_child, reserved_dropped;
};

/*
 * Scan the blob at fdt, which fdt_check_header() accepted (so its blocks lie
 * inside totalsize). Returns 0, or -1 if the structure block is malformed
 * (a token, name, property or string reaching past its block, unbalanced
 * nodes, an unknown token).
 */
int dt_scan(const void *fdt, struct dt_scan *out);

/* Is the property a NUL-terminated string equal to s? (fdt_getprop + strcmp) */
int dt_prop_is(struct dt_prop p, const char *s);

/* A node is enabled unless its status says otherwise ("okay" and "ok" enable). */
int dt_node_enabled(const struct dt_node *n);
