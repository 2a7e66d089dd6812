/* SPDX-License-Identifier: MIT */
/*
 * A thread that faults is reported (fault.test): a second thread writes to an
 * unmapped address; l4re, its pager, must name the fault and end the program
 * instead of leaving it hanging.
 */
#include <pthread.h>
#include <stdio.h>

static void *fault(void *arg)
{
    printf("pt_fault: thread writes to 0x%lx\n", (unsigned long)arg);
    *(volatile int *)arg = 1;
    printf("pt_fault: still running after the fault\n");
    return 0;
}

int main(void)
{
    pthread_t t;

    pthread_create(&t, 0, fault, (void *)0x10);
    pthread_join(t, 0);
    printf("pt_fault: still running after the fault\n");
    return 0;
}
