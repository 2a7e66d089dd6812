/* SPDX-License-Identifier: MIT */
/*
 * Shared state and helpers of l4re, the in-task loader, region map and
 * pager (doc/l4re.md). One thread does everything: main.c sets the task
 * up, load.c loads the program, server.c serves faults and Rm requests.
 */
#pragma once

#include <l4/re/env.h>
#include <l4/sys/compiler.h>
#include "region.h"

/** Where searches place things, and l4re's own window. */
#define L4RE_SEARCH_LO  0x10000UL
#define L4RE_OWN_START  0xbff00000UL
/** Label of the gate through which the program reaches l4re. */
#define L4RE_GATE_LABEL 0x10UL

struct l4re_state {
    struct rgn_map map;       /**< the task's regions and areas */
    char const *prog;         /**< program name for messages */
    l4re_env_t *env;          /**< the environment moe gave us */
    l4re_aux_t *aux;
    l4_kernel_info_t *kip;
    l4_cap_idx_t next_cap;    /**< next free selector for l4re's own caps */
    l4_cap_idx_t gate;        /**< the program's Rm / pager / exception gate */
    l4_cap_idx_t thread;      /**< the program's main thread */
    int argc;
    char **argv;
    char **envp;
};

extern struct l4re_state l4re;

/** Print "l4re: <prog>: <text>" on the log. */
void l4re_msg(char const *fmt, ...) __attribute__((format(printf, 1, 2)));
/** Tell the parent we are done with \a code, then block forever. */
L4_NORETURN void l4re_exit(int code);
/** A fresh capability selector from l4re's range. */
l4_cap_idx_t l4re_cap_alloc(void);

/** The UTCB of the program's main thread: the first free one moe left us. */
l4_addr_t l4re_main_utcb(void);
/** Map [start, start + size) of the task from ds at offs with rights (eager map). */
int l4re_map_range(l4_cap_idx_t ds, l4_uint64_t offs, l4_addr_t start, l4_addr_t size,
                   unsigned long rights);
/** Unmap [start, end) from the task. */
void l4re_unmap_range(l4_addr_t start, l4_addr_t end);

/** Load the program named by the aux vector; fills entry, sp. Ends the task on errors. */
void l4re_load_program(l4_addr_t *entry, l4_addr_t *sp);
/** Serve faults, exceptions and Rm requests forever. */
L4_NORETURN void l4re_serve(void);
