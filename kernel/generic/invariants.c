// SPDX-License-Identifier: MIT
/*
 * The invariant checker (see invariants.h, doc/kernel.md). It only reads
 * kernel state and never trusts a pointer it has not found in a structure
 * it already checked: objects are known from kobj_all (marked with the
 * check's epoch), capability slots from the live tasks' tables (marked in
 * their spare word), mapping nodes from the page tables. Walks are bounded,
 * so a cycle is reported instead of looping. Built only with
 * CONFIG_INVARIANTS; the product kernel has none of this.
 */
#include "invariants.h"

bool opt_inv_full;

#if CONFIG_INVARIANTS

#include <arch/arch.h>
#include <arch/mmu.h>
#include "factory.h"
#include "ipc_gate.h"
#include "irq.h"
#include "kernel_mem.h"
#include "kobj.h"
#include "mapdb.h"
#include "obj_space.h"
#include "panic.h"
#include "quota.h"
#include "sched.h"
#include "smp.h"
#include "task.h"
#include "thread.h"
#include "vlog.h"

extern struct kobj kdebug_object, icu_object, scheduler_object, vlog_object;
extern char __kernel_start[], __kernel_end[];

/* Longer lists or derivation chains than this are taken for cycles. */
#define INV_BOUND 1000000UL
#define INV_MAX_QUOTAS 256

static unsigned long epoch;
static unsigned long calls;

static NORETURN void violated(const char *inv, const char *kind, const void *p, unsigned long val)
{
    panic("invariant violated: %s: %s %p (0x%lx), after system call %lu by '%s'", inv, kind, p,
          val, calls, thread_name(current_thread()));
}

#define CHECK(cond, inv, kind, p, val)                                    \
    do {                                                                  \
        if (UNLIKELY(!(cond))) {                                          \
            violated(inv, kind, (const void *)(p), (unsigned long)(val)); \
        }                                                                 \
    } while (0)

static bool in_pool(const void *p)
{
    uintptr_t a = (uintptr_t)p;
    return !(a & 7) && a >= kernel_pages.base &&
           a < kernel_pages.base + kernel_pages.npages * PAGE_SIZE;
}

static bool in_kernel(const void *p)
{
    return in_pool(p) || ((const char *)p >= __kernel_start && (const char *)p < __kernel_end &&
                          !((uintptr_t)p & 7));
}

static bool is_static_obj(const struct kobj *o)
{
    return o == &kdebug_object || o == &icu_object || o == &scheduler_object ||
           o == &vlog_object || o == &root_factory.kobj;
}

/* An object found in kobj_all during this check (so its memory is allocated). */
static bool listed(const struct kobj *o)
{
    return in_kernel(o) && o->inv_epoch == epoch;
}

static bool live_task(const struct task *t)
{
    return in_pool(t) && listed(&t->kobj) && t->kobj.type == &task_type && !t->kobj.dead;
}

/* A well-formed circular list: links agree both ways, entries in kernel memory. */
static unsigned long list_check(const struct list *head, const char *inv)
{
    unsigned long n = 0;
    const struct list *prev = head;
    for (const struct list *l = head->next; l != head; l = l->next) {
        CHECK(in_kernel(l), inv, "list entry outside kernel memory", l, n);
        CHECK(l->prev == prev, inv, "list entry with a wrong back link", l, n);
        CHECK(++n < INV_BOUND, inv, "list without end", head, n);
        prev = l;
    }
    CHECK(head->prev == prev, inv, "list head with a wrong back link", head, n);
    return n;
}

#define FOR_EACH(pos, head) for (struct list *pos = (head)->next; pos != (head); pos = pos->next)

/* ---- objects, reaper list (every call) ---- */

static bool known_type(const struct kobj_type *t)
{
    return t == &task_type || t == &thread_type || t == &factory_type || t == &irq_type ||
           t == ipc_gate_kobj_type;
}

/* Idle threads belong to their CPUs, not to any quota or capability. */
static bool is_idle(const struct kobj *o)
{
    for (unsigned i = 0; i < cpus_online; i++) {
        if (o == &cpus[i].idle->kobj) {
            return true;
        }
    }
    return false;
}


static void check_objects(void)
{
    list_check(&kobj_all, "object list well formed");
    FOR_EACH(l, &kobj_all) {
        struct kobj *o = CONTAINER_OF(l, struct kobj, inv_link);
        CHECK(known_type(o->type), "object has a known type", "object", o, o->type);
        o->inv_epoch = epoch;
        o->inv_refs = 0;
        o->inv_urefs = 0;
        if (is_idle(o) || o == &root_factory.kobj) {
            continue;
        }
        CHECK(o->ucount <= o->refcnt, "ucount <= refcnt", o->type->name, o, o->ucount);
        CHECK(o->ucount > 0 || o->dead, "an object without counted capability is dead",
              o->type->name, o, o->refcnt);
        CHECK(o->dead == o->killed, "a doomed object is killed by the end of a kernel entry",
              o->type->name, o, o->dead);
        CHECK(o->refcnt > 0 || (o->dead && !list_empty(&o->zombie_link)),
              "an unreferenced object is dead and queued for freeing", o->type->name, o, 0);
    }
    CHECK(list_empty(&kobj_dying), "the kills of doomed objects ran by the end of a kernel entry",
          "list", &kobj_dying, 0);
    list_check(&kobj_zombies, "reaper list well formed");
    FOR_EACH(l, &kobj_zombies) {
        struct kobj *o = CONTAINER_OF(l, struct kobj, zombie_link);
        CHECK(listed(o), "reaper list holds allocated objects", "object", o, 0);
        CHECK(o->refcnt == 0 && o->dead, "reaper list holds dead unreferenced objects",
              o->type->name, o, o->refcnt);
        CHECK(o == &current_thread()->kobj || (o->type->in_use && o->type->in_use(o)),
              "the reaper list is empty after a kernel entry (but for what a CPU still uses)",
              o->type->name, o, 0);
    }
}

/* ---- threads and ready queues (every call) ---- */

static unsigned long check_queues(struct cpu *c)
{
    unsigned long queued = 0;
    for (unsigned p = 0; p < SCHED_PRIOS; p++) {
        bool bit = (c->prio_bitmap[p / 64] >> (p % 64)) & 1;
        if (p % 64 == 0) {
            CHECK(((c->prio_words >> (p / 64)) & 1) == (c->prio_bitmap[p / 64] != 0),
                  "the ready summary matches the bitmap", "word", (void *)0, p / 64);
        }
        list_check(&c->ready[p], "ready queue well formed");
        CHECK(bit == !list_empty(&c->ready[p]), "ready bitmap matches the queues", "priority",
              (void *)0, p);
        FOR_EACH(l, &c->ready[p]) {
            struct thread *t = CONTAINER_OF(l, struct thread, sched_link);
            CHECK(listed(&t->kobj) && t->kobj.type == &thread_type,
                  "ready queues hold allocated threads", "thread", t, p);
            CHECK(t->state == THREAD_READY, "queued threads are ready", "thread", t, t->state);
            CHECK(t->prio == p, "a thread is queued at its priority", "thread", t, t->prio);
            CHECK(t != c->idle, "the idle thread is not queued", "thread", t, p);
            CHECK(t->cpu == c->id, "a thread is queued on its own CPU", "thread", t, t->cpu);
            queued++;
        }
    }
    return queued;
}

static void check_threads(void)
{
    unsigned long queued = 0, ready = 0;
    for (unsigned i = 0; i < cpus_online; i++) {
        queued += check_queues(&cpus[i]);
        struct cpu *c = &cpus[i];
        CHECK(c->current == c->idle || listed(&c->current->kobj),
              "the running thread is allocated", "thread", c->current, i);
    }
    list_check(&all_threads, "thread list well formed");
    FOR_EACH(l, &all_threads) {
        struct thread *t = CONTAINER_OF(l, struct thread, all_link);
        CHECK(listed(&t->kobj) && t->kobj.type == &thread_type,
              "the thread list holds allocated threads", "thread", t, 0);
        CHECK(t->state <= THREAD_DEAD, "thread state valid", "thread", t, t->state);
        CHECK(!t->start_needs || t->state == THREAD_INACTIVE || t->state == THREAD_DEAD,
              "a thread that lacks ex_regs or run_thread has not started", "thread", t,
              t->start_needs);
        if (t->state == THREAD_READY && !is_idle(&t->kobj) && !smp_thread_running(t)) {
            ready++;
        } else if (!is_idle(&t->kobj)) {
            CHECK(list_empty(&t->sched_link), "only ready threads that do not run are queued",
                  "thread", t, t->state);
        }
        if (t->state != THREAD_DEAD && t->task) {
            CHECK(live_task(t->task), "a living thread's task is alive", "thread", t, 0);
            /* vCPUs (vcpu.c): user mode runs in a live user task, otherwise in its own. */
            bool user = t->vcpu.user_task && !t->vcpu.user_task_gone;
            CHECK(t->space_task == (user ? t->vcpu.user_task : t->task) ||
                      (t->vcpu.user_task_gone && t->space_task == t->vcpu.user_task),
                  "a thread runs in its task or its vCPU user task (a deleted one only "
                  "until it leaves it on another CPU)", "thread", t, 0);
            CHECK(!user || live_task(t->vcpu.user_task), "a vCPU's user task is alive", "thread",
                  t, 0);
            CHECK(!t->vcpu.user_task || t->vcpu.state, "only a vCPU has a user mode", "thread",
                  t, 0);
        }
        if (t->caller) {
            CHECK(listed(&t->caller->kobj), "a reply capability names an allocated thread",
                  "thread", t, 0);
        }
        if (t->state == THREAD_BLOCKED && (t->ipc & IPC_RECV_WAIT) && t->rcv_from) {
            CHECK(listed(t->rcv_from), "a closed wait names an allocated partner", "thread", t,
                  0);
        }
        if (t->del_irq) {
            CHECK(listed(&t->del_irq->kobj), "a deletion IRQ is allocated", "thread", t, 0);
            t->del_irq->kobj.inv_refs++;
        }
    }
    CHECK(queued == ready, "every ready thread but the running ones is queued exactly once", "count", (void *)0, queued);

}

/* ---- quota sums (full sweep) ---- */

struct qsum {
    struct quota *q;
    size_t used;
    unsigned long refs;
};

static struct qsum qsums[INV_MAX_QUOTAS];
static unsigned nquotas;
static bool quotas_overflow;

static struct qsum *qsum_of(struct quota *q)
{
    CHECK(q == &root_quota || in_pool(q), "a quota pointer names kernel memory", "quota", q, 0);
    for (unsigned i = 0; i < nquotas; i++) {
        if (qsums[i].q == q) {
            return &qsums[i];
        }
    }
    if (nquotas == INV_MAX_QUOTAS) {
        quotas_overflow = true;
        static struct qsum spare;
        return &spare;
    }
    qsums[nquotas] = (struct qsum){ .q = q };
    return &qsums[nquotas++];
}

static void charge(struct quota *q, size_t bytes)
{
    qsum_of(q)->used += bytes;
}

static size_t object_bytes(const struct kobj *o)
{
    if (o->type == &task_type) {
        return kmem_charge_size(sizeof(struct task));
    }
    if (o->type == &thread_type) {
        size_t fpu = arch_thread_fpu_bytes(CONTAINER_OF(o, struct thread, kobj));
        return PAGE_SIZE + (fpu ? kmem_charge_size(fpu) : 0);
    }
    if (o->type == &factory_type) {
        return kmem_charge_size(sizeof(struct factory));
    }
    if (o->type == &irq_type) {
        return kmem_charge_size(sizeof(struct irq));
    }
    return kmem_charge_size(ipc_gate_obj_size);
}

static void check_quotas(void)
{
    for (unsigned i = 0; i < nquotas; i++) {
        struct quota *q = qsums[i].q;
        if (q->parent) {
            struct qsum *p = qsum_of(q->parent);
            p->used += q->limit + kmem_charge_size(sizeof(struct quota));
            p->refs++;
        }
    }
    if (quotas_overflow) {
        return;
    }
    for (unsigned i = 0; i < nquotas; i++) {
        struct quota *q = qsums[i].q;
        CHECK(q->used == qsums[i].used, "a quota's use equals what its objects hold", "quota", q,
              q->used - qsums[i].used);
        CHECK(q->refcnt == qsums[i].refs, "a quota's count equals its objects and children",
              "quota", q, q->refcnt);
        CHECK(q->used <= q->limit, "a quota stays within its limit", "quota", q, q->used);
    }
}

/* ---- capability derivation trees (full sweep) ---- */

static unsigned long cap_nodes, cap_with_parent, cap_listed_children;

static bool slot_used(const struct cap_slot *s)
{
    return in_pool(s) && s->_reserved == (uint32_t)epoch && s->obj;
}

static void cap_slot_first_pass(struct cap_slot *s)
{
    s->_reserved = (uint32_t)epoch;
    if (!s->obj) {
        CHECK(!s->tree.parent, "an empty slot has no parent", "slot", s, 0);
        CHECK(!s->tree.children.next || list_empty(&s->tree.children),
              "an empty slot has no children", "slot", s, 0);
        return;
    }
    struct kobj *o = s->obj;
    CHECK(is_static_obj(o) || listed(o), "a capability names an allocated object", "slot", s,
          o);
    CHECK(!(s->rights & ~(CAP_RIGHTS_ALL | CAP_UNCOUNTED)), "capability rights valid", "slot", s,
          s->rights);
    o->inv_refs++;
    if (!(s->rights & CAP_UNCOUNTED)) {
        o->inv_urefs++;
    }
    cap_nodes++;
    if (s->tree.parent) {
        cap_with_parent++;
    }
}

static void cap_slot_second_pass(struct cap_slot *s)
{
    if (!s->obj) {
        return;
    }
    struct dtree *pt = s->tree.parent;
    if (pt) {
        struct cap_slot *p = CONTAINER_OF(pt, struct cap_slot, tree);
        CHECK(slot_used(p), "a derived capability's parent is a used slot of a live task", "slot",
              s, p);
        CHECK(p->obj == s->obj, "a derived capability names its parent's object", "slot", s, p);
        unsigned mine = s->rights & ~CAP_UNCOUNTED, theirs = p->rights & ~CAP_UNCOUNTED;
        CHECK(!(mine & ~theirs), "a derived capability has no right its parent lacks", "slot", s,
              mine & ~theirs);
        unsigned long depth = 0;
        for (struct dtree *a = pt; a; a = a->parent) {
            CHECK(++depth <= cap_nodes, "capability derivation has no cycle", "slot", s, depth);
        }
    }
    list_check(&s->tree.children, "capability children list well formed");
    FOR_EACH(l, &s->tree.children) {
        struct dtree *c = CONTAINER_OF(l, struct dtree, sibling);
        struct cap_slot *cs = CONTAINER_OF(c, struct cap_slot, tree);
        CHECK(slot_used(cs), "a capability's child is a used slot of a live task", "slot", s, cs);
        CHECK(c->parent == &s->tree, "a child capability's parent link names its parent", "slot",
              cs, c->parent);
        cap_listed_children++;
    }
}

static void check_task_caps(struct task *t, bool first)
{
    struct obj_space *s = &t->objs;
    if (!s->dir) {
        return;
    }
    CHECK(in_pool(s->dir), "a capability directory is kernel memory", "task", t, s->dir);
    if (first) {
        charge(s->quota, PAGE_SIZE);
    }
    for (unsigned p = 0; p < CAP_DIR_ENTRIES; p++) {
        struct cap_slot *page = s->dir[p];
        if (!page) {
            continue;
        }
        CHECK(in_pool(page) && !((uintptr_t)page & (PAGE_SIZE - 1)),
              "a capability page is kernel memory", "task", t, page);
        if (first) {
            charge(s->quota, PAGE_SIZE);
        }
        for (unsigned i = 0; i < CAP_SLOTS_PER_PAGE; i++) {
            if (first) {
                cap_slot_first_pass(&page[i]);
            } else {
                cap_slot_second_pass(&page[i]);
            }
        }
    }
}

/* ---- memory derivation trees (full sweep) ---- */

static unsigned long map_nodes, map_with_parent, map_listed_children;

/* The node of a mapping that exists in a live task, or NULL. */
static struct mapnode *node_in_tree(struct mapnode *n, uint64_t *pa, unsigned *rights)
{
    if (!in_pool(n) || !live_task(n->task)) {
        return NULL;
    }
    struct mapnode **slot = arch_space_node_slot(&n->task->space, n->va, false);
    if (!slot || *slot != n || !arch_space_lookup(&n->task->space, n->va, pa, rights)) {
        return NULL;
    }
    return n;
}

static void check_mapping(struct task *t, uint64_t va)
{
    uint64_t pa = 0, ppa = 0;
    unsigned rights = 0, prights = 0;
    arch_space_lookup(&t->space, va, &pa, &rights);
    struct mapnode **slot = arch_space_node_slot(&t->space, va, false);
    struct mapnode *n = slot ? *slot : NULL;
    if (rights & MAP_KERNEL) {
        CHECK(!n, "a kernel-managed page has no mapping node", "task", t, va);
        return;
    }
    if (!n) {
        return; /* kernel-made, outside the database (e.g. the KIP) */
    }
    CHECK(in_pool(n), "a mapping node is kernel memory", "task", t, va);
    CHECK(n->task == t && n->va == va, "a mapping node names its own mapping", "mapnode", n, va);
    charge(t->space.quota, kmem_charge_size(sizeof(struct mapnode)));
    map_nodes++;
    if (n->tree.parent) {
        struct mapnode *p = CONTAINER_OF(n->tree.parent, struct mapnode, tree);
        CHECK(node_in_tree(p, &ppa, &prights), "a derived mapping's parent is a live mapping",
              "mapnode", n, va);
        CHECK(ALIGN_DOWN(ppa, PAGE_SIZE) == ALIGN_DOWN(pa, PAGE_SIZE),
              "a derived mapping maps its parent's page", "mapnode", n, va);
        CHECK(!(rights & ~prights & (MAP_R | MAP_W | MAP_X)),
              "a derived mapping has no right its parent lacks", "mapnode", n, va);
        map_with_parent++;
        unsigned long depth = 0;
        for (struct dtree *a = n->tree.parent; a; a = a->parent) {
            CHECK(++depth <= map_nodes + 100000, "memory derivation has no cycle", "mapnode", n,
                  va);
        }
    }
    list_check(&n->tree.children, "mapping children list well formed");
    FOR_EACH(l, &n->tree.children) {
        struct dtree *c = CONTAINER_OF(l, struct dtree, sibling);
        struct mapnode *cn = CONTAINER_OF(c, struct mapnode, tree);
        CHECK(node_in_tree(cn, &ppa, &prights), "a mapping's child is a live mapping", "mapnode",
              n, cn);
        CHECK(c->parent == &n->tree, "a child mapping's parent link names its parent", "mapnode",
              cn, va);
        map_listed_children++;
    }
}

static void check_task_memory(struct task *t)
{
    struct arch_space *s = &t->space;
    if (!s->root) {
        return;
    }
    charge(s->quota, arch_space_table_bytes(s));
    charge(t->kobj.quota, (size_t)t->ku_pages * PAGE_SIZE);
    for (uint64_t va = arch_space_next_mapped(s, 0, USER_VA_END); va < USER_VA_END;
         va = arch_space_next_mapped(s, va + PAGE_SIZE, USER_VA_END)) {
        check_mapping(t, va);
    }
}

/* ---- the full sweep ---- */

static void check_object_charges(void)
{
    struct irq *input = vlog_input_irq();
    if (input) {
        CHECK(listed(&input->kobj), "the kernel log's input Irq is allocated", "irq", input, 0);
        input->kobj.inv_refs++;
    }
    FOR_EACH(l, &kobj_all) {
        struct kobj *o = CONTAINER_OF(l, struct kobj, inv_link);
        if (o->quota) {
            struct qsum *q = qsum_of(o->quota);
            q->used += object_bytes(o);
            q->refs++;
        }
        if (o->type == &factory_type) {
            qsum_of(CONTAINER_OF(o, struct factory, kobj)->own)->refs++;
        } else if (o->type == ipc_gate_kobj_type && ipc_gate_bound_thread(o)) {
            struct thread *t = ipc_gate_bound_thread(o);
            CHECK(listed(&t->kobj), "a gate's thread is allocated", "gate", o, t);
            t->kobj.inv_refs++;
        } else if (o->type == &irq_type && CONTAINER_OF(o, struct irq, kobj)->thread) {
            struct thread *t = CONTAINER_OF(o, struct irq, kobj)->thread;
            CHECK(listed(&t->kobj), "an Irq's thread is allocated", "irq", o, t);
            t->kobj.inv_refs++;
        } else if (o->type == &task_type && o->killed) {
            struct task *t = CONTAINER_OF(o, struct task, kobj);
            CHECK((!t->space.root || smp_task_cpus(t)) &&
                      !t->objs.dir && list_empty(&t->threads),
                  "a dead task holds no tables (unless a CPU still does), capabilities or threads",
                  "task", t, 0);
        }
    }
}

static void check_refcounts(void)
{
    FOR_EACH(l, &kobj_all) {
        struct kobj *o = CONTAINER_OF(l, struct kobj, inv_link);
        if (is_idle(o) || o == &root_factory.kobj) {
            continue;
        }
        CHECK(o->refcnt == o->inv_refs, "refcnt equals the references held", o->type->name, o,
              o->refcnt);
        CHECK(o->ucount == o->inv_urefs, "ucount equals the counted capabilities",
              o->type->name, o, o->ucount);
    }
}

static void full_sweep(void)
{
    nquotas = 0;
    quotas_overflow = false;
    cap_nodes = cap_with_parent = cap_listed_children = 0;
    map_nodes = map_with_parent = map_listed_children = 0;
    check_object_charges();
    for (int pass = 0; pass < 3; pass++) {
        FOR_EACH(l, &kobj_all) {
            struct kobj *o = CONTAINER_OF(l, struct kobj, inv_link);
            if (o->type != &task_type) {
                continue;
            }
            struct task *t = CONTAINER_OF(o, struct task, kobj);
            if (o->dead) {
                /* Tables another CPU still held when the task died are still charged. */
                if (pass == 2 && t->space.root) {
                    charge(t->space.quota, arch_space_table_bytes(&t->space));
                }
                continue;
            }
            if (pass < 2) {
                check_task_caps(t, pass == 0);
            } else {
                check_task_memory(t);
            }
        }
    }
    CHECK(cap_with_parent == cap_listed_children,
          "every derived capability is in its parent's children", "count", (void *)0,
          cap_with_parent);
    CHECK(map_with_parent == map_listed_children,
          "every derived mapping is in its parent's children", "count", (void *)0,
          map_with_parent);
    check_refcounts();
    check_quotas();
}

void invariants_check(bool full)
{
    epoch++;
    check_objects();
    check_threads();
    if (full) {
        full_sweep();
    }
}

void invariants_syscall_done(void)
{
    calls++;
    invariants_check(opt_inv_full || calls % INV_SWEEP_EVERY == 0);
}

#else

void invariants_check(bool full)
{
    (void)full;
}

void invariants_syscall_done(void)
{
}

#endif
