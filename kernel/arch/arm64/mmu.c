// SPDX-License-Identifier: MIT
/*
 * User page tables: 4 levels of 512-entry tables (4 KiB granule, 48-bit
 * VA; ARM DDI 0487 D8.2). Tables are allocated on demand, charged to the
 * space's quota and freed with the space. A last-level table is an order-1
 * block: the page of entries followed by a page of mapping-database node
 * pointers, so the node of a mapping is found in O(1) next to its entry.
 * User pages are non-global (ASID-tagged), never executable at EL1 (PXN),
 * executable at EL0 only with MAP_X. The memory type (MAP_DEVICE,
 * MAP_UNCACHED, else Normal write-back) is the entry's MAIR index.
 * Software bit 55 marks kernel-managed pages (MAP_KERNEL).
 */
#include <arch/mmu.h>
#include "sched.h"
#include <arch/sysreg.h>
#include <l4/sys/err.h>
#include "kernel_mem.h"
#include "quota.h"

#define LEVELS 4
#define PTE_SW_KERNEL (1UL << 55)
#define LEAF_BYTES (2 * PAGE_SIZE)

static unsigned index_at(uint64_t va, int level)
{
    return (va >> (39 - 9 * level)) & 0x1ff;
}

static uint64_t level_size(int level)
{
    return 1UL << (39 - 9 * level);
}

/* An empty level-0 table for when no user address space is valid. */
static uint64_t empty_l0[512] __attribute__((aligned(4096)));

static uint64_t empty_ttbr0(void)
{
    return virt_to_phys(empty_l0);
}

int arch_space_init(struct arch_space *s, unsigned asid, struct quota *quota)
{
    s->quota = quota;
    s->asid = asid;
    s->root = quota_page_alloc(quota);
    s->ttbr0 = s->root ? virt_to_phys(s->root) | ((uint64_t)asid << 48) : empty_ttbr0();
    return s->root ? 0 : -L4_ENOMEM;
}

static uint64_t *table_alloc(struct arch_space *s, bool leaf)
{
    if (!leaf) {
        return quota_page_alloc(s->quota);
    }
    if (!quota_charge(s->quota, LEAF_BYTES)) {
        return NULL;
    }
    uint64_t *t = page_alloc(&kernel_pages, 1);
    if (!t) {
        quota_refund(s->quota, LEAF_BYTES);
        return NULL;
    }
    memset(t, 0, LEAF_BYTES);
    return t;
}

/*
 * The last-level table covering va, creating tables if \a create. A
 * destroyed space (root NULL) has none and gets none.
 */
static uint64_t *leaf_table(struct arch_space *s, uint64_t va, bool create)
{
    uint64_t *table = s->root;
    if (!table) {
        return NULL;
    }
    for (int level = 0; level < LEVELS - 1; level++) {
        uint64_t *e = &table[index_at(va, level)];
        if (!(*e & PTE_VALID)) {
            if (!create) {
                return NULL;
            }
            uint64_t *next = table_alloc(s, level == LEVELS - 2);
            if (!next) {
                return NULL;
            }
            dsb(ishst);
            *e = virt_to_phys(next) | PTE_TABLE;
        }
        table = phys_to_virt(*e & PTE_ADDR_MASK);
    }
    return table;
}

static void tlb_flush_page(struct arch_space *s, uint64_t va)
{
    dsb(ishst);
    __asm__ volatile("tlbi vae1is, %0" ::"r"(((uint64_t)s->asid << 48) | (va >> 12)));
    dsb(ish);
    isb();
}

static uint64_t pte_for(uint64_t pa, unsigned rights)
{
    uint64_t e = (pa & PTE_ADDR_MASK) | PTE_PAGE | ((rights & MAP_TYPE_MASK) >> 2) | PTE_SH_INNER |
                 PTE_AF | PTE_NG | PTE_AP_EL0 | PTE_PXN;
    if (!(rights & MAP_W)) {
        e |= PTE_AP_RO;
    }
    if (!(rights & MAP_X)) {
        e |= PTE_UXN;
    }
    if (rights & MAP_KERNEL) {
        e |= PTE_SW_KERNEL;
    }
    return e;
}

static unsigned pte_rights(uint64_t e)
{
    unsigned r = MAP_R;
    if (!(e & PTE_AP_RO)) {
        r |= MAP_W;
    }
    if (!(e & PTE_UXN)) {
        r |= MAP_X;
    }
    if (e & PTE_SW_KERNEL) {
        r |= MAP_KERNEL;
    }
    return r | (unsigned)((e & PTE_ATTR_MASK) << 2);
}

int arch_space_map(struct arch_space *s, uint64_t va, uint64_t pa, unsigned rights)
{
    if (va >= USER_VA_END) {
        return -L4_EINVAL;
    }
    uint64_t *table = leaf_table(s, va, true);
    if (!table) {
        return -L4_ENOMEM;
    }
    uint64_t *pte = &table[index_at(va, LEVELS - 1)];
    bool was_valid = *pte & PTE_VALID;
    *pte = pte_for(pa, rights);
    if (was_valid) {
        tlb_flush_page(s, va);
    } else {
        dsb(ishst);
    }
    return 0;
}

void arch_space_unmap(struct arch_space *s, uint64_t va)
{
    uint64_t *table = leaf_table(s, va, false);
    if (table && (table[index_at(va, LEVELS - 1)] & PTE_VALID)) {
        table[index_at(va, LEVELS - 1)] = 0;
        tlb_flush_page(s, va);
    }
}

void arch_space_protect(struct arch_space *s, uint64_t va, unsigned rights)
{
    uint64_t *table = leaf_table(s, va, false);
    if (table && (table[index_at(va, LEVELS - 1)] & PTE_VALID)) {
        uint64_t *pte = &table[index_at(va, LEVELS - 1)];
        *pte = pte_for(*pte & PTE_ADDR_MASK, rights);
        tlb_flush_page(s, va);
    }
}

bool arch_space_lookup(struct arch_space *s, uint64_t va, uint64_t *pa, unsigned *rights)
{
    if (va >= USER_VA_END) {
        return false;
    }
    uint64_t *table = leaf_table(s, va, false);
    if (!table || !(table[index_at(va, LEVELS - 1)] & PTE_VALID)) {
        return false;
    }
    uint64_t e = table[index_at(va, LEVELS - 1)];
    if (pa) {
        *pa = (e & PTE_ADDR_MASK) | (va & (PAGE_SIZE - 1));
    }
    if (rights) {
        *rights = pte_rights(e);
    }
    return true;
}

struct mapnode **arch_space_node_slot(struct arch_space *s, uint64_t va, bool create)
{
    if (va >= USER_VA_END) {
        return NULL;
    }
    uint64_t *table = leaf_table(s, va, create);
    if (!table) {
        return NULL;
    }
    struct mapnode **nodes = (struct mapnode **)((char *)table + PAGE_SIZE);
    return &nodes[index_at(va, LEVELS - 1)];
}

bool arch_space_pte(struct arch_space *s, uint64_t va, bool create, struct arch_pte *p)
{
    if (va >= USER_VA_END) {
        return false;
    }
    uint64_t *table = leaf_table(s, va, create);
    if (!table) {
        return false;
    }
    p->entry = &table[index_at(va, LEVELS - 1)];
    p->node = &((struct mapnode **)((char *)table + PAGE_SIZE))[index_at(va, LEVELS - 1)];
    return true;
}

bool arch_pte_valid(const struct arch_pte *p)
{
    return (*p->entry & PTE_VALID) != 0;
}

uint64_t arch_pte_pa(const struct arch_pte *p)
{
    return *p->entry & PTE_ADDR_MASK;
}

unsigned arch_pte_rights(const struct arch_pte *p)
{
    return pte_rights(*p->entry);
}

void arch_pte_set(struct arch_space *s, uint64_t va, const struct arch_pte *p, uint64_t pa,
                  unsigned rights)
{
    bool was_valid = *p->entry & PTE_VALID;
    *p->entry = pte_for(pa, rights);
    if (was_valid) {
        tlb_flush_page(s, va);
    } else {
        dsb(ishst);
    }
}

uint64_t arch_space_next_mapped(struct arch_space *s, uint64_t va, uint64_t end)
{
    struct arch_pte p;
    return arch_space_next_pte(s, va, end, &p);
}

uint64_t arch_space_next_pte(struct arch_space *s, uint64_t va, uint64_t end,
                             struct arch_pte *p)
{
    while (s->root && va < end && va < USER_VA_END) {
        uint64_t *table = s->root;
        int level = 0;
        for (; level < LEVELS; level++) {
            uint64_t e = table[index_at(va, level)];
            if (!(e & PTE_VALID)) {
                break;
            }
            if (level == LEVELS - 1) {
                p->entry = &table[index_at(va, level)];
                p->node = &((struct mapnode **)((char *)table + PAGE_SIZE))[index_at(va, level)];
                return va;
            }
            table = phys_to_virt(e & PTE_ADDR_MASK);
        }
        /* Nothing below this entry: skip to the start of the next one. */
        uint64_t step = level_size(level);
        va = ALIGN_DOWN(va, step) + step;
    }
    return end;
}

static uint64_t table_bytes(const uint64_t *table, int level)
{
    if (level == LEVELS - 1) {
        return LEAF_BYTES;
    }
    uint64_t sum = PAGE_SIZE;
    for (unsigned i = 0; i < 512; i++) {
        if (table[i] & PTE_VALID) {
            sum += table_bytes(phys_to_virt(table[i] & PTE_ADDR_MASK), level + 1);
        }
    }
    return sum;
}

uint64_t arch_space_table_bytes(struct arch_space *s)
{
    return s->root ? table_bytes(s->root, 0) : 0;
}

static void free_table(struct arch_space *s, uint64_t *table, int level)
{
    if (level == LEVELS - 1) {
        page_free(&kernel_pages, table, 1);
        quota_refund(s->quota, LEAF_BYTES);
        return;
    }
    for (unsigned i = 0; i < 512; i++) {
        if (table[i] & PTE_VALID) {
            free_table(s, phys_to_virt(table[i] & PTE_ADDR_MASK), level + 1);
        }
    }
    quota_page_free(s->quota, table);
}

void arch_space_destroy(struct arch_space *s)
{
    if (s->root) {
        free_table(s, s->root, 0);
        s->root = NULL;
        s->ttbr0 = empty_ttbr0(); /* a thread still switched in sees no user memory */
        __asm__ volatile("tlbi aside1is, %0" ::"r"((uint64_t)s->asid << 48));
        dsb(ish);
        isb();
    }
}

__attribute__((always_inline)) inline void arch_space_activate(struct arch_space *s)
{
    write_sysreg(ttbr0_el1, s->ttbr0);
    isb();
}

void arch_space_deactivate(void)
{
    write_sysreg(ttbr0_el1, empty_ttbr0());
    isb();
}
