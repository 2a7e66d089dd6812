/* SPDX-License-Identifier: MIT */
/*
 * Exit-code test: prints a line through a pointer kept in initialised data
 * (in the static-pie build, libc_pie, that pointer is only right if l4re
 * applied the R_AARCH64_RELATIVE relocations) and leaves main() with 42,
 * which moe, the parent, must report (exit.test, pie.test).
 */
#include <stdio.h>

static char const *const message = "data pointers work, returning from main";
static int (*const print)(char const *, ...) = printf;

int main(int argc, char **argv)
{
    print("%s: %s\n", argc > 0 ? argv[0] : "?", message);
    return 42;
}
