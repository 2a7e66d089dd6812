/* SPDX-License-Identifier: MIT */
/*
 * Tasks: a protection domain made of an address space (user page tables
 * with the memory mapping database) and an object space (capability slots
 * with the capability derivation tree), plus its kernel-user memory (the
 * UTCB area). Its memory is charged to the quota of its factory.
 */
#pragma once

#include <arch/mmu.h>
#include <l4/sys/types.h>
#include "base.h"
#include "kobj.h"
#include "list.h"
#include "obj_space.h"

struct quota;
struct invocation;

#define TASK_KU_MEM_MAX_PAGES 64   /* kernel-user memory of a task, all areas together (256 UTCBs) */
#define TASK_KU_AREAS 8

/* One area of kernel-user memory (UTCBs, later vCPU state). */
struct ku_area {
    uint64_t base;                 /* user address */
    unsigned pages;
    unsigned first;                /* index of its first page in task->ku_mem */
};

struct task {
    struct kobj kobj;
    struct arch_space space;
    struct obj_space objs;
    struct list threads;           /* bound threads */
    bool is_sigma0;                /* page faults resolved 1:1 by the kernel */
    struct ku_area ku_areas[TASK_KU_AREAS];
    unsigned ku_nareas;
    unsigned ku_pages;             /* pages in use of ku_mem */
    void *ku_mem[TASK_KU_MEM_MAX_PAGES];
    char name[24];
};

extern const struct kobj_type task_type;

/** A new empty task charged to \a quota; NULL when the quota or memory is exhausted. */
struct task *task_create(struct quota *quota, const char *name);
/**
 * Add kernel-user memory [base, base + 2^order) (a UTCB area): page aligned, not
 * overlapping an existing area; -L4_EINVAL, or -L4_ENOMEM when the quota or the
 * per-task limit (TASK_KU_MEM_MAX_PAGES) is exhausted.
 */
int task_add_ku_mem(struct task *t, uint64_t base, unsigned order);
/**
 * Kernel view of kernel-user memory at user address \a addr, aligned to \a align (a
 * power of two that divides the page size, so the object stays in one page); NULL if
 * misaligned or outside every area.
 */
void *task_ku_ptr(struct task *t, uint64_t addr, uint64_t align);
/** Kernel view of the UTCB at user address \a utcb_user, or NULL if outside the area. */
l4_utcb_t *task_utcb(struct task *t, uint64_t utcb_user);
/** Map [pa, pa + size) 1:1 as root mappings with \a rights (MAP_*); -L4_ENOMEM on exhaustion. */
int task_map_identity(struct task *t, uint64_t pa, uint64_t size, unsigned rights);
/** Resolve a capability of \a t to an object of \a type (NULL if absent or another type). */
struct kobj *task_lookup(struct task *t, l4_cap_idx_t cap, const struct kobj_type *type,
                         unsigned *rights);
/**
 * The task behind capability \a cap of \a t if the capability has S (binding a thread,
 * a vCPU's user mode); NULL with *err = -L4_EINVAL (no task there) or -L4_EPERM.
 */
struct task *task_lookup_s(struct task *t, l4_cap_idx_t cap, long *err);
/** Factory hook: create a task from a factory message. */
struct kobj *task_factory_create(struct quota *q, struct invocation *inv, long *err);
