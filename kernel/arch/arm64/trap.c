// SPDX-License-Identifier: MIT
/*
 * Exception dispatch by ESR exception class (ARM DDI 0487 D17.2.37):
 * system calls, user page faults, FP traps, interrupts. A user program's
 * fault never panics: sigma0's translation faults on its RAM are resolved
 * 1:1, anything else is reported with task, address, pc and syndrome and
 * the thread is stopped (fault IPC to a pager comes with TODO(#3)). Only a
 * fault in kernel mode panics.
 */
#include <arch/arch.h>
#include <arch/mmu.h>
#include <arch/sysreg.h>
#include <bsp/irqchip.h>
#include <bsp/timer.h>
#include "console.h"
#include "fpu.h"
#include "kip.h"
#include "panic.h"
#include "sched.h"
#include "syscall.h"
#include "task.h"
#include "thread.h"
#include "timeout.h"

#define ESR_EC_FP 0x07
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

static void user_abort(struct trap_frame *f, uint64_t ec)
{
    struct thread *t = current_thread();
    uint64_t fsc = ESR_ISS_DFSC(f->esr);
    bool write = ec == ESR_EC_DABT_LOW && (f->esr & ESR_ISS_WNR);
    uint64_t page = ALIGN_DOWN(f->far, PAGE_SIZE);
    if (t->task->is_sigma0 && DFSC_TRANSLATION(fsc) && kip_sigma0_may_map(page, PAGE_SIZE) &&
        arch_space_map(&t->task->space, page, page, MAP_R | MAP_W | MAP_X) == 0) {
        return;
    }
    char what[96];
    ksnprintf(what, sizeof(what), "%s (%s, %s) at 0x%lx",
              ec == ESR_EC_IABT_LOW ? "instruction abort" : "data abort",
              ec == ESR_EC_IABT_LOW ? "exec" : (write ? "write" : "read"), abort_kind(fsc), f->far);
    user_fault_stop(f, what);
}

void trap_user_sync(struct trap_frame *f)
{
    uint64_t ec = f->esr >> ESR_EC_SHIFT;
    switch (ec) {
    case ESR_EC_SVC64:
    case ESR_EC_HVC64:
        syscall_invoke(f);
        break;
    case ESR_EC_DABT_LOW:
    case ESR_EC_IABT_LOW:
        user_abort(f, ec);
        break;
    case ESR_EC_FP:
        if (!fpu_trap(current_thread())) {
            user_fault_stop(f, "no kernel memory for FP state");
        }
        break;
    default:
        user_fault_stop(f, ec_name(ec));
        break;
    }
    if (this_cpu()->need_resched) {
        schedule();
    }
}

void trap_user_aarch32(struct trap_frame *f)
{
    user_fault_stop(f, "AArch32 execution is not supported");
    if (this_cpu()->need_resched) {
        schedule();
    }
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
    t->consumed_us += kip->scheduler_granularity;
    timeout_expire(now);
    sched_tick();
}

void trap_irq(struct trap_frame *f)
{
    (void)f;
    unsigned intid = bsp_irq_ack();
    if (intid == BSP_IRQ_SPURIOUS) {
        return;
    }
    if (intid == timer_intid) {
        timer_tick();
    } else {
        /* User-level IRQ objects come with TODO(#3); keep the line quiet. */
        bsp_irq_mask(intid);
        kprintf("kernel: unexpected interrupt %u masked\n", intid);
    }
    bsp_irq_eoi(intid);
    /* From user mode, or from idle: both are preemption points. */
    if (this_cpu()->need_resched) {
        schedule();
    }
}
