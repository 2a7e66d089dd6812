/* SPDX-License-Identifier: MIT */
/*
 * ned_test modes for the user-surface limits (entry ned-limits):
 *   argc N ...   every argument arrived: N is the number of arguments after
 *                the program path (argv[1] "argc" and argv[2] N included)
 *   malloc       malloc 64 KiB blocks, writing every page, until malloc
 *                returns NULL (no quota: moe runs out of RAM); then free
 *                them all and malloc again. Dying instead of NULL fails.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "ntest.h"

#define BLOCK (64UL * 1024)
#define MAX_BYTES (2UL << 30) /* more than the machine has: stop there anyway */

int nt_argc(int argc, char **argv)
{
    long want = argc > 2 ? strtol(argv[2], NULL, 10) : -1;
    int i, named = 1;

    for (i = 3; i < argc; ++i) {
        char expect[16];

        snprintf(expect, sizeof(expect), "w%d", i - 2);
        named &= strcmp(argv[i], expect) == 0;
    }
    nt_is(argc - 1, want, "argc: %ld arguments arrived, in order: %s", want,
          named ? "yes" : "no");
    return -1;
}

int nt_malloc(int argc, char **argv)
{
    void **list = NULL; /* each block holds the pointer to the one before */
    unsigned long n = 0, i;
    void *again;

    (void)argc, (void)argv;
    errno = 0;
    while (n * BLOCK < MAX_BYTES) {
        char *p = malloc(BLOCK);

        if (!p) {
            break;
        }
        for (i = 0; i < BLOCK; i += 4096) {
            p[i] = (char)i;
        }
        *(void **)p = list;
        list = (void **)p;
        ++n;
    }
    nt_ok(n * BLOCK < MAX_BYTES && errno == ENOMEM,
          "malloc: NULL with ENOMEM after %lu MiB, every page written", n * BLOCK >> 20);
    while (list) {
        void **prev = *list;

        free(list);
        list = prev;
    }
    again = malloc(8 * BLOCK);
    if (again) {
        memset(again, 0x5a, 8 * BLOCK);
    }
    nt_ok(again != NULL, "malloc: after freeing everything, 512 KiB again");
    free(again);
    return -1;
}
