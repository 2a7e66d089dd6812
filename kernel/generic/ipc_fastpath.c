// SPDX-License-Identifier: MIT
/*
 * The IPC fast path: call and reply-and-wait in the common case, from the
 * system call's register frame straight to the partner's (doc/kernel.md,
 * "The IPC fast path"). Taken when
 *   - the message has untyped words only (no items, no TRANSFER_FPU, SCHEDULE or
 *     PROPAGATE flag) and no receive timeout
 *     (the send timeout does not matter: the partner already waits);
 *   - a call goes through a thread or bound-gate capability and is IPC,
 *     not an object operation; a reply-and-wait uses the reply capability
 *     and nobody is queued to send to us and no Irq is pending;
 *   - the partner waits for exactly this (open, or closed on us), has at
 *     least our priority, and its wait was made by a system call, so that
 *     finishing it means writing its user frame (ipc_out points there) and
 *     nothing in its kernel stack needs to run first (nor on its way to
 *     user mode: no triggered exception, no alien-thread report);
 *   - we are no alien thread and no vCPU (syscall_entry() sends both to the
 *     generic path: thread->syscall_divert), and the partner is no vCPU
 *     (THREAD_RETURN_VCPU, checked with the return work above: events may
 *     enter it on its way to user mode; vcpu.c).
 * Everything else returns NULL having changed nothing, and the generic path
 * (ipc.c) handles it with the same results.
 *
 * The hand-off: we block in a receive and the partner becomes the running
 * thread; no ready queue changes (the running thread is on none, sched.c).
 * Our kernel stack is given up: our context is set so that, should the
 * generic path ever switch back to us (a reply it delivers, a cancel, the
 * partner's death), we start again in ipc_fast_resume on our frame.
 */
#include <arch/arch.h>
#include <l4/sys/consts.h>
#include <l4/sys/irq.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include "fastpath.h"
#include "ipc.h"
#include "ipc_gate.h"
#include "irq.h"
#include "obj_space.h"
#include "sched.h"
#include "task.h"
#include "thread.h"
#include "timeout.h"

/* Items, and the tag flags whose effects only the generic path has (ipc.c): TRANSFER_FPU,
 * SCHEDULE, PROPAGATE. One mask, so taking them out of the fast path costs nothing. */
#define TAG_ITEMS_MASK ((0x3fUL << 6) | L4_MSGTAG_TRANSFER_FPU | L4_MSGTAG_SCHEDULE | \
                        L4_MSGTAG_PROPAGATE)

/*
 * Message words (at least one), four a step with post-indexed load and store
 * pairs and a count down, then a pair and a word. In assembly because the
 * compiler's loop needed twice the instructions around it; not memcpy: the
 * fast path calls nothing, so it needs no stack frame.
 */
static inline __attribute__((always_inline)) void copy_words(l4_umword_t *to,
                                                             const l4_umword_t *from,
                                                             unsigned long words)
{
    unsigned long n = words >> 2, a, b, c, d;
    __asm__ volatile("cbz   %[n], 2f\n"
                     "1:    ldp   %[a], %[b], [%[from], #16]\n"
                     "      ldp   %[c], %[d], [%[from]], #32\n"
                     "      stp   %[a], %[b], [%[to], #16]\n"
                     "      stp   %[c], %[d], [%[to]], #32\n"
                     "      subs  %[n], %[n], #1\n"
                     "      b.ne  1b\n"
                     "2:    tbz   %[w], #1, 3f\n"
                     "      ldp   %[a], %[b], [%[from]], #16\n"
                     "      stp   %[a], %[b], [%[to]], #16\n"
                     "3:    tbz   %[w], #0, 4f\n"
                     "      ldr   %[a], [%[from]]\n"
                     "      str   %[a], [%[to]]\n"
                     "4:\n"
                     : [n] "+r"(n), [from] "+r"(from), [to] "+r"(to), [a] "=&r"(a),
                       [b] "=&r"(b), [c] "=&r"(c), [d] "=&r"(d)
                     : [w] "r"(words)
                     : "cc", "memory");
}

/*
 * An Irq trigger (send-only, no words or the trigger opcode) that completes
 * a receiver's wait. A higher-priority receiver runs at once and we are
 * preempted, first in line at our priority, with the trigger's result
 * already in our frame. A receiver of our priority or below becomes ready
 * (at the back of its level) and we run on: its receive is over, so it will
 * start from its frame as a preempted thread does (and a blocking receive of
 * ours can switch to it through irq_receive_fast).
 */
static struct trap_frame *irq_trigger_fast(struct cpu *c, struct thread *self,
                                           struct trap_frame *f, struct cap_slot *slot)
{
    struct thread *dst;
    uint64_t label;
    l4_msgtag_t tag = { .raw = (l4_mword_t)f->x[0] };
    if (l4_msgtag_label(tag) != L4_PROTO_IRQ || (tag.raw & TAG_ITEMS_MASK) ||
        l4_msgtag_words(tag) > 1 ||
        (l4_msgtag_words(tag) == 1 && l4_utcb_mr_u(self->utcb)->mr[0] != L4_IRQ_OP_TRIGGER) ||
        !irq_fast_target(slot->obj, &dst, &label) || !waits_for(c, dst, slot->obj)) {
        return NULL;
    }
    struct trap_frame *df = deliver(dst, 0, label);
    f->x[0] = (uint64_t)l4_msgtag(0, 0, 0, 0).raw;
    if (dst->prio <= self->prio) {
        arch_context_at_frame(&dst->ctx, df, preempted_resume_entry);
        sched_ready_behind(c, dst);
        return f;
    }
    sched_preempted(c, self);
    arch_context_at_frame(&self->ctx, f, preempted_resume_entry);
    run_now(c, self, dst);
    return df;
}

/* The partner of a call through \a slot, or NULL if it is no fast IPC. */
static struct thread *call_partner(struct cap_slot *slot, l4_msgtag_t tag, uint64_t *label)
{
    struct kobj *o = slot->obj;
    if (!kobj_invocation_is_ipc(o, l4_msgtag_label(tag), L4_SYSF_CALL)) {
        return NULL; /* an object operation, or an object that takes no IPC */
    }
    if (o->type->fast_kind == KOBJ_FAST_THREAD) {
        return CONTAINER_OF(o, struct thread, kobj);
    }
    struct thread *dst;
    return ipc_gate_target(o, slot->rights, &dst, label) ? dst : NULL; /* NULL: unbound */
}

/*
 * l4_irq_receive (EOI, then a closed wait on the Irq) with nothing pending,
 * when the thread to run next is one the fast path preempted (typically the
 * one whose trigger woke us): it runs at once from its frame.
 */
static struct trap_frame *irq_receive_fast(struct cpu *c, struct thread *self,
                                           struct trap_frame *f, struct cap_slot *slot)
{
    l4_msgtag_t tag = { .raw = (l4_mword_t)f->x[0] };
    if (l4_msgtag_label(tag) != L4_PROTO_IRQ || l4_msgtag_words(tag) != 1 ||
        l4_utcb_mr_u(self->utcb)->mr[0] != L4_IRQ_OP_EOI || !list_empty(&self->irq_pending) ||
        c->need_resched) {
        return NULL;
    }
    struct thread *next = sched_peek_next(c);
    if (!next ||
        !arch_context_is_at_frame(&next->ctx, arch_thread_frame(next), preempted_resume_entry) ||
        thread_has_return_work(next) ||
        !irq_fast_eoi(slot->obj)) {
        return NULL;
    }
    block_in_receive(self, f, slot->obj);
    sched_take(c, next);
    run_now(c, self, next);
    return arch_thread_frame(next);
}

struct trap_frame *ipc_fastpath(struct cpu *c, struct thread *self, struct trap_frame *f,
                                struct cap_slot *slot)
{
    l4_msgtag_t tag = { .raw = (l4_mword_t)f->x[0] };
    unsigned flags = f->x[2] & 0xf;
    uint64_t label = f->x[1];
    struct thread *dst;

    bool plain = !(tag.raw & TAG_ITEMS_MASK) && !(f->x[3] & 0xffff); /* no items, no timeout */
    if (slot && slot->obj->type->fast_kind == KOBJ_FAST_IRQ) {
        if (flags == L4_SYSF_SEND) {
            return irq_trigger_fast(c, self, f, slot);
        }
        return flags == L4_SYSF_CALL && plain ? irq_receive_fast(c, self, f, slot) : NULL;
    }
    if (!plain) {
        return NULL;
    }
    if (flags == L4_SYSF_CALL && slot) {
        dst = call_partner(slot, tag, &label);
        if (!dst || !waits_for(c, dst, &self->kobj) || dst->prio < self->prio) {
            return NULL;
        }
        dst->caller = self;
        self->rcv_from = &dst->kobj;
    } else if (flags == L4_SYSF_REPLY_AND_WAIT && (f->x[2] & L4_INVALID_CAP_BIT)) {
        dst = self->caller;
        if (!dst || dst->rcv_from != &self->kobj || !waits_for(c, dst, &self->kobj) ||
            dst->prio < self->prio || !list_empty(&self->senders) ||
            !list_empty(&self->irq_pending)) {
            return NULL;
        }
        self->caller = NULL;
        self->rcv_from = NULL;
        label = 0;
    } else {
        return NULL;
    }

    /* The message: words from our UTCB to the partner's, tag and label to its frame. */
    unsigned words = l4_msgtag_words(tag);
    if (words) { /* many calls and replies carry none */
        copy_words(l4_utcb_mr_u(dst->utcb)->mr, l4_utcb_mr_u(self->utcb)->mr, words);
    }
    struct trap_frame *df = deliver(dst, (uint64_t)(tag.raw & ~(l4_mword_t)L4_MSGTAG_ERROR), label);

    /* We wait for the answer (call) or for anyone (reply and wait), without a timeout. */
    block_in_receive(self, f, self->rcv_from);
    run_now(c, self, dst);
    return df;
}

void ipc_fast_resume(struct trap_frame *f)
{
    ipc_wait_finish(current_thread());
    trap_user_return(f);
}
