// SPDX-License-Identifier: MIT
/*
 * Boot-time setup of the kernel memory pool. The pool is carved from the
 * top of the largest RAM range that holds nothing else (no kernel image,
 * boot modules or device tree), sized 1/16 of RAM within [4 MiB, 64 MiB],
 * and published in the KIP as reserved (heap) so that sigma0 leaves it
 * alone. Every later kernel allocation comes from here.
 */
#include <arch/mmu.h>
#include "console.h"
#include "kernel_mem.h"
#include "kip.h"
#include "factory.h"
#include "panic.h"
#include "quota.h"

struct page_pool kernel_pages;
struct kmem kernel_kmem;

#define POOL_MIN (4UL << 20)
#define POOL_MAX (64UL << 20)

/* The highest 1 MiB-aligned free window of \a size in conventional memory, or 0. */
static uint64_t find_free_window(uint64_t size)
{
    l4_kernel_info_mem_desc_t *md = l4_kernel_info_get_mem_descs(kip);
    uint64_t best = 0;
    for (unsigned i = 0; i < kip->mem_descs_num; i++) {
        if (l4_kernel_info_get_mem_desc_type(&md[i]) != L4_MEM_TYPE_CONVENTIONAL) {
            continue;
        }
        uint64_t start = l4_kernel_info_get_mem_desc_start(&md[i]);
        uint64_t end = l4_kernel_info_get_mem_desc_end(&md[i]) + 1;
        if (end - start < size) {
            continue;
        }
        for (uint64_t cand = ALIGN_DOWN(end - size, 1UL << 20); cand >= start;
             cand -= 1UL << 20) {
            if (kip_range_is_free(cand, size)) {
                best = cand > best ? cand : best;
                break;
            }
        }
    }
    return best;
}

void kernel_mem_init(void)
{
    uint64_t ram = kip_mem_total(L4_MEM_TYPE_CONVENTIONAL);
    uint64_t size = ALIGN_DOWN(ram / 16, 1UL << 20);
    if (size < POOL_MIN) {
        size = POOL_MIN;
    }
    if (size > POOL_MAX) {
        size = POOL_MAX;
    }
    uint64_t base = find_free_window(size);
    if (!base) {
        panic("no free RAM window of %lu KiB for the kernel memory pool", size >> 10);
    }
    if (!page_pool_init(&kernel_pages, phys_to_virt(base), size)) {
        panic("cannot set up the kernel memory pool");
    }
    kmem_init(&kernel_kmem, &kernel_pages);
    quota_init_root(kernel_pages.npages * PAGE_SIZE);
    factory_init_root();
    if (!kip_add_mem_desc(base, base + size - 1, L4_MEM_TYPE_RESERVED, L4_MEM_RESERVED_HEAP)) {
        panic("KIP memory descriptor table full");
    }
    kprintf("kernel: RAM %lu MiB, kernel memory %lu MiB at 0x%lx\n", ram >> 20, size >> 20,
            base);
}

void *kpage_alloc(void)
{
    void *p = page_alloc(&kernel_pages, 0);
    if (p) {
        memset(p, 0, PAGE_SIZE);
    }
    return p;
}

void kpage_free(void *page)
{
    bool ok = page_free(&kernel_pages, page, 0);
    assert(ok);
    (void)ok;
}
