/* SPDX-License-Identifier: MIT */
/*
 * Address translation: the kernel's linear map of physical memory and the
 * per-task user page tables (TTBR0, 4 levels of 4 KiB tables). Table pages
 * come from the kernel page pool. See mmu.c and doc/boot.md.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include "mmu_defs.h"

static inline void *phys_to_virt(uint64_t pa)
{
    return (void *)(pa + KERNEL_VOFFSET);
}

static inline uint64_t virt_to_phys(const void *va)
{
    return (uint64_t)va - KERNEL_VOFFSET;
}

/* Access rights of a user mapping (L4 flexpage rights: X=1, W=2, R=4). */
#define MAP_X 1
#define MAP_W 2
#define MAP_R 4

struct quota;
struct mapnode;

struct arch_space {
    uint64_t *root;    /* level-0 table (kernel virtual address) */
    uint64_t ttbr0;    /* TTBR0_EL1 value for it (root's address and ASID): one load per switch */
    unsigned asid;
    struct quota *quota; /* pays for the table pages */
};

#define USER_VA_END 0x0001000000000000UL

/* Kernel-managed page (UTCB area): never mapped onward, never unmapped by users. */
#define MAP_KERNEL 8
#define MAP_ACCESS (MAP_R | MAP_W | MAP_X)

/*
 * Memory type of a user mapping, carried beside the rights: Normal write-back
 * unless one of these is set (L4Re's cacheability bits of a map item choose it).
 * Each is its entry's MAIR index moved by two bits (mmu_defs.h). A device mapping
 * is never executable (fpage_map).
 */
#define MAP_DEVICE (PTE_ATTR_DEVICE << 2) /* Device-nGnRE: registers (L4_FPAGE_UNCACHEABLE) */
#define MAP_UNCACHED (PTE_ATTR_NC << 2)   /* Normal non-cacheable (L4_FPAGE_BUFFERABLE) */
#define MAP_TYPE_MASK (MAP_DEVICE | MAP_UNCACHED)
_Static_assert(PTE_ATTR_NORMAL == 0 && MAP_DEVICE == 0x10 && MAP_UNCACHED == 0x20 &&
               !(MAP_TYPE_MASK & (MAP_R | MAP_W | MAP_X | MAP_KERNEL)),
               "memory types are MAIR indices beside the rights");

/**
 * One page's place in the tables, found by one walk: its leaf entry and the
 * slot of its mapping-database node beside it. Valid until the space is
 * destroyed (tables are never freed before), whatever is mapped or unmapped.
 */
struct arch_pte {
    uint64_t *entry;
    struct mapnode **node;
};

/** Allocate an empty address space charged to \a quota; -L4_ENOMEM on exhaustion. */
int arch_space_init(struct arch_space *s, unsigned asid, struct quota *quota);
/**
 * Map one 4 KiB page with MAP_* rights and memory type; replaces an existing entry.
 * -L4_ENOMEM without tables.
 */
int arch_space_map(struct arch_space *s, uint64_t va, uint64_t pa, unsigned rights);
/** Remove one page mapping if present (TLB entry invalidated). */
void arch_space_unmap(struct arch_space *s, uint64_t va);
/** Physical address and MAP_* rights and memory type behind \a va, or false if unmapped. */
bool arch_space_lookup(struct arch_space *s, uint64_t va, uint64_t *pa, unsigned *rights);
/** Change the rights of an existing mapping. */
void arch_space_protect(struct arch_space *s, uint64_t va, unsigned rights);
/**
 * Where the mapping-database node of \a va is kept (next to its page-table
 * entry); with \a create, tables are allocated. NULL if absent or out of quota.
 */
struct mapnode **arch_space_node_slot(struct arch_space *s, uint64_t va, bool create);
/** The lowest mapped page address in [va, end), or \a end if there is none. */
uint64_t arch_space_next_mapped(struct arch_space *s, uint64_t va, uint64_t end);
/**
 * Walk once to the place of \a va (allocating tables with \a create). false if
 * \a va is not a user address, the tables are missing or the quota is exhausted.
 */
bool arch_space_pte(struct arch_space *s, uint64_t va, bool create, struct arch_pte *p);
/** arch_space_next_mapped() that also gives the place of the page it finds. */
uint64_t arch_space_next_pte(struct arch_space *s, uint64_t va, uint64_t end,
                             struct arch_pte *p);
/** Is something mapped at this place? */
bool arch_pte_valid(const struct arch_pte *p);
/** Page address and MAP_* rights of a valid place. */
uint64_t arch_pte_pa(const struct arch_pte *p);
unsigned arch_pte_rights(const struct arch_pte *p);
/** Enter pa with rights at the place of va (the TLB entry is invalidated if it was valid). */
void arch_pte_set(struct arch_space *s, uint64_t va, const struct arch_pte *p, uint64_t pa,
                  unsigned rights);
/** Bytes of table pages charged to the space's quota (the invariant checker's quota sums). */
uint64_t arch_space_table_bytes(struct arch_space *s);
/** Free every table page (not the mapped memory). */
void arch_space_destroy(struct arch_space *s);
/** Make \a s the current user address space. */
void arch_space_activate(struct arch_space *s);
/** Switch to an empty user address space (the current one is being destroyed). */
void arch_space_deactivate(void);
