/* SPDX-License-Identifier: MIT */
/*
 * Operations every kernel object understands (protocol L4_PROTO_KOBJECT)
 * and the object-debugging entry: l4_kobject_dec_refcnt() drops counted
 * references, l4_invoke_debugger() sends a kernel-object debug request
 * about an object to the debugger capability (group L4_KDEBUG_GROUP_KOBJ,
 * the object as a send item). IPC gates and IRQs add their receive-endpoint
 * ops (0x10, 0x11) to the same protocol. See doc/abi.md.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kdebug.h>

/** Generic kernel-object opcodes (mr0, protocol L4_PROTO_KOBJECT). */
enum L4_kobject_op {
    L4_KOBJECT_OP_DEC_REFCNT   = 0, /**< mr1 = how many references to drop */
    L4_KOBJECT_OP_REGISTER_IRQ = 1, /**< register an IRQ for an object event */
};

/** Group of kernel-object debug requests in mr0 (same value as L4_KDEBUG_GROUP_KOBJ). */
#define L4_INVOKE_DEBUGGER_GROUP_KOBJ 0x100

L4_BEGIN_DECLS

/**
 * Drop \a diff counted references held by the capability \a obj.
 * \return result tag (label 0 or -L4_E*)
 */
L4_INLINE l4_msgtag_t l4_kobject_dec_refcnt(l4_cap_idx_t obj, l4_mword_t diff);
/** l4_kobject_dec_refcnt() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_kobject_dec_refcnt_u(l4_cap_idx_t obj, l4_mword_t diff,
                                              l4_utcb_t *utcb);
/**
 * Send a kernel-object debug request about \a obj: \a tag counts the words
 * already in the MRs (mr0 = debugger op); the group is added to mr0 and the
 * object appended as an item, then the debugger capability is called.
 * \return result tag; -L4_EINVAL for an invalid \a obj, -L4_EMSGTOOLONG if
 *         the item does not fit
 */
L4_INLINE l4_msgtag_t l4_invoke_debugger(l4_cap_idx_t obj, l4_msgtag_t tag, l4_utcb_t *utcb);

/* ---- implementation ---- */

L4_INLINE l4_msgtag_t l4_kobject_dec_refcnt_u(l4_cap_idx_t obj, l4_mword_t diff,
                                              l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[0] = L4_KOBJECT_OP_DEC_REFCNT;
    m->mr[1] = (l4_umword_t)diff;
    return l4_ipc_call(obj, utcb, l4_msgtag(L4_PROTO_KOBJECT, 2, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_kobject_dec_refcnt(l4_cap_idx_t obj, l4_mword_t diff)
{
    return l4_kobject_dec_refcnt_u(obj, diff, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_invoke_debugger(l4_cap_idx_t obj, l4_msgtag_t tag, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    unsigned w = l4_msgtag_words(tag);

    if (l4_is_invalid_cap(obj)) {
        return l4_msgtag(-L4_EINVAL, 0, 0, 0);
    }
    if (w + 2 > L4_UTCB_GENERIC_DATA_SIZE) {
        return l4_msgtag(-L4_EMSGTOOLONG, 0, 0, 0);
    }
    m->mr[0] += L4_INVOKE_DEBUGGER_GROUP_KOBJ;
    m->mr[w] = l4_map_obj_control(0, 0);
    m->mr[w + 1] = l4_obj_fpage(obj, 0, L4_CAP_FPAGE_RWS).raw;
    return l4_ipc_call(L4_BASE_DEBUGGER_CAP, utcb,
                       l4_msgtag(L4_PROTO_DEBUGGER, w, 1, l4_msgtag_flags(tag)), L4_IPC_NEVER);
}

L4_END_DECLS
