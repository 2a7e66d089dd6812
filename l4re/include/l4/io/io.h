/* SPDX-License-Identifier: MIT */
/*
 * L4Re's libio calls for a program with a vbus (the capability named
 * "vbus"): map a device's registers into the program (the vbus is a
 * dataspace whose offsets are physical addresses). doc/runtime.md.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/types.h>

/** Flags of l4io_request_iomem(). */
enum l4io_iomem_flags_t {
    L4IO_MEM_NONCACHED = 0, /**< device memory (the default) */
    L4IO_MEM_CACHED = 1,    /**< cacheable (not offered: refused) */
    L4IO_MEM_USE_MTRR = 2,  /**< x86 only: refused */
    L4IO_MEM_ATTR_MASK = 0xf,
    L4IO_MEM_EAGER_MAP = 0x10, /**< map every page now (always done here) */
};

L4_BEGIN_DECLS

/**
 * Map the device memory [phys, phys + size) of a device on our vbus into our
 * address space, uncached, every page at once.
 * \param virt  out: where it is (phys's offset in its page is kept)
 * \retval 0 done; -L4_ENOENT no vbus capability; -L4_EPERM not device memory of a
 *         device on our vbus; -L4_EINVAL bad flags or size; region-map errors
 */
long l4io_request_iomem(l4_addr_t phys, unsigned long size, int flags, l4_addr_t *virt);

/**
 * Unmap device memory that l4io_request_iomem() mapped at \a virt.
 * \retval 0 done; -L4_ENOENT nothing mapped there
 */
long l4io_release_iomem(l4_addr_t virt, unsigned long size);

L4_END_DECLS
