// SPDX-License-Identifier: MIT
/*
 * The panic path: "KERNEL PANIC: <reason>", the register state when an
 * exception caused it, and a backtrace that follows the frame-pointer chain
 * (the kernel is built with frame pointers) and names each return address
 * with the kernel symbol table. Then the CPU halts with interrupts off, so
 * a debugger can still attach. Reached only through kernel bugs or broken
 * boots, never through a user program's behaviour.
 */
#include <arch/arch.h>
#include <arch/mmu.h>
#include <arch/sysreg.h>
#include "console.h"
#include "ksyms.h"
#include "panic.h"
#include "sched.h"
#include "thread.h"

extern char __kernel_start[], __kernel_end[];

static void print_symbol(uint64_t addr)
{
    uint64_t off = 0;
    const char *name = ksyms_lookup(addr, &off);
    if (name) {
        kprintf("0x%016lx %s+0x%lx\n", addr, name, off);
    } else {
        kprintf("0x%016lx ?\n", addr);
    }
}

static bool fp_valid(uint64_t fp)
{
    /* Frame records live on kernel stacks: in the linear map, 16-byte aligned. */
    return fp >= KERNEL_VOFFSET && (fp & 15) == 0 && fp < KERNEL_VOFFSET + (1UL << 40);
}

static void backtrace(uint64_t pc, uint64_t fp)
{
    kprintf("backtrace:\n  #0  ");
    print_symbol(pc);
    for (int depth = 1; depth < 32 && fp_valid(fp); depth++) {
        const uint64_t *record = (const uint64_t *)fp;
        uint64_t lr = record[1];
        if (lr < (uint64_t)__kernel_start || lr >= (uint64_t)__kernel_end) {
            break;
        }
        kprintf("  #%-2d ", depth);
        print_symbol(lr - 4); /* the call instruction, not the return address */
        fp = record[0];
    }
}

static NORETURN void halt(void);
static bool panicking;

static void panic_header(const char *fmt, va_list ap)
{
    irq_disable();
    if (panicking) {
        kprintf("\nKERNEL PANIC while panicking\n");
        halt();
    }
    panicking = true;
    kprintf("\nKERNEL PANIC: ");
    kvprintf(fmt, ap);
    struct thread *t = current_thread();
    kprintf("\ncurrent thread %p (%s)\n", (void *)t, t ? thread_name(t) : "none");
}

static NORETURN void halt(void)
{
    kprintf("system halted\n");
    for (;;) {
        wfi();
    }
}

void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    panic_header(fmt, ap);
    va_end(ap);
    uint64_t pc;
    __asm__ volatile("adr %0, ." : "=r"(pc));
    backtrace(pc, arch_frame_pointer());
    halt();
}

void panic_frame(const struct trap_frame *f, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    panic_header(fmt, ap);
    va_end(ap);
    kprintf("ESR 0x%08lx  FAR 0x%016lx  ELR 0x%016lx  SPSR 0x%08lx\n", f->esr, f->far, f->pc,
            f->pstate);
    for (int i = 0; i < 31; i++) {
        kprintf("x%-2d 0x%016lx%s", i, f->x[i], (i % 3 == 2) ? "\n" : "  ");
    }
    kprintf("sp  0x%016lx\n", (uint64_t)(f + 1));
    backtrace(f->pc, f->x[29]);
    halt();
}
