// SPDX-License-Identifier: MIT
/*
 * The process side of vcpu-os's system calls (vos.h): svc #0 with the number
 * in x8. Processes start at their ELF entry through crt0 (a stack in .bss)
 * with x0 = their process number, which crt0 hands to l4_main().
 */
#include "vos.h"

static long vos_call(long nr, long a0, long a1)
{
    register long x8 __asm__("x8") = nr;
    register long x0 __asm__("x0") = a0;
    register long x1 __asm__("x1") = a1;
    __asm__ volatile("svc #0" : "+r"(x0) : "r"(x8), "r"(x1) : "memory");
    return x0;
}

long vos_write(const char *text)
{
    long n = 0;
    while (text[n]) {
        n++;
    }
    return vos_call(VOS_WRITE, (long)text, n);
}

void vos_yield(void)
{
    vos_call(VOS_YIELD, 0, 0);
}

void vos_exit(int code)
{
    for (;;) {
        vos_call(VOS_EXIT, code, 0);
    }
}

char *vos_fmt_num(char *buf, unsigned long n)
{
    char tmp[21];
    int i = 0;
    do {
        tmp[i++] = (char)('0' + n % 10);
        n /= 10;
    } while (n);
    while (i) {
        *buf++ = tmp[--i];
    }
    *buf = '\0';
    return buf;
}
