/* SPDX-License-Identifier: MIT */
/*
 * Mem_alloc objects: factories (L4_PROTO_FACTORY in the kernel factory's
 * format: mr0 = protocol, then typed variable arguments) of dataspaces,
 * namespaces, logs, scheduler proxies and child allocators, plus INFO
 * (quota and bytes in use) and FREE (destroy one of its dataspaces now).
 * Quotas nest: a charge must fit the allocator and all its ancestors.
 * Everything an allocator created is listed in it and destroyed with it.
 */
#include <l4/re/c/mem_alloc.h>
#include <l4/re/protocols.h>
#include <l4/sys/factory.h>
#include "moe.h"

/* Not in protocols.h yet: MEM_ALLOC op 1 frees the dataspace sent as item. */
#define MOE_MA_OP_FREE 1

struct alloc *moe_root_alloc;

struct alloc *alloc_create(struct alloc *parent, unsigned long quota)
{
    struct alloc *a = moe_alloc(sizeof(*a));

    if (!a) {
        return NULL;
    }
    if (obj_init(&a->obj, OBJ_ALLOC, parent) < 0) {
        moe_free(a, sizeof(*a));
        return NULL;
    }
    a->parent = parent;
    a->quota = quota;
    return a;
}

int alloc_charge(struct alloc *a, unsigned long bytes)
{
    struct alloc *p;

    for (p = a; p; p = p->parent) {
        if (p->used + bytes < p->used || p->used + bytes > p->quota) {
            return -L4_ENOMEM;
        }
    }
    for (p = a; p; p = p->parent) {
        p->used += bytes;
    }
    return 0;
}

void alloc_uncharge(struct alloc *a, unsigned long bytes)
{
    for (; a; a = a->parent) {
        a->used -= bytes;
    }
}

void alloc_own(struct alloc *a, struct obj *o)
{
    o->owner = a;
    o->owned_prev = NULL;
    o->owned_next = a->owned;
    if (a->owned) {
        a->owned->owned_prev = o;
    }
    a->owned = o;
}

void alloc_disown(struct obj *o)
{
    if (!o->owner) {
        return;
    }
    if (o->owned_prev) {
        o->owned_prev->owned_next = o->owned_next;
    } else {
        o->owner->owned = o->owned_next;
    }
    if (o->owned_next) {
        o->owned_next->owned_prev = o->owned_prev;
    }
    o->owner = NULL;
}

void alloc_destroy(struct obj *o)
{
    struct alloc *a = (struct alloc *)o;

    while (a->owned) {
        obj_destroy(a->owned);
    }
    moe_free(a, sizeof(*a));
}

/* The variable arguments of a create request, one at a time. */
struct vargs {
    struct msg *m;
    unsigned pos;
};

/* Next argument: its type (L4_VARG_TYPE_*); val for words, str and len for strings. */
static int varg_next(struct vargs *v, l4_umword_t *val, char const **str, unsigned *len)
{
    l4_umword_t hdr;
    unsigned words;

    if (v->pos >= v->m->words) {
        return L4_VARG_TYPE_NIL;
    }
    hdr = v->m->mr->mr[v->pos];
    *len = (unsigned)(hdr >> 16);
    words = (unsigned)l4_bytes_to_mwords(*len);
    if (v->pos + 1 + words > v->m->words) {
        return -1;
    }
    *str = (char const *)&v->m->mr->mr[v->pos + 1];
    *val = words ? v->m->mr->mr[v->pos + 1] : 0;
    v->pos += 1 + words;
    return (int)(hdr & 0xff);
}

/* An optional word argument (nil or absent: \a dflt). 0, or -L4_EINVAL. */
static int varg_word(struct vargs *v, l4_umword_t *out, l4_umword_t dflt)
{
    char const *s;
    unsigned len;
    int t = varg_next(v, out, &s, &len);

    if (t == L4_VARG_TYPE_NIL) {
        *out = dflt;
        return 0;
    }
    return (t == L4_VARG_TYPE_UMWORD || t == L4_VARG_TYPE_MWORD) ? 0 : -L4_EINVAL;
}

static long create_ds(struct alloc *a, struct vargs *v, struct msg *m)
{
    l4_umword_t size, flags, align;
    struct ds *d;
    long err = 0;

    if (varg_word(v, &size, 0) < 0 || varg_word(v, &flags, 0) < 0
        || varg_word(v, &align, 0) < 0) {
        return -L4_EINVAL;
    }
    if ((long)size <= 0) {
        return -L4_ERANGE;
    }
    d = ds_create_anon(a, size, flags, align, &err);
    if (!d) {
        return err;
    }
    msg_reply_cap(m, d->obj.gate, L4_CAP_FPAGE_RWS);
    /* Once the client holds it, only client capabilities keep it alive. */
    moe_uncount_later(&d->obj);
    return 0;
}

static long create_ns(struct alloc *a, struct vargs *v, struct msg *m)
{
    struct ns *n = ns_create(a, 0);

    (void)v;
    if (!n) {
        return -L4_ENOMEM;
    }
    msg_reply_cap(m, ns_obj(n)->gate, L4_CAP_FPAGE_RWS);
    return 0;
}

static long create_log(struct alloc *a, struct vargs *v, struct msg *m)
{
    char const *tag = "", *s = 0;
    unsigned tag_len = 0, len = 0, colour = 7;
    l4_umword_t val = 0;
    struct log *l;
    int t = varg_next(v, &val, &tag, &tag_len);

    if (t != L4_VARG_TYPE_STRING && t != L4_VARG_TYPE_NIL) {
        return -L4_EINVAL;
    }
    if (t == L4_VARG_TYPE_NIL) {
        tag_len = 0;
    }
    while (tag_len && !tag[tag_len - 1]) {
        --tag_len; /* the string argument counts its NUL */
    }
    t = varg_next(v, &val, &s, &len);
    if (t == L4_VARG_TYPE_STRING && len) {
        colour = log_colour(s[0]);
    } else if (t == L4_VARG_TYPE_UMWORD || t == L4_VARG_TYPE_MWORD) {
        colour = (unsigned)val & 15;
    }
    {
        char copy[16]; /* the tag lives in the UTCB, which creating the gate reuses */
        unsigned i;

        for (i = 0; i < sizeof(copy) && i < tag_len; ++i) {
            copy[i] = tag[i];
        }
        l = log_create(a, copy, i, colour);
    }
    if (!l) {
        return -L4_ENOMEM;
    }
    msg_reply_cap(m, log_obj(l)->gate, L4_CAP_FPAGE_RWS);
    return 0;
}

static long create_alloc(struct alloc *a, struct vargs *v, struct msg *m)
{
    l4_umword_t quota;
    struct alloc *c;

    if (varg_word(v, &quota, 0) < 0 || (long)quota <= 0) {
        return -L4_EINVAL;
    }
    c = alloc_create(a, quota);
    if (!c) {
        return -L4_ENOMEM;
    }
    msg_reply_cap(m, c->obj.gate, L4_CAP_FPAGE_RWS);
    return 0;
}

static long create_sched(struct alloc *a, struct vargs *v, struct msg *m)
{
    l4_umword_t limit, offset, cpus;
    struct sched *s;

    /* limit, offset, CPU mask (bit i: CPU i; ned's L4.Cpu_set:mask(), -1 for all) */
    if (varg_word(v, &limit, L4_SCHED_MAX_PRIO) < 0 || varg_word(v, &offset, 0) < 0
        || varg_word(v, &cpus, ~0UL) < 0 || limit > L4_SCHED_MAX_PRIO
        || offset > L4_SCHED_MAX_PRIO || !cpus) {
        return -L4_EINVAL;
    }
    s = sched_create(a, (unsigned)limit, (unsigned)offset, cpus);
    if (!s) {
        return -L4_ENOMEM;
    }
    msg_reply_cap(m, sched_obj(s)->gate, L4_CAP_FPAGE_RWS);
    return 0;
}

/* op: create, rights: none, proto: L4_PROTO_FACTORY */
static long alloc_create_op(struct alloc *a, struct msg *m)
{
    struct vargs v = { m, 1 };
    long proto;

    if (m->words < 1) {
        return -L4_EMSGTOOSHORT;
    }
    proto = (long)m->mr->mr[0];
    switch (proto) {
    case L4RE_PROTO_DATASPACE:
        return create_ds(a, &v, m);
    case L4RE_PROTO_NAMESPACE:
        return create_ns(a, &v, m);
    case L4_PROTO_LOG:
        return create_log(a, &v, m);
    case L4_PROTO_FACTORY:
        return create_alloc(a, &v, m);
    case L4_PROTO_SCHEDULER:
        return create_sched(a, &v, m);
    default:
        return -L4_ENODEV;
    }
}

/* op: L4RE_MA_OP_INFO, rights: none, proto: L4RE_PROTO_MEM_ALLOC */
static long alloc_info(struct alloc *a, struct msg *m)
{
    m->mr->mr[0] = a->quota;
    m->mr->mr[1] = a->used;
    m->reply_words = 2;
    return 0;
}

/* op: MOE_MA_OP_FREE, rights: none, proto: L4RE_PROTO_MEM_ALLOC: destroy one object now */
static long alloc_free(struct alloc *a, struct msg *m)
{
    struct obj *o = m->item == ITEM_LOCAL ? m->item_obj : NULL;
    struct alloc *p;

    /* Anything an allocator creates: dataspaces, child allocators (with all they
     * made), namespaces, logs and scheduler proxies — not programs. */
    if (!o || o->kind == OBJ_APP) {
        return -L4_EINVAL;
    }
    /* Only the allocator that made it (or an ancestor) may free it. */
    for (p = o->owner; p && p != a; p = p->parent) {
    }
    if (!p) {
        return -L4_EPERM;
    }
    obj_destroy(o);
    return 0;
}

long alloc_invoke(struct obj *o, struct msg *m)
{
    struct alloc *a = (struct alloc *)o;

    switch (l4_msgtag_label(m->tag)) {
    case L4_PROTO_FACTORY:
        return alloc_create_op(a, m);
    case L4RE_PROTO_MEM_ALLOC:
        if (m->words >= 1 && m->mr->mr[0] == L4RE_MA_OP_INFO) {
            return alloc_info(a, m);
        }
        if (m->words >= 1 && m->mr->mr[0] == MOE_MA_OP_FREE) {
            return alloc_free(a, m);
        }
        return -L4_ENOSYS;
    default:
        return -L4_EBADPROTO;
    }
}
