/* SPDX-License-Identifier: MIT */
/*
 * The kernel fuzzer (doc/testing.md, "Fuzzing the kernel"). Two parts share
 * this program's image: the harness (fuzz_main.c, the root task) sets up a
 * canary task and the fuzz task, watches them and checks the kernel memory
 * balance; the generator (fuzz_gen.c) runs in the fuzz task and makes
 * seeded random system calls. The fuzz task never holds a capability or a
 * mapping of the canary. The shared state below lives in the image, which
 * both tasks map; the generator writes it, the harness only reads it.
 */
#pragma once

#include "kt.h"

/* Capability layout in the fuzz task. */
#define FZ_POOL_FIRST 0x20      /* slots the generator maps, grants, unmaps freely */
#define FZ_POOL_SLOTS 0x40
#define FZ_MASTER_FIRST 0x100   /* one full-rights capability per created object */
#define FZ_MASTERS 64
#define FZ_WORKERS 15           /* UTCB slots 1..15 of the fuzz task, one stack each */

/* The fuzz task's memory arena: the only part of its own space it maps, grants, unmaps. */
#define FZ_ARENA_PAGES 32
/* Where objects' UTCB areas and child-task windows lie in other tasks. */
#define FZ_CHILD_WINDOW 0x10000000UL

enum fz_kind { FZ_NONE, FZ_TASK, FZ_THREAD, FZ_GATE, FZ_IRQ, FZ_FACTORY, FZ_KINDS };

struct fz_state {
    /* set by the harness before the start */
    l4_uint64_t seed;
    unsigned long iterations;  /* stop after this many system calls */
    unsigned long trace_from;   /* print every call from this iteration on */
    unsigned no_grant;          /* leave out grants and object maps (temporary switch) */
    /* written by the generator */
    volatile unsigned long iter;
    volatile unsigned long calls;
    volatile unsigned done;
    l4_uint64_t rng;
    unsigned char master_kind[FZ_MASTERS];
    unsigned char master_utcb[FZ_MASTERS]; /* UTCB slot of a thread bound to us, else 0 */
};

extern struct fz_state fz;
extern char fz_arena[FZ_ARENA_PAGES * L4_PAGESIZE];
extern kt_stack_t fz_stacks[FZ_WORKERS + 1];

/** The fuzz task's main function (runs on fz_stacks[0]). */
void fz_run(void) __attribute__((noreturn));
