// SPDX-License-Identifier: MIT
/*
 * Kernel start after the architecture's early entry (head.S): console,
 * KIP, kernel memory, interrupt controller, timer, the idle thread, sigma0
 * and the root task, then the first schedule. Kernel options come from the
 * kernel module's command line in modules.list (doc/building.md).
 */
#include <arch/arch.h>
#include <bsp/irqchip.h>
#include <bsp/timer.h>
#include <l4/util/l4mod.h>
#include "boot_tasks.h"
#include "console.h"
#include "invariants.h"
#include "jdb.h"
#include "kernel_mem.h"
#include "kip.h"
#include "panic.h"
#include "quota.h"
#include "sched.h"
#include "smp.h"
#include "thread.h"

#define TICK_US 1000

extern int psci_use_smc;
unsigned timer_intid;

/* -panic-test: fault inside the kernel on purpose to show the panic path. */
static bool opt_panic_test;

struct kernel_option {
    const char *name;
    bool *flag;
};

extern bool opt_verbose_rejects;

static const struct kernel_option kernel_options[] = {
    { "-panic-test", &opt_panic_test },
    { "-verbose-rejects", &opt_verbose_rejects },
    { "-inv-full", &opt_inv_full }, /* checking kernel: full invariant sweep every call */
    { "-jdb", &opt_jdb },           /* kernel debugger prompt (jdb.c) */
};

static void parse_options(const char *cmdline)
{
    if (!cmdline) {
        return;
    }
    for (const char *p = cmdline; *p; p++) {
        if (p != cmdline && p[-1] != ' ') {
            continue;
        }
        for (unsigned i = 0; i < ARRAY_SIZE(kernel_options); i++) {
            size_t n = strlen(kernel_options[i].name);
            if (strncmp(p, kernel_options[i].name, n) == 0 && (p[n] == ' ' || p[n] == '\0')) {
                *kernel_options[i].flag = true;
            }
        }
    }
}

/*
 * Every CPU's idle thread. It holds the kernel lock like any kernel code
 * but for the wait, where the CPU sleeps until an interrupt (whose handler
 * takes the lock itself).
 */
void NORETURN idle_loop(void *arg);

void NORETURN idle_loop(void *arg)
{
    (void)arg;
    for (;;) {
        if (this_cpu()->need_resched) {
            schedule();
        } else {
            sched_idle_wait_begin();
            kernel_unlock();
            arch_idle();
            kernel_lock();
            sched_idle_wait_end(); /* if the wake-up came without an interrupt */
            if (this_cpu()->id == 0) {
                console_poll_input(); /* typed keys: the kernel log, ESC the debugger (-jdb) */
            }
        }
    }
}

__attribute__((noinline)) static void panic_test_fault(void)
{
    kprintf("kernel: -panic-test: touching an unmapped kernel address\n");
    *(volatile uint64_t *)0xffff8000deadbeefUL = 1;
}

void kmain(uint64_t kip_pa, uint64_t entry_el);

void kmain(uint64_t kip_pa, uint64_t entry_el)
{
    arch_set_cpu_local(&cpus[0]); /* this_cpu() works from here on */
    kernel_lock();
    psci_use_smc = entry_el == 2;
    kprintf("\nKestrel microkernel (L4/Fiasco.OC API), arm64-virt\n");
    kprintf("kernel: entered at EL%lu, running at EL1\n", entry_el);
    kip_init(kip_pa);
    if (kip->magic != L4_KERNEL_INFO_MAGIC) {
        panic("no kernel info page at 0x%lx (magic 0x%x)", kip_pa, kip->magic);
    }
    parse_options(kip_module_cmdline(L4UTIL_L4MOD_MOD_FLAG_KERNEL));
    smp_find_cpus(kip->dt_addr); /* before kernel memory may reuse the tree's pages */
    kernel_mem_init();
    bsp_irq_init();
    timer_intid = bsp_timer_init(TICK_US);
    kip->scheduler_granularity = TICK_US;
    kip->frequency_cpu = bsp_timer_freq() / 1000;
    kprintf("kernel: %s, timer tick %u us (counter %lu Hz)\n", bsp_irq_name(), TICK_US,
            bsp_timer_freq());
    arch_cpu_init_user_counters();

    struct thread *idle = smp_idle_create(this_cpu(), idle_loop, NULL);
    if (!idle) {
        panic("no memory for the idle thread");
    }
    if (opt_panic_test) {
        panic_test_fault();
    }
    smp_start_cpus();
    boot_tasks_create();

    /* Leave the boot stack for good; idle schedules whatever is ready. */
    struct arch_context boot_ctx;
    this_cpu()->need_resched = true;
    arch_switch(&boot_ctx, &idle->ctx);
    panic("boot context resumed");
}
