/* SPDX-License-Identifier: MIT */
/*
 * vCPU benchmarks (root task, make bench under QEMU -icount shift=0, where
 * PMCCNTR_EL0 counts one per instruction). The main thread is the vCPU.
 *   vcpu_irq_entry: with the virtual interrupt flag on, l4_irq_trigger of an
 *     Irq bound to ourselves until the entry handler runs (the kernel enters
 *     on the way back from the trigger); the handler resumes the interrupted
 *     code like an interrupt return (not measured).
 *   vcpu_user_exception_rtt: from the handler, resume into user mode (another
 *     task) where the code is one svc, until the handler runs again.
 * Each prints BENCH <name> <instructions per operation> instructions, averaged
 * over ROUNDS after WARMUP.
 */
#include <l4/crt0.h>
#include <l4/sys/factory.h>
#include <l4/sys/irq.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/sys/vcpu.h>
#include <l4/util/kd_printf.h>

#define IRQ KT(0x20)
#define UTASK KT(0x21)
#define KT(n) ((l4_cap_idx_t)(n) << L4_CAP_SHIFT)
#define KU_ADDR 0x0000fffffffe0000UL
#define USER_UTCB_AREA 0x0000ffffffff0000UL
#define WARMUP 100
#define ROUNDS 2000

/* User mode: one page, svc forever (mapped at the same address into the user task). */
extern char vb_user[];
__asm__(".section .text.vcpu_user, \"ax\"\n"
        ".balign 4096\n"
        ".global vb_user\n"
        "vb_user:\n"
        "    svc #0\n"
        "    b vb_user\n"
        ".balign 4096\n"
        ".text\n");

static l4_vcpu_state_t *const vcpu = (l4_vcpu_state_t *)KU_ADDR;
static char entry_stack[8192] __attribute__((aligned(16)));
static char user_stack[4096] __attribute__((aligned(4096)));
static void *back[5];      /* __builtin_setjmp buffer: the main flow after the rounds */
static volatile unsigned long t0, total, rounds;
static volatile int phase;

static inline unsigned long pmu_cycles(void)
{
    unsigned long v;
    __asm__ volatile("isb\n mrs %0, pmccntr_el0\n isb" : "=r"(v) : : "memory");
    return v;
}

static void count(unsigned long now)
{
    if (rounds >= WARMUP) {
        total += now - t0;
    }
    rounds++;
}

static void __attribute__((noreturn)) resume(l4_msgtag_t tag)
{
    l4_thread_vcpu_resume_commit(L4_BASE_THREAD_CAP, tag);
    kd_printf("vcpu_bench: resume failed\n");
    for (;;) {
        l4_ipc_sleep(L4_IPC_NEVER);
    }
}

static void __attribute__((noreturn)) entry(l4_vcpu_state_t *s)
{
    unsigned long now = pmu_cycles();
    count(now);
    if (rounds == WARMUP + ROUNDS && phase == 2) {
        __builtin_longjmp(back, 1);
    }
    if (phase == 1) {
        s->state = L4_VCPU_F_IRQ; /* back behind the trigger, interrupts on */
        resume(l4_thread_vcpu_resume_start());
    }
    l4_msgtag_t tag = l4_thread_vcpu_resume_start();
    if (rounds == 1) {
        l4_sndfpage_add(l4_fpage((l4_addr_t)vb_user, L4_PAGESHIFT, L4_FPAGE_RX),
                        (l4_addr_t)vb_user, &tag);
    }
    s->user_task = UTASK;
    s->state = L4_VCPU_F_USER_MODE | L4_VCPU_F_EXCEPTIONS;
    t0 = pmu_cycles();
    resume(tag);
}

static void report(const char *name)
{
    kd_printf("BENCH %s %lu instructions\n", name, (total + ROUNDS / 2) / ROUNDS);
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    l4_fpage_t ku = l4_fpage(KU_ADDR, L4_PAGESHIFT, L4_FPAGE_RW);
    l4_fpage_t area = l4_fpage(USER_UTCB_AREA, L4_PAGESHIFT, L4_FPAGE_RW);
    long r[5] = {
        l4_error(l4_task_add_ku_mem(L4_BASE_TASK_CAP, &ku)),
        l4_error(l4_thread_vcpu_control(L4_BASE_THREAD_CAP, KU_ADDR)),
        l4_error(l4_factory_create_irq(L4_BASE_FACTORY_CAP, IRQ)),
        l4_error(l4_rcv_ep_bind_thread(IRQ, L4_BASE_THREAD_CAP, 0x10)),
        l4_error(l4_factory_create_task(L4_BASE_FACTORY_CAP, UTASK, &area)),
    };
    for (int i = 0; i < 5; i++) {
        if (r[i] < 0) {
            kd_printf("vcpu_bench: setup step %d failed: %ld\n", i, r[i]);
            return 1;
        }
    }
    vcpu->entry_ip = (l4_addr_t)entry;
    vcpu->entry_sp = (l4_addr_t)entry_stack + sizeof(entry_stack);

    /* Irq trigger to the entry handler. */
    phase = 1;
    vcpu->state = L4_VCPU_F_IRQ;
    l4_barrier();
    while (rounds < WARMUP + ROUNDS) {
        t0 = pmu_cycles();
        l4_irq_trigger(IRQ);
    }
    vcpu->state = 0;
    l4_barrier();
    report("vcpu_irq_entry");

    /* Resume into user mode and back on its svc. */
    phase = 2;
    rounds = 0;
    total = 0;
    user_stack[0] = 0;
    if (!__builtin_setjmp(back)) {
        vcpu->r.pc = (l4_addr_t)vb_user;
        vcpu->r.sp = (l4_addr_t)user_stack + sizeof(user_stack);
        vcpu->r.pstate = 0;
        rounds = 0;
        entry(vcpu); /* the first resume, as from an entry (its count is warm-up) */
    }
    report("vcpu_user_exception_rtt");
    return 0;
}
