/* SPDX-License-Identifier: MIT */
/*
 * The steps the fast paths share (ipc_fastpath.c, fault_fastpath.c): who can
 * be finished by writing its frame, finishing it, and the frame-to-frame
 * hand-off. Always inlined: a fast path calls nothing, so it needs no stack
 * frame (doc/kernel.md, "The IPC fast path").
 */
#pragma once

#include <arch/arch.h>
#include "ipc.h"
#include "sched.h"
#include "thread.h"
#include "timeout.h"

/*
 * \a dst waits to receive from \a from (open, or closed on it) and its wait
 * ends by writing its user frame: no kernel work is pending in its stack.
 */
static inline __attribute__((always_inline)) bool waits_for(struct cpu *c, struct thread *dst,
                                                            struct kobj *from)
{
    /* Blocked, and here: a partner of another CPU runs there (the generic path queues it
     * and interrupts that CPU). */
    return ipc_accepts(dst, from) && dst->state_cpu == c->blocked_here && !dst->kobj.dead &&
           !dst->frame_blockers; /* no kernel-made IPC (ipc_out is its frame), no return work */
}

/* Complete \a dst's receive with \a tag and \a label in its frame; returns the frame. */
static inline __attribute__((always_inline)) struct trap_frame *
deliver(struct thread *dst, uint64_t tag, uint64_t label)
{
    struct trap_frame *df = arch_thread_frame(dst);
    df->x[0] = tag;
    df->x[1] = label;
    dst->ipc_status = thread_ipc_status(0, true); /* its wait is over: done, no error */
    if (timeout_armed(&dst->timeout)) {
        timeout_cancel(&dst->timeout); /* a receive timeout the generic path armed */
    }
    return df;
}

/* \a dst (just delivered to) runs now instead of \a self. */
static inline __attribute__((always_inline)) void run_now(struct cpu *c, struct thread *self,
                                                          struct thread *dst)
{
    dst->state = THREAD_READY;
    c->current = dst;
    arch_thread_switch_in_user(&c->arch, self, dst); /* dst is a user thread */
}

/* We block in a receive (closed on \a from, or open) that ends by writing frame \a f. */
static inline __attribute__((always_inline)) void block_in_receive(struct thread *self,
                                                                   struct trap_frame *f,
                                                                   struct kobj *from)
{
    self->ipc_status = thread_ipc_status(IPC_RECV_WAIT, false);
    self->rcv_from = from;
    self->ipc_out = &f->x[0];
    self->state = THREAD_BLOCKED;
    arch_context_at_frame(&self->ctx, f, ipc_fast_resume_entry);
}
