// SPDX-License-Identifier: MIT
/*
 * The kernel lock: one word, 0 free, 1 taken, claimed with an exclusive
 * load/store pair. A waiting CPU sleeps in WFE; the holder's release store
 * clears the waiter's exclusive monitor, which wakes it (ARM DDI 0487
 * D1.16.1, "wait for event" and the global monitor).
 *
 * Not a ticket lock on purpose: whoever comes when the lock is free gets it.
 * With a ticket lock the lock passes only to the next ticket's CPU, and when
 * that CPU is not running (a virtual CPU the host has descheduled, as QEMU's
 * CPUs on a machine with fewer cores) every CPU waits for it: a boot with
 * four CPUs on two host cores took minutes. Kernel entries are short and
 * the waiters few, so starvation is not seen in practice.
 *
 * With one CPU online the entry and exit paths do not take it at all:
 * smp_start_cpus() puts back the instructions their lock sites stand for
 * (kernel_lock_sites_off), so a uniprocessor runs no instruction for it.
 */
#include <arch/arch.h>
#include "smp.h"

/* Also taken and released inline by vectors.S. */
uint32_t kernel_lock_word __attribute__((aligned(64)));

void kernel_lock(void)
{
    uint32_t v, failed;
    for (;;) {
        __asm__ volatile("ldaxr %w0, [%1]" : "=&r"(v) : "r"(&kernel_lock_word) : "memory");
        if (v) {
            __asm__ volatile("wfe" ::: "memory");
            continue;
        }
        __asm__ volatile("stxr %w0, %w2, [%1]"
                         : "=&r"(failed)
                         : "r"(&kernel_lock_word), "r"(1U)
                         : "memory");
        if (!failed) {
            return;
        }
    }
}

void kernel_unlock(void)
{
    __atomic_store_n(&kernel_lock_word, 0, __ATOMIC_RELEASE);
}

/* The entry/exit lock sites (vectors.S, lock_site): the site and the instruction it stands for. */
struct lock_site {
    uint32_t *site;
    uint32_t insn;
    uint32_t pad;
};
extern struct lock_site __kernel_lock_sites_start[], __kernel_lock_sites_end[];

void kernel_lock_sites_off(void)
{
    for (struct lock_site *p = __kernel_lock_sites_start; p < __kernel_lock_sites_end; p++) {
        *p->site = p->insn;
        __asm__ volatile("dc cvau, %0" ::"r"(p->site) : "memory");
    }
    __asm__ volatile("dsb ish\n ic ialluis\n dsb ish\n isb" ::: "memory");
}
