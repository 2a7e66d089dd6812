// SPDX-License-Identifier: MIT
/*
 * Lazy FP/SIMD state: q0-q31, FPSR and FPCR live in the CPU for the owner
 * thread only. Other threads run with CPACR_EL1.FPEN = 01 (EL0 accesses
 * trap, EC 0x07); on the trap the owner's registers are saved, the new
 * thread's loaded (zeroed on first use; 528 bytes allocated from kernel
 * memory then, so threads that never use FP cost nothing) and it becomes
 * the owner. ARM DDI 0487 D17.2.30 (CPACR_EL1).
 */
#include <arch/arch.h>
#include <arch/sysreg.h>
#include "fpu.h"
#include "kernel_mem.h"
#include "quota.h"
#include "sched.h"
#include "thread.h"

struct fpu_state {
    __uint128_t q[32];
    uint64_t fpsr, fpcr;
};

#define CPACR_FP_TRAP_EL0 (1UL << 20)
#define CPACR_FP_NONE (3UL << 20)

/* This CPU's FP owner and CPACR_EL1 (struct arch_cpu, in its struct cpu). */
static inline struct arch_cpu *fpu_here(void)
{
    return &this_cpu()->arch;
}

static void fpu_save(struct fpu_state *s)
{
    __asm__ volatile(".arch_extension fp\n.arch_extension simd\n"
                     "stp q0, q1, [%0, #0]\n stp q2, q3, [%0, #32]\n"
                     "stp q4, q5, [%0, #64]\n stp q6, q7, [%0, #96]\n"
                     "stp q8, q9, [%0, #128]\n stp q10, q11, [%0, #160]\n"
                     "stp q12, q13, [%0, #192]\n stp q14, q15, [%0, #224]\n"
                     "stp q16, q17, [%0, #256]\n stp q18, q19, [%0, #288]\n"
                     "stp q20, q21, [%0, #320]\n stp q22, q23, [%0, #352]\n"
                     "stp q24, q25, [%0, #384]\n stp q26, q27, [%0, #416]\n"
                     "stp q28, q29, [%0, #448]\n stp q30, q31, [%0, #480]\n"
                     ::"r"(s->q) : "memory");
    s->fpsr = read_sysreg(fpsr);
    s->fpcr = read_sysreg(fpcr);
}

static void fpu_load(const struct fpu_state *s)
{
    __asm__ volatile(".arch_extension fp\n.arch_extension simd\n"
                     "ldp q0, q1, [%0, #0]\n ldp q2, q3, [%0, #32]\n"
                     "ldp q4, q5, [%0, #64]\n ldp q6, q7, [%0, #96]\n"
                     "ldp q8, q9, [%0, #128]\n ldp q10, q11, [%0, #160]\n"
                     "ldp q12, q13, [%0, #192]\n ldp q14, q15, [%0, #224]\n"
                     "ldp q16, q17, [%0, #256]\n ldp q18, q19, [%0, #288]\n"
                     "ldp q20, q21, [%0, #320]\n ldp q22, q23, [%0, #352]\n"
                     "ldp q24, q25, [%0, #384]\n ldp q26, q27, [%0, #416]\n"
                     "ldp q28, q29, [%0, #448]\n ldp q30, q31, [%0, #480]\n"
                     ::"r"(s->q) : "memory");
    write_sysreg(fpsr, s->fpsr);
    write_sysreg(fpcr, s->fpcr);
}

static inline void cpacr_set(struct arch_cpu *here, uint64_t v)
{
    if (v != here->cpacr) {
        here->cpacr = v;
        write_sysreg(cpacr_el1, v);
        isb();
    }
}

__attribute__((always_inline)) inline void fpu_switch_in(struct arch_cpu *here, struct thread *next)
{
    /* The common case first: FP traps already and next does not own the registers. */
    if (__builtin_expect(here->cpacr != CPACR_FP_TRAP_EL0 || next == here->fpu_owner, 0)) {
        cpacr_set(here, next == here->fpu_owner ? CPACR_FP_NONE : CPACR_FP_TRAP_EL0);
    }
}

bool fpu_trap(struct thread *t)
{
    if (!t->fpu) {
        /* Charged to the thread's quota: every thread could otherwise take this much. */
        t->fpu = quota_alloc(t->kobj.quota, sizeof(struct fpu_state));
        if (!t->fpu) {
            return false;
        }
    }
    struct arch_cpu *here = fpu_here();
    cpacr_set(here, CPACR_FP_NONE);
    if (here->fpu_owner && here->fpu_owner != t && here->fpu_owner->fpu) {
        fpu_save(here->fpu_owner->fpu);
    }
    fpu_load(t->fpu);
    here->fpu_owner = t;
    return true;
}

int arch_thread_fpu_cpu(const struct thread *t)
{
    for (unsigned i = 0; i < cpus_online; i++) {
        if (cpus[i].arch.fpu_owner == t) {
            return (int)i;
        }
    }
    return -1;
}

void arch_thread_fpu_flush(struct thread *t)
{
    struct arch_cpu *here = fpu_here();
    if (here->fpu_owner == t) {
        cpacr_set(here, CPACR_FP_NONE);
        fpu_save(t->fpu);
        here->fpu_owner = NULL;
        cpacr_set(here, CPACR_FP_TRAP_EL0);
    }
}

bool arch_thread_fpu_copy(struct thread *from, struct thread *to)
{
    if (!from->fpu && !to->fpu) {
        return true; /* both in the initial (zero) state */
    }
    if (!to->fpu && !(to->fpu = quota_alloc(to->kobj.quota, sizeof(struct fpu_state)))) {
        return false;
    }
    struct arch_cpu *here = fpu_here();
    if (from->fpu) {
        if (here->fpu_owner == from) {
            cpacr_set(here, CPACR_FP_NONE);
            fpu_save(from->fpu);
        }
        memcpy(to->fpu, from->fpu, sizeof(struct fpu_state));
    } else {
        memset(to->fpu, 0, sizeof(struct fpu_state));
    }
    /* Registers still holding \a to's old state belong to no one now: it loads the copy. */
    for (unsigned i = 0; i < cpus_online; i++) {
        if (cpus[i].arch.fpu_owner == to) {
            cpus[i].arch.fpu_owner = NULL;
        }
    }
    fpu_switch_in(here, this_cpu()->current); /* EL0 access as ownership now says */
    return true;
}

void arch_thread_release_fpu(struct thread *t)
{
    /* Dropped wherever it is live: the registers of that CPU are simply no one's now. */
    for (unsigned i = 0; i < cpus_online; i++) {
        if (cpus[i].arch.fpu_owner == t) {
            cpus[i].arch.fpu_owner = NULL;
        }
    }
    if (t->fpu) {
        quota_free(t->kobj.quota, t->fpu, sizeof(struct fpu_state));
        t->fpu = NULL;
    }
}

size_t arch_thread_fpu_bytes(const struct thread *t)
{
    return t->fpu ? sizeof(struct fpu_state) : 0;
}
