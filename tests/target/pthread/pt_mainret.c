/* SPDX-License-Identifier: MIT */
/*
 * Returning from main ends every thread (mainret.test): two threads block for
 * ever (a condition wait, a join of the other) and a third spins, when main
 * returns 5; moe, the parent, must report 5.
 */
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t c = PTHREAD_COND_INITIALIZER;
static pthread_t waiter;

static void *wait_forever(void *arg)
{
    (void)arg;
    pthread_mutex_lock(&m);
    for (;;) {
        pthread_cond_wait(&c, &m);
    }
    return 0;
}

static void *join_waiter(void *arg)
{
    (void)arg;
    pthread_join(waiter, 0);
    return 0;
}

static void *spin(void *arg)
{
    for (;;) {
        __asm__ volatile("" ::: "memory");
    }
    return arg;
}

int main(void)
{
    pthread_t t;

    pthread_create(&waiter, 0, wait_forever, 0);
    pthread_create(&t, 0, join_waiter, 0);
    pthread_create(&t, 0, spin, 0);
    printf("pt_mainret: returning 5 from main with three threads running\n");
    return 5;
}
