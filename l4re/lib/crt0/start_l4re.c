/* SPDX-License-Identifier: MIT */
/*
 * C side of the start of programs that l4re loads (no C library): walk the
 * initial block (argc, argv, NULL, envp, NULL, auxv), set the environment
 * pointers from the auxiliary vector, run main() and report its result to
 * the parent, which then ends the task.
 */
#include <l4/crt1_l4re.h>
#include <l4/re/env.h>
#include <l4/re/c/parent.h>
#include <l4/sys/ipc.h>

void l4re_crt_exit(int code)
{
    if (l4re_global_env) {
        l4re_parent_signal(l4re_global_env->parent, 0, (unsigned long)(long)code);
    }
    for (;;) {
        l4_ipc_sleep(L4_IPC_NEVER);
    }
}

void __l4re_start(unsigned long *sp)
{
    int argc = (int)sp[0];
    char **argv = (char **)&sp[1];
    unsigned long *p = &sp[1 + argc + 1];

    while (*p) {
        ++p; /* skip envp */
    }
    l4re_env_init_auxv(p + 1);
    l4re_crt_exit(main(argc, argv));
}
