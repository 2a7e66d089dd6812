/* SPDX-License-Identifier: MIT */
/*
 * The one system call: invoke a capability. Called by the architecture's
 * trap handler with the caller's register frame.
 */
#pragma once

#include <arch/regs.h>

struct cpu;
struct thread;

/**
 * Decode the selector, look up the capability and dispatch to its object,
 * through the IPC fast path when it applies. Returns the frame to return to
 * user mode through: \a f, or the frame of the thread the fast path handed
 * the CPU to. \a c is this CPU, \a self its current thread (the svc entry
 * has them at hand). For the vector's sake the registers the system-call ABI
 * clobbers (x4-x17) are not in \a f: \a self has no syscall_divert.
 */
struct trap_frame *syscall_entry(struct trap_frame *f, struct cpu *c, struct thread *self);
/**
 * The same for a thread with syscall_divert (an alien thread, a vCPU; the
 * vector saved every register): never the fast path (syscall.c).
 */
struct trap_frame *syscall_entry_diverted(struct trap_frame *f, struct cpu *c,
                                          struct thread *self);
