/* SPDX-License-Identifier: MIT */
/*
 * Where the backend finds its world. l4re starts the program with a
 * Linux-style stack (argc, argv, envp, aux vector; doc/l4re.md) whose aux
 * vector carries AT_L4_ENV (the l4re_env_t) and AT_L4_KIP. uClibc-ng keeps
 * only aux entries up to AT_EGID, but it records the stack start in
 * __libc_stack_end before anything else, so the backend walks from there to
 * the aux vector and lets l4re_env_init_auxv() set l4re_global_env and
 * l4re_global_kip: once, from .preinit_array (before any constructor may use
 * the L4Re API) or on the first system call, whichever comes first.
 */
#include <l4/sys/consts.h>
#include <l4/re/env.h>

#include "be.h"

/* The names namespace of a program (doc/runtime.md, slot 0x12). */
#define BE_NAMES_SLOT 0x12UL

/* uClibc-ng 1.0.35 static-only builds reference this but never define it. */
unsigned long _dl_pagesize = L4_PAGESIZE;
/* Likewise with threads (NPTL's static TLS setup); 2048 is the surplus libdl would give. */
unsigned long _dl_tls_static_size = 2048;

extern void *__libc_stack_end;

static int be_env_done;

static void be_env_init(void)
{
    l4_umword_t const *p = (l4_umword_t const *)__libc_stack_end;

    be_env_done = 1;
    if (!p || l4re_global_env) {
        return;                 /* no stack to look at, or set up already */
    }
    p += 1 + p[0] + 1;          /* argc, argv[], NULL */
    while (*p) {                /* envp[] */
        ++p;
    }
    l4re_env_init_auxv(p + 1);
}

/* Runs before the constructors, so they may already use l4re_global_env. */
static void (*const be_preinit)(void) __attribute__((used, section(".preinit_array")))
    = be_env_init;

l4re_env_t *be_env(void)
{
    if (!be_env_done) {
        be_env_init();
    }
    return l4re_global_env;
}

l4_kernel_info_t const *be_kip(void)
{
    if (!be_env_done) {
        be_env_init();
    }
    return l4re_global_kip;
}

l4_cap_idx_t be_names_cap(void)
{
    return BE_NAMES_SLOT << L4_CAP_SHIFT;
}
