/* SPDX-License-Identifier: MIT */
/*
 * Modes that look at what the program was started with: `args` (argv and
 * the POSIX environment from startv), `args2` (argv split by start), `aux`
 * (l4re_dbg and ldr_flags in l4re_aux_t, and the binary name), `log` (a
 * line under the log tag the script chose), `tick N MS` (N lines, MS apart,
 * exit 0: a program that keeps running) and `exit N` (exit code N).
 */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <time.h>
#include "ntest.h"

int nt_args(int argc, char **argv)
{
    char const *a = getenv("NED_A"), *b = getenv("NED_B");

    nt_is(argc, 5, "args: argc");
    nt_ok(strcmp(argv[0], "rom/ned_test") == 0, "args: argv[0] is the program ('%s')", argv[0]);
    nt_ok(argc > 2 && strcmp(argv[2], "one") == 0, "args: argv[2] is 'one'");
    nt_ok(argc > 3 && strcmp(argv[3], "two words") == 0, "args: argv[3] is 'two words'");
    nt_ok(argc > 4 && strcmp(argv[4], "3") == 0, "args: argv[4] is '3' (a Lua number)");
    nt_ok(a && strcmp(a, "alpha") == 0, "args: environment NED_A=alpha");
    nt_ok(b && strcmp(b, "beta gamma") == 0, "args: environment NED_B='beta gamma'");
    return -1;
}

int nt_args2(int argc, char **argv)
{
    nt_is(argc, 4, "start: the command line split into argc 4");
    nt_ok(argc > 3 && strcmp(argv[2], "x") == 0 && strcmp(argv[3], "y") == 0,
          "start: argv[2], argv[3] are 'x', 'y'");
    nt_ok(getenv("NED_A") == NULL, "start: no environment unless given");
    return -1;
}

int nt_aux(int argc, char **argv)
{
    unsigned long const *a;
    l4re_aux_t const *aux = NULL;
    unsigned long dbg = argc > 2 ? strtoul(argv[2], NULL, 0) : 0;
    unsigned long flags = argc > 3 ? strtoul(argv[3], NULL, 0) : 0;

    for (a = nt_auxv(); a[0]; a += 2) {
        if (a[0] == AT_L4_AUX) {
            aux = (l4re_aux_t const *)a[1];
        }
    }
    if (!nt_ok(aux != NULL, "aux: the auxiliary vector has AT_L4_AUX")) {
        return -1;
    }
    nt_is((long)aux->dbg_lvl, (long)dbg, "aux: l4re_dbg reached l4re_aux_t.dbg_lvl");
    nt_is((long)aux->ldr_flags, (long)flags, "aux: ldr_flags reached l4re_aux_t.ldr_flags");
    nt_ok(aux->binary && strcmp(aux->binary, "rom/ned_test") == 0, "aux: binary is rom/ned_test");
    return -1;
}

int nt_log(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("ned_test: a line with my own tag\n");
    nt_ok(l4_is_valid_cap(l4re_env()->log), "log: the log capability is there");
    return -1;
}

int nt_tick(int argc, char **argv)
{
    int n = argc > 2 ? atoi(argv[2]) : 10, ms = argc > 3 ? atoi(argv[3]) : 100, i;
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

    for (i = 1; i <= n; ++i) {
        printf("ned_test: tick %d\n", i);
        fflush(stdout);
        nanosleep(&ts, NULL);
    }
    return 0;
}

int nt_exit(int argc, char **argv)
{
    return argc > 2 ? atoi(argv[2]) : 0;
}
