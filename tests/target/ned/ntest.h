/* SPDX-License-Identifier: MIT */
/*
 * ned_test, the program the ned test scripts start (tests/target/ned, the .cfg files):
 * one mode per run, chosen by argv[1], each checking what one option of
 * loader:start had the program receive. Test points are TAP lines without
 * numbers ("ok - ...") on stdout, i.e. through the program's log; the script
 * frames the block and adds the plan. The exit code is 100 + the number of
 * points printed, so the script knows the count and sees a crash (exit 1).
 */
#pragma once

#include <l4/re/env.h>

/** One test point. \return !!cond */
int nt_ok(int cond, char const *fmt, ...) __attribute__((format(printf, 2, 3)));
/** One point comparing numbers (a diagnostic line on failure). */
int nt_is(long got, long expected, char const *fmt, ...) __attribute__((format(printf, 3, 4)));
/** The auxiliary vector of this program (after envp on the initial stack). */
unsigned long const *nt_auxv(void);
/**
 * A thread of ours at capability \a t with l4re as pager and exception handler and the
 * UTCB \a slot places after env->first_free_utcb; not started. 0 or a negative error.
 */
long nt_thread_create(l4_cap_idx_t t, unsigned slot);

/* One function per mode: int mode(int argc, char **argv), argv[1] = mode. */
int nt_caps(int argc, char **argv);
int nt_args(int argc, char **argv);
int nt_args2(int argc, char **argv);
int nt_aux(int argc, char **argv);
int nt_log(int argc, char **argv);
int nt_tick(int argc, char **argv);
int nt_exit(int argc, char **argv);
int nt_cpus(int argc, char **argv);
int nt_sched(int argc, char **argv);
int nt_factory(int argc, char **argv);
int nt_mem(int argc, char **argv);
int nt_argc(int argc, char **argv);
int nt_malloc(int argc, char **argv);
