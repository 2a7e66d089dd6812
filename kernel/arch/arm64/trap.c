// SPDX-License-Identifier: MIT
/*
 * Exception dispatch by ESR exception class (ARM DDI 0487 D17.2.37):
 * system calls, user page faults, FP traps, interrupts. A user program's
 * fault never panics: sigma0's translation faults on its RAM are resolved
 * 1:1, anyone else's page faults go to the pager (page-fault IPC, fast when
 * the pager waits: fault_fastpath.c), exceptions to the exception handler;
 * without one, the fault is reported with task, address, pc and syndrome
 * and the thread is stopped. Only a fault in kernel mode panics.
 */
#include <arch/arch.h>
#include <arch/mmu.h>
#include <arch/sysreg.h>
#include <bsp/irqchip.h>
#include <bsp/timer.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include "console.h"
#include "fault_ipc.h"
#include "fpu.h"
#include "ipc.h"
#include "ipc_gate.h"
#include "irq.h"
#include "kobj.h"
#include "mapdb.h"
#include "kip.h"
#include "panic.h"
#include "sched.h"
#include "smp.h"
#include "syscall.h"
#include "task.h"
#include "thread.h"
#include "timeout.h"
#include "vcpu.h"

#define ESR_EC_FP 0x07
#define ESR_EC_EX_REGS 0x3e /* artificial: ex_regs(TRIGGER_EXCEPTION) */
#define DFSC_TRANSLATION(fsc) (((fsc) & 0x3c) == 0x04)

extern unsigned timer_intid;


static const char *abort_kind(uint64_t fsc)
{
    switch (fsc & 0x3c) {
    case 0x04: return "translation fault";
    case 0x08: return "access flag fault";
    case 0x0c: return "permission fault";
    default: return (fsc & 0x3f) == 0x21 ? "alignment fault" : "abort";
    }
}

static const char *ec_name(uint64_t ec)
{
    switch (ec) {
    case ESR_EC_UNKNOWN: return "undefined instruction";
    case ESR_EC_SYSREG: return "undefined instruction (system register access)";
    case ESR_EC_PC_ALIGN: return "misaligned pc";
    case ESR_EC_SP_ALIGN: return "misaligned sp";
    case ESR_EC_BRK64: return "breakpoint (brk)";
    case ESR_EC_DABT_CUR: return "data abort in kernel mode";
    case ESR_EC_IABT_CUR: return "instruction abort in kernel mode";
    default: return "unhandled exception";
    }
}

static void user_fault_stop(struct trap_frame *f, const char *what)
{
    struct thread *t = current_thread();
    kprintf("kernel: user fault: task '%s' thread %p: %s, pc 0x%lx, esr 0x%lx; thread stopped\n",
            thread_name(t), (void *)t, what, f->pc, f->esr);
    thread_stop(t, NULL);
}

/*
 * Page-fault IPC to the pager: mr0 = address | translation(1) | write(2) | exec(4),
 * mr1 = pc. The UTCB words used are saved and restored. Returns whether the pager
 * answered without rejecting.
 */
static bool page_fault_ipc(struct thread *t, uint64_t pfa, uint64_t pc, unsigned flags)
{
    uint64_t label;
    struct thread *pager = fault_partner(t, t->pager, &label);
    if (!pager) {
        return false;
    }
    l4_umword_t *mr = l4_utcb_mr_u(t->utcb)->mr;
    fault_mrs_borrow(t);
    fault_bufs_borrow(t);
    mr[0] = (pfa & ~7UL) | flags;
    mr[1] = pc;
    l4_msgtag_t tag = { .raw = (l4_mword_t)ipc_kernel_call(
                            pager, label, (uint64_t)l4_msgtag(L4_PROTO_PAGE_FAULT, 2, 0, 0).raw) };
    fault_mrs_return(t);
    fault_bufs_return(t);
    return page_fault_answered(tag);
}

/*
 * Exception IPC: the register state as l4_exc_regs_t; a reply with the full
 * block replaces the registers (user mode, interrupts on, flags kept). The
 * message carries L4_MSGTAG_TRANSFER_FPU: a handler whose BDR has
 * L4_UTCB_INHERIT_FPU gets the thread's FP registers (ipc.c), and an answer
 * with the flag gives the handler's back.
 */
static bool exception_ipc(struct thread *t, struct trap_frame *f)
{
    uint64_t label;
    struct thread *handler = fault_partner(t, t->exc_handler, &label);
    if (!handler) {
        return false;
    }
    l4_exc_regs_t *e = (l4_exc_regs_t *)l4_utcb_mr_u(t->utcb)->mr;
    e->eret_work = 0;
    for (int i = 0; i < 31; i++) {
        e->r[i] = f->x[i];
    }
    e->reserved = 0;
    e->err = f->esr;
    e->pfa = f->far;
    e->sp = f->sp;
    e->pc = f->pc;
    e->pstate = f->pstate;
    e->tpidruro = t->utcb_user;
    e->tpidrurw = read_sysreg(tpidr_el0);
    fault_bufs_borrow(t);
    l4_msgtag_t tag = { .raw = (l4_mword_t)ipc_kernel_call(
                            handler, label,
                            (uint64_t)l4_msgtag(L4_PROTO_EXCEPTION, L4_UTCB_EXCEPTION_REGS_SIZE, 0,
                                                L4_MSGTAG_TRANSFER_FPU).raw) };
    fault_bufs_return(t);
    if (l4_msgtag_flags(tag) & L4_MSGTAG_ERROR) {
        return false;
    }
    if (l4_msgtag_words(tag) >= L4_UTCB_EXCEPTION_REGS_SIZE) {
        for (int i = 0; i < 31; i++) {
            f->x[i] = e->r[i];
        }
        f->sp = e->sp;
        f->pc = e->pc;
        f->pstate = (e->pstate & 0xf0000000UL) | PSTATE_EL0T;
        t->tls = e->tpidrurw;
        write_sysreg(tpidr_el0, e->tpidrurw);
    }
    return true;
}

/* An exception that user code cannot handle itself: to the handler, or stop. */
static void user_exception(struct trap_frame *f, const char *what)
{
    struct thread *t = current_thread();
    if (!exception_ipc(t, f) && t->state != THREAD_DEAD) {
        user_fault_stop(f, what);
    }
}

#define ESR_ALIEN_AFTER 0x40 /* in the reported ESR: the system call has run */

void trap_alien_syscall(struct trap_frame *f, bool after)
{
    struct thread *t = current_thread();
    f->far = 0;
    if (after) {
        f->esr |= ESR_ALIEN_AFTER;
        user_exception(f, "alien thread system call (after)");
        return;
    }
    f->pc -= 4; /* back on the svc: it runs when the thread executes it again */
    if (exception_ipc(t, f)) {
        t->alien_pass = true;
    } else if (t->state != THREAD_DEAD) {
        user_fault_stop(f, "alien thread system call without an exception handler");
    }
}

/*
 * Last steps before returning to user mode: an alien thread's system call
 * that just ran is reported; an exception requested with
 * ex_regs(TRIGGER_EXCEPTION) is raised (EC 0x3e, as in Fiasco); a dead thread
 * never returns; preempt if due.
 */
void trap_user_return(struct trap_frame *f)
{
    kobj_reap();
    struct thread *t = current_thread();
    if ((t->return_work & THREAD_RETURN_ALIEN_AFTER) && t->state != THREAD_DEAD) {
        t->return_work &= ~THREAD_RETURN_ALIEN_AFTER;
        trap_alien_syscall(f, true);
    }
    if ((t->return_work & THREAD_RETURN_EXC_TRIGGER) && t->state != THREAD_DEAD) {
        t->return_work &= ~THREAD_RETURN_EXC_TRIGGER;
        f->esr = (uint64_t)ESR_EC_EX_REGS << ESR_EC_SHIFT;
        user_exception(f, "exception triggered by ex_regs");
    }
    if (t->state == THREAD_DEAD || this_cpu()->need_resched) {
        schedule();
    }
    if (t->return_work & THREAD_RETURN_VCPU) {
        vcpu_return_work(t, f); /* events due enter the vCPU (vcpu.c) */
    }
}

/* A user abort nobody resolved: an exception for the handler, or the thread stops. */
/* A page fault's access bits (mr0's low bits): translation fault 1, write 2, execute 4. */
#define ABORT_TRANSLATION 1U
#define ABORT_WRITE 2U
#define ABORT_EXEC 4U

static unsigned abort_access(const struct trap_frame *f, uint64_t ec)
{
    return (DFSC_TRANSLATION(ESR_ISS_DFSC(f->esr)) ? ABORT_TRANSLATION : 0) |
           (ec == ESR_EC_DABT_LOW && (f->esr & ESR_ISS_WNR) ? ABORT_WRITE : 0) |
           (ec == ESR_EC_IABT_LOW ? ABORT_EXEC : 0);
}

static void user_abort_unresolved(struct trap_frame *f, uint64_t ec)
{
    unsigned access = abort_access(f, ec);
    char what[96];
    ksnprintf(what, sizeof(what), "%s (%s, %s) at 0x%lx",
              (access & ABORT_EXEC) ? "instruction abort" : "data abort",
              (access & ABORT_EXEC) ? "exec" : ((access & ABORT_WRITE) ? "write" : "read"),
              abort_kind(ESR_ISS_DFSC(f->esr)), f->far);
    user_exception(f, what);
}

/*
 * A data or instruction abort from user mode: sigma0's own RAM is mapped 1:1,
 * anyone else's fault goes to its pager (fast when the pager waits: then the
 * pager's frame is returned, else NULL once the fault is handled).
 */
static struct trap_frame *user_abort(struct trap_frame *f, uint64_t ec)
{
    struct thread *t = current_thread();
    unsigned access = abort_access(f, ec);
    uint64_t page = ALIGN_DOWN(f->far, PAGE_SIZE);
    if (t->task->is_sigma0) {
        if ((access & ABORT_TRANSLATION) && kip_sigma0_may_map(page, PAGE_SIZE) &&
            mapdb_map_root(t->task, page, page, MAP_R | MAP_W | MAP_X) == 0) {
            return NULL;
        }
    } else {
        struct trap_frame *pager_frame =
            page_fault_fast(this_cpu(), t, f, (f->far & ~7UL) | access, f->pc);
        if (pager_frame) {
            return pager_frame;
        }
        if (page_fault_ipc(t, f->far, f->pc, access) || t->state == THREAD_DEAD) {
            return NULL;
        }
    }
    user_abort_unresolved(f, ec);
    return NULL;
}

void page_fault_finish(struct thread *t, struct trap_frame *f, l4_msgtag_t tag)
{
    fault_mrs_return(t);
    fault_bufs_return(t);
    if (!page_fault_answered(tag) && t->state != THREAD_DEAD) {
        user_abort_unresolved(f, f->esr >> ESR_EC_SHIFT);
    }
}

struct trap_frame *trap_user_sync(struct trap_frame *f)
{
    uint64_t ec = f->esr >> ESR_EC_SHIFT;
    if (ec == ESR_EC_SVC64 || ec == ESR_EC_HVC64) {
        struct thread *self = current_thread(); /* hvc; svc comes from vectors.S directly */
        return self->syscall_divert ? syscall_entry_diverted(f, this_cpu(), self)
                                    : syscall_entry(f, this_cpu(), self);
    }
    f->far = read_sysreg(far_el1); /* the vector saves FAR only for kernel traps */
    if ((current_thread()->return_work & THREAD_RETURN_VCPU) && vcpu_user_trap(f)) {
        trap_user_return(f); /* vCPU user mode: the fault enters the vCPU (vcpu.c) */
        return f;
    }
    switch (ec) {
    case ESR_EC_DABT_LOW:
    case ESR_EC_IABT_LOW: {
        struct trap_frame *pager_frame = user_abort(f, ec);
        if (pager_frame) {
            return pager_frame; /* the pager runs: our fault is its message */
        }
        break;
    }
    case ESR_EC_FP:
        if (!fpu_trap(current_thread())) {
            user_fault_stop(f, "no kernel memory for FP state");
        }
        break;
    default:
        user_exception(f, ec_name(ec));
        break;
    }
    trap_user_return(f);
    return f;
}

void trap_user_aarch32(struct trap_frame *f)
{
    user_fault_stop(f, "AArch32 execution is not supported");
    trap_user_return(f);
}

void trap_kernel_sync(struct trap_frame *f)
{
    uint64_t ec = f->esr >> ESR_EC_SHIFT;
    panic_frame(f, "%s at 0x%lx (%s)", ec_name(ec), f->far,
                ec == ESR_EC_DABT_CUR ? abort_kind(ESR_ISS_DFSC(f->esr)) : "kernel");
}

void trap_bad_vector(struct trap_frame *f)
{
    panic_frame(f, "unexpected exception vector");
}

static void timer_tick(void)
{
    bsp_timer_ack();
    uint64_t now = bsp_timer_now_us();
    kip_set_clock(now);
    struct thread *t = current_thread();
    if (t != this_cpu()->idle) {
        t->consumed_us += kip->scheduler_granularity; /* idle measures its waits */
    }
    timeout_expire(now);
    sched_tick();
    if (this_cpu()->id == 0) {
        console_poll_input(); /* console input (and ESC for -jdb) on a busy CPU too */
    }
}

void trap_irq(struct trap_frame *f)
{
    if ((f->pstate & PSTATE_MODE_MASK) != PSTATE_EL0T) {
        sched_idle_wait_end(); /* in the kernel, interrupts are on only in idle's wait */
    }
    unsigned intid = bsp_irq_ack();
    if (intid == BSP_IRQ_SPURIOUS) {
        return;
    }
    if (intid == timer_intid) {
        timer_tick();
    } else if (intid == SMP_IPI_INTID) {
        smp_ipi();
    } else if (!irq_hw_fire(intid)) {
        bsp_irq_mask(intid);
        kprintf("kernel: unexpected interrupt %u masked\n", intid);
    }
    bsp_irq_eoi(intid);
    /* From user mode, or from idle: both are preemption points. */
    if ((f->pstate & PSTATE_MODE_MASK) == PSTATE_EL0T) {
        trap_user_return(f);
    } else if (this_cpu()->need_resched) {
        schedule();
    }
}
