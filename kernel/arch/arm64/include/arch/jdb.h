/* SPDX-License-Identifier: MIT */
/*
 * The architecture's part of the kernel debugger (jdb.c): a thread's user registers and
 * its backtrace, both from the state saved at its last kernel entry (jdb_thread.c).
 */
#pragma once

struct thread;

/** Print the user registers of \a t and what its last exception was. */
void arch_jdb_print_regs(struct thread *t);
/** Print the frame-pointer chain of \a t, read through its address space without faults. */
void arch_jdb_backtrace(struct thread *t);
