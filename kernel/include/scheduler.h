/* SPDX-License-Identifier: MIT */
/*
 * The kernel Scheduler object (L4_BASE_SCHEDULER_CAP).
 */
#pragma once

#include "kobj.h"

extern struct kobj scheduler_object;
