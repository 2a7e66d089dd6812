// SPDX-License-Identifier: MIT
/*
 * User page tables: 4 levels of 512-entry tables (4 KiB granule, 48-bit
 * VA; ARM DDI 0487 D8.2). Intermediate tables are allocated on demand from
 * the kernel pool and freed with the space. User pages are non-global
 * (tagged with the task's ASID), never executable at EL1 (PXN), and
 * executable at EL0 only with MAP_X.
 */
#include <arch/mmu.h>
#include <arch/sysreg.h>
#include <l4/sys/err.h>
#include "kernel_mem.h"

#define LEVELS 4

static unsigned index_at(uint64_t va, int level)
{
    return (va >> (39 - 9 * level)) & 0x1ff;
}

int arch_space_init(struct arch_space *s, unsigned asid)
{
    s->root = kpage_alloc();
    s->asid = asid;
    return s->root ? 0 : -L4_ENOMEM;
}

/* The level-3 entry for va, creating tables if \a create; NULL otherwise. */
static uint64_t *walk(struct arch_space *s, uint64_t va, bool create)
{
    uint64_t *table = s->root;
    for (int level = 0; level < LEVELS - 1; level++) {
        uint64_t *e = &table[index_at(va, level)];
        if (!(*e & PTE_VALID)) {
            if (!create) {
                return NULL;
            }
            uint64_t *next = kpage_alloc();
            if (!next) {
                return NULL;
            }
            dsb(ishst);
            *e = virt_to_phys(next) | PTE_TABLE;
        }
        table = phys_to_virt(*e & PTE_ADDR_MASK);
    }
    return &table[index_at(va, LEVELS - 1)];
}

static void tlb_flush_page(struct arch_space *s, uint64_t va)
{
    dsb(ishst);
    __asm__ volatile("tlbi vae1is, %0" ::"r"(((uint64_t)s->asid << 48) | (va >> 12)));
    dsb(ish);
    isb();
}

int arch_space_map(struct arch_space *s, uint64_t va, uint64_t pa, unsigned rights)
{
    if (va >= USER_VA_END) {
        return -L4_EINVAL;
    }
    uint64_t *pte = walk(s, va, true);
    if (!pte) {
        return -L4_ENOMEM;
    }
    uint64_t e = (pa & PTE_ADDR_MASK) | PTE_PAGE | PTE_ATTR_NORMAL | PTE_SH_INNER | PTE_AF |
                 PTE_NG | PTE_AP_EL0 | PTE_PXN;
    if (!(rights & MAP_W)) {
        e |= PTE_AP_RO;
    }
    if (!(rights & MAP_X)) {
        e |= PTE_UXN;
    }
    bool was_valid = *pte & PTE_VALID;
    *pte = e;
    if (was_valid) {
        tlb_flush_page(s, va);
    } else {
        dsb(ishst);
    }
    return 0;
}

void arch_space_unmap(struct arch_space *s, uint64_t va)
{
    uint64_t *pte = walk(s, va, false);
    if (pte && (*pte & PTE_VALID)) {
        *pte = 0;
        tlb_flush_page(s, va);
    }
}

bool arch_space_lookup(struct arch_space *s, uint64_t va, uint64_t *pa)
{
    uint64_t *pte = walk(s, va, false);
    if (!pte || !(*pte & PTE_VALID)) {
        return false;
    }
    *pa = (*pte & PTE_ADDR_MASK) | (va & (PAGE_SIZE - 1));
    return true;
}

static void free_table(uint64_t *table, int level)
{
    if (level < LEVELS - 1) {
        for (unsigned i = 0; i < 512; i++) {
            if (table[i] & PTE_VALID) {
                free_table(phys_to_virt(table[i] & PTE_ADDR_MASK), level + 1);
            }
        }
    }
    kpage_free(table);
}

void arch_space_destroy(struct arch_space *s)
{
    if (s->root) {
        free_table(s->root, 0);
        s->root = NULL;
        __asm__ volatile("tlbi aside1is, %0" ::"r"((uint64_t)s->asid << 48));
        dsb(ish);
        isb();
    }
}

void arch_space_activate(struct arch_space *s)
{
    write_sysreg(ttbr0_el1, virt_to_phys(s->root) | ((uint64_t)s->asid << 48));
    isb();
}
