/* SPDX-License-Identifier: MIT */
/*
 * Kernel-user memory (l4/re/c/util/kumem_alloc.h): reserve a size-aligned
 * kernel area in the region map (so nothing else is attached there), then
 * let the kernel back it with l4_task_add_ku_mem().
 */
#include <l4/re/c/util/kumem_alloc.h>
#include <l4/re/c/rm.h>
#include <l4/sys/task.h>
#include <l4/sys/ipc.h>

int l4re_util_kumem_alloc(l4_addr_t *mem, unsigned pages_order, l4_cap_idx_t task,
                          l4_cap_idx_t rm)
{
    unsigned order = pages_order + L4_PAGESHIFT;
    l4_addr_t a = 0;
    l4_fpage_t fp;
    int r;

    r = l4re_rm_reserve_area_srv(rm, &a, 1UL << order,
                                 L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_KERNEL | L4RE_RM_F_RW,
                                 (unsigned char)order);
    if (r < 0) {
        return r;
    }
    fp = l4_fpage(a, order, L4_FPAGE_RW);
    r = l4_error(l4_task_add_ku_mem(task, &fp));
    if (r < 0) {
        l4re_rm_free_area_srv(rm, a);
        return r;
    }
    *mem = a;
    return 0;
}
