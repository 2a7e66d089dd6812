/* SPDX-License-Identifier: MIT */
/*
 * A program that raises an exception (a brk instruction): l4re, its
 * exception handler, must report it with pc and exception class and end the
 * program through the parent.
 */
#include <l4/crt1_l4re.h>
#include <l4/re/c/log.h>

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    l4re_log_print("l4re_exc: executing brk\n");
    __asm__ volatile("brk #0x42");
    l4re_log_print("l4re_exc: still running\n");
    return 0;
}
