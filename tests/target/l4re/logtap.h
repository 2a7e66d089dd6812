/* SPDX-License-Identifier: MIT */
/*
 * TAP output for programs that l4re starts: they have no kernel debugger
 * capability, so every line goes to the environment's log (moe tags it;
 * the test runner drops the tag in front of TAP lines). Also a printf to
 * the log for diagnostics.
 */
#pragma once

void lt_start(unsigned planned);
int lt_ok(int cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int lt_is(long got, long expected, const char *desc);
void lt_skip(const char *reason);
int lt_done(void);
void lt_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
