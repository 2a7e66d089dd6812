/* SPDX-License-Identifier: MIT */
/*
 * Freestanding <string.h> for libfdt and bootstrap: the core's functions
 * (lib/core/string.c, built into bootstrap); another user of libfdt.a must
 * supply them too. See doc/bootstrap.md.
 */
#pragma once

#include <core/string.h>
