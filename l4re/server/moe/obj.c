/* SPDX-License-Identifier: MIT */
/*
 * The object table: every moe object has an id, and its IPC gate carries
 * id << 4 as label, so a request's label finds the object in O(1). Ids of
 * destroyed objects are reused (their gates are deleted, so stale client
 * capabilities are empty and can never reach the new owner of the id).
 * The per-kind invoke and destroy functions are tables, not if-chains.
 * Gates carry debugger names (the kernel debugger's p and o, make picture): the kind's,
 * refined by obj_name() where moe knows more (a log's tag, a program's name).
 * Dataspaces stay unnamed: they come and go in numbers, and the kernel keeps 256 names.
 */
#include <l4/sys/debugger.h>
#include <l4/sys/factory.h>
#include <l4/sys/task.h>
#include <l4/util/string.h>
#include "moe.h"

#define LABEL_SHIFT 4

static struct obj **table;
static unsigned table_size;
static unsigned *free_ids;
static unsigned nfree_ids;
static unsigned next_id = 1; /* id 0 is never used: label 0 would be ambiguous */

static const obj_destroy_fn destroy_fns[OBJ_KINDS] = {
    [OBJ_ALLOC] = alloc_destroy,
    [OBJ_DS] = ds_destroy,
    [OBJ_NS] = ns_destroy,
    [OBJ_LOG] = log_destroy,
    [OBJ_SCHED] = sched_destroy,
    [OBJ_APP] = app_destroy,
};

static const char *const kind_names[OBJ_KINDS] = {
    [OBJ_ALLOC] = "moe:mem_alloc", [OBJ_NS] = "moe:namespace", [OBJ_LOG] = "moe:log",
    [OBJ_SCHED] = "moe:scheduler", [OBJ_APP] = "moe:parent",
};

void obj_name(struct obj *o, char const *prefix, char const *what)
{
    char name[24];
    unsigned n = 0;

    for (; *prefix && n + 1 < sizeof(name); ++prefix) {
        name[n++] = *prefix;
    }
    for (; *what && *what != ' ' && n + 1 < sizeof(name); ++what) {
        name[n++] = *what;
    }
    name[n] = '\0';
    l4_debugger_set_object_name(o->gate, name);
}

/* An unused id, growing the table (and the id stack) as needed; 0 if out of memory. */
static unsigned new_id(void)
{
    if (nfree_ids) {
        return free_ids[--nfree_ids];
    }
    if (next_id >= table_size) {
        unsigned n = table_size ? table_size * 2 : 256;
        struct obj **t = moe_alloc(n * sizeof(*t));
        unsigned *f = moe_alloc(n * sizeof(*f));

        if (!t || !f) {
            moe_free(t, n * sizeof(*t));
            moe_free(f, n * sizeof(*f));
            return 0;
        }
        if (table) {
            memcpy(t, table, table_size * sizeof(*t));
            moe_free(table, table_size * sizeof(*t));
            moe_free(free_ids, table_size * sizeof(*f));
        }
        table = t;
        free_ids = f;
        table_size = n;
    }
    return next_id++;
}

int obj_init(struct obj *o, enum obj_kind kind, struct alloc *owner)
{
    unsigned id = new_id();
    l4_cap_idx_t gate = id ? moe_cap_alloc() : L4_INVALID_CAP;

    if (l4_is_invalid_cap(gate)) {
        if (id) {
            free_ids[nfree_ids++] = id;
        }
        return -L4_ENOMEM;
    }
    if (l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, gate, L4_BASE_THREAD_CAP,
                                        (l4_umword_t)id << LABEL_SHIFT)) < 0) {
        moe_cap_free(gate);
        free_ids[nfree_ids++] = id;
        return -L4_ENOMEM;
    }
    o->kind = kind;
    o->id = id;
    o->gate = gate;
    if (kind_names[kind]) {
        obj_name(o, kind_names[kind], "");
    }
    o->owner = NULL;
    o->uncounted = 0;
    table[id] = o;
    if (owner) {
        alloc_own(owner, o);
    }
    return 0;
}

void obj_destroy(struct obj *o)
{
    l4_task_delete_obj(L4_BASE_TASK_CAP, o->gate);
    moe_cap_free(o->gate);
    table[o->id] = NULL;
    free_ids[nfree_ids++] = o->id;
    ns_forget(o);
    alloc_disown(o);
    destroy_fns[o->kind](o);
}

struct obj *obj_lookup(l4_umword_t label)
{
    l4_umword_t id = label >> LABEL_SHIFT;

    return id && id < table_size ? table[id] : NULL;
}

void obj_reap_dead(void)
{
    for (unsigned id = 1; id < table_size; id++) {
        struct obj *o = table[id];
        if (o && o->uncounted &&
            l4_msgtag_label(l4_task_cap_valid(L4_BASE_TASK_CAP, o->gate)) == 0) {
            moe_dbg(MOE_DBG_SERVER, "moe: dataspace %u dropped by its last client\n", id);
            obj_destroy(o);
        }
    }
}
