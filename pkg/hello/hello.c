/* SPDX-License-Identifier: MIT */
/*
 * hello, as in L4Re: an ordinary uClibc-ng program that prints
 * "Hello World!" once a second, forever. moe starts it with
 * `--init=rom/hello` (conf/modules.list entry `hello`); its output appears
 * on the console behind moe's log tag ("hello   | Hello World!").
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    for (;;) {
        printf("Hello World!\n");
        sleep(1);
    }
}
