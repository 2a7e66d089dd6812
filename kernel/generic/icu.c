// SPDX-License-Identifier: MIT
/*
 * The kernel's ICU (L4_BASE_ICU_CAP, protocol L4_PROTO_IRQ): binds Irq
 * objects to the interrupt controller's shared lines (SPIs, ids 32 and
 * up; lower ids are the CPU-private lines the kernel owns), reports the
 * number of lines, masks and unmasks. Protocol L4_PROTO_PLATFORM_CTL on the
 * same object (power off, reboot) is platform_ctl.c's.
 */
#include <bsp/irqchip.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/icu.h>
#include <l4/sys/platform_control.h>
#include <l4/sys/types.h>
#include "console.h"
#include "icu.h"
#include "invocation.h"
#include "irq.h"
#include "platform_ctl.h"
#include "task.h"
#include "thread.h"

#define ICU_FIRST_USER_IRQ 32
#define ICU_EL0_VTIMER_IRQ 27

/*
 * Lines users may bind: the shared lines, plus the EL0 virtual timer (PPI
 * 27), which user code can program itself (CNTKCTL_EL1.EL0VTEN) and which
 * the kernel does not use; it gives tests a real hardware interrupt source.
 */
static bool irqnum_valid(l4_umword_t n)
{
    return (n >= ICU_FIRST_USER_IRQ && n < bsp_irq_count()) || n == ICU_EL0_VTIMER_IRQ;
}

/* The Irq named by the item at mr2..3 and the rights of that capability. */
static struct irq *item_irq(struct invocation *inv, unsigned *rights)
{
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    if (l4_msgtag_items(inv->tag) < 1) {
        return NULL;
    }
    struct kobj *o = task_lookup(inv->caller->task, mr[3] & L4_FPAGE_ADDR_MASK, &irq_type, rights);
    return o ? CONTAINER_OF(o, struct irq, kobj) : NULL;
}

/* op: L4_ICU_OP_BIND / L4_ICU_OP_UNBIND, rights: none (W on the Irq), proto: L4_PROTO_IRQ */
static void icu_op_bind(struct invocation *inv, bool bind)
{
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    if (l4_msgtag_words(inv->tag) < 2) {
        invocation_error(inv, -L4_EMSGTOOSHORT);
        return;
    }
    unsigned rights = 0;
    struct irq *irq = item_irq(inv, &rights);
    if (!irq || !irqnum_valid(mr[1])) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    if (!(rights & L4_CAP_FPAGE_W)) {
        invocation_error(inv, -L4_EPERM);
        return;
    }
    invocation_error(inv, bind ? irq_hw_bind(irq, (unsigned)mr[1])
                               : irq_hw_unbind(irq, (unsigned)mr[1]));
}

/* op: L4_ICU_OP_INFO, rights: none, proto: L4_PROTO_IRQ */
static void icu_op_info(struct invocation *inv)
{
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    mr[0] = 0;
    mr[1] = bsp_irq_count();
    mr[2] = 0;
    invocation_reply(inv, l4_msgtag(0, 3, 0, 0));
}

/* op: L4_ICU_OP_UNMASK / L4_ICU_OP_MASK, rights: none, proto: L4_PROTO_IRQ */
static void icu_op_mask(struct invocation *inv, bool unmask)
{
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    if (l4_msgtag_words(inv->tag) < 2 || !irqnum_valid(mr[1])) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    if (unmask) {
        if (!irq_hw_unmask_line((unsigned)mr[1])) {
            bsp_irq_unmask((unsigned)mr[1]);
        }
    } else {
        bsp_irq_mask((unsigned)mr[1]);
    }
    invocation_reply(inv, l4_msgtag(0, 0, 0, 0));
}

/*
 * The trigger of L4_IRQ_F_* mode \a mode: 1 edge, 0 level, -1 for what the GIC
 * cannot do (active-low levels, falling or both edges) or what is no mode.
 */
static int icu_trigger_of(l4_umword_t mode)
{
    switch (mode & L4_IRQ_F_MASK) {
    case L4_IRQ_F_LEVEL_HIGH: return 0;
    case L4_IRQ_F_POS_EDGE: return 1;
    default: return -1;
    }
}

/* op: L4_ICU_OP_SET_MODE, rights: none, proto: L4_PROTO_IRQ */
static void icu_op_set_mode(struct invocation *inv)
{
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    if (l4_msgtag_words(inv->tag) < 3 || !irqnum_valid(mr[1])) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    l4_umword_t mode = mr[2];
    if (mode & ~(l4_umword_t)(L4_IRQ_F_MASK | L4_IRQ_F_SET_WAKEUP | L4_IRQ_F_CLEAR_WAKEUP)) {
        invocation_error(inv, -L4_EINVAL);  /* bits no mode has */
        return;
    }
    if (mode & (L4_IRQ_F_SET_WAKEUP | L4_IRQ_F_CLEAR_WAKEUP)) {
        invocation_error(inv, -L4_ENOSYS);  /* no system suspend: nothing to wake from */
        return;
    }
    if (!(mode & L4_IRQ_F_SET_MODE)) {
        /* trigger bits without "the mode is valid" are a mistake; nothing is no change */
        if (mode & L4_IRQ_F_MASK) {
            invocation_error(inv, -L4_EINVAL);
        } else {
            invocation_reply(inv, l4_msgtag(0, 0, 0, 0));
        }
        return;
    }
    int edge = icu_trigger_of(mode);
    if (edge < 0 || bsp_irq_set_trigger((unsigned)mr[1], edge) < 0) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    invocation_reply(inv, l4_msgtag(0, 0, 0, 0));
}

static void icu_invoke(struct kobj *obj, unsigned rights, struct invocation *inv)
{
    (void)obj;
    long proto = l4_msgtag_label(inv->tag);
    if (proto == L4_PROTO_PLATFORM_CTL) {
        platform_ctl_invoke(rights, inv);
        return;
    }
    if (proto != L4_PROTO_IRQ) {
        invocation_error(inv, -L4_EBADPROTO);
        return;
    }
    if (l4_msgtag_words(inv->tag) < 1) {
        invocation_error(inv, -L4_EMSGTOOSHORT);
        return;
    }
    switch (l4_utcb_mr_u(inv->utcb)->mr[0]) {
    case L4_ICU_OP_BIND: icu_op_bind(inv, true); break;
    case L4_ICU_OP_UNBIND: icu_op_bind(inv, false); break;
    case L4_ICU_OP_INFO: icu_op_info(inv); break;
    case L4_ICU_OP_UNMASK: icu_op_mask(inv, true); break;
    case L4_ICU_OP_MASK: icu_op_mask(inv, false); break;
    case L4_ICU_OP_SET_MODE: icu_op_set_mode(inv); break;
    default: invocation_error(inv, -L4_ENOSYS); break;
    }
}

static const struct kobj_type icu_type = {
    .name = "Icu",
    .invoke = icu_invoke,
};

struct kobj icu_object = KOBJ_STATIC(&icu_type);
