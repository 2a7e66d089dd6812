/* SPDX-License-Identifier: MIT */
/*
 * Lazy FP/SIMD switching. The kernel never touches FP registers (it is
 * built with -mgeneral-regs-only); user threads get them on first use.
 */
#pragma once

#include <stdbool.h>

struct thread;
struct arch_cpu;

/** Allow FP for \a next only if it owns the registers; otherwise trap. */
void fpu_switch_in(struct arch_cpu *here, struct thread *next);
/** Handle an FP access trap of the current thread; false if out of memory. */
bool fpu_trap(struct thread *t);
