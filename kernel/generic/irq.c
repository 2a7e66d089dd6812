// SPDX-License-Identifier: MIT
/*
 * The Irq object (protocols L4_PROTO_IRQ, L4_PROTO_IRQ_SENDER, and the
 * receive-endpoint bind of L4_PROTO_KOBJECT). A trigger is delivered as an
 * IPC with tag 0 and the bind label if the bound thread waits (open, or
 * closed on this Irq); otherwise the Irq is marked pending on the thread
 * and delivered by its next matching receive. A second trigger while
 * pending is absorbed, as with an interrupt line. Hardware lines bound
 * through the ICU are masked when they fire and unmasked by the EOI/unmask
 * operation.
 */
#include <bsp/irqchip.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/irq.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/types.h>
#include "invocation.h"
#include "ipc.h"
#include "irq.h"
#include "quota.h"
#include "rcv_ep.h"
#include "sched.h"
#include "thread.h"

#define HW_IRQ_MAX 1020
static struct irq *hw_irqs[HW_IRQ_MAX];

static void irq_unpend(struct irq *irq)
{
    if (irq->pending) {
        list_unlink(&irq->pending_link);
        irq->pending = false;
    }
}

static void irq_detach(struct irq *irq)
{
    irq_unpend(irq);
    if (irq->thread) {
        kobj_put(&irq->thread->kobj);
        irq->thread = NULL;
    }
}

static void irq_kill(struct kobj *o)
{
    struct irq *irq = CONTAINER_OF(o, struct irq, kobj);
    irq_detach(irq);
    ipc_partner_gone(o);
    if (irq->hw >= 0) {
        bsp_irq_mask((unsigned)irq->hw);
        hw_irqs[irq->hw] = NULL;
        irq->hw = -1;
    }
}

static void irq_destroy(struct kobj *o)
{
    quota_free(o->quota, CONTAINER_OF(o, struct irq, kobj), sizeof(struct irq));
}

static void irq_invoke(struct kobj *obj, unsigned rights, struct invocation *inv);

const struct kobj_type irq_type = {
    .name = "Irq",
    .invoke = irq_invoke,
    .kill = irq_kill,
    .destroy = irq_destroy,
    .fast_kind = KOBJ_FAST_IRQ,
};

void irq_trigger(struct irq *irq)
{
    struct thread *t = irq->thread;
    if (!t || t->state == THREAD_DEAD || irq->pending) {
        return;
    }
    if (!ipc_deliver_irq(t, &irq->kobj, irq->label)) {
        irq->pending = true;
        list_push_back(&t->irq_pending, &irq->pending_link);
    }
}

bool irq_take_pending(struct list *link, struct kobj *from, uint64_t *label);

bool irq_take_pending(struct list *link, struct kobj *from, uint64_t *label)
{
    struct irq *irq = CONTAINER_OF(link, struct irq, pending_link);
    if (from && from != &irq->kobj) {
        return false;
    }
    irq_unpend(irq);
    *label = irq->label;
    return true;
}

void irq_thread_dying(struct thread *t);

void irq_thread_dying(struct thread *t)
{
    while (!list_empty(&t->irq_pending)) {
        struct irq *irq = CONTAINER_OF(t->irq_pending.next, struct irq, pending_link);
        irq_unpend(irq);
    }
}

void irq_hw_unmask(struct irq *irq)
{
    if (irq->thread) {
        bsp_irq_route((unsigned)irq->hw, cpus[irq->thread->cpu].hw_id);
    }
    bsp_irq_unmask((unsigned)irq->hw);
}

bool irq_hw_unmask_line(unsigned intid)
{
    if (intid >= HW_IRQ_MAX || !hw_irqs[intid]) {
        return false;
    }
    irq_hw_unmask(hw_irqs[intid]);
    return true;
}

bool irq_hw_fire(unsigned intid)
{
    if (intid >= HW_IRQ_MAX || !hw_irqs[intid]) {
        return false;
    }
    bsp_irq_mask(intid);
    irq_trigger(hw_irqs[intid]);
    return true;
}

int irq_hw_bind(struct irq *irq, unsigned intid)
{
    if (intid >= HW_IRQ_MAX) {
        return -L4_EINVAL;
    }
    if (hw_irqs[intid] || irq->hw >= 0) {
        return hw_irqs[intid] == irq ? 0 : -L4_EBUSY;
    }
    hw_irqs[intid] = irq;
    irq->hw = (int)intid;
    return 0;
}

int irq_hw_unbind(struct irq *irq, unsigned intid)
{
    if (intid >= HW_IRQ_MAX || hw_irqs[intid] != irq) {
        return -L4_EINVAL;
    }
    bsp_irq_mask(intid);
    hw_irqs[intid] = NULL;
    irq->hw = -1;
    return 0;
}

/* op: L4_RCV_EP_BIND_OP, rights: S (irq and thread), proto: L4_PROTO_KOBJECT */
static void irq_op_bind(struct irq *irq, unsigned rights, struct invocation *inv)
{
    struct thread *t;
    uint64_t label;
    if (!rcv_ep_decode_bind(inv, rights, &t, &label)) {
        return;
    }
    irq_detach(irq);
    kobj_get(&t->kobj);
    irq->thread = t;
    irq->label = label;
    invocation_reply(inv, l4_msgtag(0, 0, 0, 0));
}

/* op: L4_IRQ_SENDER_OP_DETACH, rights: S, proto: L4_PROTO_IRQ_SENDER */
static void irq_op_detach(struct irq *irq, unsigned rights, struct invocation *inv)
{
    if (!(rights & L4_CAP_FPAGE_S)) {
        invocation_error(inv, -L4_EPERM);
        return;
    }
    if (!irq->thread) {
        invocation_error(inv, -L4_ENOENT);
        return;
    }
    irq_detach(irq);
    invocation_reply(inv, l4_msgtag(0, 0, 0, 0));
}

/* proto: L4_PROTO_IRQ: 0 words or op 2 = trigger, op 4 = EOI/unmask (then maybe receive) */
static void irq_op_irq(struct irq *irq, struct invocation *inv)
{
    unsigned words = l4_msgtag_words(inv->tag);
    unsigned long op = words ? l4_utcb_mr_u(inv->utcb)->mr[0] : L4_IRQ_OP_TRIGGER;
    if (op == L4_IRQ_OP_TRIGGER) {
        irq_trigger(irq);
    } else if (op == L4_IRQ_OP_EOI) {
        /* A line whose last interrupt is still undelivered stays masked: the
         * EOI acknowledges an interrupt the receiver has seen. */
        if (irq->hw >= 0 && !irq->pending) {
            irq_hw_unmask(irq);
        }
    } else {
        invocation_error(inv, -L4_ENOSYS);
        return;
    }
    if (inv->flags & L4_SYSF_RECV) {
        ipc_receive_only(inv, &irq->kobj);
    } else {
        invocation_reply(inv, l4_msgtag(0, 0, 0, 0));
    }
}

static void irq_invoke(struct kobj *obj, unsigned rights, struct invocation *inv)
{
    struct irq *irq = CONTAINER_OF(obj, struct irq, kobj);
    long proto = l4_msgtag_label(inv->tag);
    unsigned long op = l4_msgtag_words(inv->tag) ? l4_utcb_mr_u(inv->utcb)->mr[0] : ~0UL;
    if (!(inv->flags & L4_SYSF_SEND)) {
        ipc_receive_only(inv, &irq->kobj);
    } else if (proto == L4_PROTO_IRQ) {
        irq_op_irq(irq, inv);
    } else if (proto == L4_PROTO_KOBJECT && op == L4_RCV_EP_BIND_OP) {
        irq_op_bind(irq, rights, inv);
    } else if (proto == L4_PROTO_IRQ_SENDER && op == L4_IRQ_SENDER_OP_DETACH) {
        irq_op_detach(irq, rights, inv);
    } else if (proto == L4_PROTO_IRQ_SENDER || proto == L4_PROTO_KOBJECT) {
        invocation_error(inv, -L4_ENOSYS);
    } else {
        invocation_error(inv, -L4_EBADPROTO);
    }
}

struct kobj *irq_factory_create(struct quota *q, struct invocation *inv, long *err);

struct kobj *irq_factory_create(struct quota *q, struct invocation *inv, long *err)
{
    (void)inv;
    struct irq *irq = quota_alloc(q, sizeof(*irq));
    if (!irq) {
        *err = -L4_ENOMEM;
        return NULL;
    }
    kobj_init(&irq->kobj, &irq_type, q);
    list_init(&irq->pending_link);
    irq->hw = -1;
    return &irq->kobj;
}
