/* SPDX-License-Identifier: MIT */
/*
 * The program's environment pointers and their set-up from the auxiliary
 * vector that l4re (or moe, for l4re itself) puts on the initial stack:
 * AT_L4_ENV gives the l4re_env_t, AT_L4_KIP the KIP's address. The vector
 * is remembered for __getauxval() (auxv.c).
 */
#include <l4/re/env.h>
#include <l4/sys/err.h>

l4re_env_t *l4re_global_env;
l4_kernel_info_t *l4re_global_kip;
/* The auxiliary vector, for __getauxval() (auxv.c). */
l4_umword_t const *l4re_auxv;

int l4re_env_init_auxv(l4_umword_t const *auxv)
{
    int found = 0;

    l4re_auxv = auxv;
    for (; auxv[0] != 0; auxv += 2) {
        if (auxv[0] == AT_L4_ENV) {
            l4re_global_env = (l4re_env_t *)auxv[1];
            found = 1;
        } else if (auxv[0] == AT_L4_KIP) {
            l4re_global_kip = (l4_kernel_info_t *)auxv[1];
        }
    }
    return found ? 0 : -L4_ENOENT;
}
