// SPDX-License-Identifier: MIT
/*
 * vCPUs, the arm64 part (vcpu.h): registers between the user frame and the
 * state page (l4_vcpu_regs_t is the exception block: x0..x30, ESR, FAR, sp,
 * pc, pstate, TPIDRRO_EL0, TPIDR_EL0), the entry (pc = entry_ip, sp =
 * entry_sp, x0 = the state's address) and the switch between vCPU kernel
 * and user mode: address space, the two thread-pointer registers (kernel
 * mode's are kept by the kernel and shown in arch_state.host_tpidruro) and
 * the FPU (user mode without L4_VCPU_F_FPU_ENABLED traps on its first FP
 * access, which then enters the vCPU, vcpu.c).
 */
#include <arch/arch.h>
#include <arch/mmu.h>
#include <arch/sysreg.h>
#include "fpu.h"
#include "task.h"
#include "thread.h"
#include "vcpu.h"

#define PSTATE_NZCV 0xf0000000UL

void arch_vcpu_save_regs(struct thread *t, l4_vcpu_state_t *s, const struct trap_frame *f,
                         uint64_t esr)
{
    l4_vcpu_regs_t *r = &s->r;
#pragma GCC unroll 31 /* pairs of loads and stores, not a 155-instruction loop */
    for (int i = 0; i < 31; i++) {
        r->r[i] = f->x[i];
    }
    r->eret_work = 0;
    r->reserved = 0;
    r->err = esr;
    r->pfa = f->far;
    r->sp = f->sp;
    r->pc = f->pc;
    r->pstate = f->pstate;
    r->tpidruro = t->utcb_user; /* the current mode's values (switch_to_user set them) */
    r->tpidrurw = read_sysreg(tpidr_el0);
}

void arch_vcpu_load_regs(struct thread *t, const l4_vcpu_state_t *s, struct trap_frame *f)
{
    (void)t;
    const l4_vcpu_regs_t *r = &s->r;
#pragma GCC unroll 31
    for (int i = 0; i < 31; i++) {
        f->x[i] = r->r[i];
    }
    f->sp = r->sp;
    f->pc = r->pc;
    f->pstate = (r->pstate & PSTATE_NZCV) | PSTATE_EL0T; /* user mode, interrupts on */
}

void arch_vcpu_enter(struct thread *t, l4_vcpu_state_t *s, struct trap_frame *f)
{
    f->pc = s->entry_ip;
    f->sp = s->entry_sp;
    f->x[0] = t->vcpu.state_user;
    f->pstate = PSTATE_EL0T;
}

void arch_vcpu_switch_to_user(struct thread *t, struct task *task, const l4_vcpu_state_t *s)
{
    uint64_t tpidrro = s->r.tpidruro, tls = s->r.tpidrurw;
    t->vcpu.host_tpidrro = t->utcb_user;
    t->vcpu.host_tls = read_sysreg(tpidr_el0);
    t->vcpu.state->arch_state.host_tpidruro = t->utcb_user;
    t->utcb_user = tpidrro; /* what TPIDRRO_EL0 shows in user mode (the UTCB stays t->utcb) */
    t->tls = tls;
    write_sysreg(tpidrro_el0, tpidrro);
    write_sysreg(tpidr_el0, tls);
    t->space_task = task;
    arch_space_activate(&task->space);
    if (!(s->state & L4_VCPU_F_FPU_ENABLED)) {
        arch_thread_fpu_flush(t);
    }
}

void arch_vcpu_switch_to_kernel(struct thread *t)
{
    t->utcb_user = t->vcpu.host_tpidrro;
    t->tls = t->vcpu.host_tls;
    write_sysreg(tpidrro_el0, t->utcb_user);
    write_sysreg(tpidr_el0, t->tls);
    t->space_task = t->task;
    arch_space_activate(&t->task->space);
}
