// SPDX-License-Identifier: MIT
/*
 * The page-fault fast path: a user page fault whose pager already waits, and
 * the pager's answer that maps memory, each from frame to frame like the IPC
 * fast path (ipc_fastpath.c; doc/kernel.md, "The page-fault fast path").
 *
 * The fault: the pager (a thread capability or a gate bound to a thread, as
 * for the generic fault IPC in trap.c) waits for us on this CPU in a system
 * call (so its wait ends by writing its frame) and has at least our
 * priority. The two message words go straight into its UTCB; we block in a
 * closed wait on it, with the UTCB words a fault IPC borrows saved as the
 * generic one does, so that any answer the generic path delivers works as
 * before. Our results go to fault_out (our frame holds the interrupted user
 * registers) and kernel_ipc keeps the IPC fast path from writing our frame.
 * Should the generic path finish our wait (another answer, a cancel, the
 * pager's death), we start again in fault_fast_resume on our frame and the
 * rest of the fault is handled as in trap.c.
 *
 * The answer: a reply-and-wait with no words, one map item of memory (no
 * grant), a label of 0 or more and no receive timeout, to a thread the fault
 * path blocked that has at least our priority and no return work; nobody
 * queued to send to us, no Irq pending. The item is mapped into the
 * faulting thread's space (the fault's receive window is the whole space),
 * its UTCB words are given back, and it resumes at the faulting instruction
 * while we wait for anyone. A map that fails changes nothing the generic
 * path would not: it is left to that path, which maps again (a repeated map
 * of the same pages is no change, mapdb.c) and reports the error.
 */
#include <arch/arch.h>
#include <l4/sys/consts.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include "fastpath.h"
#include "fault_ipc.h"
#include "fpage_ops.h"
#include "ipc_gate.h"
#include "obj_space.h"
#include "syscall.h"
#include "task.h"

struct trap_frame *page_fault_fast(struct cpu *c, struct thread *self, struct trap_frame *f,
                                   uint64_t msg0, uint64_t pc)
{
    uint64_t label;
    struct thread *pager = fault_partner(self, self->pager, &label);
    if (!pager || !waits_for(c, pager, &self->kobj) || pager->prio < self->prio ||
        self->return_work) {
        return NULL;
    }
    fault_mrs_borrow(self);
    fault_bufs_borrow(self);
    l4_umword_t *mr = l4_utcb_mr_u(pager->utcb)->mr;
    mr[0] = msg0;
    mr[1] = pc;
    struct trap_frame *pf = deliver(pager, (uint64_t)l4_msgtag(L4_PROTO_PAGE_FAULT, 2, 0, 0).raw,
                                    label);
    pager->caller = self;

    self->ipc_status = thread_ipc_status(IPC_RECV_WAIT, false);
    self->rcv_from = &pager->kobj;
    self->ipc_out = self->fault_out;
    self->kernel_ipc = true;
    self->state = THREAD_BLOCKED;
    arch_context_at_frame(&self->ctx, f, fault_fast_resume_entry);
    run_now(c, self, pager);
    return pf;
}

struct trap_frame *fault_reply_fast(struct cpu *c, struct thread *self, struct trap_frame *f)
{
    l4_msgtag_t tag = { .raw = (l4_mword_t)f->x[0] };
    struct thread *dst = self->caller; /* there: the caller checked fault_reply_shaped() */
    if (!arch_context_is_at_frame(&dst->ctx, arch_thread_frame(dst), fault_fast_resume_entry) ||
        (f->x[2] & 0xf) != L4_SYSF_REPLY_AND_WAIT || !(f->x[2] & L4_INVALID_CAP_BIT) ||
        (f->x[3] & 0xffff) || l4_msgtag_label(tag) < 0 ||
        !ipc_accepts(dst, &self->kobj) || dst->rcv_from != &self->kobj ||
        dst->state_cpu != c->blocked_here || dst->kobj.dead || dst->return_work ||
        dst->prio < self->prio || !list_empty(&self->senders) || !list_empty(&self->irq_pending)) {
        return NULL;
    }
    l4_umword_t *mr = l4_utcb_mr_u(self->utcb)->mr;
    l4_umword_t ctrl = mr[0];
    l4_fpage_t fp = { .raw = mr[1] };
    if ((ctrl & (L4_ITEM_MAP | L4_MAP_ITEM_GRANT)) != L4_ITEM_MAP ||
        ((fp.raw >> L4_FPAGE_TYPE_SHIFT) & 3) != L4_FPAGE_MEMORY ||
        fpage_map(self->task, fp, dst->space_task, l4_fpage_all(), ctrl, false,
                  ctrl & (L4_FPAGE_C_OBJ_RIGHTS | L4_FPAGE_C_NO_REF_CNT)) < 0) {
        return NULL;
    }
    /* Resolved: what page_fault_finish() would do for this answer, then the thread runs.
     * Its mr0 and mr1 are as they were: only a generic answer writes them. */
    fault_bufs_return(dst);
    dst->ipc_status = thread_ipc_status(0, true);
    dst->kernel_ipc = false;
    self->caller = NULL;
    block_in_receive(self, f, NULL);
    run_now(c, self, dst);
    return arch_thread_frame(dst);
}

void fault_fast_resume(struct trap_frame *f)
{
    struct thread *t = current_thread();
    ipc_wait_finish(t);
    t->kernel_ipc = false;
    page_fault_finish(t, f, (l4_msgtag_t){ .raw = (l4_mword_t)t->fault_out[0] });
    trap_user_return(f);
}
