/* SPDX-License-Identifier: MIT */
/*
 * The table of posix_suite (generated into posix_table.c by this folder's
 * Makefile): each Open POSIX test by name ("pthread_create/1-1") and its
 * renamed main().
 */
#pragma once

struct posix_test {
    char const *name;
    int (*main)(int argc, char **argv);
};

extern struct posix_test const posix_tests[];
