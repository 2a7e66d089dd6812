/* SPDX-License-Identifier: MIT */
/*
 * arm64 part of the UTCB binding: the UTCB size constants, the exception
 * register block that overlays the message registers in an exception IPC,
 * and l4_utcb_direct(), which reads the UTCB address from TPIDRRO_EL0 (the
 * kernel sets that register on every switch to a thread; user mode can read
 * but not write it). The layout is ABI: offsets are asserted below and in
 * l4/sys/utcb.h. Included by l4/sys/utcb.h only. See doc/abi.md.
 */
#pragma once

#include <l4/sys/l4int.h>
#include <l4/sys/compiler.h>
#include <l4/sys/__static_assert.h>

/** UTCB geometry (64-bit: 1 KiB per UTCB). */
enum L4_utcb_consts_arm64 {
    L4_UTCB_EXCEPTION_REGS_SIZE  = 40,  /**< words of l4_exc_regs_t (exception IPC) */
    L4_UTCB_GENERIC_DATA_SIZE    = 63,  /**< message registers MR0..MR62 */
    L4_UTCB_GENERIC_BUFFERS_SIZE = 58,  /**< buffer registers BR0..BR57 */
    L4_UTCB_MSG_REGS_OFFSET      = 0,   /**< byte offset of MR0 */
    L4_UTCB_BUF_REGS_OFFSET      = 64 * 8,  /**< byte offset of the BDR; BR0 follows */
    L4_UTCB_THREAD_REGS_OFFSET   = 123 * 8, /**< byte offset of the TCRs */
    L4_UTCB_INHERIT_FPU          = 1L << 24, /**< BDR flag: take over the sender's FPU */
    L4_UTCB_OFFSET               = 1024, /**< size of / stride between UTCBs */
};

/**
 * Exception state as the kernel sends it to an exception handler (and as a
 * handler replies it): 40 words over MR0..MR39.
 */
typedef struct l4_exc_regs_t {
    l4_umword_t eret_work; /**< kernel-internal */
    l4_umword_t r[31];     /**< x0..x30 */
    l4_umword_t reserved;
    l4_umword_t err;       /**< ESR_EL1 (EC = err >> 26) */
    l4_umword_t pfa;       /**< FAR_EL1 */
    l4_umword_t sp;        /**< SP_EL0 */
    __extension__ union {
        l4_umword_t pc;    /**< ELR_EL1 */
        l4_umword_t ip;
    };
    __extension__ union {
        l4_umword_t pstate; /**< SPSR_EL1 */
        l4_umword_t flags;
    };
    l4_umword_t tpidruro;  /**< TPIDRRO_EL0 */
    l4_umword_t tpidrurw;  /**< TPIDR_EL0 */
} l4_exc_regs_t;

L4_STATIC_ASSERT(sizeof(l4_exc_regs_t) == L4_UTCB_EXCEPTION_REGS_SIZE * 8,
                 "arm64 exception block is 40 words");
L4_STATIC_ASSERT(__builtin_offsetof(l4_exc_regs_t, err) == 33 * 8, "exc err offset");
L4_STATIC_ASSERT(__builtin_offsetof(l4_exc_regs_t, pc) == 36 * 8, "exc pc offset");

L4_BEGIN_DECLS

/** The UTCB of the calling thread, from TPIDRRO_EL0. */
L4_INLINE struct l4_utcb_t *l4_utcb_direct(void);
/** Faulting or resume program counter. */
L4_INLINE l4_umword_t l4_utcb_exc_pc(l4_exc_regs_t const *u);
/** Set the program counter that the reply will resume at. */
L4_INLINE void l4_utcb_exc_pc_set(l4_exc_regs_t *u, l4_addr_t pc);
/** Exception type: the ESR exception class. */
L4_INLINE l4_umword_t l4_utcb_exc_typeval(l4_exc_regs_t const *u);
/** \retval non-zero if the exception is an instruction or data abort. */
L4_INLINE int l4_utcb_exc_is_pf(l4_exc_regs_t const *u);
/** Fault address with bit 1 = write access (like a page-fault message). */
L4_INLINE l4_addr_t l4_utcb_exc_pfa(l4_exc_regs_t const *u);
/** \retval non-zero if the exception was raised by ex_regs (TRIGGER_EXCEPTION). */
L4_INLINE int l4_utcb_exc_is_ex_regs_exception(l4_exc_regs_t const *u);

/* ---- implementation ---- */

L4_INLINE struct l4_utcb_t *l4_utcb_direct(void)
{
    struct l4_utcb_t *u;
    __asm__("mrs %0, tpidrro_el0" : "=r"(u));
    return u;
}

L4_INLINE l4_umword_t l4_utcb_exc_pc(l4_exc_regs_t const *u)
{
    return u->pc;
}

L4_INLINE void l4_utcb_exc_pc_set(l4_exc_regs_t *u, l4_addr_t pc)
{
    u->pc = pc;
}

L4_INLINE l4_umword_t l4_utcb_exc_typeval(l4_exc_regs_t const *u)
{
    return u->err >> 26;
}

L4_INLINE int l4_utcb_exc_is_pf(l4_exc_regs_t const *u)
{
    return ((u->err >> 26) & 0x30) == 0x20; /* EC 0x20..0x2f: aborts */
}

L4_INLINE l4_addr_t l4_utcb_exc_pfa(l4_exc_regs_t const *u)
{
    return (u->pfa & ~7UL) | ((u->err >> 5) & 2); /* ESR ISS WnR (bit 6) -> bit 1 */
}

L4_INLINE int l4_utcb_exc_is_ex_regs_exception(l4_exc_regs_t const *u)
{
    return (u->err >> 26) == 0x3e;
}

L4_END_DECLS
