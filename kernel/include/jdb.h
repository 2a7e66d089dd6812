/* SPDX-License-Identifier: MIT */
/*
 * The kernel debugger prompt (kernel/generic/jdb.c), on with the kernel option -jdb.
 */
#pragma once

#include "base.h"

/** Set by the kernel option -jdb: enter_kdebug() and ESC stop at the prompt. */
extern bool opt_jdb;

/**
 * Stop the system at the debugger prompt, saying \a why, until the command g.
 * Call with interrupts masked (any kernel entry); polls the console for input.
 */
void jdb_enter(const char *why);
