// SPDX-License-Identifier: MIT
/*
 * The generator: runs in the fuzz task and makes fz.iterations random
 * operations, each one or a few system calls, chosen only by the seeded
 * PRNG (never by a result), so a seed always makes the same calls. It knows
 * the object model: it creates real objects (one full-rights "master"
 * capability each, so that everything can be deleted at the end), copies
 * them to pool slots with fewer rights, and mixes real and garbage
 * selectors, memory and object flexpages that overlap each other, maps and
 * grants within the task and across tasks, unmaps with every flag, IPC with
 * items and timeouts, deletes of busy objects, ex_regs, control, IRQs and
 * the scheduler. It touches only its arena and its pool in its own space,
 * so it keeps its own code, stack and masters.
 */
#include <l4/sys/icu.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/irq.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/util/kd_printf.h>
#include "fuzz.h"

struct fz_state fz;
char fz_arena[FZ_ARENA_PAGES * L4_PAGESIZE] __attribute__((aligned(FZ_ARENA_PAGES * 4096)));
kt_stack_t fz_stacks[FZ_WORKERS + 1];

#define TRACE(...)                          \
    do {                                    \
        if (fz.iter >= fz.trace_from) {     \
            kd_printf("fuzz: %lu: ", fz.iter); \
            kd_printf(__VA_ARGS__);         \
            kd_printf("\n");                \
        }                                   \
    } while (0)

/* Count one system call (the harness's invocation total); traced with its result. */
#define SYS(expr) sys_done((fz.calls++, (expr)))

static l4_msgtag_t sys_done(l4_msgtag_t tag)
{
    if (fz.iter >= fz.trace_from) {
        kd_printf("fuzz: %lu:   -> %d\n", fz.iter, l4_error(tag));
    }
    return tag;
}

static l4_uint64_t rnd(void)
{
    /* xorshift64* */
    l4_uint64_t x = fz.rng;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    fz.rng = x;
    return x * 0x2545f4914f6cdd1dULL;
}

static unsigned below(unsigned n)
{
    return (unsigned)(rnd() % n);
}

static int chance(unsigned percent)
{
    return below(100) < percent;
}

/* An index below \a n, often among the first few: flexpages then meet each other often
 * (map onto a parent, a child, itself), which is where the mapping database breaks. */
static unsigned near(unsigned n)
{
    return chance(60) ? below(n < 4 ? n : 4) : below(n);
}

/* ---- selectors ---- */

static l4_cap_idx_t master_sel(unsigned m)
{
    return KT_CAP(FZ_MASTER_FIRST + m);
}

static l4_cap_idx_t pool_sel(void)
{
    return KT_CAP(FZ_POOL_FIRST + near(FZ_POOL_SLOTS));
}

static l4_cap_idx_t garbage_sel(void)
{
    switch (below(5)) {
    case 0: return L4_INVALID_CAP;
    case 1: return KT_CAP(below(16));
    case 2: return KT_CAP(0x10000 + below(0x100000));
    case 3: return (l4_cap_idx_t)rnd();
    default: return KT_CAP(0x200 + below(0x200));
    }
}

/* A capability of \a kind if we have one: mostly masters, some pool and garbage. */
static l4_cap_idx_t pick(enum fz_kind kind)
{
    unsigned r = below(100);
    if (r < 65) {
        unsigned start = below(FZ_MASTERS);
        for (unsigned i = 0; i < FZ_MASTERS; i++) {
            unsigned m = (start + i) % FZ_MASTERS;
            if (fz.master_kind[m] == kind || (kind == FZ_NONE && fz.master_kind[m])) {
                return master_sel(m);
            }
        }
    }
    if (r < 88) {
        return pool_sel();
    }
    if (r < 94) {
        return KT_CAP(1 + below(10)); /* our base capabilities */
    }
    return garbage_sel();
}

static int is_self(l4_cap_idx_t task)
{
    return task == L4_BASE_TASK_CAP;
}

static l4_cap_idx_t pick_task(void)
{
    return chance(35) ? L4_BASE_TASK_CAP : pick(FZ_TASK);
}

/* ---- flexpages ---- */

static l4_fpage_t mem_fpage(l4_cap_idx_t task)
{
    unsigned order = 12 + below(chance(80) ? 2 : 5);
    unsigned rights = 1 + below(7);
    if (is_self(task)) {
        unsigned pages = 1U << (order - 12);
        unsigned idx = near(FZ_ARENA_PAGES / pages) * pages;
        return l4_fpage((l4_addr_t)fz_arena + idx * L4_PAGESIZE, order, rights);
    }
    if (chance(3)) {
        return l4_fpage_all();
    }
    l4_addr_t base = FZ_CHILD_WINDOW + (l4_addr_t)near(32) * L4_PAGESIZE;
    return l4_fpage(base & ~((1UL << order) - 1), order, rights);
}

static l4_fpage_t obj_fpage(l4_cap_idx_t task)
{
    unsigned order = chance(70) ? 0 : below(4);
    unsigned char rights = (unsigned char)(chance(50) ? L4_CAP_FPAGE_RWSD : rnd() & 0xff);
    if (is_self(task)) {
        unsigned n = 1U << order;
        unsigned slot = FZ_POOL_FIRST + near(FZ_POOL_SLOTS / n) * n;
        return l4_obj_fpage(KT_CAP(slot), order, rights);
    }
    unsigned slot = near(0x80) & ~((1U << order) - 1);
    return l4_obj_fpage(KT_CAP(slot), order, rights);
}

/* A destination base in \a task for a flexpage (memory or object). */
static l4_umword_t snd_base(l4_cap_idx_t task, int obj)
{
    if (obj) {
        return is_self(task) ? KT_CAP(FZ_POOL_FIRST + near(FZ_POOL_SLOTS)) : KT_CAP(near(0x80));
    }
    if (is_self(task)) {
        return (l4_addr_t)fz_arena + (l4_addr_t)near(FZ_ARENA_PAGES) * L4_PAGESIZE;
    }
    return FZ_CHILD_WINDOW + (l4_addr_t)near(32) * L4_PAGESIZE;
}

static l4_timeout_s timeout_s(void)
{
    /* Never is rare: a blocked call waits for the harness to cancel it (a few ms). */
    unsigned r = below(1000);
    if (r < 3) {
        return L4_IPC_TIMEOUT_NEVER;
    }
    return r < 20 ? l4_timeout_from_us(100 + below(1000)) : L4_IPC_TIMEOUT_0;
}

/* ---- workers: threads of the fuzz task that answer IPC ---- */

static void fz_worker(void)
{
    l4_utcb_t *u = l4_utcb();
    l4_umword_t label = 0;
    l4_timeout_t to = l4_timeout(L4_IPC_TIMEOUT_0, l4_timeout_from_us(2000));
    unsigned n = 0;
    l4_msgtag_t tag = l4_ipc_wait(u, &label, to);
    for (;;) {
        n++;
        if (l4_ipc_error(tag, u)) {
            l4_ipc_sleep_ms(1);
            tag = l4_ipc_wait(u, &label, to);
            continue;
        }
        l4_umword_t *mr = l4_utcb_mr_u(u)->mr;
        unsigned items = 0;
        if (n % 4 == 0) {
            /* an arena page or a pool capability back to the caller */
            mr[0] = l4_map_control((l4_addr_t)fz_arena + (n % FZ_ARENA_PAGES) * L4_PAGESIZE, 0,
                                   n % 8 == 0 ? L4_MAP_ITEM_GRANT : 0);
            mr[1] = n % 3 ? l4_fpage((l4_addr_t)fz_arena + (n % FZ_ARENA_PAGES) * L4_PAGESIZE,
                                     12, L4_FPAGE_RW).raw
                          : l4_obj_fpage(KT_CAP(FZ_POOL_FIRST + n % FZ_POOL_SLOTS), 0,
                                         L4_CAP_FPAGE_RWS).raw;
            items = 1;
        }
        tag = l4_ipc_reply_and_wait(u, l4_msgtag((long)n, items * 2 + n % 3, items, 0), &label,
                                    to);
    }
}

/* ---- operations ---- */

/* Drop master \a m (delete the object, free the slot). */
static void master_drop(unsigned m)
{
    TRACE("drop master %u (kind %u)", m, fz.master_kind[m]);
    SYS(l4_task_delete_obj(L4_BASE_TASK_CAP, master_sel(m)));
    SYS(l4_task_release_cap(L4_BASE_TASK_CAP, master_sel(m)));
    fz.master_kind[m] = FZ_NONE;
    fz.master_utcb[m] = 0;
}

static l4_cap_idx_t pick_factory(void)
{
    return chance(60) ? L4_BASE_FACTORY_CAP : pick(FZ_FACTORY);
}

static void op_create(void)
{
    unsigned m = below(FZ_MASTERS);
    enum fz_kind kind = (enum fz_kind)(1 + below(FZ_KINDS - 1));
    l4_cap_idx_t f = pick_factory();
    if (fz.master_kind[m]) {
        master_drop(m);
    }
    l4_cap_idx_t dst = chance(95) ? master_sel(m) : garbage_sel();
    l4_msgtag_t tag;
    TRACE("create kind %u with %lx at %lx", kind, f, dst);
    switch (kind) {
    case FZ_TASK: {
        l4_fpage_t utcb = chance(90) ? l4_fpage(KT_CHILD_UTCB_AREA, 12 + below(3), L4_FPAGE_RW)
                                     : (l4_fpage_t){ .raw = rnd() };
        tag = SYS(l4_factory_create_task(f, dst, &utcb));
        break;
    }
    case FZ_THREAD: tag = SYS(l4_factory_create_thread(f, dst)); break;
    case FZ_GATE:
        tag = SYS(l4_factory_create_gate(f, dst, chance(50) ? pick(FZ_THREAD) : L4_INVALID_CAP,
                                         rnd() & ~3UL));
        break;
    case FZ_IRQ: tag = SYS(l4_factory_create_irq(f, dst)); break;
    default:
        tag = SYS(l4_factory_create_factory(f, dst, chance(90) ? below(64) * 1024 : rnd()));
        break;
    }
    if (dst != master_sel(m) || l4_error(tag) < 0) {
        return;
    }
    fz.master_kind[m] = (unsigned char)kind;
    if (kind == FZ_THREAD && chance(80)) {
        /* bind it: to us (a worker) or to a task of ours */
        unsigned k = 1 + below(FZ_WORKERS);
        int self = chance(60);
        l4_cap_idx_t task = self ? L4_BASE_TASK_CAP : pick(FZ_TASK);
        TRACE("bind thread master %u to %lx utcb %u", m, task, k);
        l4_thread_control_start();
        if (chance(30)) {
            l4_thread_control_pager(pick(FZ_GATE));
        }
        if (chance(30)) {
            l4_thread_control_exc_handler(pick(FZ_THREAD));
        }
        l4_thread_control_bind((l4_utcb_t *)(KT_CHILD_UTCB_AREA + k * L4_UTCB_OFFSET), task);
        if (l4_error(SYS(l4_thread_control_commit(master_sel(m)))) >= 0 && self) {
            fz.master_utcb[m] = (unsigned char)k;
            SYS(l4_thread_ex_regs(master_sel(m), (l4_addr_t)fz_worker,
                                  kt_stack_top(&fz_stacks[k]), 0));
            l4_sched_param_t sp = l4_sched_param(1 + below(10), below(3) * 1000);
            SYS(l4_scheduler_run_thread(L4_BASE_SCHEDULER_CAP, master_sel(m), &sp));
        }
    }
    if (chance(50)) {
        l4_cap_idx_t p = pool_sel();
        TRACE("copy master %u to pool %lx", m, p);
        SYS(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
                        l4_obj_fpage(master_sel(m), 0, (unsigned char)(rnd() & 0xef)),
                        l4_map_obj_control(p, 0)));
    }
}

static void op_map(void)
{
    l4_cap_idx_t dst = pick_task(), src = chance(40) ? dst : pick_task();
    int obj = chance(40);
    int grant = !fz.no_grant && chance(35);
    if (fz.no_grant && obj) {
        obj = 0;
    }
    l4_fpage_t fp = obj ? obj_fpage(src) : mem_fpage(src);
    l4_umword_t ctl = obj ? l4_map_obj_control(snd_base(dst, 1), grant ? L4_MAP_ITEM_GRANT : 0)
                          : l4_map_control(snd_base(dst, 0), 0, grant ? L4_MAP_ITEM_GRANT : 0);
    if (chance(10)) {
        ctl |= rnd() & 0xf0; /* object rights / no-refcount bits in the control word */
    }
    TRACE("map dst %lx src %lx fpage %lx control %lx", dst, src, fp.raw, ctl);
    SYS(l4_task_map(dst, src, fp, ctl));
}

static l4_umword_t unmap_mask(void)
{
    static const l4_umword_t masks[] = { L4_FP_OTHER_SPACES, L4_FP_ALL_SPACES, L4_FP_DELETE_OBJ };
    return masks[below(3)];
}

/*
 * A derivation chain and then a map or grant of one of its members onto another: a
 * page (or capability) goes A -> B within one task and B -> C into the same or another
 * task, then one member is mapped or granted onto a relative (child onto parent, parent
 * onto child, onto itself), and sometimes the chain is revoked from its start. These
 * are the shapes that corrupted the mapping database before (issue #8); random maps
 * alone meet them too rarely.
 */
static l4_fpage_t chain_fpage(l4_umword_t base, int obj)
{
    return obj ? l4_obj_fpage(base, 0, L4_CAP_FPAGE_RWSD)
               : l4_fpage(base, L4_PAGESHIFT, L4_FPAGE_RWX);
}

static l4_umword_t chain_control(l4_umword_t base, int obj, int grant)
{
    unsigned g = grant ? L4_MAP_ITEM_GRANT : 0;
    return obj ? l4_map_obj_control(base, g) : l4_map_control(base, 0, g);
}

static void op_chain(void)
{
    int obj = chance(50);
    l4_cap_idx_t task[3];
    l4_umword_t at[3];
    task[0] = task[1] = chance(40) ? L4_BASE_TASK_CAP : pick(FZ_TASK);
    task[2] = chance(50) ? task[0] : pick_task();
    for (unsigned i = 0; i < 3; i++) {
        at[i] = snd_base(task[i], obj);
    }
    TRACE("chain %s %lx:%lx -> %lx:%lx -> %lx:%lx", obj ? "caps" : "pages", task[0], at[0],
          task[1], at[1], task[2], at[2]);
    if (!is_self(task[0])) {
        /* The chain starts with something of ours. */
        l4_umword_t from = obj ? master_sel(below(FZ_MASTERS)) : snd_base(L4_BASE_TASK_CAP, 0);
        SYS(l4_task_map(task[0], L4_BASE_TASK_CAP, chain_fpage(from, obj),
                        chain_control(at[0], obj, 0)));
    }
    for (unsigned i = 0; i < 2; i++) {
        SYS(l4_task_map(task[i + 1], task[i], chain_fpage(at[i], obj),
                        chain_control(at[i + 1], obj, 0)));
    }
    unsigned from = below(3), to = below(3);
    SYS(l4_task_map(task[to], task[from], chain_fpage(at[from], obj),
                    chain_control(at[to], obj, chance(50))));
    if (chance(40)) {
        l4_fpage_t fp = chain_fpage(at[0], obj);
        SYS(l4_task_unmap(task[0], fp, chance(50) ? L4_FP_OTHER_SPACES : L4_FP_ALL_SPACES));
    }
}

static void op_unmap(void)
{
    l4_cap_idx_t task = pick_task();
    l4_umword_t mask = unmap_mask();
    l4_fpage_t fps[3];
    unsigned n = chance(70) ? 1 : 2 + below(2);
    for (unsigned i = 0; i < n; i++) {
        fps[i] = chance(50) ? obj_fpage(task) : mem_fpage(task);
        if (is_self(task) && mask == L4_FP_OTHER_SPACES && chance(10)) {
            fps[i] = l4_obj_fpage(KT_CAP(1 + below(10)), 0, L4_CAP_FPAGE_RWSD);
        }
    }
    TRACE("unmap %lx mask %lx n %u fpage0 %lx", task, mask, n, fps[0].raw);
    SYS(l4_task_unmap_batch(task, fps, n, mask));
}

static void op_delete(void)
{
    if (chance(50)) {
        unsigned m = below(FZ_MASTERS);
        if (fz.master_kind[m]) {
            master_drop(m);
        }
        return;
    }
    l4_cap_idx_t c = pool_sel();
    TRACE("delete %lx", c);
    SYS(l4_task_delete_obj(L4_BASE_TASK_CAP, c));
}

static void setup_buffers(void)
{
    l4_buf_regs_t *br = l4_utcb_br();
    br->bdr = chance(20) ? L4_UTCB_INHERIT_FPU : 0;
    switch (below(5)) {
    case 0: br->br[0] = 0; break;
    case 1: br->br[0] = L4_RCV_ITEM_SINGLE_CAP | pool_sel(); break;
    case 2:
        br->br[0] = L4_ITEM_MAP;
        br->br[1] = mem_fpage(L4_BASE_TASK_CAP).raw;
        break;
    case 3:
        br->br[0] = L4_ITEM_MAP;
        br->br[1] = obj_fpage(L4_BASE_TASK_CAP).raw;
        break;
    default: {
        /* forwarded into another task (or ours), named by the buffer's last word */
        l4_cap_idx_t t = pick_task();
        br->br[0] = L4_ITEM_MAP | L4_RCV_ITEM_FORWARD_MAPPINGS;
        br->br[1] = (chance(50) ? mem_fpage(t) : obj_fpage(t)).raw;
        br->br[2] = t;
        break;
    }
    }
}

static void op_ipc(void)
{
    l4_cap_idx_t to = pick(chance(50) ? FZ_GATE : FZ_THREAD);
    l4_utcb_t *u = l4_utcb();
    l4_umword_t *mr = l4_utcb_mr_u(u)->mr;
    unsigned items = chance(30) ? 1 + below(2) : 0;
    unsigned words = chance(90) ? below(6) : below(64);
    for (unsigned i = 0; i < words + 2 * items && i < L4_UTCB_GENERIC_DATA_SIZE; i++) {
        mr[i] = rnd();
    }
    for (unsigned i = 0; i < items && words + 2 * i + 1 < L4_UTCB_GENERIC_DATA_SIZE; i++) {
        int obj = !fz.no_grant && chance(40);
        unsigned grant = !fz.no_grant && chance(30) ? L4_MAP_ITEM_GRANT : 0;
        mr[words + 2 * i] = obj ? l4_map_obj_control(snd_base(L4_BASE_TASK_CAP, 1), grant)
                                : l4_map_control(snd_base(L4_BASE_TASK_CAP, 0), 0, grant);
        mr[words + 2 * i + 1] = obj ? obj_fpage(L4_BASE_TASK_CAP).raw
                                    : mem_fpage(L4_BASE_TASK_CAP).raw;
    }
    setup_buffers();
    long label = chance(70) ? (long)below(16) : (long)(rnd() & 0xffff) - 0x8000;
    /* now and then FPU transfer, no donation, reply propagation (any combination) */
    unsigned flags = chance(20) ? (unsigned)(rnd() & (L4_MSGTAG_TRANSFER_FPU | L4_MSGTAG_SCHEDULE |
                                                      L4_MSGTAG_PROPAGATE))
                                : 0;
    l4_msgtag_t tag = l4_msgtag(label, words, items, flags);
    l4_timeout_t t = l4_timeout(timeout_s(), timeout_s());
    unsigned how = below(4);
    TRACE("ipc %u to %lx tag %lx timeout %x", how, to, tag.raw, t.raw);
    switch (how) {
    case 0: SYS(l4_ipc_call(to, u, tag, t)); break;
    case 1: SYS(l4_ipc_send(to, u, tag, t)); break;
    case 2: SYS(l4_ipc_receive(to, u, t)); break;
    default: {
        l4_umword_t l;
        SYS(l4_ipc_wait(u, &l, l4_timeout(L4_IPC_TIMEOUT_0, L4_IPC_TIMEOUT_0)));
        break;
    }
    }
}

static void op_thread(void)
{
    l4_cap_idx_t th = pick(FZ_THREAD);
    unsigned what = below(7);
    TRACE("thread op %u on %lx", what, th);
    switch (what) {
    case 0: case 1: {
        /* ex_regs: restart a worker of ours, or a bad pc, or just flags */
        unsigned m = (unsigned)((th >> L4_CAP_SHIFT) - FZ_MASTER_FIRST);
        l4_umword_t flags = chance(30) ? L4_THREAD_EX_REGS_CANCEL : 0;
        if (chance(10)) {
            flags |= L4_THREAD_EX_REGS_TRIGGER_EXCEPTION;
        }
        if (m < FZ_MASTERS && fz.master_utcb[m] && chance(70)) {
            unsigned k = fz.master_utcb[m];
            SYS(l4_thread_ex_regs(th, (l4_addr_t)fz_worker, kt_stack_top(&fz_stacks[k]), flags));
        } else {
            SYS(l4_thread_ex_regs(th, chance(50) ? ~0UL : 0x1000, ~0UL, flags));
        }
        break;
    }
    case 2: {
        l4_thread_control_start();
        if (chance(50)) {
            l4_thread_control_pager(pick(FZ_NONE));
        }
        if (chance(50)) {
            l4_thread_control_exc_handler(pick(FZ_NONE));
        }
        if (chance(30)) {
            l4_thread_control_bind((l4_utcb_t *)(KT_CHILD_UTCB_AREA + below(40) * L4_UTCB_OFFSET),
                                   pick_task());
        }
        if (chance(10)) {
            l4_thread_control_alien(1);
        }
        SYS(l4_thread_control_commit(th));
        break;
    }
    case 3: {
        l4_sched_param_t sp = l4_sched_param(chance(90) ? 1 + below(10) : below(300),
                                             below(4) * 700);
        SYS(l4_scheduler_run_thread(chance(90) ? L4_BASE_SCHEDULER_CAP : pick(FZ_NONE), th, &sp));
        break;
    }
    case 4: SYS(l4_thread_switch(th)); break;
    case 5: SYS(l4_thread_register_del_irq(th, pick(FZ_IRQ))); break;
    default: {
        l4_kernel_clock_t us;
        SYS(l4_thread_stats_time(th, &us));
        break;
    }
    }
}

static void op_irq(void)
{
    l4_cap_idx_t irq = pick(FZ_IRQ);
    unsigned what = below(8);
    /* Lines 0..31 are the kernel's (its timer): left out until the ICU refuses them. */
    unsigned line = 32 + below(64);
    TRACE("irq op %u on %lx line %u", what, irq, line);
    switch (what) {
    case 0: SYS(l4_rcv_ep_bind_thread(irq, pick(FZ_THREAD), rnd() & ~3UL)); break;
    case 1: case 2: SYS(l4_irq_trigger(irq)); break;
    case 3: SYS(l4_irq_detach(irq)); break;
    case 4: SYS(l4_irq_unmask(irq)); break;
    case 5: SYS(l4_irq_receive(irq, L4_IPC_BOTH_TIMEOUT_0)); break;
    case 6: SYS(l4_icu_bind(L4_BASE_ICU_CAP, line, irq)); break;
    default: SYS(l4_icu_unbind(L4_BASE_ICU_CAP, line, irq)); break;
    }
}

static void op_gate(void)
{
    l4_cap_idx_t g = pick(FZ_GATE);
    TRACE("gate op on %lx", g);
    if (chance(60)) {
        SYS(l4_ipc_gate_bind_thread(g, pick(FZ_THREAD), rnd() & ~3UL));
    } else {
        l4_umword_t label;
        SYS(l4_ipc_gate_get_infos(g, &label));
    }
}

static void op_task(void)
{
    l4_cap_idx_t t = pick_task();
    unsigned what = below(3);
    TRACE("task op %u on %lx", what, t);
    if (what == 0 && !is_self(t)) {
        l4_fpage_t fp = chance(70) ? l4_fpage(0x20000000UL + below(16) * 0x4000, 12 + below(3),
                                              L4_FPAGE_RW)
                                   : (l4_fpage_t){ .raw = rnd() };
        SYS(l4_task_add_ku_mem(t, &fp));
    } else if (what == 1) {
        SYS(l4_task_cap_valid(t, pick(FZ_NONE)));
    } else {
        SYS(l4_task_cap_equal(t, pick(FZ_NONE), pick(FZ_NONE)));
    }
}

/* Protocol garbage: a random label, opcode and length to any capability. */
static void op_garbage(void)
{
    static const long protos[] = { L4_PROTO_TASK, L4_PROTO_THREAD, L4_PROTO_FACTORY,
                                   L4_PROTO_IRQ, L4_PROTO_KOBJECT, L4_PROTO_SCHEDULER,
                                   L4_PROTO_IRQ_SENDER, 0, 1 };
    l4_cap_idx_t to = chance(20) ? KT_CAP(1 + below(10)) : pick(FZ_NONE);
    l4_utcb_t *u = l4_utcb();
    l4_umword_t *mr = l4_utcb_mr_u(u)->mr;
    unsigned words = below(8);
    mr[0] = below(16);
    for (unsigned i = 1; i < words; i++) {
        mr[i] = chance(50) ? rnd() : below(256);
    }
    setup_buffers();
    l4_msgtag_t tag = l4_msgtag(protos[below(sizeof(protos) / sizeof(protos[0]))], words, chance(10), 0);
    TRACE("garbage to %lx tag %lx op %lx", to, tag.raw, mr[0]);
    SYS(l4_ipc_call(to, u, tag, L4_IPC_BOTH_TIMEOUT_0));
}

struct fz_op {
    unsigned weight;
    void (*fn)(void);
};

static const struct fz_op ops[] = {
    { 10, op_create }, { 22, op_map }, { 14, op_unmap }, { 5, op_delete }, { 14, op_ipc },
    { 10, op_thread }, { 8, op_irq },  { 4, op_gate },   { 5, op_task },   { 8, op_garbage },
    { 6, op_chain },
};

static void one_op(void)
{
    unsigned total = 0;
    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        total += ops[i].weight;
    }
    unsigned r = below(total);
    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        if (r < ops[i].weight) {
            ops[i].fn();
            return;
        }
        r -= ops[i].weight;
    }
}

void fz_run(void)
{
    fz.rng = fz.seed * 0x9e3779b97f4a7c15ULL + 1;
    /* A few objects of every kind first, so that early operations find some. */
    for (fz.iter = 0; fz.iter < 24; fz.iter++) {
        op_create();
    }
    for (; fz.calls < fz.iterations; fz.iter++) {
        one_op();
    }
    /* Delete everything we made, so the harness can check the kernel memory balance. */
    for (unsigned m = 0; m < FZ_MASTERS; m++) {
        if (fz.master_kind[m]) {
            master_drop(m);
        }
    }
    fz.done = 1;
    kt_park();
}
