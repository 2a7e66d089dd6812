/* SPDX-License-Identifier: MIT */
/*
 * Shared declarations of the check-libc test program (pkg/uclibc-ng/test): each check is a
 * function that returns 1 when it passed and may print "# ..." diagnostics first. main()
 * in libc_test.c runs them from one table and prints TAP; the Lua checks live in
 * lua_test.c. backend.S provides the syscall backend and its counters.
 */
#ifndef LIBC_TEST_H
#define LIBC_TEST_H

/* Set by backend.S: calls so far, and 1 in backend_seen[nr] for every number called. */
#define BACKEND_MAX_NR 512
extern unsigned long backend_calls;
extern unsigned char backend_seen[BACKEND_MAX_NR];

/* Runs chunk `code` in a fresh Lua state with all standard libraries; returns 1 when it
 * ran without error and returned the string `expect`, printing a diagnostic otherwise. */
int lua_check(const char *code, const char *expect);

int check_lua_format(void);
int check_lua_pcall(void);
int check_lua_math(void);
int check_lua_coroutine(void);
int check_lua_io(void);
int check_lua_syntax_error(void);

#endif
