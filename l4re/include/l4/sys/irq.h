/* SPDX-License-Identifier: MIT */
/*
 * IRQ objects: software IRQs created by a factory (Irq_sender) and
 * hardware IRQs bound through the ICU. An IRQ is attached to a thread with
 * l4_rcv_ep_bind_thread() (l4_irq_attach() here is a compatibility name for
 * it; L4Re removed the old attach op). Triggering sends an empty message
 * with the bind label to that thread; the IRQ stays masked until the
 * receiver unmasks it (EOI). Trigger and unmask carry no reply.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/kdebug.h>
#include <l4/sys/kernel_object.h>

/** Opcodes of the Irq_sender protocol (L4_PROTO_IRQ_SENDER). */
enum L4_irq_sender_op {
    L4_IRQ_SENDER_OP_RESERVED1 = 0, /**< was attach; use l4_rcv_ep_bind_thread() */
    L4_IRQ_SENDER_OP_DETACH    = 1, /**< detach from the thread (needs S) */
    L4_IRQ_SENDER_OP_BIND_VCPU = 2, /**< direct injection into a vCPU */
};

/** Opcodes of the IRQ protocol (L4_PROTO_IRQ) on an IRQ object. */
enum L4_irq_op {
    L4_IRQ_OP_TRIGGER = 2, /**< trigger (also a message with 0 words) */
    L4_IRQ_OP_EOI     = 4, /**< unmask / end of interrupt */
};

L4_BEGIN_DECLS

/**
 * Attach \a irq to \a thread with \a label: the same as
 * l4_rcv_ep_bind_thread(irq, thread, label). Kept for old code; L4Re
 * removed this name.
 */
L4_INLINE l4_msgtag_t l4_irq_attach(l4_cap_idx_t irq, l4_umword_t label, l4_cap_idx_t thread);
/** l4_irq_attach() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_irq_attach_u(l4_cap_idx_t irq, l4_umword_t label,
                                      l4_cap_idx_t thread, l4_utcb_t *utcb);
/** Detach \a irq from its thread (needs S). */
L4_INLINE l4_msgtag_t l4_irq_detach(l4_cap_idx_t irq);
/** l4_irq_detach() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_irq_detach_u(l4_cap_idx_t irq, l4_utcb_t *utcb);
/** Trigger \a irq (a send with zero timeouts; no reply). */
L4_INLINE l4_msgtag_t l4_irq_trigger(l4_cap_idx_t irq);
/** l4_irq_trigger() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_irq_trigger_u(l4_cap_idx_t irq, l4_utcb_t *utcb);
/** Unmask \a irq, then wait for it with \a to (closed wait on the IRQ). */
L4_INLINE l4_msgtag_t l4_irq_receive(l4_cap_idx_t irq, l4_timeout_t to);
/** l4_irq_receive() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_irq_receive_u(l4_cap_idx_t irq, l4_timeout_t to, l4_utcb_t *utcb);
/** Unmask \a irq, then wait for any message; \a label gets its label. */
L4_INLINE l4_msgtag_t l4_irq_wait(l4_cap_idx_t irq, l4_umword_t *label, l4_timeout_t to);
/** l4_irq_wait() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_irq_wait_u(l4_cap_idx_t irq, l4_umword_t *label, l4_timeout_t to,
                                    l4_utcb_t *utcb);
/** Unmask \a irq (a send; no reply). */
L4_INLINE l4_msgtag_t l4_irq_unmask(l4_cap_idx_t irq);
/** l4_irq_unmask() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_irq_unmask_u(l4_cap_idx_t irq, l4_utcb_t *utcb);

/* ---- implementation ---- */

L4_INLINE l4_msgtag_t l4_irq_attach_u(l4_cap_idx_t irq, l4_umword_t label,
                                      l4_cap_idx_t thread, l4_utcb_t *utcb)
{
    return l4_rcv_ep_bind_thread_u(irq, thread, label, utcb);
}

L4_INLINE l4_msgtag_t l4_irq_attach(l4_cap_idx_t irq, l4_umword_t label, l4_cap_idx_t thread)
{
    return l4_rcv_ep_bind_thread_u(irq, thread, label, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_irq_detach_u(l4_cap_idx_t irq, l4_utcb_t *utcb)
{
    l4_utcb_mr_u(utcb)->mr[0] = L4_IRQ_SENDER_OP_DETACH;
    return l4_ipc_call(irq, utcb, l4_msgtag(L4_PROTO_IRQ_SENDER, 1, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_irq_detach(l4_cap_idx_t irq)
{
    return l4_irq_detach_u(irq, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_irq_trigger_u(l4_cap_idx_t irq, l4_utcb_t *utcb)
{
    return l4_ipc_send(irq, utcb, l4_msgtag(L4_PROTO_IRQ, 0, 0, 0), L4_IPC_BOTH_TIMEOUT_0);
}

L4_INLINE l4_msgtag_t l4_irq_trigger(l4_cap_idx_t irq)
{
    return l4_irq_trigger_u(irq, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_irq_receive_u(l4_cap_idx_t irq, l4_timeout_t to, l4_utcb_t *utcb)
{
    l4_utcb_mr_u(utcb)->mr[0] = L4_IRQ_OP_EOI;
    return l4_ipc_call(irq, utcb, l4_msgtag(L4_PROTO_IRQ, 1, 0, 0), to);
}

L4_INLINE l4_msgtag_t l4_irq_receive(l4_cap_idx_t irq, l4_timeout_t to)
{
    return l4_irq_receive_u(irq, to, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_irq_wait_u(l4_cap_idx_t irq, l4_umword_t *label, l4_timeout_t to,
                                    l4_utcb_t *utcb)
{
    l4_utcb_mr_u(utcb)->mr[0] = L4_IRQ_OP_EOI;
    return l4_ipc_send_and_wait(irq, utcb, l4_msgtag(L4_PROTO_IRQ, 1, 0, 0), label, to);
}

L4_INLINE l4_msgtag_t l4_irq_wait(l4_cap_idx_t irq, l4_umword_t *label, l4_timeout_t to)
{
    return l4_irq_wait_u(irq, label, to, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_irq_unmask_u(l4_cap_idx_t irq, l4_utcb_t *utcb)
{
    l4_utcb_mr_u(utcb)->mr[0] = L4_IRQ_OP_EOI;
    return l4_ipc_send(irq, utcb, l4_msgtag(L4_PROTO_IRQ, 1, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_irq_unmask(l4_cap_idx_t irq)
{
    return l4_irq_unmask_u(irq, l4_utcb());
}

L4_END_DECLS
