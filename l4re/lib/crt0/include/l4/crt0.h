/* SPDX-License-Identifier: MIT */
/*
 * The program entry contract of the first programs (no C library yet):
 * crt0 calls l4_main() with the kernel info page; its return value goes to
 * l4_exit(), which prints it on the kernel console and blocks the thread
 * forever (there is nobody to report to yet). See doc/abi.md.
 */
#pragma once

#include <l4/sys/kip.h>
#include <l4/sys/compiler.h>

L4_BEGIN_DECLS

/** The KIP as passed in x0 at thread start; set before l4_main() runs. */
extern l4_kernel_info_t *l4_global_kip;

/**
 * The program's entry point, provided by the program.
 * \param kip  the kernel info page (mapped read-only, virtual = physical)
 * \return an exit code, printed by l4_exit()
 */
int l4_main(l4_kernel_info_t *kip);

/** Print "exit: code <code>" on the kernel console and sleep forever. */
L4_NORETURN void l4_exit(int code);

/** Called by _start; sets l4_global_kip, runs l4_main(), then l4_exit(). */
L4_NORETURN void __l4_start(l4_kernel_info_t *kip);

L4_END_DECLS
