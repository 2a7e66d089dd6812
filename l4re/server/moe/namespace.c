/* SPDX-License-Identifier: MIT */
/*
 * Namespaces (L4RE_PROTO_NAMESPACE): a list of names, each bound to one of
 * moe's objects, to a capability someone registered (held in a slot of
 * moe), or to nothing (a placeholder). Queries resolve "a/b" through
 * sub-namespaces that are moe objects. The rom namespace is read-only.
 * Every namespace is on a global list so that an object's destruction can
 * remove the names that point to it (ns_forget).
 */
#include <l4/re/c/namespace.h>
#include <l4/re/protocols.h>
#include <l4/util/string.h>
#include "moe.h"

#define NS_NAME_MAX 64
#define NS_RIGHTS (L4_CAP_FPAGE_RWS)

struct ns_entry {
    struct ns_entry *next;
    char name[NS_NAME_MAX];
    unsigned len;
    unsigned flags;        /* L4RE_NS_REGISTER_*: the rights handed out */
    struct obj *obj;       /* a moe object, or */
    l4_cap_idx_t cap;      /* a registered foreign capability (moe's slot), or neither */
};

struct ns {
    struct obj obj;
    struct ns *next_ns;
    struct ns_entry *entries;
    int read_only;
};

struct ns *moe_root_ns;
struct ns *moe_rom_ns;
static struct ns *all_ns;

struct obj *ns_obj(struct ns *n)
{
    return &n->obj;
}

struct ns *ns_create(struct alloc *owner, int read_only)
{
    struct ns *n = moe_alloc(sizeof(*n));

    if (!n || obj_init(&n->obj, OBJ_NS, owner) < 0) {
        moe_free(n, sizeof(*n));
        return NULL;
    }
    n->read_only = read_only;
    n->next_ns = all_ns;
    all_ns = n;
    return n;
}

/* The first '/' in name[0..len), or NULL. */
static char const *slash_in(char const *name, unsigned len)
{
    unsigned i;

    for (i = 0; i < len; ++i) {
        if (name[i] == '/') {
            return name + i;
        }
    }
    return NULL;
}

static struct ns_entry *find(struct ns *n, char const *name, unsigned len)
{
    struct ns_entry *e;

    for (e = n->entries; e; e = e->next) {
        if (e->len == len && !memcmp(e->name, name, len)) {
            return e;
        }
    }
    return NULL;
}

int ns_add(struct ns *n, char const *name, unsigned len, struct obj *o, l4_cap_idx_t cap,
           unsigned flags)
{
    struct ns_entry *e;

    if (!len || len >= NS_NAME_MAX || slash_in(name, len)) {
        return -L4_EINVAL;
    }
    if (find(n, name, len)) {
        return -L4_EEXIST;
    }
    e = moe_alloc(sizeof(*e));
    if (!e) {
        return -L4_ENOMEM;
    }
    memcpy(e->name, name, len);
    e->len = len;
    e->flags = flags;
    e->obj = o;
    e->cap = cap;
    e->next = n->entries;
    n->entries = e;
    return 0;
}

static void free_entry(struct ns_entry *e)
{
    if (!e->obj && l4_is_valid_cap(e->cap)) {
        moe_cap_free(e->cap);
    }
    moe_free(e, sizeof(*e));
}

long ns_resolve(struct ns *n, char const *name, unsigned len, struct obj **o,
                l4_cap_idx_t *cap, unsigned *flags)
{
    for (;;) {
        char const *slash = slash_in(name, len);
        unsigned part = slash ? (unsigned)(slash - name) : len;
        struct ns_entry *e = find(n, name, part);

        if (!e) {
            return -L4_ENOENT;
        }
        if (!slash || part + 1 == len) {
            *o = e->obj;
            *cap = e->obj ? e->obj->gate : e->cap;
            *flags = e->flags;
            return l4_is_valid_cap(*cap) ? 0 : -L4_ENOENT;
        }
        if (!e->obj || e->obj->kind != OBJ_NS) {
            return -L4_ENOENT; /* only moe's own namespaces can be descended into */
        }
        n = (struct ns *)e->obj;
        name += part + 1;
        len -= part + 1;
    }
}

void ns_forget(struct obj *o)
{
    struct ns *n;

    for (n = all_ns; n; n = n->next_ns) {
        struct ns_entry **p = &n->entries;

        while (*p) {
            if ((*p)->obj == o) {
                struct ns_entry *e = *p;

                *p = e->next;
                free_entry(e);
            } else {
                p = &(*p)->next;
            }
        }
    }
}

void ns_destroy(struct obj *o)
{
    struct ns *n = (struct ns *)o;
    struct ns **p;

    for (p = &all_ns; *p; p = &(*p)->next_ns) {
        if (*p == n) {
            *p = n->next_ns;
            break;
        }
    }
    while (n->entries) {
        struct ns_entry *e = n->entries;

        n->entries = e->next;
        free_entry(e);
    }
    moe_free(n, sizeof(*n));
}

/* op: L4RE_NS_OP_QUERY, rights: none, proto: L4RE_PROTO_NAMESPACE */
static long ns_op_query(struct ns *n, struct msg *m)
{
    unsigned len;
    char const *name = msg_string(m, 1, &len, NULL);
    struct obj *o;
    l4_cap_idx_t cap;
    unsigned flags;
    long r;

    if (!name) {
        return -L4_EMSGTOOSHORT;
    }
    r = ns_resolve(n, name, len, &o, &cap, &flags);
    moe_dbg(MOE_DBG_NS, "moe: ns query '%.*s': %ld\n", (int)len, name, r);
    if (r < 0) {
        return r;
    }
    msg_reply_cap(m, cap, (flags & NS_RIGHTS) | L4_CAP_FPAGE_R);
    return 0;
}

/* op: L4RE_NS_OP_REGISTER, rights: W, proto: L4RE_PROTO_NAMESPACE */
static long ns_op_register(struct ns *n, struct msg *m)
{
    unsigned len;
    unsigned flags = m->words > 1 ? (unsigned)m->mr->mr[1] : 0;
    char const *name = msg_string(m, 2, &len, NULL);
    struct obj *o = NULL;
    l4_cap_idx_t cap = L4_INVALID_CAP;
    unsigned rights = flags & NS_RIGHTS;
    long r;

    if (!name) {
        return -L4_EMSGTOOSHORT;
    }
    if (n->read_only || !(m->rights & L4_CAP_FPAGE_W)) {
        return -L4_EPERM;
    }
    if (m->item == ITEM_LOCAL) {
        o = m->item_obj;
        if (!o) {
            return -L4_EINVAL;
        }
        rights &= m->item_rights | L4_CAP_FPAGE_R;
    } else if (m->item == ITEM_CAP) {
        cap = m->rcv_cap;
    }
    r = ns_add(n, name, len, o, cap, rights | (flags & ~NS_RIGHTS));
    if (r == 0 && m->item == ITEM_CAP) {
        m->took_cap = 1;
    }
    moe_dbg(MOE_DBG_NS, "moe: ns register '%.*s': %ld\n", (int)len, name, r);
    return r;
}

/* op: L4RE_NS_OP_UNLINK, rights: W, proto: L4RE_PROTO_NAMESPACE */
static long ns_op_unlink(struct ns *n, struct msg *m)
{
    unsigned len;
    char const *name = msg_string(m, 1, &len, NULL);
    struct ns_entry **p;

    if (!name) {
        return -L4_EMSGTOOSHORT;
    }
    if (n->read_only || !(m->rights & L4_CAP_FPAGE_W)) {
        return -L4_EPERM;
    }
    for (p = &n->entries; *p; p = &(*p)->next) {
        if ((*p)->len == len && !memcmp((*p)->name, name, len)) {
            struct ns_entry *e = *p;

            *p = e->next;
            free_entry(e);
            return 0;
        }
    }
    return -L4_ENOENT;
}

long ns_invoke(struct obj *o, struct msg *m)
{
    if (l4_msgtag_label(m->tag) != L4RE_PROTO_NAMESPACE) {
        return -L4_EBADPROTO;
    }
    if (m->words < 1) {
        return -L4_EMSGTOOSHORT;
    }
    switch (m->mr->mr[0]) {
    case L4RE_NS_OP_QUERY:
        return ns_op_query((struct ns *)o, m);
    case L4RE_NS_OP_REGISTER:
        return ns_op_register((struct ns *)o, m);
    case L4RE_NS_OP_UNLINK:
        return ns_op_unlink((struct ns *)o, m);
    default:
        return -L4_ENOSYS;
    }
}
