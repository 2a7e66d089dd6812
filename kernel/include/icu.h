/* SPDX-License-Identifier: MIT */
/*
 * The kernel ICU object (L4_BASE_ICU_CAP).
 */
#pragma once

#include "kobj.h"

extern struct kobj icu_object;
