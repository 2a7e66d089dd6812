/* SPDX-License-Identifier: MIT */
/*
 * The sigma0 protocol (root pager) and libsigma0's client functions, with
 * L4Re's names and values (l4re-api §3.2). A request is a call with label
 * L4_PROTO_SIGMA0, mr0 = SIGMA0_REQ_*, mr1 = a flexpage; the caller's BR0/BR1
 * give the receive window. The reply is one map item, or an error label and
 * no item. sigma0's side and the memory model: doc/sigma0.md.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/types.h>
#include <l4/sys/kip.h>

/** Request codes (mr0): SIGMA0_REQ_MAGIC + id. */
#define SIGMA0_REQ_MAGIC (~0xFFUL)
/** Bits that must equal SIGMA0_REQ_MAGIC. */
#define SIGMA0_REQ_MASK (~0xFFUL)
/** The request id inside a request code. */
#define SIGMA0_REQ_ID_MASK 0xF0UL
/** Is \a d a sigma0 request code? */
#define SIGMA0_IS_MAGIC_REQ(d) (((d) & SIGMA0_REQ_MASK) == SIGMA0_REQ_MAGIC)
/** The request code of id \a x. */
#define SIGMA0_REQ(x) (SIGMA0_REQ_MAGIC + SIGMA0_REQ_ID_##x)

/** Request ids. */
#define SIGMA0_REQ_ID_FPAGE_RAM          0x60 /**< mr1 = fpage(phys, order): RAM 1:1 */
#define SIGMA0_REQ_ID_FPAGE_IOMEM        0x70 /**< device memory, uncached */
#define SIGMA0_REQ_ID_FPAGE_IOMEM_CACHED 0x80 /**< device memory, cached */
#define SIGMA0_REQ_ID_FPAGE_ANY          0x90 /**< mr1 = fpage(0, order): any free RAM */
#define SIGMA0_REQ_ID_KIP                0xA0 /**< the KIP, read-only */
#define SIGMA0_REQ_ID_DEBUG_DUMP         0xC0 /**< print the memory owners */
#define SIGMA0_REQ_ID_COV                0xE0 /**< coverage dump (not supported) */

#define SIGMA0_REQ_FPAGE_RAM          SIGMA0_REQ(FPAGE_RAM)
#define SIGMA0_REQ_FPAGE_IOMEM        SIGMA0_REQ(FPAGE_IOMEM)
#define SIGMA0_REQ_FPAGE_IOMEM_CACHED SIGMA0_REQ(FPAGE_IOMEM_CACHED)
#define SIGMA0_REQ_FPAGE_ANY          SIGMA0_REQ(FPAGE_ANY)
#define SIGMA0_REQ_KIP                SIGMA0_REQ(KIP)
#define SIGMA0_REQ_DEBUG_DUMP         SIGMA0_REQ(DEBUG_DUMP)
#define SIGMA0_REQ_COV                SIGMA0_REQ(COV)

/** Results of the libsigma0 functions (returned negated). */
typedef enum l4sigma0_return_flags_t {
    L4SIGMA0_OK = 0,           /**< success */
    L4SIGMA0_NOTALIGNED = 1,   /**< phys, virt or size not page aligned */
    L4SIGMA0_IPCERROR = 2,     /**< the IPC failed */
    L4SIGMA0_NOFPAGE = 3,      /**< sigma0 sent no page (taken, not RAM, ...) */
    L4SIGMA0_4 = 4,
    L4SIGMA0_5 = 5,
    L4SIGMA0_SMALLERFPAGE = 6, /**< sigma0 sent a smaller page than asked for */
} l4sigma0_return_flags_t;

L4_BEGIN_DECLS

/**
 * Map the KIP into the window at \a addr of 2^\a log2_size bytes.
 * \return the KIP's address in the window, or 0 on failure
 */
l4_kernel_info_t *l4sigma0_map_kip(l4_cap_idx_t sigma0, void *addr, unsigned log2_size);

/**
 * Map the RAM [phys, phys + size) to [virt, virt + size), in the largest
 * aligned pieces. All three must be page aligned.
 * \return 0, -L4SIGMA0_NOTALIGNED, -L4SIGMA0_IPCERROR or -L4SIGMA0_NOFPAGE
 */
int l4sigma0_map_mem(l4_cap_idx_t sigma0, l4_addr_t phys, l4_addr_t virt, l4_addr_t size);

/**
 * Map device memory [phys, phys + size) to [virt, virt + size), uncached
 * unless \a cached. (Our sigma0 refuses device memory for now: NOFPAGE.)
 */
int l4sigma0_map_iomem(l4_cap_idx_t sigma0, l4_addr_t phys, l4_addr_t virt, l4_addr_t size,
                       int cached);

/**
 * Get any free RAM chunk of 2^\a sz bytes into the window \a map_area of
 * 2^\a log2_map_size bytes (63 or more: the whole address space, so the chunk
 * lands 1:1). \a base receives the chunk's physical address; it is mapped at
 * map_area + (base mod 2^log2_map_size).
 * \return 0, -L4SIGMA0_IPCERROR or -L4SIGMA0_NOFPAGE
 */
int l4sigma0_map_anypage(l4_cap_idx_t sigma0, l4_addr_t map_area, unsigned log2_map_size,
                         l4_addr_t *base, unsigned sz);

/** Ask sigma0 to print its memory usage on the console. */
void l4sigma0_debug_dump(l4_cap_idx_t sigma0);

/** A text for a libsigma0 result (\a err negative or zero). */
char const *l4sigma0_map_errstr(int err);

L4_END_DECLS
