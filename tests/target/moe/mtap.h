/* SPDX-License-Identifier: MIT */
/*
 * TAP for the moe tests, which run as programs started by moe through
 * l4re: every line goes through the program's log capability (one log
 * write per line), so it appears as "<tag>   | ok 1 - ..." on the console
 * and the runner strips the tag. Same calls as tests/lib/tap.h.
 */
#pragma once

/** "TAP TEST START" and the plan. */
void mt_start(unsigned planned);
/** One test point. \return !!cond */
int mt_ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/** One test point comparing numbers (diagnostic on failure). \return got == expected */
int mt_is(long got, long expected, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/** A "# ..." diagnostic line. */
void mt_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/** "TAP TEST FINISHED". \return the number of failures (a plan mismatch counts) */
int mt_done(void);
