/* SPDX-License-Identifier: MIT */
/*
 * The register frame saved on a thread's kernel stack on every exception
 * (vectors.S), and the callee-saved context of a kernel context switch
 * (switch.S). Offsets used by assembly are checked with _Static_assert here
 * and named in asm_offsets.h.
 */
#pragma once

#include <stdint.h>
#include "asm_offsets.h"

struct trap_frame {
    uint64_t x[31];     /* x0 .. x30 */
    uint64_t sp;        /* SP_EL0 of the interrupted user context */
    uint64_t pc;        /* ELR_EL1 */
    uint64_t pstate;    /* SPSR_EL1 */
    uint64_t esr;       /* ESR_EL1 at entry (diagnostics) */
    uint64_t far;       /* FAR_EL1 at entry */
};

struct thread;

/* The architecture's part of a CPU's data (struct cpu's arch, sched.h): the lazy FP switch. */
struct arch_cpu {
    struct thread *fpu_owner; /* whose FP registers the CPU holds */
    uint64_t cpacr;           /* CPACR_EL1 as last written (0: not yet) */
};

/* Saved by arch_switch(): x19..x28, fp, lr, sp. */
struct arch_context {
    uint64_t x19_x28[10];
    uint64_t fp;
    uint64_t lr;
    uint64_t sp;
};

_Static_assert(sizeof(struct trap_frame) == TRAP_FRAME_SIZE, "trap frame size");
_Static_assert(__builtin_offsetof(struct trap_frame, sp) == TRAP_FRAME_SP, "trap frame sp");
_Static_assert(__builtin_offsetof(struct trap_frame, pc) == TRAP_FRAME_PC, "trap frame pc");
_Static_assert(__builtin_offsetof(struct trap_frame, esr) == TRAP_FRAME_ESR, "trap frame esr");
_Static_assert(sizeof(struct arch_context) == 13 * 8, "context size");

#define PSTATE_EL0T 0x0UL
#define PSTATE_MODE_MASK 0xfUL
#define PSTATE_EL1H 0x5UL
#define PSTATE_DAIF_IRQ (1UL << 7)
