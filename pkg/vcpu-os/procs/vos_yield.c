// SPDX-License-Identifier: MIT
/*
 * A vcpu-os process that yields after each of its 5 lines, touches a page
 * of its .bss first (a fault the OS serves from its own memory) and exits
 * with code 7.
 */
#include <l4/crt0.h>
#include "vos.h"

static char scratch[3 * 4096];

int l4_main(l4_kernel_info_t *kip)
{
    unsigned long pid = (unsigned long)kip;
    char line[64], *p;
    scratch[2 * 4096] = 'y';
    for (unsigned long i = 1; i <= 5; i++) {
        p = line;
        for (const char *s = "yield "; *s; s++) {
            *p++ = *s;
        }
        p = vos_fmt_num(p, pid);
        *p++ = ':';
        *p++ = ' ';
        p = vos_fmt_num(p, i);
        *p++ = ' ';
        *p++ = scratch[2 * 4096];
        *p = '\0';
        vos_write(line);
        vos_yield();
    }
    vos_exit(7);
}
