/* SPDX-License-Identifier: MIT */
/*
 * The system-call interface of vcpu-os (vcpu_os.c) for its processes: svc #0
 * with the call number in x8 and the arguments in x0, x1; the result comes
 * back in x0. The kernel delivers each svc of vCPU user mode to the OS as an
 * exception entry; these are no L4 system calls.
 */
#pragma once

#define VOS_WRITE 1 /* x0 = text, x1 = length (at most VOS_WRITE_MAX); x0 = length */
#define VOS_YIELD 2 /* give the CPU to the next process */
#define VOS_EXIT 3  /* x0 = exit code; does not return */
#define VOS_WRITE_MAX 128

#ifndef __ASSEMBLER__
/** Process side (vos_lib.c). */
long vos_write(const char *text);
void vos_yield(void);
void vos_exit(int code) __attribute__((noreturn));
/** A decimal number into \a buf (at least 21 bytes); returns the end. */
char *vos_fmt_num(char *buf, unsigned long n);
#endif
