// SPDX-License-Identifier: MIT
/*
 * The kernel debugger's view of a thread's user state (jdb.c: t <thread>, bt <thread>).
 * Both read the register frame at the top of the thread's page, which holds the user
 * registers as of its last kernel entry: for a thread the debugger interrupted (or one
 * blocked in a system call) that is its current state; a thread running on another CPU
 * shows the state of its last entry there.
 *
 * The backtrace follows AArch64 frame records: x29 points at {caller's x29, return
 * address}. Every record is read through the task's page tables (arch_space_lookup)
 * and only from mapped Normal memory, so a wild x29 can never fault the kernel or touch
 * a device register; the walk stops at fp 0 (the outermost frame), an address that is
 * not 8-byte aligned or not mapped, a record seen before (a loop), or after
 * JDB_BT_DEPTH records. A leaf function that keeps its return address in x30 without a
 * record of its own does not appear; x30 is among the registers.
 */
#include <arch/arch.h>
#include <arch/jdb.h>
#include <arch/mmu.h>
#include "console.h"
#include "task.h"
#include "thread.h"

#define JDB_BT_DEPTH 32

/* The exception classes a user thread's last entry is likely to have had (ESR_EL1.EC). */
static const char *jdb_ec_name(uint64_t ec)
{
    switch (ec) {
    case 0x00: return "unknown instruction";
    case 0x07: return "FP access";
    case 0x15: return "svc (system call)";
    case 0x16: return "hvc";
    case 0x18: return "system register access";
    case 0x20: return "instruction abort";
    case 0x22: return "misaligned pc";
    case 0x24: return "data abort";
    case 0x26: return "misaligned sp";
    case 0x3c: return "brk";
    default: return "other";
    }
}

void arch_jdb_print_regs(struct thread *t)
{
    const struct trap_frame *f = arch_thread_frame(t);
    uint64_t ec = (f->esr >> 26) & 0x3f;

    for (unsigned i = 0; i < 31; i++) {
        kprintf("x%-2u %016lx%s", i, f->x[i], (i % 4 == 3 || i == 30) ? "\n" : " ");
    }
    kprintf("sp  %016lx pc  %016lx pstate %016lx (%s)\n", f->sp, f->pc, f->pstate,
            (f->pstate & PSTATE_MODE_MASK) == PSTATE_EL0T ? "EL0" : "not EL0");
    /* ESR/FAR are written at every synchronous entry; an interrupt leaves the last ones. */
    kprintf("last exception: esr %08lx (%s) far %016lx\n", f->esr, jdb_ec_name(ec), f->far);
}

/* One 8-byte word of user memory at \a va in \a s; false unless mapped Normal memory. */
static bool jdb_read_user(struct arch_space *s, uint64_t va, uint64_t *out)
{
    uint64_t pa;
    unsigned rights;

    if ((va & 7) || !arch_space_lookup(s, va, &pa, &rights) || (rights & MAP_TYPE_MASK)) {
        return false;
    }
    *out = *(const uint64_t *)phys_to_virt(pa);
    return true;
}

void arch_jdb_backtrace(struct thread *t)
{
    const struct trap_frame *f = arch_thread_frame(t);
    struct task *space = t->space_task ? t->space_task : t->task;
    uint64_t seen[JDB_BT_DEPTH];
    uint64_t fp = f->x[29];
    unsigned n = 0;

    kprintf("#0  %016lx pc\n", f->pc);
    for (;;) {
        uint64_t next, ret;
        if (fp == 0) {
            kprintf("end: fp 0 (outermost frame)\n");
            return;
        }
        if (fp & 7) {
            kprintf("end: fp %016lx misaligned\n", fp);
            return;
        }
        for (unsigned i = 0; i < n; i++) {
            if (seen[i] == fp) {
                kprintf("end: fp %016lx seen before (loop)\n", fp);
                return;
            }
        }
        if (n == JDB_BT_DEPTH) {
            kprintf("end: depth limit (%u frames)\n", JDB_BT_DEPTH);
            return;
        }
        if (!jdb_read_user(&space->space, fp, &next) ||
            !jdb_read_user(&space->space, fp + 8, &ret)) {
            kprintf("end: fp %016lx not mapped\n", fp);
            return;
        }
        seen[n++] = fp;
        kprintf("#%-2u %016lx fp %016lx\n", n, ret, fp);
        fp = next;
    }
}
