// SPDX-License-Identifier: MIT
/*
 * Per-thread CPU state on arm64: the initial kernel context of new threads,
 * what changes on a thread switch (address space, UTCB pointer in
 * TPIDRRO_EL0, user TLS in TPIDR_EL0, FP access) and the idle wait.
 */
#include <arch/arch.h>
#include <arch/mmu.h>
#include <arch/sysreg.h>
#include "fpu.h"
#include "task.h"
#include "thread.h"

extern char trap_return[], arch_thread_trampoline[];

_Static_assert(ARCH_THREAD_SIZE == PAGE_SIZE, "a thread is one page");

void arch_thread_init_user(struct thread *t, uint64_t pc, uint64_t sp)
{
    struct trap_frame *f = arch_thread_frame(t);
    memset(f, 0, sizeof(*f));
    f->pc = pc;
    f->sp = sp;
    f->pstate = PSTATE_EL0T; /* interrupts enabled in user mode */
    memset(&t->ctx, 0, sizeof(t->ctx));
    t->ctx.lr = (uint64_t)trap_return;
    t->ctx.sp = (uint64_t)f;
}

void arch_thread_init_kernel(struct thread *t, void (*fn)(void *), void *arg)
{
    memset(&t->ctx, 0, sizeof(t->ctx));
    t->ctx.x19_x28[0] = (uint64_t)fn;
    t->ctx.x19_x28[1] = (uint64_t)arg;
    t->ctx.lr = (uint64_t)arch_thread_trampoline;
    t->ctx.sp = (uint64_t)arch_thread_frame(t);
}

/* Inlined into the IPC fast path (LTO), whose partner always runs in a user task. */
__attribute__((always_inline)) inline void arch_thread_switch_in_user(struct arch_cpu *ac,
                                                                      struct thread *prev,
                                                                      struct thread *next)
{
    prev->tls = read_sysreg(tpidr_el0);
    /* Threads of one task share TTBR0: no reload (and no barrier) between them.
     * space_task, not task: a vCPU in user mode runs in its user task. */
    if (next->space_task != prev->space_task) {
        arch_space_activate(&next->space_task->space);
    }
    write_sysreg(tpidrro_el0, next->utcb_user);
    write_sysreg(tpidr_el0, next->tls);
    fpu_switch_in(ac, next);
}

void arch_thread_switch_in(struct arch_cpu *ac, struct thread *prev, struct thread *next)
{
    if (next->space_task) {
        arch_thread_switch_in_user(ac, prev, next);
        return;
    }
    prev->tls = read_sysreg(tpidr_el0);
    if (prev->task) {
        arch_space_deactivate(); /* to idle: no CPU keeps a task's tables for nothing */
    }
    fpu_switch_in(ac, next);
}

void arch_idle(void)
{
    /* wfi with interrupts masked still wakes on a pending one; then take it. */
    wfi();
    irq_enable();
    isb();
    irq_disable();
}

void arch_cpu_init_user_counters(void)
{
    /* PMCR_EL0: E (enable) | C (reset cycle counter); PMCNTENSET: cycle counter on;
     * PMUSERENR_EL0: EN | CR so benchmarks read PMCCNTR_EL0 from user mode. Under
     * QEMU -icount shift=0 the cycle counter counts one per instruction. */
    write_sysreg(pmcr_el0, read_sysreg(pmcr_el0) | 0x5);
    write_sysreg(pmccfiltr_el0, 0);
    write_sysreg(pmcntenset_el0, 1UL << 31);
    write_sysreg(pmuserenr_el0, 0x5);
    /* CNTKCTL_EL1: EL0 may read the virtual counter (EL0VCTEN) and use the
     * virtual timer (EL0VTEN), the hardware interrupt source of the ICU tests. */
    write_sysreg(cntkctl_el1, read_sysreg(cntkctl_el1) | (1UL << 1) | (1UL << 8));
    isb();
}

uint64_t arch_secondary_entry(void)
{
    extern char _start_secondary[];
    return virt_to_phys(_start_secondary);
}
