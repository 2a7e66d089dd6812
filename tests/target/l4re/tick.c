/* SPDX-License-Identifier: MIT */
/*
 * A program that keeps running: prints "l4re_tick: tick N" every 10 ms for
 * 30 ticks, then exits 0. Started next to a faulting program, it shows that
 * a fault ends only the program that caused it.
 */
#include <l4/crt1_l4re.h>
#include <l4/re/c/log.h>
#include <l4/util/fmt.h>
#include <l4/util/util.h>

int main(int argc, char **argv)
{
    char buf[40];
    int i;

    (void)argc;
    (void)argv;
    for (i = 1; i <= 30; ++i) {
        l4_sleep(10);
        l4util_snprintf(buf, sizeof(buf), "l4re_tick: tick %d\n", i);
        l4re_log_print(buf);
    }
    return 0;
}
