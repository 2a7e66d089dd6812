/* SPDX-License-Identifier: MIT */
/*
 * The memory half of the mapping database: one node per mapped user page,
 * forming a tree per physical page — the root is where the page entered
 * user space (sigma0's 1:1 mappings, the boot mappings of the root task),
 * each map() adds a child. Unmapping a page revokes its whole subtree, so
 * a pager can take back what it gave and everything given onward from it.
 * Nodes are charged to the quota of the task that holds the mapping.
 */
#pragma once

#include "base.h"
#include "dtree.h"

struct task;
struct arch_pte;

struct mapnode {
    struct dtree tree;     /* parent = the mapping this one was made from */
    struct task *task;
    uint64_t va;
};

/** Enter a root mapping (no parent): kernel-made mappings of sigma0 and the root task. */
int mapdb_map_root(struct task *t, uint64_t va, uint64_t pa, unsigned rights);
/* In mapdb_map's rights: the mapping gets the source's memory type. */
#define MAPDB_KEEP_TYPE 0x100

/**
 * Map the page at \a src_va of \a src, whose place in the tables is \a from (one
 * walk, arch_space_next_pte), into \a dst at \a dst_va with the source's rights
 * reduced to \a rights (MAP_R/W/X) and the memory type in \a rights (MAP_DEVICE,
 * MAP_UNCACHED or neither; MAPDB_KEEP_TYPE: the source's); with \a grant the
 * source loses it. An existing,
 * different mapping at the destination is unmapped first. Returns 0, -L4_ENOENT if the
 * source page is not mapped (nothing to do), -L4_EPERM for kernel-managed pages,
 * -L4_ENOMEM.
 */
int mapdb_map(struct task *src, uint64_t src_va, const struct arch_pte *from, struct task *dst,
              uint64_t dst_va, unsigned rights, bool grant);
/**
 * Take \a rights (MAP_*; MAP_R means the whole mapping) away from every mapping derived
 * from the page at \a va of \a t, and from \a t's own mapping when \a self.
 * Returns the MAP_* rights the page had (0 if unmapped).
 */
unsigned mapdb_unmap(struct task *t, uint64_t va, unsigned rights, bool self);
/** Remove every mapping of a dying task, revoking what was derived from it. */
void mapdb_flush(struct task *t);
