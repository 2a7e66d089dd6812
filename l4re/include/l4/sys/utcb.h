/* SPDX-License-Identifier: MIT */
/*
 * The user thread control block (UTCB): per-thread memory shared with the
 * kernel that carries the message registers (MR0..MR62), the buffer
 * descriptor and buffer registers (BDR, BR0..BR57, receive windows) and the
 * thread control registers (TCR: IPC error code, free marker, user words).
 * Word 63 belongs to the kernel. The layout is ABI (asserted below); the
 * arch part says where a thread finds its UTCB. See doc/abi.md.
 */
#pragma once

#include <l4/sys/l4int.h>
#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/types.h>
#include <l4/sys/__static_assert.h>
#include <l4/sys/arch/utcb.h>

/** Message registers; view them as words or as 64-bit values. */
typedef union l4_msg_regs_t {
    l4_umword_t mr[L4_UTCB_GENERIC_DATA_SIZE];     /**< MR0..MR62 */
    l4_uint64_t mr64[L4_UTCB_GENERIC_DATA_SIZE * sizeof(l4_umword_t) / sizeof(l4_uint64_t)];
} l4_msg_regs_t;

/** Buffer descriptor and buffer registers (receive items, absolute timeouts). */
typedef struct l4_buf_regs_t {
    l4_umword_t bdr;                               /**< buffer descriptor */
    l4_umword_t br[L4_UTCB_GENERIC_BUFFERS_SIZE];  /**< BR0..BR57 */
} l4_buf_regs_t;

/** Thread control registers. */
typedef struct l4_thread_regs_t {
    l4_umword_t error;       /**< IPC error code (L4_IPC_*) after a failed IPC */
    l4_umword_t free_marker; /**< 0 once the kernel no longer uses this UTCB */
    l4_umword_t user[3];     /**< free for the user (e.g. thread-local pointer) */
} l4_thread_regs_t;

L4_STATIC_ASSERT(sizeof(l4_msg_regs_t) == 63 * 8, "63 message registers");
L4_STATIC_ASSERT(L4_UTCB_BUF_REGS_OFFSET == 64 * 8, "BDR at word 64");
L4_STATIC_ASSERT(L4_UTCB_BUF_REGS_OFFSET + sizeof(l4_buf_regs_t) == L4_UTCB_THREAD_REGS_OFFSET,
                 "TCRs follow the last buffer register");
L4_STATIC_ASSERT(L4_UTCB_THREAD_REGS_OFFSET + sizeof(l4_thread_regs_t) == L4_UTCB_OFFSET,
                 "the UTCB is 1 KiB");
L4_STATIC_ASSERT(__builtin_offsetof(l4_thread_regs_t, free_marker) == 8, "TCR layout");

L4_BEGIN_DECLS

/** The calling thread's UTCB. */
L4_INLINE l4_utcb_t *l4_utcb(void);
/** Message registers of the calling thread. */
L4_INLINE l4_msg_regs_t *l4_utcb_mr(void);
/** Message registers of \a u. */
L4_INLINE l4_msg_regs_t *l4_utcb_mr_u(l4_utcb_t *u);
/** Buffer registers of the calling thread. */
L4_INLINE l4_buf_regs_t *l4_utcb_br(void);
/** Buffer registers of \a u. */
L4_INLINE l4_buf_regs_t *l4_utcb_br_u(l4_utcb_t *u);
/** Thread control registers of the calling thread. */
L4_INLINE l4_thread_regs_t *l4_utcb_tcr(void);
/** Thread control registers of \a u. */
L4_INLINE l4_thread_regs_t *l4_utcb_tcr_u(l4_utcb_t *u);
/** Exception registers (overlaying the MRs) of the calling thread. */
L4_INLINE l4_exc_regs_t *l4_utcb_exc(void);
/** Exception registers of \a u. */
L4_INLINE l4_exc_regs_t *l4_utcb_exc_u(l4_utcb_t *u);
/** Index of a 64-bit value in mr64[] for word index \a idx. */
L4_INLINE unsigned l4_utcb_mr64_idx(unsigned idx);
/** Set (\a switch_on != 0) or clear the inherit-FPU flag in the BDR of \a u. */
L4_INLINE void l4_utcb_inherit_fpu_u(l4_utcb_t *u, int switch_on);
/** Same for the calling thread. */
L4_INLINE void l4_utcb_inherit_fpu(int switch_on);
/** A buffer descriptor: first memory, I/O and object buffer index plus flags. */
L4_INLINE l4_umword_t l4_bdr(l4_umword_t mem, l4_umword_t io, l4_umword_t obj,
                             l4_umword_t flags);
/**
 * An absolute timeout at KIP-clock value  val (µs): the value is stored in
 * buffer register  pos of  utcb, which must stay untouched until the IPC.
 */
L4_INLINE l4_timeout_s l4_timeout_abs_u(l4_kernel_clock_t val, int pos, l4_utcb_t *utcb);
/** l4_timeout_abs_u() on the caller's UTCB. */
L4_INLINE l4_timeout_s l4_timeout_abs(l4_kernel_clock_t val, int pos);
/** The calling thread's UTCB, as a function (for code that needs its address). */
L4_INLINE l4_utcb_t *l4_utcb_wrap(void);

/* ---- implementation ---- */

L4_INLINE l4_utcb_t *l4_utcb(void)
{
    return l4_utcb_direct();
}

L4_INLINE l4_msg_regs_t *l4_utcb_mr_u(l4_utcb_t *u)
{
    return (l4_msg_regs_t *)((char *)u + L4_UTCB_MSG_REGS_OFFSET);
}

L4_INLINE l4_msg_regs_t *l4_utcb_mr(void)
{
    return l4_utcb_mr_u(l4_utcb());
}

L4_INLINE l4_buf_regs_t *l4_utcb_br_u(l4_utcb_t *u)
{
    return (l4_buf_regs_t *)((char *)u + L4_UTCB_BUF_REGS_OFFSET);
}

L4_INLINE l4_buf_regs_t *l4_utcb_br(void)
{
    return l4_utcb_br_u(l4_utcb());
}

L4_INLINE l4_thread_regs_t *l4_utcb_tcr_u(l4_utcb_t *u)
{
    return (l4_thread_regs_t *)((char *)u + L4_UTCB_THREAD_REGS_OFFSET);
}

L4_INLINE l4_thread_regs_t *l4_utcb_tcr(void)
{
    return l4_utcb_tcr_u(l4_utcb());
}

L4_INLINE l4_exc_regs_t *l4_utcb_exc_u(l4_utcb_t *u)
{
    return (l4_exc_regs_t *)((char *)u + L4_UTCB_MSG_REGS_OFFSET);
}

L4_INLINE l4_exc_regs_t *l4_utcb_exc(void)
{
    return l4_utcb_exc_u(l4_utcb());
}

L4_INLINE unsigned l4_utcb_mr64_idx(unsigned idx)
{
    return idx * (unsigned)(sizeof(l4_umword_t) / sizeof(l4_uint64_t));
}

L4_INLINE void l4_utcb_inherit_fpu_u(l4_utcb_t *u, int switch_on)
{
    if (switch_on) {
        l4_utcb_br_u(u)->bdr |= (l4_umword_t)L4_UTCB_INHERIT_FPU;
    } else {
        l4_utcb_br_u(u)->bdr &= ~(l4_umword_t)L4_UTCB_INHERIT_FPU;
    }
}

L4_INLINE void l4_utcb_inherit_fpu(int switch_on)
{
    l4_utcb_inherit_fpu_u(l4_utcb(), switch_on);
}

L4_INLINE l4_umword_t l4_bdr(l4_umword_t mem, l4_umword_t io, l4_umword_t obj,
                             l4_umword_t flags)
{
    return ((l4_umword_t)(mem & 0x1f) << L4_BDR_MEM_SHIFT)
           | ((l4_umword_t)(io & 0x1f) << L4_BDR_IO_SHIFT)
           | ((l4_umword_t)(obj & 0x1f) << L4_BDR_OBJ_SHIFT)
           | ((l4_umword_t)flags & ~(l4_umword_t)L4_BDR_OFFSET_MASK);
}

L4_INLINE l4_timeout_s l4_timeout_abs_u(l4_kernel_clock_t val, int pos, l4_utcb_t *utcb)
{
    l4_timeout_s to;

    l4_utcb_br_u(utcb)->br[pos] = (l4_umword_t)val; /* one BR holds 64 bits */
    to.t = (l4_uint16_t)(0x8000U | ((unsigned)pos & 0xff));
    return to;
}

L4_INLINE l4_timeout_s l4_timeout_abs(l4_kernel_clock_t val, int pos)
{
    return l4_timeout_abs_u(val, pos, l4_utcb());
}

L4_INLINE l4_utcb_t *l4_utcb_wrap(void)
{
    return l4_utcb();
}

L4_END_DECLS
