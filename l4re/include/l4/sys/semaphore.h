/* SPDX-License-Identifier: MIT */
/*
 * Kernel semaphores (protocol L4_PROTO_SEMAPHORE, created with
 * l4_factory_create(factory, L4_PROTO_SEMAPHORE, cap)): up is an IRQ
 * trigger, down a call that blocks until the count is positive or the
 * receive timeout of \a timeout expires (then an L4_IPC_RETIMEOUT error).
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>
#include <l4/sys/irq.h>
#include <l4/sys/kdebug.h>
#include <l4/sys/kernel_object.h>

/** Opcodes of the semaphore protocol (mr0). */
enum L4_semaphore_op {
    L4_SEMAPHORE_OP_DOWN = 0, /**< decrement, blocking */
};

L4_BEGIN_DECLS

/** Increment \a sem (wakes one waiter). */
L4_INLINE l4_msgtag_t l4_semaphore_up(l4_cap_idx_t sem);
/** l4_semaphore_up() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_semaphore_up_u(l4_cap_idx_t sem, l4_utcb_t *utcb);
/** Decrement \a sem, waiting at most the receive timeout of \a timeout. */
L4_INLINE l4_msgtag_t l4_semaphore_down(l4_cap_idx_t sem, l4_timeout_t timeout);
/** l4_semaphore_down() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_semaphore_down_u(l4_cap_idx_t sem, l4_timeout_t timeout,
                                          l4_utcb_t *utcb);

/* ---- implementation ---- */

L4_INLINE l4_msgtag_t l4_semaphore_up_u(l4_cap_idx_t sem, l4_utcb_t *utcb)
{
    return l4_irq_trigger_u(sem, utcb);
}

L4_INLINE l4_msgtag_t l4_semaphore_up(l4_cap_idx_t sem)
{
    return l4_irq_trigger_u(sem, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_semaphore_down_u(l4_cap_idx_t sem, l4_timeout_t timeout,
                                          l4_utcb_t *utcb)
{
    l4_utcb_mr_u(utcb)->mr[0] = L4_SEMAPHORE_OP_DOWN;
    return l4_ipc_call(sem, utcb, l4_msgtag(L4_PROTO_SEMAPHORE, 1, 0, 0), timeout);
}

L4_INLINE l4_msgtag_t l4_semaphore_down(l4_cap_idx_t sem, l4_timeout_t timeout)
{
    return l4_semaphore_down_u(sem, timeout, l4_utcb());
}

L4_END_DECLS
