/* SPDX-License-Identifier: MIT */
/*
 * IRQ objects (Irq_sender): asynchronous notification of a bound thread,
 * triggered by software or by a hardware interrupt bound through the ICU.
 */
#pragma once

#include <bsp/irqchip.h>
#include "base.h"
#include "kobj.h"
#include "list.h"

struct thread;

struct irq {
    struct kobj kobj;
    struct thread *thread;     /* bound receiver (counted reference) or NULL */
    uint64_t label;
    bool pending;              /* triggered, not yet received */
    struct list pending_link;  /* in thread->irq_pending while pending */
    int hw;                    /* bound interrupt line, or -1 */
};

extern const struct kobj_type irq_type;

/**
 * For the IPC fast path: the thread bound to Irq \a o and the label it
 * receives, if a trigger would deliver to it now (bound, nothing pending).
 */
static inline bool irq_fast_target(struct kobj *o, struct thread **thread, uint64_t *label)
{
    struct irq *irq = CONTAINER_OF(o, struct irq, kobj);
    if (!irq->thread || irq->pending) {
        return false;
    }
    *thread = irq->thread;
    *label = irq->label;
    return true;
}

/**
 * Unmask the line of \a irq, routed to the CPU of its bound thread: a shared
 * interrupt (SPI) arrives where its handler runs.
 */
void irq_hw_unmask(struct irq *irq);

/**
 * For the IPC fast path: the EOI of l4_irq_receive when nothing is pending
 * (unmasks a hardware line); false, doing nothing, if a trigger is pending.
 */
static inline bool irq_fast_eoi(struct kobj *o)
{
    struct irq *irq = CONTAINER_OF(o, struct irq, kobj);
    if (irq->pending) {
        return false;
    }
    if (__builtin_expect(irq->hw >= 0, 0)) { /* the call needs a stack frame: out of line */
        irq_hw_unmask(irq);
    }
    return true;
}
/** Trigger: deliver now if the thread waits for it, else mark it pending (once). */
void irq_trigger(struct irq *irq);
/** Unmask line \a intid as irq_hw_unmask() if an Irq is bound to it; false if none is. */
bool irq_hw_unmask_line(unsigned intid);
/** A hardware interrupt arrived on \a intid: mask it and trigger its Irq; false if unbound. */
bool irq_hw_fire(unsigned intid);
/** Bind/unbind an Irq to a hardware line (ICU). */
int irq_hw_bind(struct irq *irq, unsigned intid);
int irq_hw_unbind(struct irq *irq, unsigned intid);
