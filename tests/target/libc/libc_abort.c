/* SPDX-License-Identifier: MIT */
/*
 * abort() test: uClibc's abort() raises SIGABRT at the program itself
 * (kill(getpid(), SIGABRT)); the backend ends the program like a fatal
 * signal does on Linux, with exit code 128 + 6 = 134 for the parent to see
 * (abort.test). A line after abort() must never appear.
 */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    printf("libc_abort: calling abort()\n");
    fflush(stdout);
    abort();
    printf("libc_abort: still running after abort()\n");
    return 0;
}
