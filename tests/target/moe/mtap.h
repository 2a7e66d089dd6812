/* SPDX-License-Identifier: MIT */
/*
 * The moe tests' TAP names: the common TAP library (tests/lib/tap.h) with
 * its output sent to the program's log, so the lines carry the log tag.
 */
#pragma once

#include <l4/re/c/log.h>
#include "tap.h"

static inline void mt_start(unsigned planned)
{
    tap_set_output(l4re_log_print);
    tap_start(planned);
}

#define mt_ok tap_ok
#define mt_is(got, expected, ...) tap_is_int((long long)(got), (long long)(expected), __VA_ARGS__)
#define mt_diag tap_diag
#define mt_done tap_done
