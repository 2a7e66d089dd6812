// SPDX-License-Identifier: MIT
/*
 * Kernel-object debugging (the L4_KDEBUG_GROUP_KOBJ requests of l4/sys/debugger.h,
 * sent by l4_invoke_debugger(): mr0 = group + op, the op's data after it, the object
 * as a send item after the data words). Names: a task's name is the one the kernel
 * log and the debugger show (task->name, truncated to its 23 characters); other
 * objects' names live in a fixed table (KDEBUG_NAMES entries, -L4_ENOMEM when full)
 * that forgets an object when it is killed (kobj.c calls kdebug_forget), so a name
 * never outlives its object. The kernel-log and image-info queries this kernel has
 * no data for are refused with -L4_ENOSYS. Global ids: the
 * object's kernel address / 16, stable while the object lives and unique among live
 * objects (every kernel object is larger than 16 bytes and 16-byte aligned).
 */
#include <l4/sys/consts.h>
#include <l4/sys/debugger.h>
#include <l4/sys/err.h>
#include <l4/sys/types.h>
#include "invocation.h"
#include "kdebug.h"
#include "task.h"
#include "thread.h"

#define KDEBUG_NAMES 256
#define KDEBUG_NAME_LEN 24

typedef void (*kdebug_kobj_fn)(struct invocation *inv, struct kobj *obj, l4_umword_t *mr);

/* Names of objects other than tasks; obj == NULL: a free entry. */
static struct {
    const struct kobj *obj;
    char name[KDEBUG_NAME_LEN];
} kdebug_names[KDEBUG_NAMES];

/*
 * The name buffer of \a obj (NULL if none), or with \a make a new empty one (NULL if full).
 * Only an object marked named has an entry to look for: the others (most, and every one
 * named for the first time) cost no search of the table (a full scan was ~2,000
 * instructions per name at start-up, where moe and ned name their objects).
 */
static char *kdebug_name_buf(const struct kobj *obj, bool make)
{
    if (obj->type == &task_type) {
        return ((struct task *)obj)->name;
    }
    for (unsigned i = 0; obj->named && i < KDEBUG_NAMES; i++) {
        if (kdebug_names[i].obj == obj) {
            return kdebug_names[i].name;
        }
    }
    for (unsigned i = 0; make && i < KDEBUG_NAMES; i++) {
        if (!kdebug_names[i].obj) {
            kdebug_names[i].obj = obj;
            kdebug_names[i].name[0] = '\0';
            ((struct kobj *)obj)->named = true; /* only named objects need kdebug_forget's search */
            return kdebug_names[i].name;
        }
    }
    return NULL;
}

const char *kdebug_object_name(const struct kobj *obj)
{
    const char *n = kdebug_name_buf(obj, false);
    return n ? n : "";
}

void kdebug_forget(const struct kobj *obj)
{
    if (!obj->named) {
        return; /* every kill comes here: most objects never had a name */
    }
    for (unsigned i = 0; i < KDEBUG_NAMES; i++) {
        if (kdebug_names[i].obj == obj) {
            kdebug_names[i].obj = NULL;
        }
    }
}

/* op: L4_DEBUGGER_KOBJ_SET_NAME_OP, rights: any, proto: L4_PROTO_DEBUGGER */
static void kobj_op_set_name(struct invocation *inv, struct kobj *obj, l4_umword_t *mr)
{
    _Static_assert(sizeof(((struct task *)0)->name) == KDEBUG_NAME_LEN, "one name length");
    char *name = kdebug_name_buf(obj, true);
    if (!name) {
        invocation_error(inv, -L4_ENOMEM);
        return;
    }
    const char *src = (const char *)&mr[1];
    size_t max = (l4_msgtag_words(inv->tag) - 1) * sizeof(l4_umword_t);
    size_t i = 0;
    for (; i < max && src[i] && i + 1 < KDEBUG_NAME_LEN; i++) {
        name[i] = src[i];
    }
    name[i] = '\0';
    invocation_reply(inv, l4_msgtag(0, 0, 0, 0));
}

/* op: L4_DEBUGGER_KOBJ_GET_NAME_OP, rights: any, proto: L4_PROTO_DEBUGGER */
static void kobj_op_get_name(struct invocation *inv, struct kobj *obj, l4_umword_t *mr)
{
    const char *name = kdebug_object_name(obj);
    char *dst = (char *)mr;
    size_t i = 0;
    for (; name[i]; i++) {
        dst[i] = name[i];
    }
    dst[i++] = '\0';
    invocation_reply(inv, l4_msgtag(0, (unsigned)((i + sizeof(l4_umword_t) - 1) /
                                                  sizeof(l4_umword_t)), 0, 0));
}

/* op: L4_DEBUGGER_KOBJ_GET_GLOBAL_ID_OP, rights: any, proto: L4_PROTO_DEBUGGER */
static void kobj_op_global_id(struct invocation *inv, struct kobj *obj, l4_umword_t *mr)
{
    mr[0] = kdebug_global_id(obj);
    invocation_reply(inv, l4_msgtag(0, 1, 0, 0));
}

static const kdebug_kobj_fn kdebug_kobj_ops[] = {
    [L4_DEBUGGER_KOBJ_SET_NAME_OP] = kobj_op_set_name,
    [L4_DEBUGGER_KOBJ_GET_GLOBAL_ID_OP] = kobj_op_global_id,
    [L4_DEBUGGER_KOBJ_GET_NAME_OP] = kobj_op_get_name,
    /* KOBJ_PTR_GET_GLOBAL_ID, LOG_*, GLOBAL_ID_GET_NAME, TASK_ADD_IMAGE_INFO,
     * OBJ_INFO: NULL, answered -L4_ENOSYS */
};

unsigned long kdebug_global_id(const struct kobj *obj)
{
    return (unsigned long)obj >> 4;
}

void kdebug_kobj_invoke(struct invocation *inv, unsigned long op)
{
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    unsigned words = l4_msgtag_words(inv->tag);

    if (op >= ARRAY_SIZE(kdebug_kobj_ops) || !kdebug_kobj_ops[op]) {
        invocation_error(inv, -L4_ENOSYS);
        return;
    }
    /* the object: a capability send item right after the data words */
    if (l4_msgtag_items(inv->tag) < 1 || words + 2 > L4_UTCB_GENERIC_DATA_SIZE ||
        !(mr[words] & L4_ITEM_MAP) ||
        ((mr[words + 1] >> L4_FPAGE_TYPE_SHIFT) & 3) != L4_FPAGE_OBJ) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    struct kobj *obj = task_lookup(inv->caller->task, mr[words + 1] & L4_FPAGE_ADDR_MASK, NULL,
                                   NULL);
    if (!obj || obj->dead) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    kdebug_kobj_ops[op](inv, obj, mr);
}
