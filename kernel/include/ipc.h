/* SPDX-License-Identifier: MIT */
/*
 * Synchronous IPC: send, receive (open or closed wait), call, reply and
 * reply-and-wait, with send and receive timeouts, untyped words and typed
 * map items. Objects that forward IPC (Thread, Ipc_gate, Irq) call in here.
 */
#pragma once

#include <arch/regs.h>
#include "base.h"
#include "thread.h"

struct invocation;
struct thread;
struct kobj;

/**
 * The IPC system call towards \a dst (NULL: no destination; the send phase,
 * if requested, fails) delivering \a label. \a rights are the rights of the
 * capability used (S masks transferred capabilities). \a rcv_from is the
 * closed-wait partner for a receive without call (NULL = \a dst).
 */
void ipc_invoke(struct invocation *inv, struct thread *dst, uint64_t label, unsigned rights,
                struct kobj *rcv_from);
/** Receive-only IPC of the current thread (the special selector or an Irq). */
void ipc_receive_only(struct invocation *inv, struct kobj *rcv_from);
/**
 * Kernel-made call from the current thread to \a dst (page fault, exception): the
 * message is in the thread's UTCB; blocks until the reply. Returns the reply tag,
 * or a tag with L4_MSGTAG_ERROR if the IPC failed.
 */
uint64_t ipc_kernel_call(struct thread *dst, uint64_t label, uint64_t tag);
struct cap_slot;
struct cpu;
/**
 * The common case of call and reply-and-wait, decided before the generic
 * path (ipc_fastpath.c): words only, no receive timeout, the partner already
 * waiting for us and at least our priority. \a slot is the looked-up
 * capability of the selector (NULL if none). Returns the partner's frame,
 * to return to user mode through, or NULL (having changed nothing) when the
 * generic path must handle the system call.
 */
struct trap_frame *ipc_fastpath(struct cpu *c, struct thread *self, struct trap_frame *f,
                                struct cap_slot *slot);
/** A thread blocked by the fast path runs again (switched to by the scheduler). */
void ipc_fast_resume(struct trap_frame *f);
/**
 * The end of a blocking IPC wait of \a self: unless a partner completed it,
 * leave the send queue and report the timeout or abort as the IPC error.
 */
void ipc_wait_finish(struct thread *self);
/** Whether \a rcv waits to receive from \a from: an open wait, or one closed on it. */
static inline bool ipc_accepts(const struct thread *rcv, const struct kobj *from)
{
    return (rcv->ipc & IPC_RECV_WAIT) && (rcv->rcv_from == NULL || rcv->rcv_from == from);
}

/** A thread dies: wake everyone waiting on it with an error, leave every queue. */
void ipc_thread_dying(struct thread *t);
/** \a partner (a thread or an Irq) dies: closed waits on it end with ENOT_EXISTENT. */
void ipc_partner_gone(struct kobj *partner);
/** Cancel the IPC a thread is blocked in (ex_regs cancel). */
void ipc_cancel(struct thread *t);
/** Deliver an Irq message to \a t if it waits for it; false if it must stay pending. */
bool ipc_deliver_irq(struct thread *t, struct kobj *irq, uint64_t label);
