/* SPDX-License-Identifier: MIT */
/*
 * exit() from a thread ends the program (exit.test): the main thread waits in
 * pthread_join for a thread that never ends, other threads sleep or spin, and a
 * third calls exit(7); every thread must stop and moe, the parent, must report 7.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static void *forever(void *arg)
{
    for (;;) {
        if (arg) {
            nanosleep(&(struct timespec){ 1, 0 }, 0);
        }
    }
    return 0;
}

static void *exit_seven(void *arg)
{
    (void)arg;
    nanosleep(&(struct timespec){ 0, 20000000 }, 0);
    printf("pt_exit: thread calls exit(7)\n");
    exit(7);
}

int main(void)
{
    pthread_t a, b, c;

    pthread_create(&a, 0, forever, 0);
    pthread_create(&b, 0, forever, (void *)1);
    pthread_create(&c, 0, exit_seven, 0);
    pthread_join(a, 0);
    printf("pt_exit: still running after exit\n");
    return 1;
}
