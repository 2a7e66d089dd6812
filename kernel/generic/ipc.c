// SPDX-License-Identifier: MIT
/*
 * Synchronous IPC (see ipc.h and doc/kernel.md, "The IPC path").
 *
 * A send meets a receiver that already waits: the message is copied from
 * the sender's UTCB into the receiver's, typed items are mapped, and the
 * receiver is made ready; a call then waits for the reply in a closed wait
 * on the callee, which holds the implicit reply capability (`caller`).
 * Otherwise the sender queues on the receiver (bounded by its send
 * timeout) and the receiver takes it from the queue when it next waits.
 * A blocked thread's wait is completed by its partner, who writes the
 * results through `ipc_out` and sets `ipc_done`; a thread that wakes
 * without `ipc_done` was timed out or aborted and reports that.
 * Error codes follow L4Re: send-phase codes are even, receive-phase odd.
 * The tag's flags act here (the fast path leaves such messages to us,
 * syscall.c): L4_MSGTAG_TRANSFER_FPU (transfer_flags), L4_MSGTAG_SCHEDULE
 * (handoff_to), L4_MSGTAG_PROPAGATE (ipc_op, transfer_flags).
 */
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/types.h>
#include "fpage_ops.h"
#include "invocation.h"
#include "ipc.h"
#include "ipc_gate.h"
#include "obj_space.h"
#include "sched.h"
#include "task.h"
#include "thread.h"
#include "timeout.h"

static uint64_t ok_tag(void)
{
    return (uint64_t)l4_msgtag(0, 0, 0, 0).raw;
}

static void complete(struct thread *t, uint64_t tag, uint64_t label)
{
    t->ipc_out[0] = tag;
    t->ipc_out[1] = label;
    t->ipc_done = true;
    t->ipc = 0;
}

static void complete_error(struct thread *t, unsigned code)
{
    l4_utcb_tcr_u(t->utcb)->error = code;
    complete(t, (uint64_t)l4_msgtag(0, 0, 0, L4_MSGTAG_ERROR).raw, t->ipc_out[1]);
}

/*
 * L4_RCV_ITEM_LOCAL_ID: instead of mapping a capability the receiver may
 * already name, deliver its identity in the return item (word 1): the raw
 * flexpage if sender and receiver share the task (type 6), or the gate
 * label | W/S if it is an IPC gate bound to a thread of the receiver's task
 * (type 4). Returns false if neither applies (then it is mapped as usual).
 */
static bool local_id(struct thread *snd, struct thread *rcv, l4_fpage_t fp, l4_umword_t *ret)
{
    if (((fp.raw >> L4_FPAGE_TYPE_SHIFT) & 3) != L4_FPAGE_OBJ) {
        return false;
    }
    if (snd->task == rcv->task) {
        ret[0] |= 6;
        ret[1] = fp.raw;
        return true;
    }
    unsigned rights = 0;
    struct kobj *o = task_lookup(snd->task, fp.raw & L4_FPAGE_ADDR_MASK, NULL, &rights);
    struct thread *bound;
    uint64_t label;
    if (o && ipc_gate_target(o, rights & fp.raw, &bound, &label) && bound->task == rcv->task) {
        ret[0] |= 4;
        ret[1] = label;
        return true;
    }
    return false;
}

/*
 * L4_RCV_ITEM_FORWARD_MAPPINGS: the buffer's last word names a task (a capability
 * of the receiver's task, with W) that gets the mapping instead of the receiver's
 * own task, as in Fiasco; NULL if it names none.
 */
static struct task *forward_task(struct thread *rcv, l4_umword_t sel)
{
    unsigned rights = 0;
    struct kobj *o = task_lookup(rcv->task, sel, &task_type, &rights);
    return o && !o->dead && (rights & L4_CAP_FPAGE_W) ? CONTAINER_OF(o, struct task, kobj) : NULL;
}

/* Map the typed items of a message; returns 0 or a receive-phase error code. */
static unsigned transfer_items(struct thread *snd, struct thread *rcv, unsigned words,
                               unsigned items, unsigned rights)
{
    l4_umword_t *smr = l4_utcb_mr_u(snd->utcb)->mr;
    l4_umword_t *rmr = l4_utcb_mr_u(rcv->utcb)->mr;
    l4_umword_t *br = l4_utcb_br_u(rcv->utcb)->br;
    unsigned bi = 0;
    for (unsigned i = 0; i < items; i++) {
        l4_umword_t ctrl = smr[words + 2 * i];
        l4_fpage_t fp = { .raw = smr[words + 2 * i + 1] };
        rmr[words + 2 * i] = (ctrl & (L4_FPAGE_CONTROL_MASK | L4_ITEM_CONT)) |
                             (fp.raw & (L4_FPAGE_SIZE_MASK | L4_FPAGE_TYPE_MASK)) | L4_ITEM_MAP;
        rmr[words + 2 * i + 1] = 0;
        if (!(ctrl & L4_ITEM_MAP)) {
            continue;
        }
        if (bi >= L4_UTCB_GENERIC_BUFFERS_SIZE || !(br[bi] & L4_ITEM_MAP)) {
            return L4_IPC_REMAPFAILED;
        }
        /* One word (a single capability slot) or two (a window fpage), and a task. */
        const l4_umword_t *buf = &br[bi];
        bool small = (buf[0] & L4_RCV_ITEM_SINGLE_CAP) == L4_RCV_ITEM_SINGLE_CAP;
        unsigned used = (small ? 1 : 2) + (buf[0] & L4_RCV_ITEM_FORWARD_MAPPINGS ? 1 : 0);
        if (bi + used > L4_UTCB_GENERIC_BUFFERS_SIZE) {
            return L4_IPC_REMAPFAILED;
        }
        l4_fpage_t window;
        if (small) {
            window.raw = (buf[0] & L4_FPAGE_ADDR_MASK) | (L4_FPAGE_OBJ << L4_FPAGE_TYPE_SHIFT) |
                         L4_CAP_FPAGE_RWSD;
        } else {
            window.raw = buf[1];
        }
        if (!(ctrl & L4_ITEM_CONT)) {
            bi += used;
        }
        if (small && (buf[0] & L4_RCV_ITEM_LOCAL_ID) &&
            local_id(snd, rcv, fp, &rmr[words + 2 * i])) {
            continue;
        }
        struct task *dst = rcv->space_task;
        if (UNLIKELY(buf[0] & L4_RCV_ITEM_FORWARD_MAPPINGS) &&
            !(dst = forward_task(rcv, buf[used - 1]))) {
            return L4_IPC_REMAPFAILED;
        }
        if (!(rights & L4_CAP_FPAGE_S)) {
            /* Capabilities sent through a capability without S lose S. */
            if (((fp.raw >> L4_FPAGE_TYPE_SHIFT) & 3) == L4_FPAGE_OBJ) {
                fp.raw &= ~(l4_umword_t)L4_CAP_FPAGE_S;
            }
        }
        int err = fpage_map(snd->task, fp, dst, window, ctrl, (ctrl & L4_MAP_ITEM_GRANT) != 0,
                            ctrl & (L4_FPAGE_C_OBJ_RIGHTS | L4_FPAGE_C_NO_REF_CNT));
        if (err < 0) {
            return L4_IPC_REMAPFAILED;
        }
    }
    return 0;
}

/* \a t holds a reply capability whose caller still waits for it. */
static bool holds_reply(struct thread *t)
{
    struct thread *c = t->caller;
    return c && (c->ipc & IPC_RECV_WAIT) && c->rcv_from == &t->kobj;
}

/*
 * The effects of a message's flags once words and items arrived; 0 or a
 * receive-phase error code. Out of line: they are rare.
 *
 * L4_MSGTAG_TRANSFER_FPU, as in Fiasco: the receiver's FP registers become a copy
 * of the sender's if the receiver's BDR has L4_UTCB_INHERIT_FPU
 * (l4_utcb_inherit_fpu()) and the sender's capability has S; otherwise only the
 * flag in the tag arrives. Fails (like a map) if the receiver's FP state cannot be
 * charged to its quota.
 *
 * L4_MSGTAG_PROPAGATE (L4Re's types.h; Fiasco does not implement it): the sender's
 * reply capability moves to the receiver, whose reply then goes straight to the
 * original caller. Checked when the send starts (ipc_op); if the caller gave up
 * while the message was queued, the message arrives without it.
 */
static __attribute__((noinline)) unsigned transfer_flags(struct thread *snd, uint64_t tag,
                                                         struct thread *rcv, unsigned rights)
{
    if ((tag & L4_MSGTAG_TRANSFER_FPU) && snd != rcv && (rights & L4_CAP_FPAGE_S) &&
        (l4_utcb_br_u(rcv->utcb)->bdr & L4_UTCB_INHERIT_FPU) && !arch_thread_fpu_copy(snd, rcv)) {
        return L4_IPC_REMAPFAILED;
    }
    if ((tag & L4_MSGTAG_PROPAGATE) && holds_reply(snd)) {
        struct thread *c = snd->caller;
        snd->caller = NULL;
        rcv->caller = c;
        c->rcv_from = &rcv->kobj;
    }
    return 0;
}

/* Copy a message from snd into rcv and complete rcv's receive. Returns 0 or an error code. */
static unsigned transfer(struct thread *snd, uint64_t tag_raw, struct thread *rcv, uint64_t label,
                         unsigned rights)
{
    l4_msgtag_t tag = { .raw = (l4_mword_t)tag_raw };
    unsigned words = l4_msgtag_words(tag);
    unsigned items = l4_msgtag_items(tag);
    if (words + 2 * items > L4_UTCB_GENERIC_DATA_SIZE) {
        complete_error(rcv, L4_IPC_REMSGCUT);
        return L4_IPC_REMSGCUT;
    }
    if (snd != rcv) {
        memcpy(l4_utcb_mr_u(rcv->utcb)->mr, l4_utcb_mr_u(snd->utcb)->mr,
               words * sizeof(l4_umword_t));
    }
    unsigned err = items ? transfer_items(snd, rcv, words, items, rights) : 0;
    if (UNLIKELY(tag.raw & (L4_MSGTAG_TRANSFER_FPU | L4_MSGTAG_PROPAGATE)) && !err) {
        err = transfer_flags(snd, tag.raw, rcv, rights);
    }
    if (err) {
        complete_error(rcv, err);
        return err;
    }
    /* The flags reach the receiver as sent (Fiasco passes them on), the error bit cleared. */
    l4_msgtag_t out = l4_msgtag(l4_msgtag_label(tag), words, items,
                                l4_msgtag_flags(tag) & ~L4_MSGTAG_ERROR);
    complete(rcv, (uint64_t)out.raw, label);
    return 0;
}

/* The receiver took a queued sender's message; finish or turn it into a reply wait. */
static void sender_done(struct thread *s, struct thread *rcv, unsigned err)
{
    if (err) {
        complete_error(s, err & ~1U);
        thread_wake(s);
    } else if (s->ipc & IPC_CALL) {
        s->ipc = IPC_RECV_WAIT;
        s->rcv_from = &rcv->kobj;
        rcv->caller = s;
        uint64_t d = timeout_deadline(s->ipc_timeout & 0xffff, s->utcb);
        if (d == TIMEOUT_NEVER) {
            timeout_cancel(&s->timeout);
        } else {
            timeout_arm(&s->timeout, d == TIMEOUT_POLL ? timeout_now() : d);
        }
    } else {
        complete(s, ok_tag(), s->ipc_out[1]);
        thread_wake(s);
    }
}

/*
 * Block the current thread until \a deadline; then report a timeout or abort
 * unless a partner completed the operation. \a handoff, if not NULL, is a
 * partner this operation just made runnable: it gets the CPU directly.
 */
static void block_until_done(struct thread *self, uint64_t deadline, struct thread *handoff)
{
    self->ipc_done = false;
    self->ipc_wake_error = 0;
    if (handoff) {
        thread_block_switch(handoff, deadline);
    } else {
        thread_block_current(deadline);
    }
    ipc_wait_finish(self);
}

void ipc_wait_finish(struct thread *self)
{
    if (self->ipc_done) {
        return;
    }
    unsigned code = self->ipc_wake_error;
    bool sending = self->ipc & IPC_SEND_WAIT;
    if (sending || (self->ipc & IPC_GATE_WAIT)) {
        list_unlink(&self->send_link);
    }
    if (!code) {
        code = sending ? L4_IPC_SETIMEOUT : L4_IPC_RETIMEOUT;
    }
    complete_error(self, code);
}

/* Receive something pending without blocking; false if nothing matches. */
static bool receive_pending(struct thread *self, struct kobj *from)
{
    for (struct list *n = self->irq_pending.next; n != &self->irq_pending; n = n->next) {
        extern bool irq_take_pending(struct list *link, struct kobj *from, uint64_t *label);
        uint64_t label;
        if (irq_take_pending(n, from, &label)) {
            complete(self, 0, label);
            return true;
        }
    }
    for (struct list *n = self->senders.next; n != &self->senders; n = n->next) {
        struct thread *s = CONTAINER_OF(n, struct thread, send_link);
        if (from && from != &s->kobj) {
            continue;
        }
        list_unlink(&s->send_link);
        unsigned err = transfer(s, s->send_tag, self, s->send_label, s->send_rights);
        sender_done(s, self, err);
        return true;
    }
    return false;
}

bool ipc_poll_receive(struct thread *self, uint64_t *out)
{
    uint64_t *saved = self->ipc_out;
    self->ipc_out = out;
    bool got = receive_pending(self, NULL);
    self->ipc_out = saved;
    return got;
}

/* The receive phase; \a handoff (may be NULL) is a partner just made runnable. */
static void do_receive(struct thread *self, struct kobj *from, uint16_t to,
                       struct thread *handoff)
{
    bool got = receive_pending(self, from);
    uint64_t d = got ? TIMEOUT_POLL : timeout_deadline(to, self->utcb);
    if (d == TIMEOUT_POLL) {
        if (!got) {
            complete_error(self, L4_IPC_RETIMEOUT);
        }
        if (handoff) {
            thread_wake(handoff);
        }
        return;
    }
    self->ipc = IPC_RECV_WAIT;
    self->rcv_from = from;
    block_until_done(self, d, handoff);
}

/*
 * The partner a sender that blocks next hands the CPU to: \a dst, or, with
 * L4_MSGTAG_SCHEDULE (no time-slice donation, as in Fiasco), nobody: \a dst is
 * only made ready, behind the ready threads of its priority, and the scheduler
 * chooses.
 */
static struct thread *handoff_to(struct thread *dst, uint64_t tag)
{
    if (UNLIKELY(tag & L4_MSGTAG_SCHEDULE)) {
        thread_wake(dst);
        return NULL;
    }
    return dst;
}

/*
 * The IPC operation of the current thread: optional send of \a tag to \a dst,
 * then optional receive. \a flags are L4_SYSF_*; results go to self->ipc_out.
 */
static void ipc_op(struct thread *self, struct thread *dst, uint64_t tag, uint64_t label,
                   unsigned rights, unsigned flags, uint32_t timeouts, struct kobj *rcv_from)
{
    bool call = (flags & L4_SYSF_SEND) && (flags & L4_SYSF_RECV) && !(flags & L4_SYSF_OPEN_WAIT);
    struct kobj *from = (flags & L4_SYSF_OPEN_WAIT) ? NULL : rcv_from;
    if (!(flags & L4_SYSF_SEND)) {
        if (flags & L4_SYSF_RECV) {
            do_receive(self, from, timeouts & 0xffff, NULL);
        }
        return;
    }
    if (!dst || dst->kobj.dead || dst->state == THREAD_DEAD || !dst->task) {
        complete_error(self, L4_IPC_ENOT_EXISTENT);
        return;
    }
    if (UNLIKELY(tag & L4_MSGTAG_PROPAGATE) && (call || !holds_reply(self))) {
        /* Nothing to pass on, or a call, which opens a reply connection of its own. */
        complete_error(self, L4_IPC_ENOT_EXISTENT);
        return;
    }
    if (!ipc_accepts(dst, &self->kobj)) {
        uint64_t d = timeout_deadline(timeouts >> 16, self->utcb);
        if (d == TIMEOUT_POLL) {
            complete_error(self, L4_IPC_SETIMEOUT);
            return;
        }
        self->send_tag = tag;
        self->send_label = label;
        self->send_rights = rights;
        self->ipc_timeout = timeouts;
        self->ipc = IPC_SEND_WAIT | (call ? IPC_CALL : 0);
        if (tag & L4_MSGTAG_TRANSFER_FPU) {
            arch_thread_fpu_flush(self); /* in memory for a receiver on another CPU */
        }
        list_push_back(&dst->senders, &self->send_link);
        block_until_done(self, d, NULL);
        return;
    }
    /* The receiver waits for us: deliver now, then hand it the CPU if we wait too. */
    unsigned err = transfer(self, tag, dst, label, rights);
    if (err) {
        thread_wake(dst);
        complete_error(self, err & ~1U);
        return;
    }
    if (call) {
        uint64_t d = timeout_deadline(timeouts & 0xffff, self->utcb);
        if (d == TIMEOUT_POLL) {
            thread_wake(dst);
            complete_error(self, L4_IPC_RETIMEOUT);
            return;
        }
        dst->caller = self;
        self->ipc = IPC_RECV_WAIT;
        self->rcv_from = &dst->kobj;
        block_until_done(self, d, handoff_to(dst, tag));
    } else if (flags & L4_SYSF_RECV) {
        do_receive(self, from, timeouts & 0xffff, handoff_to(dst, tag));
    } else {
        thread_wake(dst);
        complete(self, ok_tag(), self->ipc_out[1]);
    }
}

void ipc_invoke(struct invocation *inv, struct thread *dst, uint64_t label, unsigned rights,
                struct kobj *rcv_from)
{
    struct thread *self = inv->caller;
    self->ipc_out = &inv->frame->x[0];
    ipc_op(self, dst, inv->frame->x[0], label, rights, (unsigned)inv->flags, inv->timeout,
           rcv_from ? rcv_from : (dst ? &dst->kobj : NULL));
}

void ipc_receive_only(struct invocation *inv, struct kobj *rcv_from)
{
    struct thread *self = inv->caller;
    self->ipc_out = &inv->frame->x[0];
    if (inv->flags & L4_SYSF_REPLY) {
        /* Reply (and wait): the destination is the implicit reply capability. */
        struct thread *dst = self->caller;
        self->caller = NULL;
        if (!dst || !(dst->ipc & IPC_RECV_WAIT) || dst->rcv_from != &self->kobj) {
            complete_error(self, L4_IPC_ENOT_EXISTENT);
            return;
        }
        uint64_t tag = inv->frame->x[0];
        unsigned err = transfer(self, tag, dst, 0, L4_CAP_FPAGE_RWS);
        if (err || !(inv->flags & L4_SYSF_RECV)) {
            thread_wake(dst);
            if (err) {
                complete_error(self, err & ~1U);
            } else {
                complete(self, ok_tag(), self->ipc_out[1]);
            }
            return;
        }
        do_receive(self, NULL, inv->timeout & 0xffff, handoff_to(dst, tag));
        return;
    }
    if (!(inv->flags & L4_SYSF_RECV)) {
        complete_error(self, L4_IPC_ENOT_EXISTENT);
        return;
    }
    do_receive(self, (inv->flags & L4_SYSF_OPEN_WAIT) ? NULL : rcv_from, inv->timeout & 0xffff,
               NULL);
}

uint64_t ipc_kernel_call(struct thread *dst, uint64_t label, uint64_t tag)
{
    struct thread *self = current_thread();
    uint64_t out[2] = { 0, 0 };
    uint64_t *saved = self->ipc_out;
    bool nested = self->kernel_ipc;
    self->ipc_out = out;
    self->kernel_ipc = true; /* keeps the IPC fast path from resuming us (ipc_fastpath.c) */
    ipc_op(self, dst, tag, label, L4_CAP_FPAGE_RWS, L4_SYSF_CALL, 0, dst ? &dst->kobj : NULL);
    self->kernel_ipc = nested;
    self->ipc_out = saved;
    return out[0];
}

static void abort_wait(struct thread *t, unsigned code)
{
    t->ipc_wake_error = code;
    thread_wake(t);
}

void ipc_cancel(struct thread *t)
{
    if (t->state != THREAD_BLOCKED) {
        return;
    }
    abort_wait(t, (t->ipc & (IPC_SEND_WAIT | IPC_GATE_WAIT)) ? L4_IPC_SECANCELED
                                                             : L4_IPC_RECANCELED);
}

void ipc_thread_dying(struct thread *t)
{
    if (t->ipc & (IPC_SEND_WAIT | IPC_GATE_WAIT)) {
        list_unlink(&t->send_link);
    }
    t->ipc = 0;
    while (!list_empty(&t->senders)) {
        struct thread *s = CONTAINER_OF(t->senders.next, struct thread, send_link);
        list_unlink(&s->send_link);
        s->ipc &= ~IPC_SEND_WAIT;
        abort_wait(s, L4_IPC_ENOT_EXISTENT);
    }
    for (struct list *n = all_threads.next; n != &all_threads; n = n->next) {
        struct thread *o = CONTAINER_OF(n, struct thread, all_link);
        if (o->caller == t) {
            o->caller = NULL;
        }
    }
    ipc_partner_gone(&t->kobj);
    t->caller = NULL;
}

void ipc_partner_gone(struct kobj *partner)
{
    for (struct list *n = all_threads.next; n != &all_threads; n = n->next) {
        struct thread *o = CONTAINER_OF(n, struct thread, all_link);
        if ((o->ipc & IPC_RECV_WAIT) && o->rcv_from == partner) {
            abort_wait(o, L4_IPC_ENOT_EXISTENT | 1);
        }
    }
}

bool ipc_deliver_irq(struct thread *t, struct kobj *irq, uint64_t label)
{
    if (!ipc_accepts(t, irq)) {
        return false;
    }
    complete(t, 0, label);
    thread_wake(t);
    return true;
}
