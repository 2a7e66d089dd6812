/* SPDX-License-Identifier: MIT */
/*
 * L4Re's libio calls for device memory: the vbus capability ("vbus" in the
 * environment) is a dataspace whose offsets are physical addresses, so a
 * device's registers are a region of it, mapped at once (the mapping fails
 * here, not at the first access, if the memory is not on our vbus).
 */
#include <l4/io/io.h>
#include <l4/re/c/rm.h>
#include <l4/re/env.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>

long l4io_request_iomem(l4_addr_t phys, unsigned long size, int flags, l4_addr_t *virt)
{
    l4_cap_idx_t vbus = l4re_env_get_cap("vbus");
    l4_addr_t offs = phys & (L4_PAGESIZE - 1);
    void *start = 0;
    int r;

    if (l4_is_invalid_cap(vbus)) {
        return -L4_ENOENT;
    }
    if ((flags & L4IO_MEM_ATTR_MASK) != L4IO_MEM_NONCACHED || size == 0) {
        return -L4_EINVAL;
    }
    r = l4re_rm_attach(&start, l4_round_page(size + offs),
                       L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW | L4RE_RM_F_CACHE_UNCACHED
                           | L4RE_RM_F_EAGER_MAP,
                       vbus, phys - offs, L4_PAGESHIFT);
    if (r < 0) {
        return r;
    }
    *virt = (l4_addr_t)start + offs;
    return 0;
}

long l4io_release_iomem(l4_addr_t virt, unsigned long size)
{
    (void)size;
    return l4re_rm_detach((void *)l4_trunc_page(virt)) < 0 ? -L4_ENOENT : 0;
}
