/* SPDX-License-Identifier: MIT */
/*
 * __getauxval() over the auxiliary vector that l4re_env_init_auxv() saw.
 * libgcc's outline atomics (GCC's default on arm64) ask it for AT_HWCAP;
 * programs without a C library have no other provider. Weak and in its own
 * file, so a C library's definition wins and this one is linked only when
 * something needs it.
 */
#include <l4/sys/l4int.h>

extern l4_umword_t const *l4re_auxv;

unsigned long __getauxval(unsigned long type) __attribute__((weak));

unsigned long __getauxval(unsigned long type)
{
    l4_umword_t const *a = l4re_auxv;

    for (; a && a[0] != 0; a += 2) {
        if (a[0] == type) {
            return a[1];
        }
    }
    return 0;
}
