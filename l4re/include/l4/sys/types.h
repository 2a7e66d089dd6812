/* SPDX-License-Identifier: MIT */
/*
 * The encodings of the kernel ABI with L4Re's names: the message tag and
 * the protocol labels, flexpages and their rights, typed message items
 * (send/map items, receive buffers), timeouts and factory argument types.
 * Everything here is a value type with pure inline helpers, freestanding, so
 * that the kernel decodes exactly what the user-side bindings encode.
 * Values larger than an int are macros. Layouts: doc/abi.md.
 */
#pragma once

#include <l4/sys/l4int.h>
#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>


/** Return value of an operation: 0 or positive on success, -L4_E* on failure. */
typedef l4_int16_t l4_ret_t;
/** Protocol number (a message-tag label). */
typedef l4_int16_t l4_proto_t;

/** The user thread control block (opaque; see l4/sys/utcb.h). */
typedef struct l4_utcb_t l4_utcb_t;

/* ====================================================================== */
/* Message tag                                                            */
/* ====================================================================== */

/**
 * Message tag: bits 0..5 untyped words, 6..11 typed items, 12..15 flags,
 * 16..63 label (signed; a protocol number or a result).
 */
typedef struct l4_msgtag_t {
    l4_mword_t raw;
} l4_msgtag_t;

/** Protocol labels of kernel-defined messages and objects. */
enum L4_msgtag_protocol {
    L4_PROTO_NONE          = 0,   /**< default, no protocol */
    L4_PROTO_ALLOW_SYSCALL = 1,   /**< exception reply: let an alien's syscall run */
    L4_PROTO_PF_EXCEPTION  = 1,   /**< page fault raised as exception */
    L4_PROTO_IRQ           = -1,  /**< IRQ message / IRQ and ICU protocol */
    L4_PROTO_PAGE_FAULT    = -2,  /**< page-fault message */
    L4_PROTO_EXCEPTION     = -5,  /**< exception message */
    L4_PROTO_SIGMA0        = -6,  /**< sigma0 protocol */
    L4_PROTO_IO_PAGE_FAULT = -8,  /**< I/O-port fault (x86) */
    L4_PROTO_THREAD_GROUP  = -9,  /**< thread group (optional) */
    L4_PROTO_KOBJECT       = -10, /**< generic kernel object / IPC gate control */
    L4_PROTO_TASK          = -11, /**< task */
    L4_PROTO_THREAD        = -12, /**< thread */
    L4_PROTO_LOG           = -13, /**< log / vcon */
    L4_PROTO_SCHEDULER     = -14, /**< scheduler */
    L4_PROTO_FACTORY       = -15, /**< factory */
    L4_PROTO_VM            = -16, /**< virtual machine */
    L4_PROTO_DMA_SPACE     = -17, /**< DMA space */
    L4_PROTO_IRQ_SENDER    = -18, /**< IRQ sender */
    L4_PROTO_SEMAPHORE     = -20, /**< semaphore */
    L4_PROTO_META          = -21, /**< meta information protocol */
    L4_PROTO_IOMMU         = -22, /**< IOMMU */
    L4_PROTO_DEBUGGER      = -23, /**< kernel debugger */
    L4_PROTO_SMCCC         = -24, /**< Arm SMC calling convention */
    L4_PROTO_VCPU_CONTEXT  = -25, /**< vCPU context (x86) */
};

/** Flags in bits 12..15 of a message tag. */
enum L4_msgtag_flags {
    L4_MSGTAG_ERROR        = 0x8000, /**< set by the kernel: IPC failed, see TCR error */
    L4_MSGTAG_PROPAGATE    = 0x4000, /**< propagate the reply capability (unsupported) */
    L4_MSGTAG_SCHEDULE     = 0x2000, /**< do not donate the time slice */
    L4_MSGTAG_TRANSFER_FPU = 0x1000, /**< transfer the FPU state */
    L4_MSGTAG_FLAGS        = 0xf000, /**< mask of all flags */
};

/* ====================================================================== */
/* Flexpages                                                              */
/* ====================================================================== */

/** Flexpage: bits 0..3 rights, 4..5 type, 6..11 order, 12..63 address. */
typedef union l4_fpage_t {
    l4_umword_t fpage; /**< the raw word (old name) */
    l4_umword_t raw;   /**< the raw word */
} l4_fpage_t;

/** Field positions and widths of a flexpage. */
enum L4_fpage_consts {
    L4_FPAGE_RIGHTS_SHIFT = 0,
    L4_FPAGE_TYPE_SHIFT   = 4,
    L4_FPAGE_SIZE_SHIFT   = 6,
    L4_FPAGE_ADDR_SHIFT   = 12,
    L4_FPAGE_RIGHTS_BITS  = 4,
    L4_FPAGE_TYPE_BITS    = 2,
    L4_FPAGE_SIZE_BITS    = 6,
    L4_FPAGE_RIGHTS_MASK  = 0x00f,
    L4_FPAGE_TYPE_MASK    = 0x030,
    L4_FPAGE_SIZE_MASK    = 0xfc0,
    L4_FPAGE_RIGHTS_ALL   = 0x00f, /**< all rights an fpage can carry */
    L4_FPAGE_CONTROL_OFFSET_SHIFT = 12, /**< send base in a map control word */
};

/** Mask of the address bits of a flexpage. */
#define L4_FPAGE_ADDR_MASK    (~0UL << L4_FPAGE_ADDR_SHIFT)
/** Bits of the address field. */
#define L4_FPAGE_ADDR_BITS    (L4_MWORD_BITS - L4_FPAGE_ADDR_SHIFT)
/** Mask of the send base in a map control word. */
#define L4_FPAGE_CONTROL_MASK (~0UL << L4_FPAGE_CONTROL_OFFSET_SHIFT)

/** Flexpage types. */
enum L4_fpage_type {
    L4_FPAGE_SPECIAL = 0, /**< special (e.g. the whole space) */
    L4_FPAGE_MEMORY  = 1, /**< memory pages */
    L4_FPAGE_IO      = 2, /**< I/O ports */
    L4_FPAGE_OBJ     = 3, /**< capabilities */
};

/** Rights of memory flexpages. */
enum L4_fpage_rights {
    L4_FPAGE_X    = 0x01, /**< executable */
    L4_FPAGE_W    = 0x02, /**< writable */
    L4_FPAGE_RO   = 0x04, /**< readable */
    L4_FPAGE_R    = L4_FPAGE_RO,
    L4_FPAGE_RW   = L4_FPAGE_RO | L4_FPAGE_W,
    L4_FPAGE_RX   = L4_FPAGE_RO | L4_FPAGE_X,
    L4_FPAGE_RWX  = L4_FPAGE_RW | L4_FPAGE_X,
};

/** Rights of capability (object) flexpages. */
enum L4_cap_fpage_rights {
    L4_CAP_FPAGE_W    = 0x01, /**< interface-specific write right */
    L4_CAP_FPAGE_S    = 0x02, /**< special right (most kernel operations) */
    L4_CAP_FPAGE_R    = 0x04, /**< read right: needed to hold the capability */
    L4_CAP_FPAGE_RO   = L4_CAP_FPAGE_R,
    L4_CAP_FPAGE_D    = 0x08, /**< may delete the object */
    L4_CAP_FPAGE_RW   = L4_CAP_FPAGE_R | L4_CAP_FPAGE_W,
    L4_CAP_FPAGE_RS   = L4_CAP_FPAGE_R | L4_CAP_FPAGE_S,
    L4_CAP_FPAGE_RWS  = L4_CAP_FPAGE_RW | L4_CAP_FPAGE_S,
    L4_CAP_FPAGE_RSD  = L4_CAP_FPAGE_RS | L4_CAP_FPAGE_D,
    L4_CAP_FPAGE_RWD  = L4_CAP_FPAGE_RW | L4_CAP_FPAGE_D,
    L4_CAP_FPAGE_RWSD = L4_CAP_FPAGE_RWS | L4_CAP_FPAGE_D,
};

/** Orders that mean "everything". */
enum L4_fpage_sizes {
    L4_WHOLE_ADDRESS_SPACE   = 63, /**< order of the whole address space */
    L4_WHOLE_IOADDRESS_SPACE = 16, /**< order of the whole I/O port space */
    L4_IOPORT_MAX            = 1 << 16, /**< number of I/O ports */
};

/** Caching attributes of a memory send item (value << 4 in the control word). */
enum l4_fpage_cacheability_opt_t {
    L4_FPAGE_CACHE_OPT   = 0x1, /**< set: caching given by the item */
    L4_FPAGE_CACHEABLE   = 0x3, /**< normal, write-back */
    L4_FPAGE_BUFFERABLE  = 0x5, /**< write-combining */
    L4_FPAGE_UNCACHEABLE = 0x1, /**< device memory */
};

/** Extra rights of an object send item (control-word bits 4..7). */
enum L4_obj_fpage_ctl {
    L4_FPAGE_C_REF_CNT     = 0x00, /**< counted reference (default) */
    L4_FPAGE_C_NO_REF_CNT  = 0x10, /**< weak reference */
    L4_FPAGE_C_OBJ_RIGHT1  = 0x20, /**< object-specific right 1 */
    L4_FPAGE_C_OBJ_RIGHT2  = 0x40, /**< object-specific right 2 */
    L4_FPAGE_C_OBJ_RIGHT3  = 0x80, /**< object-specific right 3 */
    L4_FPAGE_C_IPCGATE_SVR = L4_FPAGE_C_OBJ_RIGHT1, /**< server right of an IPC gate */
    L4_FPAGE_C_OBJ_RIGHTS  = 0xe0, /**< all object-specific rights */
};

/* ====================================================================== */
/* Typed message items                                                    */
/* ====================================================================== */

/* l4_msg_item_consts_t: l4/sys/consts.h (where L4Re has it) */

/** A send item: map control word followed by a flexpage. */
typedef struct l4_snd_fpage_t {
    l4_umword_t snd_base; /**< control word (l4_map_control()) */
    l4_fpage_t fpage;     /**< what is sent */
} l4_snd_fpage_t;

/* ====================================================================== */
/* Timeouts                                                               */
/* ====================================================================== */

/**
 * 16-bit timeout: 0 = never; else mantissa (bits 0..9) << exponent
 * (bits 10..14) microseconds, mantissa 0 = zero timeout; bit 15 = absolute
 * (low bits name the buffer register holding the absolute KIP-clock value).
 */
typedef struct l4_timeout_s {
    l4_uint16_t t;
} __attribute__((packed)) l4_timeout_s;

/** Send and receive timeout of one IPC; raw = snd << 16 | rcv. */
typedef union l4_timeout_t {
    l4_uint32_t raw;
    struct {
        l4_timeout_s rcv; /**< receive timeout (low half) */
        l4_timeout_s snd; /**< send timeout (high half) */
    } p;
} l4_timeout_t;

#define L4_TIMEOUT_US_NEVER (~0ULL)             /**< microseconds meaning "never" */
#define L4_TIMEOUT_US_MAX   ((1ULL << 41) - 1)  /**< longest finite timeout (µs) */

/** Initializer for a static l4_timeout_t of "never". */
#define L4_IPC_NEVER_INITIALIZER {0}

#ifdef __cplusplus
#define L4__TIMEOUT_S(v) (l4_timeout_s{(l4_uint16_t)(v)})
#define L4__TIMEOUT_T(v) (l4_timeout_t{(l4_uint32_t)(v)})
#else
#define L4__TIMEOUT_S(v) ((l4_timeout_s){(l4_uint16_t)(v)})
#define L4__TIMEOUT_T(v) ((l4_timeout_t){(l4_uint32_t)(v)})
#endif

#define L4_IPC_TIMEOUT_0      L4__TIMEOUT_S(0x0400)     /**< zero timeout (16 bit) */
#define L4_IPC_TIMEOUT_NEVER  L4__TIMEOUT_S(0)          /**< never (16 bit) */
#define L4_IPC_NEVER          L4__TIMEOUT_T(0)          /**< both timeouts never */
#define L4_IPC_RECV_TIMEOUT_0 L4__TIMEOUT_T(0x00000400) /**< receive 0, send never */
#define L4_IPC_SEND_TIMEOUT_0 L4__TIMEOUT_T(0x04000000) /**< send 0, receive never */
#define L4_IPC_BOTH_TIMEOUT_0 L4__TIMEOUT_T(0x04000400) /**< both timeouts 0 */

/* ====================================================================== */
/* Factory argument types                                                 */
/* ====================================================================== */

/** Type word of a variable argument: type | (length in bytes << 16), then data. */
enum L4_varg_type {
    L4_VARG_TYPE_NIL    = 0x00, /**< no data */
    L4_VARG_TYPE_UMWORD = 0x01, /**< unsigned machine word */
    L4_VARG_TYPE_MWORD  = 0x81, /**< signed machine word */
    L4_VARG_TYPE_STRING = 0x02, /**< bytes incl. NUL, padded to words */
    L4_VARG_TYPE_FPAGE  = 0x03, /**< flexpage */
    L4_VARG_TYPE_SIGN   = 0x80, /**< signedness bit */
};

L4_BEGIN_DECLS

/* ---- message tag ---- */

/**
 * Build a message tag.
 * \param label  protocol or label (signed)
 * \param words  untyped words (0..63)
 * \param items  typed items (2 words each, after the words)
 * \param flags  L4_MSGTAG_* flags
 */
L4_INLINE l4_msgtag_t l4_msgtag(long label, unsigned words, unsigned items, unsigned flags);
/** The label (protocol or result) of a tag. */
L4_INLINE long l4_msgtag_label(l4_msgtag_t t);
/** Number of untyped words. */
L4_INLINE unsigned l4_msgtag_words(l4_msgtag_t t);
/** Number of typed items. */
L4_INLINE unsigned l4_msgtag_items(l4_msgtag_t t);
/** The flags (L4_MSGTAG_*). */
L4_INLINE unsigned l4_msgtag_flags(l4_msgtag_t t);
/** \retval non-zero if the kernel reported an IPC error (see l4_ipc_error()). */
L4_INLINE unsigned l4_msgtag_has_error(l4_msgtag_t t);
/** \retval non-zero if the tag is a page-fault message. */
L4_INLINE unsigned l4_msgtag_is_page_fault(l4_msgtag_t t);
/** \retval non-zero if the tag is an exception message. */
L4_INLINE unsigned l4_msgtag_is_exception(l4_msgtag_t t);
/** \retval non-zero if the tag is a sigma0 request. */
L4_INLINE unsigned l4_msgtag_is_sigma0(l4_msgtag_t t);
/** \retval non-zero if the tag is an I/O page fault. */
L4_INLINE unsigned l4_msgtag_is_io_page_fault(l4_msgtag_t t);

/* ---- flexpages ---- */

/** Memory flexpage of 2^\a order bytes at \a address (aligned) with \a rights. */
L4_INLINE l4_fpage_t l4_fpage(l4_addr_t address, unsigned int order, unsigned char rights);
/** I/O-port flexpage of 2^\a order ports from \a port (rights RW). */
L4_INLINE l4_fpage_t l4_iofpage(unsigned long port, unsigned int order);
/** Object flexpage of 2^\a order capabilities from selector \a obj. */
L4_INLINE l4_fpage_t l4_obj_fpage(l4_cap_idx_t obj, unsigned int order, unsigned char rights);
/** The special flexpage covering everything. */
L4_INLINE l4_fpage_t l4_fpage_all(void);
/** The invalid (nil) flexpage. */
L4_INLINE l4_fpage_t l4_fpage_invalid(void);
/** \a src with its rights replaced by \a new_rights. */
L4_INLINE l4_fpage_t l4_fpage_set_rights(l4_fpage_t src, unsigned char new_rights);
/** Rights bits. */
L4_INLINE unsigned l4_fpage_rights(l4_fpage_t f);
/** Type (L4_FPAGE_MEMORY, ...). */
L4_INLINE unsigned l4_fpage_type(l4_fpage_t f);
/** Order (log2 of the size). */
L4_INLINE unsigned l4_fpage_size(l4_fpage_t f);
/** Page number (address >> 12). */
L4_INLINE unsigned long l4_fpage_page(l4_fpage_t f);
/** First I/O port. */
L4_INLINE unsigned long l4_fpage_ioport(l4_fpage_t f);
/** Start address of a memory flexpage. */
L4_INLINE l4_addr_t l4_fpage_memaddr(l4_fpage_t f);
/** First capability selector of an object flexpage. */
L4_INLINE l4_cap_idx_t l4_fpage_obj(l4_fpage_t f);
/** \retval non-zero if the flexpage grants write access. */
L4_INLINE int l4_is_fpage_writable(l4_fpage_t fp);
/** \retval non-zero unless the flexpage is the nil page (special, order 0). */
L4_INLINE int l4_is_fpage_valid(l4_fpage_t fp);
/** \retval non-zero if \a fpage covers [addr, addr + 2^log2size). */
L4_INLINE int l4_fpage_contains(l4_fpage_t fpage, l4_addr_t addr, unsigned log2size);
/**
 * Largest order >= \a order (at most 30) whose naturally aligned page around
 * \a addr stays inside [min_addr, max_addr) and keeps \a addr and \a hotspot
 * congruent (hotspot ~0UL: no constraint beyond \a order).
 */
L4_INLINE unsigned char l4_fpage_max_order(unsigned char order, l4_addr_t addr,
                                           l4_addr_t min_addr, l4_addr_t max_addr,
                                           l4_addr_t hotspot);

/* ---- map items ---- */

/**
 * Control word of a memory send item.
 * \param snd_base  send base / hot spot (page aligned)
 * \param cache     L4_FPAGE_CACHEABLE, ... (0: inherit)
 * \param grant     L4_MAP_ITEM_GRANT or L4_MAP_ITEM_MAP
 */
L4_INLINE l4_umword_t l4_map_control(l4_umword_t snd_base, unsigned char cache, unsigned grant);
/** Control word of an object send item. */
L4_INLINE l4_umword_t l4_map_obj_control(l4_umword_t snd_base, unsigned grant);

/* ---- timeouts ---- */

/** Timeout pair from two mantissa/exponent pairs. */
L4_INLINE l4_timeout_t l4_ipc_timeout(unsigned snd_man, unsigned snd_exp,
                                      unsigned rcv_man, unsigned rcv_exp);
/** Timeout pair from a send and a receive timeout. */
L4_INLINE l4_timeout_t l4_timeout(l4_timeout_s snd, l4_timeout_s rcv);
/** Set the send half of \a to. */
L4_INLINE void l4_snd_timeout(l4_timeout_s snd, l4_timeout_t *to);
/** Set the receive half of \a to. */
L4_INLINE void l4_rcv_timeout(l4_timeout_s rcv, l4_timeout_t *to);
/** Relative timeout of \a man << \a exp microseconds (man 0..1023, exp 0..31). */
L4_INLINE l4_timeout_s l4_timeout_rel(unsigned man, unsigned exp);
/** Microseconds of a relative timeout (#L4_TIMEOUT_US_NEVER for never). */
L4_INLINE l4_kernel_clock_t l4_timeout_rel_get(l4_timeout_s to);
/** \retval non-zero if \a to is absolute. */
L4_INLINE unsigned l4_timeout_is_absolute(l4_timeout_s to);
/**
 * The shortest relative timeout of at least \a us microseconds
 * (0 = zero timeout; #L4_TIMEOUT_US_NEVER or more than #L4_TIMEOUT_US_MAX = never).
 */
L4_INLINE l4_timeout_s l4_timeout_from_us(l4_uint64_t us);

/* ====================================================================== */
/* ---- implementation ---- */
/* ====================================================================== */

L4_INLINE l4_msgtag_t l4_msgtag(long label, unsigned words, unsigned items, unsigned flags)
{
    l4_msgtag_t t;
    t.raw = (l4_mword_t)(((l4_umword_t)label << 16) | (words & 0x3f) | ((items & 0x3f) << 6)
                         | (flags & L4_MSGTAG_FLAGS));
    return t;
}

L4_INLINE long l4_msgtag_label(l4_msgtag_t t)
{
    return t.raw >> 16; /* arithmetic shift keeps the sign (GCC) */
}

L4_INLINE unsigned l4_msgtag_words(l4_msgtag_t t)
{
    return (unsigned)(t.raw & 0x3f);
}

L4_INLINE unsigned l4_msgtag_items(l4_msgtag_t t)
{
    return (unsigned)((t.raw >> 6) & 0x3f);
}

L4_INLINE unsigned l4_msgtag_flags(l4_msgtag_t t)
{
    return (unsigned)(t.raw & L4_MSGTAG_FLAGS);
}

L4_INLINE unsigned l4_msgtag_has_error(l4_msgtag_t t)
{
    return (t.raw & L4_MSGTAG_ERROR) != 0;
}

L4_INLINE unsigned l4_msgtag_is_page_fault(l4_msgtag_t t)
{
    return l4_msgtag_label(t) == L4_PROTO_PAGE_FAULT;
}

L4_INLINE unsigned l4_msgtag_is_exception(l4_msgtag_t t)
{
    return l4_msgtag_label(t) == L4_PROTO_EXCEPTION;
}

L4_INLINE unsigned l4_msgtag_is_sigma0(l4_msgtag_t t)
{
    return l4_msgtag_label(t) == L4_PROTO_SIGMA0;
}

L4_INLINE unsigned l4_msgtag_is_io_page_fault(l4_msgtag_t t)
{
    return l4_msgtag_label(t) == L4_PROTO_IO_PAGE_FAULT;
}

/* Common constructor: every field masked to its width. */
L4_INLINE l4_fpage_t l4__fpage_make(l4_umword_t address, unsigned type, unsigned order,
                                    unsigned rights)
{
    l4_fpage_t f;
    f.raw = (address & L4_FPAGE_ADDR_MASK)
            | (((l4_umword_t)order << L4_FPAGE_SIZE_SHIFT) & L4_FPAGE_SIZE_MASK)
            | (((l4_umword_t)type << L4_FPAGE_TYPE_SHIFT) & L4_FPAGE_TYPE_MASK)
            | ((l4_umword_t)rights & L4_FPAGE_RIGHTS_MASK);
    return f;
}

L4_INLINE l4_fpage_t l4_fpage(l4_addr_t address, unsigned int order, unsigned char rights)
{
    return l4__fpage_make(address, L4_FPAGE_MEMORY, order, rights);
}

L4_INLINE l4_fpage_t l4_iofpage(unsigned long port, unsigned int order)
{
    return l4__fpage_make(port << L4_FPAGE_ADDR_SHIFT, L4_FPAGE_IO, order, L4_FPAGE_RW);
}

L4_INLINE l4_fpage_t l4_obj_fpage(l4_cap_idx_t obj, unsigned int order, unsigned char rights)
{
    return l4__fpage_make(obj, L4_FPAGE_OBJ, order, rights);
}

L4_INLINE l4_fpage_t l4_fpage_all(void)
{
    return l4__fpage_make(0, L4_FPAGE_SPECIAL, L4_WHOLE_ADDRESS_SPACE, 0);
}

L4_INLINE l4_fpage_t l4_fpage_invalid(void)
{
    l4_fpage_t f;
    f.raw = 0;
    return f;
}

L4_INLINE l4_fpage_t l4_fpage_set_rights(l4_fpage_t src, unsigned char new_rights)
{
    l4_fpage_t f;
    f.raw = (src.raw & ~(l4_umword_t)L4_FPAGE_RIGHTS_MASK)
            | ((l4_umword_t)new_rights & L4_FPAGE_RIGHTS_MASK);
    return f;
}

L4_INLINE unsigned l4_fpage_rights(l4_fpage_t f)
{
    return (int)(f.raw & L4_FPAGE_RIGHTS_MASK);
}

L4_INLINE unsigned l4_fpage_type(l4_fpage_t f)
{
    return (int)((f.raw & L4_FPAGE_TYPE_MASK) >> L4_FPAGE_TYPE_SHIFT);
}

L4_INLINE unsigned l4_fpage_size(l4_fpage_t f)
{
    return (int)((f.raw & L4_FPAGE_SIZE_MASK) >> L4_FPAGE_SIZE_SHIFT);
}

L4_INLINE unsigned long l4_fpage_page(l4_fpage_t f)
{
    return f.raw >> L4_FPAGE_ADDR_SHIFT;
}

L4_INLINE unsigned long l4_fpage_ioport(l4_fpage_t f)
{
    return f.raw >> L4_FPAGE_ADDR_SHIFT;
}

L4_INLINE l4_addr_t l4_fpage_memaddr(l4_fpage_t f)
{
    return f.raw & L4_FPAGE_ADDR_MASK;
}

L4_INLINE l4_cap_idx_t l4_fpage_obj(l4_fpage_t f)
{
    return f.raw & L4_FPAGE_ADDR_MASK;
}

L4_INLINE int l4_is_fpage_writable(l4_fpage_t fp)
{
    return (l4_fpage_rights(fp) & L4_FPAGE_W) != 0;
}

L4_INLINE int l4_is_fpage_valid(l4_fpage_t fp)
{
    return !(l4_fpage_type(fp) == L4_FPAGE_SPECIAL && l4_fpage_size(fp) == 0);
}

L4_INLINE int l4_fpage_contains(l4_fpage_t fpage, l4_addr_t addr, unsigned log2size)
{
    unsigned order = (unsigned)l4_fpage_size(fpage);

    if (log2size > order) {
        return 0;
    }
    if (order >= L4_MWORD_BITS) {
        return 1;
    }
    /* Same naturally aligned block of 2^order bytes. */
    return ((addr ^ l4_fpage_memaddr(fpage)) >> order) == 0;
}

L4_INLINE unsigned char l4_fpage_max_order(unsigned char order, l4_addr_t addr,
                                           l4_addr_t min_addr, l4_addr_t max_addr,
                                           l4_addr_t hotspot)
{
    for (; order < 30; ++order) {
        unsigned next = order + 1U;
        l4_addr_t start = addr & (~0UL << next);
        l4_addr_t last = start + ((1UL << next) - 1);

        if (start < min_addr || last > max_addr - 1) {
            break; /* the doubled page would leave the window */
        }
        if (hotspot == ~0UL || ((addr ^ hotspot) & ((1UL << next) - 1)) != 0) {
            break; /* source and destination no longer line up */
        }
    }
    return order;
}

L4_INLINE l4_umword_t l4_map_control(l4_umword_t snd_base, unsigned char cache, unsigned grant)
{
    return (snd_base & L4_FPAGE_CONTROL_MASK) | ((l4_umword_t)cache << 4) | L4_ITEM_MAP
           | (grant & L4_MAP_ITEM_GRANT);
}

L4_INLINE l4_umword_t l4_map_obj_control(l4_umword_t snd_base, unsigned grant)
{
    return l4_map_control(snd_base, 0, grant);
}

L4_INLINE l4_timeout_s l4_timeout_rel(unsigned man, unsigned exp)
{
    l4_timeout_s t;
    t.t = (l4_uint16_t)((man & 0x3ff) | ((exp & 0x1f) << 10));
    return t;
}

L4_INLINE l4_timeout_t l4_ipc_timeout(unsigned snd_man, unsigned snd_exp,
                                      unsigned rcv_man, unsigned rcv_exp)
{
    l4_timeout_t to;
    to.p.snd = l4_timeout_rel(snd_man, snd_exp);
    to.p.rcv = l4_timeout_rel(rcv_man, rcv_exp);
    return to;
}

L4_INLINE l4_timeout_t l4_timeout(l4_timeout_s snd, l4_timeout_s rcv)
{
    l4_timeout_t to;
    to.p.snd = snd;
    to.p.rcv = rcv;
    return to;
}

L4_INLINE void l4_snd_timeout(l4_timeout_s snd, l4_timeout_t *to)
{
    to->p.snd = snd;
}

L4_INLINE void l4_rcv_timeout(l4_timeout_s rcv, l4_timeout_t *to)
{
    to->p.rcv = rcv;
}

L4_INLINE l4_kernel_clock_t l4_timeout_rel_get(l4_timeout_s to)
{
    if (to.t == 0) {
        return L4_TIMEOUT_US_NEVER;
    }
    return (l4_kernel_clock_t)(to.t & 0x3ff) << ((to.t >> 10) & 0x1f);
}

L4_INLINE unsigned l4_timeout_is_absolute(l4_timeout_s to)
{
    return (to.t & 0x8000) != 0;
}

L4_INLINE l4_timeout_s l4_timeout_from_us(l4_uint64_t us)
{
    unsigned exp = 0;

    if (us == 0) {
        return l4_timeout_rel(0, 1); /* mantissa 0, exponent != 0: zero timeout */
    }
    if (us > L4_TIMEOUT_US_MAX) {
        return l4_timeout_rel(0, 0); /* never */
    }
    /* Smallest exponent whose rounded-up mantissa fits in 10 bits. */
    while (((us + (1ULL << exp) - 1) >> exp) > 0x3ff) {
        ++exp;
    }
    if (exp > 31) {
        return l4_timeout_rel(0, 0);
    }
    return l4_timeout_rel((unsigned)((us + (1ULL << exp) - 1) >> exp), exp);
}

L4_END_DECLS
