// SPDX-License-Identifier: MIT
/*
 * The system call funnel: registers in (tag x0, label x1, selector|flags
 * x2, timeout x3; see doc/abi.md), capability lookup, dispatch to the
 * object type's invoke(), result tag out in x0. An empty slot fails the IPC
 * with L4_IPC_ENOT_EXISTENT; the special selector (invalid-cap bit) with a
 * receive phase waits for nobody, which is a sleep bounded by the receive
 * timeout. The common IPC cases take the fast path first (ipc_fastpath.c).
 */
#include <arch/arch.h>
#include <arch/asm_offsets.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/types.h>
#include "invocation.h"
#include "invariants.h"
#include "console.h"
#include "fault_ipc.h"
#include "ksyms.h"
#include "ipc.h"
#include "kobj.h"
#include "obj_space.h"
#include "sched.h"
#include "syscall.h"
#include "task.h"
#include "thread.h"
#include "timeout.h"
#include "vcpu.h"

void invocation_reply(struct invocation *inv, l4_msgtag_t tag)
{
    inv->frame->x[0] = (uint64_t)tag.raw;
}

bool opt_verbose_rejects;

void invocation_error(struct invocation *inv, long err)
{
    if (CONFIG_DEBUG && opt_verbose_rejects && err < 0) {
        /* The caller's name is the operation that refused (seL4's userError). */
        uint64_t off;
        const char *op = ksyms_lookup((uint64_t)__builtin_return_address(0), &off);
        kprintf("kernel: '%s': %s refused: error %ld\n", thread_name(inv->caller),
                op ? op : "?", err);
    }
    invocation_reply(inv, l4_msgtag(err, 0, 0, 0));
}

void invocation_ipc_error(struct invocation *inv, unsigned code)
{
    l4_utcb_tcr_u(inv->utcb)->error = code;
    invocation_reply(inv, l4_msgtag(0, 0, 0, L4_MSGTAG_ERROR));
}

/* Closed receive from nobody: sleep until the timeout (or forever); a zero timeout yields. */
static void ipc_wait_nobody(struct invocation *inv)
{
    struct thread *self = inv->caller;
    uint64_t d = timeout_deadline(inv->timeout & 0xffff, inv->utcb);
    self->ipc_wake_error = 0;
    if (d == TIMEOUT_POLL) {
        sched_yield();
    } else {
        thread_block_current(d);
    }
    /* Woken early only by ex_regs(CANCEL). */
    invocation_ipc_error(inv, self->ipc_wake_error ? self->ipc_wake_error : L4_IPC_RETIMEOUT);
}

static void syscall_dispatch(struct invocation *inv, unsigned long sel, struct cap_slot *slot)
{
    if (inv->flags & L4_SYSF_REPLY) {
        ipc_receive_only(inv, NULL);
        return;
    }
    if (sel & L4_INVALID_CAP_BIT) {
        if ((inv->flags & L4_SYSF_RECV) && (inv->flags & L4_SYSF_OPEN_WAIT)) {
            ipc_receive_only(inv, NULL);
        } else if (inv->flags & L4_SYSF_RECV) {
            ipc_wait_nobody(inv);
        } else {
            invocation_ipc_error(inv, L4_IPC_ENOT_EXISTENT);
        }
        return;
    }
    if (!slot || !slot->obj->type->invoke) {
        invocation_ipc_error(inv, L4_IPC_ENOT_EXISTENT);
        return;
    }
    inv->slot = slot;
    slot->obj->type->invoke(slot->obj, slot->rights, inv);
}

static void syscall_invoke(struct trap_frame *f, struct cap_slot *slot)
{
    struct thread *t = current_thread();
    struct invocation inv = {
        .caller = t,
        .frame = f,
        .utcb = t->utcb,
        .tag = { .raw = (l4_mword_t)f->x[0] },
        .flags = f->x[2] & 0xf,
        .timeout = (uint32_t)f->x[3],
    };
    syscall_dispatch(&inv, f->x[2], slot);
    kobj_reap();
    if (CONFIG_INVARIANTS) {
        invariants_syscall_done(); /* the checking kernel: doc/kernel.md */
    }
}

/* The generic path, out of line so that the fast path needs no stack frame. */
static __attribute__((noinline)) struct trap_frame *syscall_generic(struct trap_frame *f,
                                                                   struct cap_slot *slot)
{
    syscall_invoke(f, slot);
    trap_user_return(f);
    return f;
}

/*
 * A reply with one item to a thread in a page fault: the
 * page-fault fast path (fault_fastpath.c) or the generic path. Out of line
 * too, so that the generic path's other calls do not carry its registers.
 */
static __attribute__((noinline)) struct trap_frame *syscall_one_item(struct trap_frame *f,
                                                                    struct cap_slot *slot)
{
    struct trap_frame *next = fault_reply_fast(this_cpu(), current_thread(), f);
    if (!next) {
        return syscall_generic(f, slot);
    }
    if (CONFIG_INVARIANTS) {
        invariants_syscall_done();
    }
    return next;
}

static inline struct trap_frame *syscall_slow(struct trap_frame *f, struct cap_slot *slot)
{
    return fault_reply_shaped(f, current_thread()) ? syscall_one_item(f, slot)
                                                   : syscall_generic(f, slot);
}

/* The one capability lookup of a system call, shared by the fast and the generic path. */
static inline struct cap_slot *syscall_slot(struct thread *self, unsigned long sel)
{
    return (sel & L4_INVALID_CAP_BIT) ? NULL
                                      : obj_space_lookup(&self->task->objs, sel >> L4_CAP_SHIFT);
}

/*
 * A system call of a thread with syscall_divert. A vCPU's (vcpu.c): in user
 * mode an exception for the vCPU, in kernel mode an ordinary call. An alien
 * thread's (L4_THREAD_CONTROL_ALIEN, as Fiasco): first
 * reported to its exception handler with pc on the svc and not run; run
 * when the thread executes it again after the handler's answer; then
 * reported again on the way to user mode (ESR bit 6 set, trap.c).
 */
struct trap_frame *syscall_entry_diverted(struct trap_frame *f, struct cpu *c, struct thread *self)
{
    (void)c; /* the same arguments as syscall_entry: one vector calls either */
    struct cap_slot *slot = syscall_slot(self, f->x[2]);
    if (vcpu_user_syscall(f)) {
        /* vCPU user mode: the svc was an exception for the vCPU, not a call (vcpu.c). */
    } else if (!self->alien) {
        syscall_invoke(f, slot); /* a vCPU in kernel mode: an ordinary call */
    } else if (!self->alien_pass) {
        trap_alien_syscall(f, false);
    } else {
        self->alien_pass = false;
        self->return_work |= THREAD_RETURN_ALIEN_AFTER;
        syscall_invoke(f, slot);
    }
    trap_user_return(f);
    return f;
}

_Static_assert(__builtin_offsetof(struct cpu, current) == CPU_CURRENT, "asm_offsets.h");
_Static_assert(__builtin_offsetof(struct thread, syscall_divert) == THREAD_SYSCALL_DIVERT,
               "asm_offsets.h");

struct trap_frame *syscall_entry(struct trap_frame *f, struct cpu *c, struct thread *self)
{
    struct cap_slot *slot = syscall_slot(self, f->x[2]);
    struct trap_frame *next = ipc_fastpath(c, self, f, slot);
    if (next) {
        if (CONFIG_INVARIANTS) {
            invariants_syscall_done();
        }
        return next;
    }
    return syscall_slow(f, slot);
}
