/* SPDX-License-Identifier: MIT */
/*
 * Lazy FP/SIMD switching. The kernel never touches FP registers (it is
 * built with -mgeneral-regs-only); user threads get them on first use.
 */
#pragma once

#include <stdbool.h>

struct thread;

/** Allow FP for \a next only if it owns the registers; otherwise trap. */
void fpu_switch_in(struct thread *next);
/** Save \a t's registers if they are in the CPU: its next FP access traps (vCPU user mode). */
void fpu_disown(struct thread *t);
/** Handle an FP access trap of the current thread; false if out of memory. */
bool fpu_trap(struct thread *t);
