// SPDX-License-Identifier: MIT
/*
 * Tasks: address space plus object space. At this stage tasks are created
 * only at boot (sigma0 and the root task); creation through a factory and
 * the map/unmap operations come with the full object model (TODO(#3)).
 */
#include <l4/sys/err.h>
#include "kernel_mem.h"
#include "task.h"

static unsigned next_asid = 1;

static void task_destroy(struct kobj *o)
{
    struct task *t = CONTAINER_OF(o, struct task, kobj);
    obj_space_destroy(&t->objs);
    arch_space_destroy(&t->space);
    kfree(t, sizeof(*t));
}

const struct kobj_type task_type = {
    .name = "Task",
    .invoke = NULL,
    .destroy = task_destroy,
};

struct task *task_create(const char *name)
{
    struct task *t = kalloc(sizeof(*t));
    if (!t) {
        return NULL;
    }
    kobj_init(&t->kobj, &task_type);
    if (arch_space_init(&t->space, next_asid++ & 0xff) < 0 || obj_space_init(&t->objs) < 0) {
        arch_space_destroy(&t->space);
        kfree(t, sizeof(*t));
        return NULL;
    }
    size_t i = 0;
    for (; name && name[i] && i + 1 < sizeof(t->name); i++) {
        t->name[i] = name[i];
    }
    t->name[i] = '\0';
    return t;
}

int task_map_identity(struct task *t, uint64_t pa, uint64_t size, unsigned rights)
{
    for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
        int err = arch_space_map(&t->space, pa + off, pa + off, rights);
        if (err < 0) {
            return err;
        }
    }
    return 0;
}
