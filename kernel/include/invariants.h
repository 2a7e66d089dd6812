/* SPDX-License-Identifier: MIT */
/*
 * The kernel's invariant checker, built into the checking kernel only
 * (kernel-checked, CONFIG_INVARIANTS=1; the product kernel compiles the
 * calls away). After every system call it checks the objects' reference
 * counts, the ready queues and the reaper list; every INV_SWEEP_EVERY calls (every call with
 * -inv-full) it also sweeps both halves of the mapping database and the quota sums. A
 * violation is a KERNEL PANIC naming the invariant and the object, so a
 * fuzz run stops close to the call that broke it. doc/kernel.md has the list.
 */
#pragma once

#include "base.h"

/* A full sweep every this many system calls; the kernel option -inv-full sweeps after every call. */
#ifndef INV_SWEEP_EVERY
#define INV_SWEEP_EVERY 64
#endif

/** Kernel option -inv-full: a full sweep after every system call (to pin a failure down). */
extern bool opt_inv_full;

/** Check everything now (full) or the cheap part only; panics on a violation. */
void invariants_check(bool full);
/** The end of a system call: the cheap check, and a full one every INV_SWEEP_EVERY calls. */
void invariants_syscall_done(void);
