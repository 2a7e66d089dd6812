/* SPDX-License-Identifier: MIT */
/*
 * The kernel log object (L4_BASE_LOG_CAP, protocol L4_PROTO_LOG): the vcon
 * write operation onto the kernel console.
 */
#pragma once

#include "kobj.h"

extern struct kobj vlog_object;
