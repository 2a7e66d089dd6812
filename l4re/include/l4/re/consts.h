/* SPDX-License-Identifier: MIT */
/*
 * L4Re runtime constants (L4Re's l4/re/consts.h): the capability of the own
 * task as seen through the environment, the priority the in-task loader
 * gives a program's main thread, and the default stack size it sets up.
 */
#pragma once

#include <l4/sys/consts.h>

/** Constants of the L4Re environment. */
enum l4re_consts {
    L4RE_THIS_TASK_CAP = L4_BASE_TASK_CAP, /**< own task */
    L4RE_MAIN_THREAD_PRIO = 2,             /**< priority of a program's main thread */
};

/** Size of the stack l4re gives a program's main thread. */
#define L4RE_DEFAULT_STACK_SIZE (128UL * 1024)
