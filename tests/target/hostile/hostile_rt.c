/* SPDX-License-Identifier: MIT */
/*
 * The hostile client of the runtime: a program started by moe (`moe` mode)
 * or by ned (`ned` mode) that sends seeded random messages (fuzz.h) to every
 * server it holds a capability to: moe's allocator (factory and Mem_alloc
 * protocols), a dataspace of its own, a read-only rom dataspace, a namespace
 * of its own and its `names`, its log, its scheduler proxy, l4re's region
 * map, its parent (moe's app object or ned) and, under ned, io's vbus (its
 * device list, its device memory as a dataspace, its ICU). Between messages it checks
 * that each server still answers a known-good request correctly; replies
 * are judged (a dataspace never maps beyond its end, a read-only one never
 * maps writable, the read-only names refuses changes, io maps nothing and
 * accepts no line of a device not on the vbus). One TAP point per
 * server with its message count; first the fixed cases: a capability item
 * to the parent (the ned receive-buffer bug) and the read-only `names`.
 * Usage: hostile_rt moe|ned [seed [messages per server]].
 */
#include <l4/crt1_l4re.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/c/log.h>
#include <l4/re/c/mem_alloc.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/parent.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kip.h>
#include <l4/sys/scheduler.h>
#include <l4/sys/vcon.h>
#include <l4/util/string.h>
#include <l4/vbus/vbus.h>
#include "fuzz.h"
#include "tap.h"

#define FUZZ_DS_SIZE (3 * L4_PAGESIZE + 100)
#define CANARY_SIZE (2 * L4_PAGESIZE)
#define CHECK_EVERY 8
#define RCV_US 20000 /* a request that gets no answer (or a late one) waits this long */

static struct fz_env env;
static l4_addr_t scratch;      /* reserved 4 MiB area: rm fuzzing and the receive window */
static l4_cap_idx_t fuzz_ds, canary_ds, fuzz_ns, rom_ds;
static unsigned long *canary;
static l4_uint64_t run_seed;

static unsigned long parse_ul(char const *s)
{
    unsigned long v = 0;

    while (*s >= '0' && *s <= '9') {
        v = v * 10 + (unsigned long)(*s++ - '0');
    }
    return v;
}

/* moe's FREE of one object made by our allocator (not in L4Re's C API). */
static long ma_free(l4_cap_idx_t obj)
{
    l4_msg_regs_t *m = l4_utcb_mr();

    m->mr[0] = L4RE_MA_OP_FREE;
    m->mr[1] = l4_map_obj_control(0, 0);
    m->mr[2] = l4_obj_fpage(obj, 0, L4_CAP_FPAGE_RWS).raw;
    return l4_error(l4_ipc_call(l4re_env()->mem_alloc, l4_utcb(),
                                l4_msgtag(L4RE_PROTO_MEM_ALLOC, 1, 1, 0), L4_IPC_NEVER));
}

static int canary_intact(void)
{
    unsigned long i;

    for (i = 0; i < CANARY_SIZE / sizeof(long); ++i) {
        if (canary[i] != (i * 0x9e3779b97f4a7c15UL) + 1) {
            return 0;
        }
    }
    return 1;
}

/* ---- shaping: what the client must not do to itself ---- */

static void shape_parent(struct fz_target const *t, struct fz_msg *m)
{
    (void)t;
    /* The parent gate is also l4re's pager and exception handler: a fake fault
     * or exception from us would end us, by design. */
    if (m->label == L4_PROTO_PAGE_FAULT || m->label == L4_PROTO_EXCEPTION) {
        m->label = L4RE_PROTO_PARENT;
    }
    if (m->mr[0] == L4RE_PARENT_OP_SIGNAL && m->mr[1] == L4RE_PARENT_SIG_EXIT) {
        m->mr[1] = 1 + (m->mr[1] & 0xff); /* an exit signal would end us too */
    }
}

static void shape_rm(struct fz_target const *t, struct fz_msg *m)
{
    (void)t;
    if (m->label == L4_PROTO_PAGE_FAULT || m->label == L4_PROTO_EXCEPTION) {
        m->label = L4RE_PROTO_RM; /* l4re ends the program on a bad fault */
    }
    /* Detaching or freeing our own code, stack or heap would end us: only the
     * scratch area, or addresses no region can have. */
    if (m->mr[0] == L4RE_RM_OP_DETACH) {
        m->mr[1] = (m->mr[1] & 1) ? scratch + (m->mr[1] & ((2UL << 20) - 1))
                                  : (m->mr[1] | (1UL << 63));
    }
    if (m->mr[0] == L4RE_RM_OP_FREE_AREA) {
        m->mr[1] |= 1UL << 63; /* the scratch area itself must stay reserved */
    }
    /* Our undo detaches what an attach made: with DETACH_FREE that would free our
     * own dataspaces (a random selector may name one), rightly. */
    if (m->mr[0] == L4RE_RM_OP_ATTACH) {
        m->mr[3] &= ~(l4_umword_t)L4RE_RM_F_DETACH_FREE;
    }
    /* Now and then a region whose "dataspace" is l4re's own gate (l4re refuses it). */
    if (m->mr[0] == L4RE_RM_OP_ATTACH && (m->mr[4] & 0xf) == 1) {
        m->mr[4] = l4re_env()->rm;
    }
}

static void shape_log(struct fz_target const *t, struct fz_msg *m)
{
    (void)t;
    /* A well-formed write is a send with no answer that prints garbage: keep
     * writes, but with lengths the log must refuse. */
    if ((m->mr[0] & 0xffff) == L4_VCON_WRITE_OP) {
        if (m->mr[1] <= L4_VCON_WRITE_SIZE) {
            m->mr[1] = L4_VCON_WRITE_SIZE + 1 + (m->mr[1] & 0xff);
        }
        if (m->words < 2) {
            m->words = 2; /* one word is an empty write: also a send */
        }
    }
}

static void shape_alloc(struct fz_target const *t, struct fz_msg *m)
{
    static long const protos[] = { L4RE_PROTO_DATASPACE, L4RE_PROTO_NAMESPACE, L4_PROTO_LOG,
                                   L4_PROTO_FACTORY, L4_PROTO_SCHEDULER, 0x1234 };

    (void)t;
    if (m->label == L4_PROTO_FACTORY && (m->mr[2] & 1)) {
        m->mr[0] = (l4_umword_t)protos[(m->mr[2] >> 1) % 6];
    }
    /* FREE destroys whatever object of our allocator the item names: only our scratch ones. */
    if (m->label == L4RE_PROTO_MEM_ALLOC && m->mr[0] == L4RE_MA_OP_FREE && m->items) {
        m->mr[m->words + 1] = l4_obj_fpage((m->mr[2] & 1) ? env.rcv_slot : L4_INVALID_CAP, 0,
                                           L4_CAP_FPAGE_RWS).raw;
    }
}

/* ---- judging replies ---- */

static int check_ds(struct fz_target const *t, struct fz_msg const *m, char const **why)
{
    l4_umword_t size = (l4_umword_t)t->ctx;
    int read_only = t->cap == rom_ds;

    if (!m->reply_ok || m->label != L4RE_PROTO_DATASPACE) {
        return 1;
    }
    if (m->mr[0] == L4RE_DS_OP_MAP && m->words >= 4 && l4_msgtag_items(m->reply)) {
        if (m->mr[1] >= l4_round_page(size)) {
            *why = "a map beyond the dataspace's end succeeded";
            return 0;
        }
        if (read_only && (m->rmr[1] & L4_FPAGE_W)) {
            *why = "a read-only dataspace mapped a page writable";
            return 0;
        }
    }
    if (read_only && (m->mr[0] == L4RE_DS_OP_CLEAR || m->mr[0] == L4RE_DS_OP_COPY_IN)) {
        *why = "a read-only dataspace accepted a change";
        return 0;
    }
    return 1;
}

static int check_rm(struct fz_target const *t, struct fz_msg const *m, char const **why)
{
    (void)t, (void)why;
    /* Undo what succeeded, so the region table never fills up with garbage. */
    if (m->reply_ok && m->label == L4RE_PROTO_RM && l4_msgtag_words(m->reply) >= 1
        && (m->mr[0] == L4RE_RM_OP_ATTACH || m->mr[0] == L4RE_RM_OP_RESERVE_AREA)) {
        /* Each by its own kind: an area may lie over regions of ours (detaching
         * at its start would take our code away). */
        if (m->mr[0] == L4RE_RM_OP_ATTACH) {
            l4re_rm_detach((void *)m->rmr[0]);
        } else {
            l4re_rm_free_area(m->rmr[0]);
        }
    }
    return 1;
}

static int check_alloc(struct fz_target const *t, struct fz_msg const *m, char const **why)
{
    (void)t, (void)why;
    if (m->reply_ok && m->label == L4_PROTO_FACTORY && l4_msgtag_items(m->reply)) {
        ma_free(env.rcv_slot); /* whatever it made: gone again */
    }
    return 1;
}

/* io's vbus grants the PL031 clock only (tests/target/hostile/hostile.cfg). */
#define VBUS_MEM 0x09010000UL
#define VBUS_LINE 34

static int check_vbus(struct fz_target const *t, struct fz_msg const *m, char const **why)
{
    (void)t;
    if (!m->reply_ok || m->words < 2) {
        return 1;
    }
    if (m->label == L4RE_PROTO_DATASPACE && m->mr[0] == L4RE_DS_OP_MAP
        && l4_msgtag_items(m->reply) && l4_trunc_page(m->mr[1]) != VBUS_MEM) {
        *why = "io mapped memory of a device not on the vbus";
        return 0;
    }
    if (m->label == L4_PROTO_IRQ && (m->mr[0] == L4_ICU_OP_BIND || m->mr[0] == L4_ICU_OP_UNMASK)
        && m->mr[1] != VBUS_LINE) {
        *why = "io accepted an interrupt line not on the vbus";
        return 0;
    }
    return 1;
}

/* io answers for the one device of the vbus. */
static int good_vbus(void)
{
    l4vbus_device_t info;

    return l4vbus_get_device(l4re_env_get_cap("vbus"), 1, &info) == 0
           && !strcmp(info.name, "pl031@9010000");
}

static int check_names_ro(struct fz_target const *t, struct fz_msg const *m, char const **why)
{
    if (t->ctx && m->reply_ok && m->label == L4RE_PROTO_NAMESPACE
        && (m->mr[0] == L4RE_NS_OP_REGISTER || m->mr[0] == L4RE_NS_OP_UNLINK)) {
        *why = "the read-only names namespace accepted a change";
        return 0;
    }
    return 1;
}

/* ---- known-good requests ---- */

static int good_alloc(void)
{
    l4_cap_idx_t c = l4re_util_cap_alloc();
    int ok = l4re_ma_alloc(L4_PAGESIZE, c, 0) == 0 && l4re_ds_size(c) == L4_PAGESIZE
             && ma_free(c) == 0;

    l4re_util_cap_free(c);
    return ok;
}

static int good_ds(void)
{
    return l4re_ds_size(fuzz_ds) == FUZZ_DS_SIZE;
}

static int good_rom(void)
{
    l4re_ds_stats_t st;

    return l4re_ds_info(rom_ds, &st) == 0 && st.size > 0 && !(st.flags & L4RE_DS_F_W);
}

static int good_ns(void)
{
    l4_cap_idx_t c = l4re_util_cap_alloc();
    int ok = l4re_ns_query_srv(fuzz_ns, "canary", c) == 0 && l4re_ds_size(c) == CANARY_SIZE;

    l4re_util_cap_free(c);
    return ok;
}

static int good_names(void)
{
    l4_cap_idx_t names = l4re_env_get_cap("rom");
    l4_cap_idx_t c = l4re_util_cap_alloc();
    int ok = l4_is_valid_cap(names) && l4re_ns_query_srv(names, "l4re", c) == 0
             && l4re_ds_size(c) > 0;

    l4re_util_cap_free(c);
    return ok;
}

static int good_log(void)
{
    l4_msg_regs_t *m = l4_utcb_mr();

    m->mr[0] = L4_VCON_GET_ATTR_OP;
    return l4_error(l4_ipc_call(l4re_env()->log, l4_utcb(), l4_msgtag(L4_PROTO_LOG, 1, 0, 0),
                                L4_IPC_NEVER)) == 0;
}

static int good_sched(void)
{
    l4_umword_t cpu_max = 0;
    l4_sched_cpu_set_t cs = l4_sched_cpu_set(0, 0, 1);

    return l4_error(l4_scheduler_info(l4re_env()->scheduler, &cpu_max, &cs)) == 0;
}

static int good_rm(void)
{
    l4_addr_t a = (l4_addr_t)canary;
    unsigned long size = 1;
    l4re_rm_offset_t off;
    l4re_rm_flags_t fl;
    l4re_ds_t ds;

    return l4re_rm_find(&a, &size, &off, &fl, &ds) == 0 && a == (l4_addr_t)canary
           && size == CANARY_SIZE && canary_intact();
}

static int good_parent(void)
{
    return l4re_parent_signal(l4re_env()->parent, 1, 0) == 0;
}

/* The `names` capability: slot 0x12 (doc/runtime.md), unless the environment names it. */
static l4_cap_idx_t names_cap(void)
{
    l4_cap_idx_t names = l4re_env_get_cap("names");

    return l4_is_valid_cap(names) ? names : (l4_cap_idx_t)0x12 << L4_CAP_SHIFT;
}

/* ---- the run ---- */

struct server {
    struct fz_target t;
    int (*good)(void);
};

static void fuzz_server(struct fz_rng *r, struct server *s, unsigned long n)
{
    unsigned long i, bad_good = 0, bad_reply = 0;
    char const *why = 0, *first = 0;

    for (i = 0; i < n; ++i) {
        if (!fz_call(r, &env, &s->t, RCV_US, &why)) {
            if (!bad_reply++) {
                first = why;
            }
        }
        if ((i % CHECK_EVERY) == CHECK_EVERY - 1 && !s->good()) {
            if (!bad_good++) {
                tap_diag("%s: the known-good request failed after message %lu", s->t.name, i);
            }
        }
    }
    if (first) {
        tap_diag("%s: %s (%lu times)", s->t.name, first, bad_reply);
    }
    if (first || bad_good) {
        tap_diag("%s: replay with seed %llu", s->t.name, (unsigned long long)run_seed);
    }
    tap_ok(!bad_good && !bad_reply && s->good(),
           "%s: %lu messages (%lu refused, %lu IPC errors, %lu unanswered), still correct",
           s->t.name, s->t.sent, s->t.errors, s->t.ipc_errors, s->t.timeouts);
}

static l4_cap_idx_t new_ds(unsigned long size)
{
    l4_cap_idx_t c = l4re_util_cap_alloc();

    return l4re_ma_alloc(size, c, 0) == 0 ? c : L4_INVALID_CAP;
}

static int setup(void)
{
    l4re_env_t *e = l4re_env();
    void *at = 0;
    unsigned long i;
    l4_cap_idx_t rom = l4re_env_get_cap("rom");

    fuzz_ds = new_ds(FUZZ_DS_SIZE);
    canary_ds = new_ds(CANARY_SIZE);
    fuzz_ns = l4re_util_cap_alloc();
    rom_ds = l4re_util_cap_alloc();
    env.rcv_slot = l4re_util_cap_alloc();
    if (l4_is_invalid_cap(fuzz_ds) || l4_is_invalid_cap(canary_ds) || l4_is_invalid_cap(rom)
        || l4_error(l4_factory_create(e->mem_alloc, L4RE_PROTO_NAMESPACE, fuzz_ns)) < 0
        || l4re_ns_query_srv(rom, "l4re", rom_ds) < 0
        || l4re_rm_attach(&at, CANARY_SIZE, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, canary_ds, 0,
                          L4_PAGESHIFT) < 0
        || l4re_rm_reserve_area(&scratch, 4UL << 20, L4RE_RM_F_SEARCH_ADDR,
                                L4_SUPERPAGESHIFT) < 0
        || l4re_ns_register_obj_srv(fuzz_ns, "canary", canary_ds, L4RE_NS_REGISTER_RW) < 0) {
        return 0;
    }
    canary = at;
    for (i = 0; i < CANARY_SIZE / sizeof(long); ++i) {
        canary[i] = (i * 0x9e3779b97f4a7c15UL) + 1;
    }
    /* The receive window: the scratch area's upper 2 MiB (rm fuzzing uses the lower). */
    env.rcv_window = scratch + (2UL << 20);
    env.item_page = (l4_addr_t)canary;
    env.item_caps[0] = fuzz_ds;
    env.item_caps[1] = fuzz_ns;
    env.item_caps[2] = rom_ds;
    env.item_caps[3] = e->log;
    env.item_caps[4] = L4_INVALID_CAP;
    env.n_item_caps = 5;
    return 1;
}

/*
 * The ned receive-buffer bug: a Parent request with one word and a map item.
 * The parent must refuse it, and our region map and page faults must still
 * work afterwards (ned used to receive the capability into a slot of its own).
 */
static void test_parent_item(void)
{
    l4re_env_t *e = l4re_env();
    l4_cap_idx_t items[2] = { L4_INVALID_CAP, e->log };
    unsigned i;

    for (i = 0; i < 2; ++i) {
        l4_msg_regs_t *m = l4_utcb_mr();
        l4_cap_idx_t ds;
        volatile unsigned long *p;
        void *at = 0;
        long r;

        m->mr[0] = 6;
        m->mr[1] = l4_map_obj_control(0, 0);
        m->mr[2] = l4_obj_fpage(items[i], 0, L4_CAP_FPAGE_RWS).raw;
        l4_utcb_br()->bdr = 0;
        l4_utcb_br()->br[0] = 0;
        r = l4_error(l4_ipc_call(e->parent, l4_utcb(), l4_msgtag(L4RE_PROTO_PARENT, 1, 1, 0),
                                 L4_IPC_NEVER));
        tap_ok(r < 0, "parent: PARENT label, 1 word, a map item of %s: refused (%ld)",
               i ? "our log" : "the invalid cap", r);
        ds = new_ds(L4_PAGESIZE);
        r = l4re_rm_attach(&at, L4_PAGESIZE, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_RW, ds, 0,
                           L4_PAGESHIFT);
        p = at;
        if (r == 0) {
            *p = 0x5eed; /* a page fault served by l4re and moe */
        }
        tap_ok(r == 0 && *p == 0x5eed && good_rm() && good_parent(),
               "... afterwards the region map, a page fault and the parent still work");
    }
}

/* `names` (moe's root namespace under moe --init) is read-only, as in L4Re. */
static void test_names_ro(void)
{
    l4_cap_idx_t names = names_cap();
    l4_cap_idx_t c = l4re_util_cap_alloc();
    l4_msg_regs_t *m = l4_utcb_mr();

    m->mr[0] = L4RE_NS_OP_UNLINK;
    m->mr[1] = 3;
    memcpy(&m->mr[2], "rom", 4);
    tap_is_int(l4_error(l4_ipc_call(names, l4_utcb(), l4_msgtag(L4RE_PROTO_NAMESPACE, 3, 0, 0),
                                    L4_IPC_NEVER)),
               -L4_EPERM, "names: unlinking 'rom' is refused with -EPERM");
    tap_is_int(l4re_ns_register_obj_srv(names, "mine", fuzz_ds, L4RE_NS_REGISTER_RW), -L4_EPERM,
               "names: registering a name is refused with -EPERM");
    tap_ok(l4re_ns_query_srv(names, "rom/l4re", c) == 0 && l4re_ds_size(c) > 0,
           "names: still reads ('rom/l4re' found)");
    l4re_util_cap_free(c);
}

int main(int argc, char **argv)
{
    l4re_env_t *e = l4re_env();
    l4_cap_idx_t vbus = l4re_env_get_cap("vbus");
    int under_moe = argc > 1 && !strcmp(argv[1], "moe");
    l4_uint64_t seed = argc > 2 ? parse_ul(argv[2]) : 0;
    unsigned long n = argc > 3 ? parse_ul(argv[3]) : 2000;
    struct fz_rng r;
    unsigned i;
    struct server servers[] = {
        { { "moe mem_alloc", e->mem_alloc, L4_PROTO_FACTORY, 2, shape_alloc, check_alloc, 0,
            0, 0, 0, 0 }, good_alloc },
        { { "moe mem_alloc (Mem_alloc)", e->mem_alloc, L4RE_PROTO_MEM_ALLOC, 2, shape_alloc,
            check_alloc, 0, 0, 0, 0, 0 }, good_alloc },
        { { "moe dataspace", 0, L4RE_PROTO_DATASPACE, 6, 0, check_ds, (void *)FUZZ_DS_SIZE,
            0, 0, 0, 0 }, good_ds },
        { { "moe rom dataspace", 0, L4RE_PROTO_DATASPACE, 6, 0, check_ds, 0, 0, 0, 0, 0 },
          good_rom },
        { { "moe namespace", 0, L4RE_PROTO_NAMESPACE, 4, 0, 0, 0, 0, 0, 0, 0 }, good_ns },
        { { "names", 0, L4RE_PROTO_NAMESPACE, 4, 0, check_names_ro, 0, 0, 0, 0, 0 },
          good_names },
        { { "moe log", e->log, L4_PROTO_LOG, 4, shape_log, 0, 0, 0, 0, 0, 0 }, good_log },
        { { "moe scheduler", e->scheduler, L4_PROTO_SCHEDULER, 3, 0, 0, 0, 0, 0, 0, 0 },
          good_sched },
        { { "l4re region map", e->rm, L4RE_PROTO_RM, 5, shape_rm, check_rm, 0, 0, 0, 0, 0 },
          good_rm },
        { { under_moe ? "moe parent" : "ned parent", e->parent, L4RE_PROTO_PARENT, 1,
            shape_parent, 0, 0, 0, 0, 0, 0 }, good_parent },
        /* io, when we have a vbus (under ned): its three protocols on one gate. */
        { { "io vbus", vbus, L4RE_PROTO_VBUS, 5, 0, check_vbus, 0, 0, 0, 0, 0 }, good_vbus },
        { { "io vbus (Dataspace)", vbus, L4RE_PROTO_DATASPACE, 6, 0, check_vbus, 0, 0, 0, 0, 0 },
          good_vbus },
        { { "io vbus (Icu)", vbus, L4_PROTO_IRQ, 7, 0, check_vbus, 0, 0, 0, 0, 0 }, good_vbus },
    };
    unsigned nserv = sizeof(servers) / sizeof(servers[0]) - 3;
    unsigned long total = 0;
    l4_cpu_time_t t0;

    if (l4_is_valid_cap(vbus)) {
        nserv += 3;
    }
    tap_set_output(l4re_log_print);
    tap_start(nserv + 10);
    if (!seed) {
        seed = l4_kip_clock(l4re_kip()) | 1;
    }
    run_seed = seed;
    tap_diag("seed %llu, %lu messages per server (replay: hostile_rt %s %llu %lu)",
             (unsigned long long)seed, n, under_moe ? "moe" : "ned", (unsigned long long)seed, n);
    if (!tap_ok(setup(), "setup: dataspaces, a namespace, the scratch area")) {
        return tap_done();
    }
    tap_ok(good_alloc() && good_ds() && good_rom() && good_ns() && good_names() && good_log()
               && good_sched() && good_rm() && good_parent(),
           "every server answers its known-good request before the storm");
    servers[2].t.cap = fuzz_ds;
    servers[3].t.cap = rom_ds;
    servers[3].t.ctx = (void *)(l4_addr_t)l4re_ds_size(rom_ds);
    servers[4].t.cap = fuzz_ns;
    /* moe (without --init-names=rw) and ned both hand out `names` read-only. */
    servers[5].t.cap = names_cap();
    servers[5].t.ctx = (void *)1;
    test_parent_item();
    test_names_ro(); /* moe --init and ned alike hand out `names` read-only */
    fz_seed(&r, seed);
    t0 = l4_kip_clock(l4re_kip());
    for (i = 0; i < nserv; ++i) {
        fuzz_server(&r, &servers[i], n);
        total += servers[i].t.sent;
    }
    if (!canary_intact() || !good_alloc() || !good_ds() || !good_rm()) {
        tap_diag("after the storm: canary %d, allocator %d, dataspace %d, region map %d (seed %llu)",
                 canary_intact(), good_alloc(), good_ds(), good_rm(),
                 (unsigned long long)run_seed);
    }
    tap_ok(canary_intact() && good_alloc() && good_ds() && good_rm(),
           "after the storm: %lu messages in %llu ms, canary intact, servers correct", total,
           (unsigned long long)(l4_kip_clock(l4re_kip()) - t0) / 1000);
    tap_diag("hostile: %lu messages to %u servers", total, nserv);
    return tap_done();
}
