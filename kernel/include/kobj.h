/* SPDX-License-Identifier: MIT */
/*
 * Kernel objects: a common header (type, reference counts, quota) and the
 * type table entry that says how an object is invoked, killed and freed.
 * Two counts: `refcnt` counts every capability slot (and kernel-internal
 * reference) and keeps the memory; `ucount` counts the slots that keep the
 * object alive. A slot marked uncounted (L4_FPAGE_C_NO_REF_CNT, set by
 * L4_KOBJECT_OP_DEC_REFCNT — how a server holds its own objects without
 * keeping them alive) is in the first count only. When `ucount` drops to
 * zero, or on L4_FP_DELETE_OBJ, the object is *killed*: at once it is
 * marked dead (capabilities to it behave as empty), and at the end of the
 * kernel entry (kobj_reap) its type's kill runs: it stops working and wakes
 * whoever waits on it. Its memory goes when `refcnt` is zero, also in
 * kobj_reap. Deferring both keeps every operation safe against what it
 * kills (an unmap that deletes its own task still walks a whole space and
 * writes its reply into a live UTCB), and cascades (a task whose death
 * drops the last capability to another task) run as a loop, never as a
 * recursion on the small kernel stacks.
 */
#pragma once

#include <l4/sys/consts.h>
#include "base.h"
#include "list.h"

struct kobj;
struct invocation;
struct quota;

/* kobj_type.fast_kind */
#define KOBJ_FAST_NONE 0   /* generic path only */
#define KOBJ_FAST_THREAD 1 /* IPC to the thread itself */
#define KOBJ_FAST_GATE 2   /* IPC to the gate's bound thread */
#define KOBJ_FAST_IRQ 3    /* trigger, or receive through the Irq */

struct kobj_type {
    const char *name;
    /* Handle an invocation through a capability with \a rights (L4_CAP_FPAGE_* | obj rights). */
    void (*invoke)(struct kobj *obj, unsigned rights, struct invocation *inv);
    /* Stop working: detach, wake waiters with an error. May be NULL. */
    void (*kill)(struct kobj *obj);
    /* Free the memory; called once, after kill, when no reference is left. */
    void (*destroy)(struct kobj *obj);
    /*
     * Objects that forward IPC to a thread (Thread, Ipc_gate): the protocol
     * label that makes a send an operation on the object itself. 0: the
     * object takes no IPC. See kobj_invocation_is_ipc().
     */
    long object_proto;
    /* What the IPC fast path does with an invocation: KOBJ_FAST_* (one byte to test). */
    uint8_t fast_kind;
    /*
     * Whether another CPU may still use the object's memory (a thread it runs, a
     * space its TTBR0 holds): the reaper frees it later. May be NULL (never).
     */
    bool (*in_use)(struct kobj *obj);
};

struct kobj {
    const struct kobj_type *type;
    unsigned long refcnt;   /* references: memory stays while > 0 */
    unsigned long ucount;   /* counted capabilities: alive while > 0 */
    struct quota *quota;    /* charged for this object; NULL for static objects */
    bool dead;              /* doomed: capabilities to it behave as empty */
    bool killed;            /* its type's kill has run */
    bool named;             /* has an entry in the debugger's name table (kdebug_kobj.c) */
    struct list zombie_link; /* in kobj_dying until killed, then in kobj_zombies */
#if CONFIG_INVARIANTS
    struct list inv_link;       /* in kobj_all: every object from kobj_init to destroy */
    unsigned long inv_refs;     /* references the checker found (invariants.c) */
    unsigned long inv_urefs;    /* counted capabilities the checker found */
    unsigned long inv_epoch;    /* the check that last saw it in kobj_all */
#endif
};

/**
 * Whether an invocation of \a o with message-tag label \a label and system
 * call flags \a flags (L4_SYSF_*) is IPC to a thread rather than an
 * operation on \a o: decided by the type, in one place, for the IPC fast
 * path and the types' invoke alike. A receive without send is IPC.
 */
static inline bool kobj_invocation_is_ipc(const struct kobj *o, long label, unsigned flags)
{
    long proto = o->type->object_proto;
    return proto != 0 && (label != proto || !(flags & L4_SYSF_SEND));
}

/** A statically allocated object that is never killed nor freed. */
#define KOBJ_STATIC(t) { .type = (t), .refcnt = 1, .ucount = 1 }

/** Initialise the header; takes a reference on \a quota (may be NULL). */
void kobj_init(struct kobj *o, const struct kobj_type *type, struct quota *quota);

static inline void kobj_get(struct kobj *o)
{
    o->refcnt++;
}

/** Drop one reference; the last one kills the object and queues it for freeing. */
void kobj_put(struct kobj *o);
/** A counted capability appears / goes; the last one going kills the object. */
static inline void kobj_ucount_inc(struct kobj *o)
{
    o->ucount++;
}
void kobj_ucount_dec(struct kobj *o);
/** Doom the object now; its kill runs in the next kobj_reap (memory stays while referenced). */
void kobj_kill(struct kobj *o);
extern struct list kobj_dying;
extern struct list kobj_zombies;
#if CONFIG_INVARIANTS
/* Every object between kobj_init and its destroy (the checking kernel only). */
extern struct list kobj_all;
#endif
void kobj_reap_slow(void);

/**
 * Run the kills of doomed objects, then free every unreferenced object that
 * is safe to free. Called at the end of each kernel entry.
 */
static inline void kobj_reap(void)
{
    if (!list_empty(&kobj_dying) || !list_empty(&kobj_zombies)) {
        kobj_reap_slow();
    }
}
