/* SPDX-License-Identifier: MIT */
/*
 * The kernel debugger object (L4_BASE_DEBUGGER_CAP, protocol
 * L4_PROTO_DEBUGGER): console output for any task, l4_kd_* style.
 */
#pragma once

#include "kobj.h"

extern struct kobj kdebug_object;
