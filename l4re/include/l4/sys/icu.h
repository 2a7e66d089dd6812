/* SPDX-License-Identifier: MIT */
/*
 * Interrupt controller (ICU) bindings, protocol L4_PROTO_IRQ on the ICU
 * capability (L4_BASE_ICU_CAP for the kernel's): bind a hardware IRQ number
 * to an IRQ object (W right on the IRQ), unbind, query the number of IRQs,
 * set the trigger mode, and mask/unmask a line. Mask and unmask are sends
 * without a reply (optionally followed by an open wait).
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kdebug.h>
#include <l4/sys/kernel_object.h>

/** Opcodes of the ICU protocol (mr0). */
enum L4_icu_opcode {
    L4_ICU_OP_BIND     = 0, /**< mr1 = irq number, item(irq) */
    L4_ICU_OP_UNBIND   = 1, /**< mr1 = irq number, item(irq) */
    L4_ICU_OP_INFO     = 2, /**< reply: features, nr_irqs, nr_msis */
    L4_ICU_OP_MSI_INFO = 3, /**< mr1 = irq number, mr2 = source */
    L4_ICU_OP_UNMASK   = 4, /**< mr1 = irq number; no reply */
    L4_ICU_OP_MASK     = 5, /**< mr1 = irq number; no reply */
    L4_ICU_OP_SET_MODE = 6, /**< mr1 = irq number, mr2 = mode */
};

/** Operations of l4_icu_control_u() (added to L4_ICU_OP_UNMASK). */
enum L4_icu_ctl_op {
    L4_ICU_CTL_UNMASK = 0, /**< unmask the line */
    L4_ICU_CTL_MASK   = 1, /**< mask the line */
};

/** Feature flag and IRQ-number flag for MSIs. */
#define L4_ICU_FLAG_MSI 0x80000000U

/** Trigger modes (l4_icu_set_mode()). */
enum L4_irq_mode {
    L4_IRQ_F_NONE         = 0,    /**< none */
    L4_IRQ_F_SET_MODE     = 0x1,  /**< the mode is valid */
    L4_IRQ_F_LEVEL        = 0x2,  /**< level triggered */
    L4_IRQ_F_EDGE         = 0x0,  /**< edge triggered */
    L4_IRQ_F_POS          = 0x0,  /**< positive / high / rising */
    L4_IRQ_F_NEG          = 0x4,  /**< negative / low / falling */
    L4_IRQ_F_BOTH         = 0x8,  /**< both edges */
    L4_IRQ_F_LEVEL_HIGH   = 0x3,  /**< level, active high */
    L4_IRQ_F_LEVEL_LOW    = 0x7,  /**< level, active low */
    L4_IRQ_F_POS_EDGE     = 0x1,  /**< rising edge */
    L4_IRQ_F_NEG_EDGE     = 0x5,  /**< falling edge */
    L4_IRQ_F_BOTH_EDGE    = 0x9,  /**< both edges */
    L4_IRQ_F_MASK         = 0xf,  /**< mode bits */
    L4_IRQ_F_SET_WAKEUP   = 0x10, /**< wake the system */
    L4_IRQ_F_CLEAR_WAKEUP = 0x20, /**< no longer wake the system */
};

/** What an ICU offers. */
typedef struct l4_icu_info_t {
    unsigned features; /**< L4_ICU_FLAG_MSI if MSIs are supported */
    unsigned nr_irqs;  /**< number of IRQ lines */
    unsigned nr_msis;  /**< number of MSIs */
} l4_icu_info_t;

/** Address and data of an MSI. */
typedef struct l4_icu_msi_info_t {
    l4_uint64_t msi_addr; /**< address to write */
    l4_uint32_t msi_data; /**< value to write */
} l4_icu_msi_info_t;

L4_BEGIN_DECLS

/** Bind IRQ line \a irqnum of \a icu to the IRQ object \a irq (needs W on \a irq). */
L4_INLINE l4_msgtag_t l4_icu_bind(l4_cap_idx_t icu, unsigned irqnum, l4_cap_idx_t irq);
/** l4_icu_bind() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_icu_bind_u(l4_cap_idx_t icu, unsigned irqnum, l4_cap_idx_t irq,
                                    l4_utcb_t *utcb);
/** Undo l4_icu_bind(). */
L4_INLINE l4_msgtag_t l4_icu_unbind(l4_cap_idx_t icu, unsigned irqnum, l4_cap_idx_t irq);
/** l4_icu_unbind() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_icu_unbind_u(l4_cap_idx_t icu, unsigned irqnum, l4_cap_idx_t irq,
                                      l4_utcb_t *utcb);
/** Set the trigger mode (L4_IRQ_F_*) of line \a irqnum. */
L4_INLINE l4_msgtag_t l4_icu_set_mode(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t mode);
/** l4_icu_set_mode() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_icu_set_mode_u(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t mode,
                                        l4_utcb_t *utcb);
/** Query the ICU; \a info is filled only on success. */
L4_INLINE l4_msgtag_t l4_icu_info(l4_cap_idx_t icu, l4_icu_info_t *info);
/** l4_icu_info() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_icu_info_u(l4_cap_idx_t icu, l4_icu_info_t *info, l4_utcb_t *utcb);
/** MSI address and data of \a irqnum for the device \a source. */
L4_INLINE l4_msgtag_t l4_icu_msi_info(l4_cap_idx_t icu, unsigned irqnum, l4_uint64_t source,
                                      l4_icu_msi_info_t *msi_info);
/** l4_icu_msi_info() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_icu_msi_info_u(l4_cap_idx_t icu, unsigned irqnum, l4_uint64_t source,
                                        l4_icu_msi_info_t *msi_info, l4_utcb_t *utcb);
/**
 * Mask or unmask (\a op = L4_ICU_CTL_*) line \a irqnum. With \a label non-NULL
 * the send is followed by an open wait whose label lands there.
 */
L4_INLINE l4_msgtag_t l4_icu_control_u(l4_cap_idx_t icu, unsigned irqnum, unsigned op,
                                       l4_umword_t *label, l4_timeout_t to, l4_utcb_t *utcb);
/** Unmask line \a irqnum (see l4_icu_control_u()). */
L4_INLINE l4_msgtag_t l4_icu_unmask(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t *label,
                                    l4_timeout_t to);
/** l4_icu_unmask() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_icu_unmask_u(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t *label,
                                      l4_timeout_t to, l4_utcb_t *utcb);
/** Mask line \a irqnum (see l4_icu_control_u()). */
L4_INLINE l4_msgtag_t l4_icu_mask(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t *label,
                                  l4_timeout_t to);
/** l4_icu_mask() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_icu_mask_u(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t *label,
                                    l4_timeout_t to, l4_utcb_t *utcb);

/* ---- implementation ---- */

/* Bind and unbind share one layout: op, irq number, item(irq). */
L4_INLINE l4_msgtag_t l4__icu_irq_op(l4_cap_idx_t icu, unsigned op, unsigned irqnum,
                                     l4_cap_idx_t irq, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[0] = op;
    m->mr[1] = irqnum;
    m->mr[2] = l4_map_obj_control(0, 0);
    m->mr[3] = l4_obj_fpage(irq, 0, L4_CAP_FPAGE_RWS).raw;
    return l4_ipc_call(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 2, 1, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_icu_bind_u(l4_cap_idx_t icu, unsigned irqnum, l4_cap_idx_t irq,
                                    l4_utcb_t *utcb)
{
    return l4__icu_irq_op(icu, L4_ICU_OP_BIND, irqnum, irq, utcb);
}

L4_INLINE l4_msgtag_t l4_icu_bind(l4_cap_idx_t icu, unsigned irqnum, l4_cap_idx_t irq)
{
    return l4_icu_bind_u(icu, irqnum, irq, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_icu_unbind_u(l4_cap_idx_t icu, unsigned irqnum, l4_cap_idx_t irq,
                                      l4_utcb_t *utcb)
{
    return l4__icu_irq_op(icu, L4_ICU_OP_UNBIND, irqnum, irq, utcb);
}

L4_INLINE l4_msgtag_t l4_icu_unbind(l4_cap_idx_t icu, unsigned irqnum, l4_cap_idx_t irq)
{
    return l4_icu_unbind_u(icu, irqnum, irq, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_icu_set_mode_u(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t mode,
                                        l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[0] = L4_ICU_OP_SET_MODE;
    m->mr[1] = irqnum;
    m->mr[2] = mode;
    return l4_ipc_call(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 3, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_icu_set_mode(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t mode)
{
    return l4_icu_set_mode_u(icu, irqnum, mode, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_icu_info_u(l4_cap_idx_t icu, l4_icu_info_t *info, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    l4_msgtag_t t;

    m->mr[0] = L4_ICU_OP_INFO;
    t = l4_ipc_call(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 1, 0, 0), L4_IPC_NEVER);
    if (!l4_msgtag_has_error(t) && l4_msgtag_label(t) >= 0 && l4_msgtag_words(t) >= 3) {
        info->features = (unsigned)m->mr[0];
        info->nr_irqs = (unsigned)m->mr[1];
        info->nr_msis = (unsigned)m->mr[2];
    }
    return t;
}

L4_INLINE l4_msgtag_t l4_icu_info(l4_cap_idx_t icu, l4_icu_info_t *info)
{
    return l4_icu_info_u(icu, info, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_icu_msi_info_u(l4_cap_idx_t icu, unsigned irqnum, l4_uint64_t source,
                                        l4_icu_msi_info_t *msi_info, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    l4_msgtag_t t;

    m->mr[0] = L4_ICU_OP_MSI_INFO;
    m->mr[1] = irqnum;
    m->mr[2] = source;
    t = l4_ipc_call(icu, utcb, l4_msgtag(L4_PROTO_IRQ, 3, 0, 0), L4_IPC_NEVER);
    if (!l4_msgtag_has_error(t) && l4_msgtag_label(t) >= 0 && l4_msgtag_words(t) >= 2) {
        msi_info->msi_addr = m->mr[0];
        msi_info->msi_data = (l4_uint32_t)m->mr[1];
    }
    return t;
}

L4_INLINE l4_msgtag_t l4_icu_msi_info(l4_cap_idx_t icu, unsigned irqnum, l4_uint64_t source,
                                      l4_icu_msi_info_t *msi_info)
{
    return l4_icu_msi_info_u(icu, irqnum, source, msi_info, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_icu_control_u(l4_cap_idx_t icu, unsigned irqnum, unsigned op,
                                       l4_umword_t *label, l4_timeout_t to, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    l4_msgtag_t tag = l4_msgtag(L4_PROTO_IRQ, 2, 0, 0);

    m->mr[0] = L4_ICU_OP_UNMASK + op;
    m->mr[1] = irqnum;
    if (label) {
        return l4_ipc_send_and_wait(icu, utcb, tag, label, to);
    }
    return l4_ipc_send(icu, utcb, tag, to);
}

L4_INLINE l4_msgtag_t l4_icu_unmask_u(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t *label,
                                      l4_timeout_t to, l4_utcb_t *utcb)
{
    return l4_icu_control_u(icu, irqnum, L4_ICU_CTL_UNMASK, label, to, utcb);
}

L4_INLINE l4_msgtag_t l4_icu_unmask(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t *label,
                                    l4_timeout_t to)
{
    return l4_icu_unmask_u(icu, irqnum, label, to, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_icu_mask_u(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t *label,
                                    l4_timeout_t to, l4_utcb_t *utcb)
{
    return l4_icu_control_u(icu, irqnum, L4_ICU_CTL_MASK, label, to, utcb);
}

L4_INLINE l4_msgtag_t l4_icu_mask(l4_cap_idx_t icu, unsigned irqnum, l4_umword_t *label,
                                  l4_timeout_t to)
{
    return l4_icu_mask_u(icu, irqnum, label, to, l4_utcb());
}

L4_END_DECLS
