/* SPDX-License-Identifier: MIT */
/*
 * IPC gates: kernel objects that forward every message to the thread they
 * are bound to, with the gate's label (ORed with the W/S rights of the
 * capability used) as the received label, so a server learns which object
 * was invoked, not who invoked it. A message with protocol L4_PROTO_KOBJECT
 * and a send phase is a control op on the gate itself (bind 0x10, get_infos
 * 0x11); senders block on an unbound gate until bound or timed out.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>
#include <l4/sys/rcv_endpoint.h>

/** Opcodes of IPC gates (mr0, protocol L4_PROTO_KOBJECT). */
enum L4_ipc_gate_ops {
    L4_IPC_GATE_BIND_OP     = 0x10, /**< same as L4_RCV_EP_BIND_OP */
    L4_IPC_GATE_GET_INFO_OP = 0x11, /**< reply mr0 = label (needs the server right) */
};

L4_BEGIN_DECLS

/** Bind \a gate to \a thread with \a label (= l4_rcv_ep_bind_thread()). */
L4_INLINE l4_msgtag_t l4_ipc_gate_bind_thread(l4_cap_idx_t gate, l4_cap_idx_t thread,
                                              l4_umword_t label);
/** Bind \a gate to the send destination \a snd_dst (here: a thread) with \a label. */
L4_INLINE l4_msgtag_t l4_ipc_gate_bind_snd_destination(l4_cap_idx_t gate, l4_cap_idx_t snd_dst,
                                                       l4_umword_t label);
/** l4_ipc_gate_bind_snd_destination() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_ipc_gate_bind_snd_destination_u(l4_cap_idx_t gate,
                                                         l4_cap_idx_t snd_dst,
                                                         l4_umword_t label, l4_utcb_t *utcb);
/** l4_ipc_gate_bind_thread() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_ipc_gate_bind_thread_u(l4_cap_idx_t gate, l4_cap_idx_t thread,
                                                l4_umword_t label, l4_utcb_t *utcb);
/**
 * Read the label of \a gate.
 * \param label  receives the label (only on success)
 * \return result tag; -L4_EPERM on a client-only gate capability
 */
L4_INLINE l4_msgtag_t l4_ipc_gate_get_infos(l4_cap_idx_t gate, l4_umword_t *label);
/** l4_ipc_gate_get_infos() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_ipc_gate_get_infos_u(l4_cap_idx_t gate, l4_umword_t *label,
                                              l4_utcb_t *utcb);

/* ---- implementation ---- */

L4_INLINE l4_msgtag_t l4_ipc_gate_bind_thread_u(l4_cap_idx_t gate, l4_cap_idx_t thread,
                                                l4_umword_t label, l4_utcb_t *utcb)
{
    return l4_rcv_ep_bind_thread_u(gate, thread, label, utcb);
}

L4_INLINE l4_msgtag_t l4_ipc_gate_bind_thread(l4_cap_idx_t gate, l4_cap_idx_t thread,
                                              l4_umword_t label)
{
    return l4_rcv_ep_bind_thread_u(gate, thread, label, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_ipc_gate_get_infos_u(l4_cap_idx_t gate, l4_umword_t *label,
                                              l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    l4_msgtag_t t;

    m->mr[0] = L4_IPC_GATE_GET_INFO_OP;
    t = l4_ipc_call(gate, utcb, l4_msgtag(L4_PROTO_KOBJECT, 1, 0, 0), L4_IPC_NEVER);
    if (!l4_msgtag_has_error(t) && l4_msgtag_label(t) >= 0 && l4_msgtag_words(t) > 0) {
        *label = m->mr[0];
    }
    return t;
}

L4_INLINE l4_msgtag_t l4_ipc_gate_get_infos(l4_cap_idx_t gate, l4_umword_t *label)
{
    return l4_ipc_gate_get_infos_u(gate, label, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_ipc_gate_bind_snd_destination_u(l4_cap_idx_t gate,
                                                         l4_cap_idx_t snd_dst,
                                                         l4_umword_t label, l4_utcb_t *utcb)
{
    return l4_rcv_ep_bind_thread_u(gate, snd_dst, label, utcb);
}

L4_INLINE l4_msgtag_t l4_ipc_gate_bind_snd_destination(l4_cap_idx_t gate, l4_cap_idx_t snd_dst,
                                                       l4_umword_t label)
{
    return l4_rcv_ep_bind_thread_u(gate, snd_dst, label, l4_utcb());
}

L4_END_DECLS
