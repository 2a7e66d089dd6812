/* SPDX-License-Identifier: MIT */
/*
 * Offsets shared between C structures (regs.h) and assembly. Checked by
 * _Static_assert in regs.h, so a change on one side fails the build.
 */
#pragma once

#define TRAP_FRAME_SIZE 288 /* 36 words, keeps the stack 16-byte aligned */
#define TRAP_FRAME_SP 248
#define TRAP_FRAME_PC 256
#define TRAP_FRAME_PSTATE 264
#define TRAP_FRAME_ESR 272
#define TRAP_FRAME_FAR 280

/* Read by the svc entry (vectors.S); checked in syscall.c. */
#define CPU_CURRENT 8             /* struct cpu: current */
#if CONFIG_INVARIANTS
#define THREAD_SYSCALL_DIVERT 370 /* struct thread: syscall_divert (kobj has the checker's fields) */
#else
#define THREAD_SYSCALL_DIVERT 330 /* struct thread: syscall_divert */
#endif
