/* SPDX-License-Identifier: MIT */
/*
 * The one system call: invoke a capability. Called by the architecture's
 * trap handler with the caller's register frame.
 */
#pragma once

#include <arch/regs.h>

/**
 * Decode the selector, look up the capability and dispatch to its object,
 * through the IPC fast path when it applies. Returns the frame to return to
 * user mode through: \a f, or the frame of the thread the fast path handed
 * the CPU to.
 */
struct trap_frame *syscall_entry(struct trap_frame *f);
