/* SPDX-License-Identifier: MIT */
/*
 * Receive endpoints: objects that deliver messages to a thread (IPC gates
 * and IRQs). Binding one to a thread names the receiver and the label the
 * receiver will see; the label's low two bits must be 0 because the kernel
 * puts the sender's W/S rights there. Protocol L4_PROTO_KOBJECT, op 0x10,
 * needs S on the endpoint and on the thread. See doc/abi.md.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>

/** Opcodes of receive endpoints (mr0, protocol L4_PROTO_KOBJECT). */
enum L4_rcv_ep_ops {
    L4_RCV_EP_BIND_OP = 0x10, /**< mr1 = label, item(thread) at mr2..3 */
};

L4_BEGIN_DECLS

/**
 * Bind the receive endpoint \a ep (IPC gate or IRQ) to \a thread with \a label.
 * \return result tag: 0, -L4_EINVAL (label bits 0..1 set, not a thread),
 *         -L4_EPERM (missing S right)
 */
L4_INLINE l4_msgtag_t l4_rcv_ep_bind_thread(l4_cap_idx_t ep, l4_cap_idx_t thread,
                                            l4_umword_t label);
/** Bind \a ep to the send destination \a snd_dst (here: a thread) with \a label. */
L4_INLINE l4_msgtag_t l4_rcv_ep_bind_snd_destination(l4_cap_idx_t ep, l4_cap_idx_t snd_dst,
                                                     l4_umword_t label);
/** l4_rcv_ep_bind_snd_destination() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_rcv_ep_bind_snd_destination_u(l4_cap_idx_t ep, l4_cap_idx_t snd_dst,
                                                       l4_umword_t label, l4_utcb_t *utcb);
/** l4_rcv_ep_bind_thread() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_rcv_ep_bind_thread_u(l4_cap_idx_t ep, l4_cap_idx_t thread,
                                              l4_umword_t label, l4_utcb_t *utcb);

/* ---- implementation ---- */

L4_INLINE l4_msgtag_t l4_rcv_ep_bind_thread_u(l4_cap_idx_t ep, l4_cap_idx_t thread,
                                              l4_umword_t label, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[0] = L4_RCV_EP_BIND_OP;
    m->mr[1] = label;
    m->mr[2] = l4_map_obj_control(0, 0);
    m->mr[3] = l4_obj_fpage(thread, 0, L4_CAP_FPAGE_RWS).raw;
    return l4_ipc_call(ep, utcb, l4_msgtag(L4_PROTO_KOBJECT, 2, 1, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_rcv_ep_bind_thread(l4_cap_idx_t ep, l4_cap_idx_t thread,
                                            l4_umword_t label)
{
    return l4_rcv_ep_bind_thread_u(ep, thread, label, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_rcv_ep_bind_snd_destination_u(l4_cap_idx_t ep, l4_cap_idx_t snd_dst,
                                                       l4_umword_t label, l4_utcb_t *utcb)
{
    return l4_rcv_ep_bind_thread_u(ep, snd_dst, label, utcb);
}

L4_INLINE l4_msgtag_t l4_rcv_ep_bind_snd_destination(l4_cap_idx_t ep, l4_cap_idx_t snd_dst,
                                                     l4_umword_t label)
{
    return l4_rcv_ep_bind_thread_u(ep, snd_dst, label, l4_utcb());
}

L4_END_DECLS
