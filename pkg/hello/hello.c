/* SPDX-License-Identifier: MIT */
/*
 * hello, as in L4Re: an ordinary uClibc-ng program that prints
 * "Hello World!" once a second, forever. moe starts it with
 * `--init=rom/hello` (conf/modules.list entry `hello`); its output appears
 * on the console behind moe's log tag ("hello   | Hello World!").
 * With `--boot-bench=<name>` it first prints how far the virtual counter
 * got from reset to main() as `BENCH <name> <n> instructions` (make bench
 * runs under QEMU -icount shift=0, where one instruction is one ns of
 * virtual time and the counter starts at reset; doc/testing.md, "Benchmarks").
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Nanoseconds of the virtual counter (CNTVCT_EL0, readable at EL0, CNTVOFF 0). */
static unsigned long counter_ns(void)
{
    unsigned long cnt, frq;

    __asm__ volatile("isb\n mrs %0, cntvct_el0" : "=r"(cnt) : : "memory");
    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(frq));
    return frq ? (unsigned long)((unsigned __int128)cnt * 1000000000u / frq) : 0;
}

int main(int argc, char **argv)
{
    unsigned long at_main = counter_ns();
    static char const opt[] = "--boot-bench=";

    if (argc > 1 && strncmp(argv[1], opt, sizeof(opt) - 1) == 0) {
        printf("BENCH %s %lu instructions\n", argv[1] + sizeof(opt) - 1, at_main);
    }
    for (;;) {
        printf("Hello World!\n");
        sleep(1);
    }
}
