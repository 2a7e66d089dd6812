// SPDX-License-Identifier: MIT
/*
 * The Factory object (protocol L4_PROTO_FACTORY). mr0 names the protocol
 * of the object to create, variable arguments follow; BR0 holds the
 * single-capability receive slot for the new object. Creation functions
 * are looked up in a table by protocol. Each new object is charged to this
 * factory's quota; a new factory gets a child quota of the requested size,
 * carved from this one. The new capability gets all rights.
 */
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/types.h>
#include "factory.h"
#include "invocation.h"
#include "obj_space.h"
#include "quota.h"
#include "task.h"
#include "thread.h"

typedef struct kobj *(*factory_create_fn)(struct quota *q, struct invocation *inv, long *err);

struct kobj *thread_factory_create(struct quota *q, struct invocation *inv, long *err);
struct kobj *gate_factory_create(struct quota *q, struct invocation *inv, long *err);
struct kobj *irq_factory_create(struct quota *q, struct invocation *inv, long *err);

struct factory root_factory;

static void factory_kill(struct kobj *o)
{
    (void)o;
}

static void factory_destroy(struct kobj *o)
{
    struct factory *f = CONTAINER_OF(o, struct factory, kobj);
    quota_put(f->own);
    quota_free(o->quota, f, sizeof(*f));
}

static void factory_invoke(struct kobj *obj, unsigned rights, struct invocation *inv);

const struct kobj_type factory_type = {
    .name = "Factory",
    .invoke = factory_invoke,
    .kill = factory_kill,
    .destroy = factory_destroy,
};

void factory_init_root(void)
{
    kobj_init(&root_factory.kobj, &factory_type, NULL);
    root_factory.kobj.refcnt = 1; /* never freed, never killed */
    root_factory.kobj.ucount = 1;
    root_factory.own = &root_quota;
}

static struct kobj *factory_factory_create(struct quota *q, struct invocation *inv, long *err)
{
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    if (l4_msgtag_words(inv->tag) != 3) {
        *err = -L4_EINVAL;
        return NULL;
    }
    struct factory *f = quota_alloc(q, sizeof(*f));
    struct quota *child = f ? quota_create(q, mr[2]) : NULL;
    if (!child) {
        quota_free(q, f, sizeof(*f));
        *err = -L4_ENOMEM;
        return NULL;
    }
    kobj_init(&f->kobj, &factory_type, q);
    f->own = child;
    return &f->kobj;
}

struct factory_entry {
    long proto;
    factory_create_fn create;
};

static const struct factory_entry factory_table[] = {
    { L4_PROTO_TASK, task_factory_create },
    { L4_PROTO_THREAD, thread_factory_create },
    { L4_PROTO_FACTORY, factory_factory_create },
    { 0, gate_factory_create },
    { L4_PROTO_KOBJECT, gate_factory_create },
    { L4_PROTO_IRQ_SENDER, irq_factory_create },
};

/* proto: L4_PROTO_FACTORY, rights: S */
static void factory_invoke(struct kobj *obj, unsigned rights, struct invocation *inv)
{
    struct factory *f = CONTAINER_OF(obj, struct factory, kobj);
    if (l4_msgtag_label(inv->tag) != L4_PROTO_FACTORY) {
        invocation_error(inv, -L4_EBADPROTO);
        return;
    }
    if (!(rights & L4_CAP_FPAGE_S)) {
        invocation_error(inv, -L4_EPERM);
        return;
    }
    if (l4_msgtag_words(inv->tag) < 1) {
        invocation_error(inv, -L4_EMSGTOOSHORT);
        return;
    }
    long proto = (long)l4_utcb_mr_u(inv->utcb)->mr[0];
    factory_create_fn create = NULL;
    for (unsigned i = 0; i < ARRAY_SIZE(factory_table); i++) {
        if (factory_table[i].proto == proto) {
            create = factory_table[i].create;
        }
    }
    if (!create) {
        invocation_error(inv, -L4_ENODEV);
        return;
    }
    l4_umword_t br0 = l4_utcb_br_u(inv->utcb)->br[0];
    if ((br0 & L4_RCV_ITEM_SINGLE_CAP) != L4_RCV_ITEM_SINGLE_CAP) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    struct cap_slot *slot = obj_space_slot(&inv->caller->task->objs, br0 >> L4_CAP_SHIFT);
    if (!slot) {
        invocation_error(inv, (br0 >> L4_CAP_SHIFT) >= OBJ_SPACE_CAPS || !(br0 >> L4_CAP_SHIFT)
                                  ? -L4_EINVAL
                                  : -L4_ENOMEM);
        return;
    }
    long err = 0;
    struct kobj *o = create(f->own, inv, &err);
    if (!o) {
        invocation_error(inv, err ? err : -L4_ENOMEM);
        return;
    }
    cap_install(slot, o, CAP_RIGHTS_ALL, NULL);
    /* The task creator left the UTCB-area fpage in mr0; others reply without words. */
    unsigned words = proto == L4_PROTO_TASK ? 1 : 0;
    invocation_reply(inv, l4_msgtag(0, words, 0, 0));
}
