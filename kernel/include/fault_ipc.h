/* SPDX-License-Identifier: MIT */
/*
 * Page-fault and exception IPC (trap.c): the UTCB words a fault IPC borrows
 * from the faulting thread, and the fast path for a page fault whose pager
 * already waits and for the pager's one-item answer (fault_fastpath.c).
 */
#pragma once

#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <arch/regs.h>
#include "ipc_gate.h"
#include "obj_space.h"
#include "task.h"
#include "thread.h"

struct cpu;
struct trap_frame;

/*
 * The answer to a page-fault or exception IPC may map into the whole address
 * space and, as in Fiasco, carry the handler's FP state (L4_MSGTAG_TRANSFER_FPU
 * in the answer: the BDR takes it). The thread's own buffer registers are kept
 * in fault_saved and given back after.
 */
static inline void fault_bufs_borrow(struct thread *t)
{
    l4_buf_regs_t *br = l4_utcb_br_u(t->utcb);
    t->fault_saved.bdr = br->bdr;
    t->fault_saved.br[0] = br->br[0];
    t->fault_saved.br[1] = br->br[1];
    br->bdr = L4_UTCB_INHERIT_FPU;
    br->br[0] = L4_ITEM_MAP;
    br->br[1] = l4_fpage_all().raw;
}

static inline void fault_bufs_return(struct thread *t)
{
    l4_buf_regs_t *br = l4_utcb_br_u(t->utcb);
    br->bdr = t->fault_saved.bdr;
    br->br[0] = t->fault_saved.br[0];
    br->br[1] = t->fault_saved.br[1];
}

/* A page fault's message is two words, and its answer's item lands there: both kept. */
static inline void fault_mrs_borrow(struct thread *t)
{
    l4_umword_t *mr = l4_utcb_mr_u(t->utcb)->mr;
    t->fault_saved.mr[0] = mr[0];
    t->fault_saved.mr[1] = mr[1];
}

static inline void fault_mrs_return(struct thread *t)
{
    l4_umword_t *mr = l4_utcb_mr_u(t->utcb)->mr;
    mr[0] = t->fault_saved.mr[0];
    mr[1] = t->fault_saved.mr[1];
}

/**
 * The thread (and label) a fault message of \a t goes to through its capability \a cap
 * (pager or exception handler): a thread capability, or a gate bound to a thread; NULL
 * if \a cap names neither. Inline: the page-fault fast path asks first.
 */
static inline __attribute__((always_inline)) struct thread *
fault_partner(struct thread *t, l4_cap_idx_t cap, uint64_t *label)
{
    struct cap_slot *slot = (cap & L4_INVALID_CAP_BIT)
                                ? NULL
                                : obj_space_lookup(&t->task->objs, cap >> L4_CAP_SHIFT);
    *label = 0;
    if (!slot) {
        return NULL;
    }
    if (slot->obj->type->fast_kind == KOBJ_FAST_THREAD) {
        return CONTAINER_OF(slot->obj, struct thread, kobj);
    }
    struct thread *dst;
    return ipc_gate_target(slot->obj, slot->rights, &dst, label) ? dst : NULL;
}

/** Whether a page-fault IPC's answer \a tag resolves the fault (no error, label >= 0). */
static inline bool page_fault_answered(l4_msgtag_t tag)
{
    return !(l4_msgtag_flags(tag) & L4_MSGTAG_ERROR) && l4_msgtag_label(tag) >= 0;
}

/**
 * The page fault of \a self (frame \a f; message word 0 \a msg0 = address |
 * flags, word 1 \a pc) when its pager waits for it on this CPU: the message
 * goes straight to the pager, which runs now; returns the pager's frame, or
 * NULL having changed nothing (then the generic fault IPC, trap.c).
 */
struct trap_frame *page_fault_fast(struct cpu *c, struct thread *self, struct trap_frame *f,
                                   uint64_t msg0, uint64_t pc);
/* Tag bits that are exactly "no words, one item, no flags" in an answer fault_reply_fast takes. */
#define FAULT_REPLY_TAG_MASK 0xffffUL
#define FAULT_REPLY_TAG_ONE_ITEM (1UL << 6)

/**
 * The system call in frame \a f of \a self sends one item and nothing else, and
 * the thread self would reply to waits in a fault IPC: fault_reply_fast may take it.
 */
static inline bool fault_reply_shaped(const struct trap_frame *f, const struct thread *self)
{
    return (f->x[0] & FAULT_REPLY_TAG_MASK) == FAULT_REPLY_TAG_ONE_ITEM && self->caller &&
           self->caller->kernel_ipc;
}

/**
 * A reply-and-wait (frame \a f) that answers such a fault with one memory map
 * item: mapped, and the faulting thread resumes at once; returns its frame, or
 * NULL (then the generic path). Only for a call fault_reply_shaped() accepted.
 */
struct trap_frame *fault_reply_fast(struct cpu *c, struct thread *self, struct trap_frame *f);
/**
 * A fault page_fault_fast() sent ends another way (the generic path answered,
 * or the wait was aborted): the rest of the fault's handling, with the answer
 * \a tag (trap.c).
 */
void page_fault_finish(struct thread *t, struct trap_frame *f, l4_msgtag_t tag);
/* Where a thread blocked by page_fault_fast() starts again (switch.S), on its frame. */
extern char fault_fast_resume_entry[];
void fault_fast_resume(struct trap_frame *f);
