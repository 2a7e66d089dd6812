// SPDX-License-Identifier: MIT
/*
 * Starting the other CPUs, and what one CPU asks of another (smp.h).
 *
 * Bring-up is one CPU at a time: the boot CPU prepares a CPU's idle thread,
 * leaves it a boot stack, calls PSCI CPU_ON and waits until the new CPU has
 * left that stack for its idle thread, then starts the next.
 *
 * A request (struct cpu_request) carries a function to run on the CPU where
 * a thread's registers are: the CPU it runs on, or whose FP registers hold
 * its state. The asking thread blocks in the kernel; the CPU-request
 * interrupt runs the function under the kernel lock and wakes the asker.
 * Requests live on the asker's kernel stack: an asker that dies withdraws
 * its request first (smp_thread_dying).
 */
#include <arch/arch.h>
#include <arch/mmu.h>
#include <bsp/irqchip.h>
#include <bsp/power.h>
#include <bsp/timer.h>
#include "console.h"
#include "dt_cpus.h"
#include "kip.h"
#include "panic.h"
#include "quota.h"
#include "sched.h"
#include "smp.h"
#include "thread.h"

unsigned cpus_online = 1;
static unsigned cpus_found = 1;

/* The stack a starting CPU uses until it switches to its idle thread (head.S). */
uint64_t secondary_boot_sp;
static uint8_t secondary_boot_stack[4096] __attribute__((aligned(16)));

struct cpu_request {
    struct list link;      /* in the serving CPU's requests */
    struct thread *target; /* the thread the work is about */
    void (*fn)(void *);
    void *arg;
    struct thread *asker;
    bool done;
};

void smp_find_cpus(uint64_t dt_pa)
{
    cpus[0].id = 0;
    cpus[0].online = true;
    cpus[0].hw_id = arch_cpu_hw_id();
    list_init(&cpus[0].requests); /* kmain made cpus[0] this CPU's data already */
    uint64_t ids[KERNEL_MAX_CPUS];
    int n = dt_pa ? dt_cpu_ids(phys_to_virt(dt_pa), ids, KERNEL_MAX_CPUS) : -1;
    if (n < 0) {
        kprintf("kernel: no CPU list in the device tree: one CPU\n");
        return;
    }
    if (n > KERNEL_MAX_CPUS) {
        kprintf("kernel: %d CPUs in the device tree, using %d\n", n, KERNEL_MAX_CPUS);
        n = KERNEL_MAX_CPUS;
    }
    /* cpus[0] is the CPU we boot on, whatever its place in the tree. */
    unsigned next = 1;
    for (int i = 0; i < n; i++) {
        if (ids[i] == cpus[0].hw_id) {
            continue;
        }
        if (next == KERNEL_MAX_CPUS) {
            break;
        }
        cpus[next].id = next;
        cpus[next].hw_id = ids[i];
        list_init(&cpus[next].requests);
        next++;
    }
    cpus_found = next;
}

static void NORETURN idle_first(struct cpu *c)
{
    __atomic_store_n(&c->online, true, __ATOMIC_RELEASE); /* off the boot stack: next CPU */
    kernel_lock();
    extern void NORETURN idle_loop(void *);
    idle_loop(NULL);
}

static void secondary_idle_entry(void *arg)
{
    idle_first(arg);
}

void smp_secondary_main(unsigned index);

void smp_secondary_main(unsigned index)
{
    struct cpu *c = &cpus[index];
    arch_set_cpu_local(c);
    arch_cpu_init_user_counters();
    bsp_irq_init_cpu();
    bsp_timer_init_cpu();
    bsp_irq_unmask(SMP_IPI_INTID);
    struct arch_context boot_ctx;
    arch_switch(&boot_ctx, &c->idle->ctx);
    panic("CPU %u: boot context resumed", index);
}

struct thread *smp_idle_create(struct cpu *c, void (*fn)(void *), void *arg)
{
    struct thread *idle = thread_create(&root_quota);
    if (!idle) {
        return NULL;
    }
    idle->prio = 0;
    idle->state = THREAD_READY;
    arch_thread_init_kernel(idle, fn, arg);
    sched_init_cpu(c, idle);
    return idle;
}

static bool start_one(struct cpu *c)
{
    if (!smp_idle_create(c, secondary_idle_entry, c)) {
        kprintf("kernel: no memory for the idle thread of CPU %u\n", c->id);
        return false;
    }
    secondary_boot_sp = (uint64_t)(secondary_boot_stack + sizeof(secondary_boot_stack));
    int err = bsp_cpu_on(c->hw_id, arch_secondary_entry(), c->id);
    if (err) {
        kprintf("kernel: CPU %u (mpidr 0x%lx) did not start: PSCI error %d\n", c->id, c->hw_id,
                err);
        return false;
    }
    /* A CPU that never comes: give up after a while rather than hang the boot. */
    uint64_t deadline = bsp_timer_now_us() + 1000000;
    while (!__atomic_load_n(&c->online, __ATOMIC_ACQUIRE)) {
        if (bsp_timer_now_us() > deadline) {
            kprintf("kernel: CPU %u (mpidr 0x%lx) did not come online\n", c->id, c->hw_id);
            return false;
        }
    }
    return true;
}

void smp_start_cpus(void)
{
    bsp_irq_unmask(SMP_IPI_INTID);
    for (unsigned i = 1; i < cpus_found; i++) {
        if (!start_one(&cpus[i])) {
            break; /* cpus[] stays dense: the online CPUs are the first cpus_online */
        }
        cpus_online = i + 1;
    }
    if (cpus_online == 1) {
        kernel_lock_sites_off();
    }
    kip->platform_info.is_mp = cpus_online > 1;
    kprintf("kernel: %u CPU%s online\n", cpus_online, cpus_online == 1 ? "" : "s");
}

void smp_kick(struct cpu *c)
{
    bsp_irq_send_ipi(c->hw_id, SMP_IPI_INTID);
}

/* The CPU that holds \a t's registers (running it, or its FP state), if not this one. */
static struct cpu *holder_elsewhere(const struct thread *t)
{
    struct cpu *here = this_cpu();
    struct cpu *c = &cpus[t->cpu];
    if (c->current == t) {
        return c == here ? NULL : c;
    }
    int f = arch_thread_fpu_cpu(t);
    return f < 0 || &cpus[f] == here ? NULL : &cpus[f];
}

unsigned smp_task_cpus(const struct task *task)
{
    unsigned mask = 0;
    for (unsigned i = 0; i < cpus_online; i++) {
        /* space_task: a vCPU in user mode holds its user task's tables (vcpu.c) */
        if (cpus[i].current != cpus[i].idle && cpus[i].current->space_task == task) {
            mask |= 1U << i;
        }
    }
    return mask;
}

bool smp_thread_running(const struct thread *t)
{
    /* Not only cpus[t->cpu]: a thread moved while running runs on until switched away. */
    for (unsigned i = 0; i < cpus_online; i++) {
        if (cpus[i].current == t) {
            return true;
        }
    }
    return false;
}

void smp_call_for(struct thread *t, void (*fn)(void *), void *arg)
{
    struct cpu *c = holder_elsewhere(t);
    if (!c) {
        fn(arg);
        return;
    }
    struct thread *self = current_thread();
    struct cpu_request r = { .target = t, .fn = fn, .arg = arg, .asker = self };
    list_push_back(&c->requests, &r.link);
    self->cpu_request = &r;
    smp_kick(c);
    while (!r.done) {
        thread_block_current(0);
    }
}

void smp_ipi(void)
{
    struct cpu *here = this_cpu();
    here->need_resched = true; /* the usual reason for the interrupt */
    while (!list_empty(&here->requests)) {
        struct cpu_request *r = CONTAINER_OF(here->requests.next, struct cpu_request, link);
        list_unlink(&r->link);
        struct cpu *c = holder_elsewhere(r->target);
        if (c) {
            /* The thread went on to another CPU meanwhile: the request follows it. */
            list_push_back(&c->requests, &r->link);
            smp_kick(c);
            continue;
        }
        r->fn(r->arg);
        r->done = true;
        r->asker->cpu_request = NULL;
        thread_wake(r->asker);
    }
}

void smp_thread_dying(struct thread *t)
{
    if (t->cpu_request) {
        list_unlink(&t->cpu_request->link);
        t->cpu_request = NULL;
    }
}
