/* SPDX-License-Identifier: MIT */
/*
 * ned_test's entry: the TAP helpers and the table of modes. Usage:
 * `ned_test <mode> [args]`; modes are listed in `modes` below and
 * described next to their functions. An unknown mode prints a failing
 * point. Exit code: 100 + points printed (see ntest.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <l4/sys/factory.h>
#include <l4/sys/thread.h>
#include "ntest.h"

static unsigned points;
static char **envp_start;

int nt_ok(int cond, char const *fmt, ...)
{
    va_list ap;

    printf("%s - ", cond ? "ok" : "not ok");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    ++points;
    return !!cond;
}

int nt_is(long got, long expected, char const *fmt, ...)
{
    va_list ap;
    int ok = got == expected;

    printf("%s - ", ok ? "ok" : "not ok");
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    if (!ok) {
        printf("# got %ld (0x%lx), expected %ld (0x%lx)\n", got, got, expected, expected);
    }
    ++points;
    return ok;
}

unsigned long const *nt_auxv(void)
{
    char **e = envp_start;

    while (*e) {
        ++e;
    }
    return (unsigned long const *)(e + 1);
}

static struct {
    char const *name;
    int (*fn)(int, char **);
} const modes[] = {
    { "caps", nt_caps }, { "args", nt_args }, { "args2", nt_args2 }, { "aux", nt_aux },
    { "log", nt_log },   { "tick", nt_tick }, { "exit", nt_exit },   { "sched", nt_sched },
    { "cpus", nt_cpus },
    { "factory", nt_factory }, { "mem", nt_mem }, { "argc", nt_argc }, { "malloc", nt_malloc },
};

int main(int argc, char **argv, char **envp)
{
    unsigned i;

    envp_start = envp;
    for (i = 0; argc > 1 && i < sizeof(modes) / sizeof(modes[0]); ++i) {
        if (strcmp(argv[1], modes[i].name) == 0) {
            int r = modes[i].fn(argc, argv);

            fflush(stdout);
            return r >= 0 ? r : 100 + (int)points;
        }
    }
    nt_ok(0, "ned_test: unknown mode '%s'", argc > 1 ? argv[1] : "");
    fflush(stdout);
    return 100 + (int)points;
}

long nt_thread_create(l4_cap_idx_t t, unsigned slot)
{
    l4re_env_t *env = l4re_env();
    long r = l4_error(l4_factory_create_thread(env->factory, t));

    if (r < 0) {
        return r;
    }
    l4_thread_control_start();
    l4_thread_control_pager(env->rm);
    l4_thread_control_exc_handler(env->rm);
    l4_thread_control_bind((l4_utcb_t *)(env->first_free_utcb + slot * L4_UTCB_OFFSET),
                           L4RE_THIS_TASK_CAP);
    return l4_error(l4_thread_control_commit(t));
}
