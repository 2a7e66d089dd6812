/* SPDX-License-Identifier: MIT */
/*
 * The l4re tests' TAP names: the common TAP library (tests/lib/tap.h) with
 * its output sent to the program's log.
 */
#pragma once

#include <l4/re/c/log.h>
#include "tap.h"

static inline void lt_start(unsigned planned)
{
    tap_set_output(l4re_log_print);
    tap_start(planned);
}

#define lt_ok tap_ok
#define lt_is(got, expected, desc) tap_is_int((long long)(got), (long long)(expected), "%s", (desc))
#define lt_skip(reason) tap_skip("%s", (reason))
#define lt_done tap_done
