/* SPDX-License-Identifier: MIT */
/*
 * Constants of the kernel ABI with L4Re's names and values: capability
 * selectors and the initial capability slots, the IPC operation flags ORed
 * into a selector (L4_SYSF_*), page sizes, unmap flags and scheduling
 * priorities. Freestanding: the kernel includes this too, so nothing here
 * may need a C library. Values larger than an int are macros, not enum
 * members, so that the header stays valid ISO C. See doc/abi.md.
 */
#pragma once

#include <l4/sys/l4int.h>
#include <l4/sys/compiler.h>

/* ---- capability selectors ---- */

/** Capability selector: slot << #L4_CAP_SHIFT, low bits free for flags. */
typedef unsigned long l4_cap_idx_t;

/** Bits below the slot number in a selector word (op flags live there). */
#define L4_CAP_SHIFT        12
/** Distance between two selectors (one slot). */
#define L4_CAP_OFFSET       (1UL << L4_CAP_SHIFT)
/** Old name of #L4_CAP_OFFSET. */
#define L4_CAP_SIZE         L4_CAP_OFFSET
/** Mask of the selector bits that name a slot (incl. the special bits). */
#define L4_CAP_MASK         (~0UL << 10)
/** The invalid selector; with a receive phase it means "self" (sleep). */
#define L4_INVALID_CAP      (~0UL << 11)
/** Bit that marks a special (invalid/self) selector. */
#define L4_INVALID_CAP_BIT  (1UL << 11)
/** Bit that makes a selector index the explicit reply-capability space. */
#define L4_REPLY_CAP_BIT    (1UL << 10)
/** The invalid reply-capability selector. */
#define L4_INVALID_REPLY_CAP (~0UL << 10)

/**
 * Capability selectors the kernel fills in sigma0 and the root task
 * (slot number << #L4_CAP_SHIFT).
 */
enum l4_default_caps_t {
    L4_BASE_TASK_CAP      = 1UL << L4_CAP_SHIFT,  /**< own task */
    L4_BASE_FACTORY_CAP   = 2UL << L4_CAP_SHIFT,  /**< root factory */
    L4_BASE_THREAD_CAP    = 3UL << L4_CAP_SHIFT,  /**< first thread */
    L4_BASE_PAGER_CAP     = 4UL << L4_CAP_SHIFT,  /**< pager (absent in sigma0) */
    L4_BASE_LOG_CAP       = 5UL << L4_CAP_SHIFT,  /**< kernel log (vcon protocol) */
    L4_BASE_ICU_CAP       = 6UL << L4_CAP_SHIFT,  /**< kernel ICU / platform control */
    L4_BASE_SCHEDULER_CAP = 7UL << L4_CAP_SHIFT,  /**< kernel scheduler */
    L4_BASE_IOMMU_CAP     = 8UL << L4_CAP_SHIFT,  /**< IOMMU, if present */
    L4_BASE_DEBUGGER_CAP  = 10UL << L4_CAP_SHIFT, /**< kernel debugger (l4_kd_*) */
    L4_BASE_ARM_SMCCC_CAP = 11UL << L4_CAP_SHIFT, /**< SMC calls, if present */
    L4_BASE_CAPS_LAST     = L4_BASE_ARM_SMCCC_CAP, /**< last initial capability */
    L4_BASE_CAPS_LAST_P1  = L4_BASE_CAPS_LAST + 1, /**< first selector after them */
};

/** Bits of send items, receive buffers and return items. */
enum l4_msg_item_consts_t {
    L4_ITEM_MAP       = 8, /**< must be set in every item */
    L4_ITEM_CONT      = 1, /**< compound: next item uses the same receive buffer */
    L4_MAP_ITEM_GRANT = 2, /**< grant (move) instead of map */
    L4_MAP_ITEM_MAP   = 0, /**< map */
    L4_RCV_ITEM_FORWARD_MAPPINGS = 1, /**< next word: task that gets the mappings */
    L4_RCV_ITEM_SINGLE_CAP = L4_ITEM_MAP | 2, /**< one-word buffer for one capability */
    L4_RCV_ITEM_LOCAL_ID   = 4, /**< deliver local IDs/labels instead of mappings */
};

/** Buffer descriptor register (BDR) fields: where the next buffer of each kind is. */
enum l4_buffer_desc_consts_t {
    L4_BDR_MEM_SHIFT   = 0,       /**< first memory buffer register */
    L4_BDR_IO_SHIFT    = 5,       /**< first I/O buffer register */
    L4_BDR_OBJ_SHIFT   = 10,      /**< first object buffer register */
    L4_BDR_OFFSET_MASK = (1 << 20) - 1,
};

#ifndef NULL
#ifdef __cplusplus
#define NULL 0
#else
#define NULL ((void *)0)
#endif
#endif

/* ---- IPC operation flags (low bits of the selector word) ---- */

/** Flags of the invoke system call, ORed into the destination selector. */
enum l4_syscall_flags_t {
    L4_SYSF_NONE           = 0x00, /**< plain object invocation */
    L4_SYSF_SEND           = 0x01, /**< send phase */
    L4_SYSF_RECV           = 0x02, /**< receive phase (closed, from the destination) */
    L4_SYSF_OPEN_WAIT      = 0x04, /**< receive from any sender */
    L4_SYSF_REPLY          = 0x08, /**< send to the reply capability */
    L4_SYSF_CALL           = L4_SYSF_SEND | L4_SYSF_RECV,
    L4_SYSF_WAIT           = L4_SYSF_OPEN_WAIT | L4_SYSF_RECV,
    L4_SYSF_SEND_AND_WAIT  = L4_SYSF_OPEN_WAIT | L4_SYSF_CALL,
    L4_SYSF_REPLY_AND_WAIT = L4_SYSF_WAIT | L4_SYSF_SEND | L4_SYSF_REPLY,
};

/* ---- pages ---- */

#define L4_PAGESHIFT          12                      /**< log2 of the page size */
#define L4_PAGESIZE           (1UL << L4_PAGESHIFT)   /**< page size in bytes */
#define L4_PAGEMASK           (~(L4_PAGESIZE - 1))    /**< clears the page offset */
#define L4_LOG2_PAGESIZE      L4_PAGESHIFT
#define L4_SUPERPAGESHIFT     21                      /**< log2 of a superpage (2 MiB) */
#define L4_SUPERPAGESIZE      (1UL << L4_SUPERPAGESHIFT)
#define L4_SUPERPAGEMASK      (~(L4_SUPERPAGESIZE - 1))
#define L4_LOG2_SUPERPAGESIZE L4_SUPERPAGESHIFT
#define L4_INVALID_ADDR       (~0UL)                  /**< no address */
#define L4_INVALID_PTR        ((void *)L4_INVALID_ADDR)

/* ---- unmap flags (l4_task_unmap map_mask) ---- */

/** Revoke only from the tasks that got the mapping from the invoked one. */
#define L4_FP_OTHER_SPACES 0x00000000UL
/** Also revoke in the invoked task itself. */
#define L4_FP_ALL_SPACES   0x80000000UL
/** Also delete kernel objects (implies #L4_FP_ALL_SPACES). */
#define L4_FP_DELETE_OBJ   0xc0000000UL

/* ---- scheduling ---- */

enum l4_sched_consts_t {
    L4_SCHED_MIN_PRIO = 1,   /**< lowest priority of a user thread */
    L4_SCHED_MAX_PRIO = 255, /**< highest priority */
};

L4_BEGIN_DECLS

/** \retval non-zero if \a c is the invalid (special) selector. */
L4_INLINE unsigned l4_is_invalid_cap(l4_cap_idx_t c);
/** \retval non-zero if \a c names a slot. */
L4_INLINE unsigned l4_is_valid_cap(l4_cap_idx_t c);
/** \retval non-zero if both selectors name the same slot (op flags ignored). */
L4_INLINE unsigned l4_capability_equal(l4_cap_idx_t c1, l4_cap_idx_t c2);
/** The selector of the following slot. */
L4_INLINE l4_cap_idx_t l4_capability_next(l4_cap_idx_t c);
/** Round \a address down to a page boundary. */
L4_INLINE l4_addr_t l4_trunc_page(l4_addr_t address);
/** Round \a address down to a multiple of 2^\a bits. */
L4_INLINE l4_addr_t l4_trunc_size(l4_addr_t address, unsigned char bits);
/** Round \a address up to a page boundary. */
L4_INLINE l4_addr_t l4_round_page(l4_addr_t address);
/** Round \a value up to a multiple of 2^\a bits. */
L4_INLINE l4_addr_t l4_round_size(l4_umword_t value, unsigned char bits);
/** Number of machine words needed for \a size bytes. */
L4_INLINE unsigned l4_bytes_to_mwords(unsigned size);

/* ---- implementation ---- */

L4_INLINE unsigned l4_is_invalid_cap(l4_cap_idx_t c)
{
    return (c & L4_INVALID_CAP_BIT) != 0;
}

L4_INLINE unsigned l4_is_valid_cap(l4_cap_idx_t c)
{
    return (c & L4_INVALID_CAP_BIT) == 0;
}

L4_INLINE unsigned l4_capability_equal(l4_cap_idx_t c1, l4_cap_idx_t c2)
{
    return (c1 >> L4_CAP_SHIFT) == (c2 >> L4_CAP_SHIFT);
}

L4_INLINE l4_cap_idx_t l4_capability_next(l4_cap_idx_t c)
{
    return c + L4_CAP_OFFSET;
}

L4_INLINE l4_addr_t l4_trunc_page(l4_addr_t address)
{
    return address & L4_PAGEMASK;
}

L4_INLINE l4_addr_t l4_trunc_size(l4_addr_t address, unsigned char bits)
{
    return address & (~0UL << bits);
}

L4_INLINE l4_addr_t l4_round_page(l4_addr_t address)
{
    return (address + L4_PAGESIZE - 1) & L4_PAGEMASK;
}

L4_INLINE l4_addr_t l4_round_size(l4_umword_t value, unsigned char bits)
{
    return (value + (1UL << bits) - 1) & (~0UL << bits);
}

L4_INLINE unsigned l4_bytes_to_mwords(unsigned size)
{
    return (size + (unsigned)sizeof(l4_umword_t) - 1) / (unsigned)sizeof(l4_umword_t);
}

L4_END_DECLS
