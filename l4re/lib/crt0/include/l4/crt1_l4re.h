/* SPDX-License-Identifier: MIT */
/*
 * The entry contract of programs without a C library started by l4re:
 * crt1_l4re.S + start_l4re.c read argc/argv/envp/auxv from the initial
 * stack, set l4re_global_env and l4re_global_kip (AT_L4_ENV, AT_L4_KIP),
 * call main() and end the program through the parent with main's result.
 */
#pragma once

#include <l4/sys/compiler.h>

L4_BEGIN_DECLS

/** The program's entry point, provided by the program. */
int main(int argc, char **argv);

/** End the program: tell the parent (signal 0, exit code), then block forever. */
L4_NORETURN void l4re_crt_exit(int code);

/** Called by _start with the initial stack pointer. */
L4_NORETURN void __l4re_start(unsigned long *sp);

L4_END_DECLS
