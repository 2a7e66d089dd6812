// SPDX-License-Identifier: MIT
/*
 * A vcpu-os process that never yields: it counts to 5, with a few million
 * instructions of work before each line, so only the OS's timer preemption
 * lets the others run in between. Exits with code 0.
 */
#include <l4/crt0.h>
#include "vos.h"

static volatile unsigned long sink;

int l4_main(l4_kernel_info_t *kip)
{
    unsigned long pid = (unsigned long)kip; /* vcpu-os passes the process number in x0 */
    char line[64], *p;
    for (unsigned long i = 1; i <= 5; i++) {
        for (unsigned long w = 0; w < 3000000; w++) {
            sink += w;
        }
        p = line;
        for (const char *s = "count "; *s; s++) {
            *p++ = *s;
        }
        p = vos_fmt_num(p, pid);
        *p++ = ':';
        *p++ = ' ';
        p = vos_fmt_num(p, i);
        *p = '\0';
        vos_write(line);
    }
    vos_exit(0);
}
