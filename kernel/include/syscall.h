/* SPDX-License-Identifier: MIT */
/*
 * The one system call: invoke a capability. Called by the architecture's
 * trap handler with the caller's register frame.
 */
#pragma once

#include <arch/regs.h>

/** Decode the selector, look up the capability and dispatch to its object. */
void syscall_invoke(struct trap_frame *f);
