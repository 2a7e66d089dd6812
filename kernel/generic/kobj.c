// SPDX-License-Identifier: MIT
/*
 * Object lifetime (see kobj.h). The dying list holds doomed objects whose
 * kill has not run yet; the zombie list holds killed objects whose last
 * reference is gone. kobj_reap empties the first (a kill may doom more
 * objects: they join the same loop) and frees the second at the end of a
 * kernel entry, except the running thread, whose stack is in use (it is
 * freed by the next reap after the switch away).
 */
#include "kdebug.h"
#include "kobj.h"
#include "panic.h"
#include "quota.h"
#include "sched.h"

struct list kobj_dying = { &kobj_dying, &kobj_dying };
struct list kobj_zombies = { &kobj_zombies, &kobj_zombies };
#if CONFIG_INVARIANTS
struct list kobj_all = { &kobj_all, &kobj_all };
#endif

void kobj_init(struct kobj *o, const struct kobj_type *type, struct quota *quota)
{
    o->type = type;
    o->refcnt = 0;
    o->ucount = 0;
    o->quota = quota;
    o->dead = false;
    o->killed = false;
    o->named = false;
    list_init(&o->zombie_link);
#if CONFIG_INVARIANTS
    list_push_back(&kobj_all, &o->inv_link);
    o->inv_refs = o->inv_urefs = o->inv_epoch = 0;
#endif
    if (quota) {
        quota_get(quota);
    }
}

void kobj_kill(struct kobj *o)
{
    if (o->dead) {
        return;
    }
    o->dead = true;
    list_push_back(&kobj_dying, &o->zombie_link);
}

void kobj_ucount_dec(struct kobj *o)
{
    assert(o->ucount > 0);
    if (--o->ucount == 0) {
        kobj_kill(o);
    }
}

void kobj_put(struct kobj *o)
{
    assert(o->refcnt > 0);
    if (--o->refcnt > 0) {
        return;
    }
    if (!o->dead) {
        kobj_kill(o); /* the reap loop frees it after the kill */
    } else if (o->killed && o->type->destroy) {
        list_push_back(&kobj_zombies, &o->zombie_link);
    }
}

/* Run the kill of every doomed object, including those doomed on the way. */
static void run_kills(void)
{
    while (!list_empty(&kobj_dying)) {
        struct kobj *o = CONTAINER_OF(kobj_dying.next, struct kobj, zombie_link);
        list_unlink(&o->zombie_link);
        if (o->type->kill) {
            o->type->kill(o);
        }
        kdebug_forget(o); /* its debugger name dies with it */
        o->killed = true;
        if (o->refcnt == 0 && o->type->destroy) {
            list_push_back(&kobj_zombies, &o->zombie_link);
        }
    }
}

void kobj_reap_slow(void)
{
    struct list keep;
    list_init(&keep);
    /* Freeing an object can drop the last reference to another: loop until both lists settle. */
    do {
        run_kills();
        while (!list_empty(&kobj_zombies)) {
            struct kobj *o = CONTAINER_OF(kobj_zombies.next, struct kobj, zombie_link);
            list_unlink(&o->zombie_link);
            if ((void *)o == (void *)current_thread() || (o->type->in_use && o->type->in_use(o))) {
                list_push_back(&keep, &o->zombie_link);
                continue;
            }
            struct quota *q = o->quota;
#if CONFIG_INVARIANTS
            list_unlink(&o->inv_link);
#endif
            o->type->destroy(o);
            if (q) {
                quota_put(q);
            }
        }
    } while (!list_empty(&kobj_dying));
    while (!list_empty(&keep)) {
        struct list *n = keep.next;
        list_unlink(n);
        list_push_back(&kobj_zombies, n);
    }
}
