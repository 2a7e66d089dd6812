// SPDX-License-Identifier: MIT
/*
 * vCPUs, the generic part (vcpu.h, doc/kernel.md "vCPUs"). A thread becomes
 * a vCPU with vcpu_control: its state page lives in its task's kernel-user
 * memory. From then on the thread carries THREAD_RETURN_VCPU, so every way
 * back to user mode passes vcpu_return_work(): if an event waits (a pending
 * Irq or a queued sender) and the state's interrupt flag is on, the kernel
 * receives it (tag and label into state->i, words into the UTCB), saves the
 * interrupted registers into state->r and enters entry_ip/entry_sp with the
 * flag off; with the flag off it only sets L4_VCPU_SF_IRQ_PENDING. The same
 * flag keeps vCPUs off the IPC fast path.
 *
 * resume_commit loads state->r; with L4_VCPU_F_USER_MODE the thread then
 * runs in state->user_task (map items of the message populate it first).
 * There, page faults and exceptions enter the vCPU when the flags say so, a
 * system call always does, and any event does as above. The state page is
 * user-writable: each field is read once and checked, nothing in it is
 * trusted.
 */
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/thread.h>
#include <l4/sys/types.h>
#include <arch/mmu.h>
#include "fpage_ops.h"
#include "invocation.h"
#include "ipc.h"
#include "sched.h"
#include "smp.h"
#include "task.h"
#include "thread.h"
#include "vcpu.h"

/* Flags an entry clears: the interrupt flag, the user-mode trap routing and the mode. */
#define VCPU_ENTRY_CLEARS                                                                    \
    (L4_VCPU_F_IRQ | L4_VCPU_F_PAGE_FAULTS | L4_VCPU_F_EXCEPTIONS | L4_VCPU_F_USER_MODE)

/* op: L4_THREAD_VCPU_CONTROL_OP (| 0x10000: _EXT), rights: S, proto: L4_PROTO_THREAD */
void vcpu_op_control(struct thread *t, unsigned rights, struct invocation *inv)
{
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    if (!(rights & L4_CAP_FPAGE_S)) {
        invocation_error(inv, -L4_EPERM);
        return;
    }
    if (l4_msgtag_words(inv->tag) < 2) {
        invocation_error(inv, -L4_EMSGTOOSHORT);
        return;
    }
    if (mr[0] & ~(l4_umword_t)L4_THREAD_OPCODE_MASK) {
        invocation_error(inv, -L4_ENOSYS); /* extended vCPU state: hardware virtualization */
        return;
    }
    uint64_t addr = mr[1];
    if (!t->task || t->state == THREAD_DEAD) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    if (t->vcpu.user_task) {
        invocation_error(inv, -L4_EBUSY); /* it runs in user mode on the current state */
        return;
    }
    /* In the thread's own task's kernel-user memory, within one page. */
    l4_vcpu_state_t *s = task_ku_ptr(t->task, addr, L4_VCPU_STATE_SIZE);
    if (!s) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    s->version = L4_VCPU_STATE_VERSION;
    t->vcpu.state = s;
    t->vcpu.state_user = addr;
    t->vcpu.user_task_gone = false;
    t->return_work |= THREAD_RETURN_VCPU;
    t->vcpu_calls = true;
    invocation_reply(inv, l4_msgtag(0, 0, 0, 0));
}

/* Map the items of a resume message from the vCPU's task into \a dst; 0 or an error. */
static long map_resume_items(struct thread *t, struct invocation *inv, struct task *dst)
{
    unsigned words = l4_msgtag_words(inv->tag), items = l4_msgtag_items(inv->tag);
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    if (words + 2 * items > L4_UTCB_GENERIC_DATA_SIZE) {
        return -L4_EMSGTOOLONG;
    }
    for (unsigned i = 0; i < items; i++) {
        l4_umword_t ctrl = mr[words + 2 * i];
        l4_fpage_t fp = { .raw = mr[words + 2 * i + 1] };
        if (!(ctrl & L4_ITEM_MAP)) {
            continue;
        }
        int err = fpage_map(t->task, fp, dst, l4_fpage_all(), ctrl,
                            (ctrl & L4_MAP_ITEM_GRANT) != 0,
                            ctrl & (L4_FPAGE_C_OBJ_RIGHTS | L4_FPAGE_C_NO_REF_CNT));
        if (err < 0) {
            return err;
        }
    }
    return 0;
}

/* op: L4_THREAD_VCPU_RESUME_OP, rights: none (only the caller itself), proto: L4_PROTO_THREAD */
void vcpu_op_resume(struct thread *t, unsigned rights, struct invocation *inv)
{
    (void)rights;
    l4_vcpu_state_t *s = t->vcpu.state;
    if (t != inv->caller || !s) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    uint16_t state = s->state;
    struct task *user = NULL;
    if (state & L4_VCPU_F_USER_MODE) {
        long err;
        user = task_lookup_s(t->task, s->user_task, &err);
        if (user == t->task) {
            user = NULL; /* user mode runs in another task */
            err = -L4_EINVAL;
        }
        if (user) {
            err = map_resume_items(t, inv, user);
        }
        if (err < 0) {
            invocation_error(inv, err);
            return;
        }
    }
    /* No reply: the caller's frame becomes the resumed state. */
    arch_vcpu_load_regs(t, s, inv->frame);
    t->vcpu.user_task_gone = false;
    if (user) {
        t->vcpu.user_task = user;
        arch_vcpu_switch_to_user(t, user, s);
    }
}

/* Whether an event waits for \a t: a triggered Irq or a queued sender. */
static bool event_pending(const struct thread *t)
{
    return !list_empty(&t->irq_pending) || !list_empty(&t->senders);
}

/* Enter the vCPU at its entry point: registers saved with cause \a esr, kernel mode. */
static void enter(struct thread *t, struct trap_frame *f, uint64_t esr)
{
    l4_vcpu_state_t *s = t->vcpu.state;
    arch_vcpu_save_regs(t, s, f, esr);
    uint16_t state = s->state;
    if (t->vcpu.user_task) {
        state |= L4_VCPU_F_USER_MODE; /* the mode is the kernel's, whatever the page says */
        t->vcpu.user_task = NULL;
        arch_vcpu_switch_to_kernel(t);
    } else {
        state &= ~L4_VCPU_F_USER_MODE;
    }
    s->saved_state = state;
    s->state = state & ~VCPU_ENTRY_CLEARS;
    arch_vcpu_enter(t, s, f);
}

/* The user task was deleted while we ran in it: back with an error (an event entry). */
static void enter_task_gone(struct thread *t, struct trap_frame *f)
{
    l4_vcpu_state_t *s = t->vcpu.state;
    t->vcpu.user_task_gone = false;
    l4_utcb_tcr_u(t->utcb)->error = L4_IPC_ENOT_EXISTENT;
    s->i.tag = l4_msgtag(0, 0, 0, L4_MSGTAG_ERROR);
    s->i.label = 0;
    enter(t, f, VCPU_ESR_EVENT);
}

void vcpu_return_work(struct thread *t, struct trap_frame *f)
{
    l4_vcpu_state_t *s = t->vcpu.state;
    if (t->state == THREAD_DEAD) {
        return;
    }
    if (t->vcpu.user_task_gone) {
        enter_task_gone(t, f);
        return;
    }
    if (!event_pending(t)) {
        s->sticky_flags &= ~L4_VCPU_SF_IRQ_PENDING; /* nothing left to ask for */
        return;
    }
    if (!(s->state & L4_VCPU_F_IRQ)) {
        s->sticky_flags |= L4_VCPU_SF_IRQ_PENDING;
        return;
    }
    uint64_t out[2];
    if (!ipc_poll_receive(t, out)) {
        return;
    }
    s->i.tag.raw = (l4_mword_t)out[0];
    s->i.label = out[1];
    if (!event_pending(t)) {
        s->sticky_flags &= ~L4_VCPU_SF_IRQ_PENDING;
    }
    enter(t, f, VCPU_ESR_EVENT);
}

bool vcpu_user_trap(struct trap_frame *f)
{
    struct thread *t = current_thread();
    if (!t->vcpu.user_task) {
        return false;
    }
    if (t->vcpu.user_task_gone) {
        enter_task_gone(t, f); /* a fault in the dying task (another CPU deleted it) */
        return true;
    }
    uint64_t ec = f->esr >> 26;
    uint16_t state = t->vcpu.state->state;
    bool abort = ec == 0x20 || ec == 0x24; /* instruction or data abort from EL0 */
    bool fp = ec == 0x07;
    if (fp && (state & L4_VCPU_F_FPU_ENABLED)) {
        return false; /* the lazy FP switch of the thread (fpu.c) */
    }
    if (abort ? !(state & L4_VCPU_F_PAGE_FAULTS)
              : !(state & L4_VCPU_F_EXCEPTIONS) && !fp) {
        return false; /* the thread's pager or exception handler, as for any thread */
    }
    enter(t, f, f->esr);
    return true;
}

bool vcpu_user_syscall(struct trap_frame *f)
{
    struct thread *t = current_thread();
    if (!t->vcpu.user_task) {
        return false;
    }
    if (t->vcpu.user_task_gone) {
        enter_task_gone(t, f);
        return true;
    }
    f->far = 0;
    enter(t, f, f->esr);
    return true;
}

void vcpu_task_killed(struct task *task)
{
    for (struct list *n = all_threads.next; n != &all_threads; n = n->next) {
        struct thread *t = CONTAINER_OF(n, struct thread, all_link);
        if (t->vcpu.user_task != task || t->state == THREAD_DEAD) {
            continue;
        }
        /* The entry happens on its way back to user mode. Running on another CPU,
         * it leaves the space at its next kernel entry (the tick at the latest),
         * and the task's tables live until then (smp_task_cpus); otherwise now. */
        if (t == current_thread() || !smp_thread_running(t)) {
            t->space_task = t->task;
            if (t == current_thread()) {
                arch_space_activate(&t->task->space);
            }
        }
        t->vcpu.user_task_gone = true;
        ipc_cancel(t); /* a page-fault IPC it waits in must not map into task */
    }
}
