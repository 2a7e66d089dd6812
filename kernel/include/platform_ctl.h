/* SPDX-License-Identifier: MIT */
/*
 * Platform control (protocol L4_PROTO_PLATFORM_CTL), the second protocol of the
 * kernel ICU object: kernel/generic/platform_ctl.c.
 */
#pragma once

struct invocation;

/**
 * Handle a platform-control invocation through a capability with \a rights.
 * Replies -L4_EPERM without S, -L4_EINVAL for a short message or a bad argument,
 * -L4_ENOSYS for an operation this kernel does not offer; a shutdown does not return.
 */
void platform_ctl_invoke(unsigned rights, struct invocation *inv);
