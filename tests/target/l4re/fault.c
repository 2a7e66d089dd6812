/* SPDX-License-Identifier: MIT */
/*
 * A program that touches an address outside its regions (argument "read",
 * default) or writes to its own read-only code ("write"): l4re must report
 * the fault with program, address and pc and end the program through the
 * parent; the rest of the system keeps running. Also the good ELF from
 * which the malformed test ELFs (mkbadelf) are made.
 */
#include <l4/crt1_l4re.h>
#include <l4/re/c/log.h>
#include <l4/util/string.h>

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "write")) {
        l4re_log_print("l4re_fault: writing to my code\n");
        *(int volatile *)(void *)main = 0;
    } else {
        l4re_log_print("l4re_fault: touching 0xdead0000\n");
        (void)*(int volatile *)0xdead0000UL;
    }
    l4re_log_print("l4re_fault: still running\n");
    return 0;
}
