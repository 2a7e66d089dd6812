// SPDX-License-Identifier: MIT
/*
 * The Task object: creation through a factory (with its UTCB area), the
 * operations map, unmap, cap_info and add_ku_mem, and its death: killing a
 * task kills its threads, revokes its mappings (and what was derived from
 * them), empties its object space and returns all of it to the quota. A
 * task that holds a capability to itself lives until deleted explicitly
 * (L4_FP_DELETE_OBJ), as in Fiasco.
 */
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/task.h>
#include "fpage_ops.h"
#include "invocation.h"
#include "mapdb.h"
#include "panic.h"
#include "quota.h"
#include "sched.h"
#include "smp.h"
#include "task.h"
#include "thread.h"
#include "vcpu.h"

#define ASID_COUNT 65536
static uint64_t asid_used[ASID_COUNT / 64] = { 1 }; /* ASID 0: kernel-only */

static unsigned asid_alloc(void)
{
    for (unsigned w = 0; w < ASID_COUNT / 64; w++) {
        if (~asid_used[w]) {
            unsigned b = __builtin_ctzl(~asid_used[w]);
            asid_used[w] |= 1UL << b;
            return w * 64 + b;
        }
    }
    return 0;
}

static void asid_free(unsigned asid)
{
    if (asid) {
        asid_used[asid / 64] &= ~(1UL << (asid % 64));
    }
}

static void release_space(struct task *t)
{
    arch_space_destroy(&t->space);
    asid_free(t->space.asid);
}

static void task_kill(struct kobj *o)
{
    struct task *t = CONTAINER_OF(o, struct task, kobj);
    extern void thread_kill(struct thread * t);
    while (!list_empty(&t->threads)) {
        struct thread *th = CONTAINER_OF(t->threads.next, struct thread, task_link);
        thread_kill(th);
    }
    vcpu_task_killed(t); /* vCPUs in user mode in t go back to kernel mode (vcpu.c) */
    if (current_thread()->space_task == t) {
        arch_space_deactivate();
    }
    mapdb_flush(t);
    obj_space_destroy(&t->objs);
    for (unsigned i = 0; i < t->ku_pages; i++) {
        quota_page_free(t->kobj.quota, t->ku_mem[i]);
    }
    t->ku_pages = 0;
    t->ku_nareas = 0;
    /*
     * Other CPUs may still walk the tables (a thread of ours runs there until
     * the kill's interrupt reaches it): the reaper frees them once no CPU runs
     * one of our threads (task_in_use).
     */
    if (smp_task_cpus(t) & ~(1U << this_cpu()->id)) {
        return; /* thread_kill() interrupted them; task_destroy() releases the space */
    }
    release_space(t);
}

static bool task_in_use(struct kobj *o)
{
    struct task *t = CONTAINER_OF(o, struct task, kobj);
    return t->space.root && smp_task_cpus(t) != 0;
}

static void task_destroy(struct kobj *o)
{
    struct task *t = CONTAINER_OF(o, struct task, kobj);
    if (t->space.root) {
        release_space(t);
    }
    quota_free(o->quota, t, sizeof(*t));
}

static void task_invoke(struct kobj *obj, unsigned rights, struct invocation *inv);

const struct kobj_type task_type = {
    .name = "Task",
    .invoke = task_invoke,
    .kill = task_kill,
    .destroy = task_destroy,
    .in_use = task_in_use,
};

struct task *task_create(struct quota *quota, const char *name)
{
    struct task *t = quota_alloc(quota, sizeof(*t));
    if (!t) {
        return NULL;
    }
    unsigned asid = asid_alloc();
    if (!asid) {
        quota_free(quota, t, sizeof(*t));
        return NULL;
    }
    if (arch_space_init(&t->space, asid, quota) < 0 || obj_space_init(&t->objs, quota) < 0) {
        arch_space_destroy(&t->space);
        asid_free(asid);
        quota_free(quota, t, sizeof(*t));
        return NULL;
    }
    kobj_init(&t->kobj, &task_type, quota);
    list_init(&t->threads);
    size_t i = 0;
    for (; name && name[i] && i + 1 < sizeof(t->name); i++) {
        t->name[i] = name[i];
    }
    t->name[i] = '\0';
    return t;
}

int task_add_ku_mem(struct task *t, uint64_t base, unsigned order)
{
    if (order < PAGE_SHIFT || order >= 48 || (base & ((1UL << order) - 1)) ||
        base + (1UL << order) > USER_VA_END) {
        return -L4_EINVAL;
    }
    uint64_t size = 1UL << order;
    for (unsigned a = 0; a < t->ku_nareas; a++) {
        struct ku_area *k = &t->ku_areas[a];
        if (base < k->base + k->pages * PAGE_SIZE && k->base < base + size) {
            return -L4_EINVAL;
        }
    }
    unsigned pages = (unsigned)(size >> PAGE_SHIFT);
    if (t->ku_nareas == TASK_KU_AREAS || pages > TASK_KU_MEM_MAX_PAGES - t->ku_pages) {
        return -L4_ENOMEM;
    }
    unsigned first = t->ku_pages;
    for (unsigned i = 0; i < pages; i++) {
        uint64_t va = base + i * PAGE_SIZE;
        void *p = quota_page_alloc(t->kobj.quota);
        if (!p || arch_space_map(&t->space, va, virt_to_phys(p), MAP_R | MAP_W | MAP_KERNEL) < 0) {
            quota_page_free(t->kobj.quota, p);
            for (unsigned j = 0; j < i; j++) {
                arch_space_unmap(&t->space, base + j * PAGE_SIZE);
                quota_page_free(t->kobj.quota, t->ku_mem[first + j]);
            }
            return -L4_ENOMEM;
        }
        t->ku_mem[first + i] = p;
    }
    t->ku_areas[t->ku_nareas++] = (struct ku_area){ .base = base, .pages = pages, .first = first };
    t->ku_pages += pages;
    return 0;
}

void *task_ku_ptr(struct task *t, uint64_t addr, uint64_t align)
{
    if (addr & (align - 1)) {
        return NULL;
    }
    for (unsigned a = 0; a < t->ku_nareas; a++) {
        struct ku_area *k = &t->ku_areas[a];
        if (addr >= k->base && addr < k->base + k->pages * PAGE_SIZE) {
            uint64_t off = addr - k->base;
            return (char *)t->ku_mem[k->first + off / PAGE_SIZE] + off % PAGE_SIZE;
        }
    }
    return NULL;
}

l4_utcb_t *task_utcb(struct task *t, uint64_t utcb_user)
{
    return task_ku_ptr(t, utcb_user, L4_UTCB_OFFSET);
}

int task_map_identity(struct task *t, uint64_t pa, uint64_t size, unsigned rights)
{
    for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
        int err = mapdb_map_root(t, pa + off, pa + off, rights);
        if (err < 0) {
            return err;
        }
    }
    return 0;
}

struct kobj *task_lookup(struct task *t, l4_cap_idx_t cap, const struct kobj_type *type,
                         unsigned *rights)
{
    if (cap & L4_INVALID_CAP_BIT) {
        return NULL;
    }
    struct cap_slot *slot = obj_space_lookup(&t->objs, cap >> L4_CAP_SHIFT);
    if (!slot || (type && slot->obj->type != type)) {
        return NULL;
    }
    if (rights) {
        *rights = slot->rights;
    }
    return slot->obj;
}

struct task *task_lookup_s(struct task *t, l4_cap_idx_t cap, long *err)
{
    unsigned rights = 0;
    struct kobj *o = task_lookup(t, cap, &task_type, &rights);
    *err = !o ? -L4_EINVAL : -L4_EPERM;
    return o && (rights & L4_CAP_FPAGE_S) ? CONTAINER_OF(o, struct task, kobj) : NULL;
}

/* The task named by a 2-word object item at mr[i] of the caller. */
static struct task *item_task(struct invocation *inv, unsigned i, unsigned *rights)
{
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    l4_fpage_t fp = { .raw = mr[i + 1] };
    if (!(mr[i] & L4_ITEM_MAP) || ((fp.raw >> L4_FPAGE_TYPE_SHIFT) & 3) != L4_FPAGE_OBJ) {
        return NULL;
    }
    struct kobj *o = task_lookup(current_thread()->task, fp.raw & L4_FPAGE_ADDR_MASK, &task_type,
                                 rights);
    return o ? CONTAINER_OF(o, struct task, kobj) : NULL;
}

/* op: L4_TASK_MAP_OP, rights: W, proto: L4_PROTO_TASK */
static void task_op_map(struct task *t, unsigned rights, struct invocation *inv)
{
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    if (l4_msgtag_words(inv->tag) < 3 || l4_msgtag_items(inv->tag) < 1) {
        invocation_error(inv, -L4_EMSGTOOSHORT);
        return;
    }
    if (!(rights & L4_CAP_FPAGE_W)) {
        invocation_error(inv, -L4_EPERM);
        return;
    }
    unsigned src_rights = 0;
    struct task *src = item_task(inv, 3, &src_rights);
    if (!src) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    l4_fpage_t fp = { .raw = mr[2] };
    l4_fpage_t all = { .raw = (L4_WHOLE_ADDRESS_SPACE << L4_FPAGE_SIZE_SHIFT) };
    int err = fpage_map(src, fp, t, all, mr[1], (mr[1] & L4_MAP_ITEM_GRANT) != 0,
                        mr[1] & (L4_FPAGE_C_OBJ_RIGHTS | L4_FPAGE_C_NO_REF_CNT));
    invocation_error(inv, err);
}

/*
 * op: L4_TASK_UNMAP_OP, rights: none, proto: L4_PROTO_TASK. The mask is one of
 * L4_FP_OTHER_SPACES, L4_FP_ALL_SPACES, L4_FP_DELETE_OBJ; any other value (Fiasco
 * reads bits 31 and 30 and ignores the rest) is refused before anything is unmapped.
 */
static void task_op_unmap(struct task *t, unsigned rights, struct invocation *inv)
{
    (void)rights;
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    unsigned words = l4_msgtag_words(inv->tag);
    if (words < 3) {
        invocation_error(inv, -L4_EMSGTOOSHORT);
        return;
    }
    if (mr[1] != L4_FP_OTHER_SPACES && mr[1] != L4_FP_ALL_SPACES && mr[1] != L4_FP_DELETE_OBJ) {
        invocation_error(inv, -L4_EINVAL);
        return;
    }
    for (unsigned i = 2; i < words; i++) {
        mr[i] = fpage_unmap(t, (l4_fpage_t){ .raw = mr[i] }, mr[1]).raw;
    }
    invocation_reply(inv, l4_msgtag(0, words, 0, 0));
}

/* op: L4_TASK_CAP_INFO_OP, rights: none, proto: L4_PROTO_TASK */
static void task_op_cap_info(struct task *t, unsigned rights, struct invocation *inv)
{
    (void)rights;
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    unsigned words = l4_msgtag_words(inv->tag);
    if (words < 2) {
        invocation_error(inv, -L4_EMSGTOOSHORT);
        return;
    }
    struct kobj *a = task_lookup(t, mr[1], NULL, NULL);
    if (words == 2) {
        invocation_reply(inv, l4_msgtag(a ? 1 : 0, 0, 0, 0));
        return;
    }
    struct kobj *b = task_lookup(t, mr[2], NULL, NULL);
    invocation_reply(inv, l4_msgtag(a && a == b ? 1 : 0, 0, 0, 0));
}

/* op: L4_TASK_ADD_KU_MEM_OP, rights: W, proto: L4_PROTO_TASK */
static void task_op_add_ku_mem(struct task *t, unsigned rights, struct invocation *inv)
{
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    if (l4_msgtag_words(inv->tag) < 2) {
        invocation_error(inv, -L4_EMSGTOOSHORT);
        return;
    }
    if (!(rights & L4_CAP_FPAGE_W)) {
        invocation_error(inv, -L4_EPERM);
        return;
    }
    l4_fpage_t fp = { .raw = mr[1] };
    int err = task_add_ku_mem(t, fp.raw & L4_FPAGE_ADDR_MASK,
                              (fp.raw >> L4_FPAGE_SIZE_SHIFT) & 0x3f);
    invocation_error(inv, err);
}

typedef void (*task_op_fn)(struct task *t, unsigned rights, struct invocation *inv);

static const task_op_fn task_ops[] = {
    [L4_TASK_MAP_OP] = task_op_map,
    [L4_TASK_UNMAP_OP] = task_op_unmap,
    [L4_TASK_CAP_INFO_OP] = task_op_cap_info,
    [L4_TASK_ADD_KU_MEM_OP] = task_op_add_ku_mem,
};

static void task_invoke(struct kobj *obj, unsigned rights, struct invocation *inv)
{
    if (l4_msgtag_label(inv->tag) != L4_PROTO_TASK) {
        invocation_error(inv, -L4_EBADPROTO);
        return;
    }
    if (l4_msgtag_words(inv->tag) < 1) {
        invocation_error(inv, -L4_EMSGTOOSHORT);
        return;
    }
    unsigned long op = l4_utcb_mr_u(inv->utcb)->mr[0];
    if (op >= ARRAY_SIZE(task_ops) || !task_ops[op]) {
        invocation_error(inv, -L4_ENOSYS);
        return;
    }
    task_ops[op](CONTAINER_OF(obj, struct task, kobj), rights, inv);
}

struct kobj *task_factory_create(struct quota *q, struct invocation *inv, long *err)
{
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    unsigned words = l4_msgtag_words(inv->tag);
    struct task *t = task_create(q, "task");
    if (!t) {
        *err = -L4_ENOMEM;
        return NULL;
    }
    if (words >= 3 && (mr[1] & 0xff) == L4_VARG_TYPE_FPAGE) {
        l4_fpage_t fp = { .raw = mr[2] };
        unsigned order = (fp.raw >> L4_FPAGE_SIZE_SHIFT) & 0x3f;
        if (order) {
            int e = task_add_ku_mem(t, fp.raw & L4_FPAGE_ADDR_MASK, order);
            if (e < 0) {
                kobj_get(&t->kobj);
                kobj_put(&t->kobj);
                *err = e;
                return NULL;
            }
        }
        mr[0] = fp.raw;
    }
    return &t->kobj;
}
