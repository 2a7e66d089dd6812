/* SPDX-License-Identifier: MIT */
/*
 * Tasks: a protection domain made of an address space (user page tables)
 * and an object space (capability slots).
 */
#pragma once

#include <arch/mmu.h>
#include "base.h"
#include "kobj.h"
#include "obj_space.h"

struct task {
    struct kobj kobj;
    struct arch_space space;
    struct obj_space objs;
    bool is_sigma0;        /* page faults resolved 1:1 by the kernel */
    char name[24];
};

extern const struct kobj_type task_type;

/** A new empty task; NULL when kernel memory is exhausted. */
struct task *task_create(const char *name);
/** Map [pa, pa + size) 1:1 into the task with \a rights (MAP_*); -L4_ENOMEM on exhaustion. */
int task_map_identity(struct task *t, uint64_t pa, uint64_t size, unsigned rights);
