/* SPDX-License-Identifier: MIT */
/*
 * posix_suite: runs the Open POSIX test named by its first argument, as if it
 * were that test's own program (the test's argv[0] is its name), and exits with
 * the test's result (PTS_PASS 0, FAIL 1, UNRESOLVED 2, UNSUPPORTED 4,
 * UNTESTED 5). An unknown name exits with 99. posix-suite.cfg starts it once per
 * test.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "posix_table.h"

int main(int argc, char **argv)
{
    struct posix_test const *t;

    if (argc < 2) {
        fprintf(stderr, "usage: posix_suite <interface>/<n>-<m>\n");
        return 99;
    }
    for (t = posix_tests; t->name; ++t) {
        if (!strcmp(t->name, argv[1])) {
            exit(t->main(argc - 1, argv + 1));
        }
    }
    fprintf(stderr, "posix_suite: no test %s\n", argv[1]);
    return 99;
}
