/* SPDX-License-Identifier: MIT */
/*
 * l4re's server loop: page faults (look the address up, ask the region's
 * dataspace to map the page, or a larger block of the region around it,
 * into this task, answer with an empty reply so
 * the instruction is retried), exceptions (report and end the program) and
 * the region map protocol of l4/re/protocols.h. A bad fault or an exception
 * is not answered: the program's thread stays blocked until the parent,
 * told through l4re_exit(), deletes the task.
 */
#include "l4re.h"
#include <l4/re/c/dataspace.h>
#include <l4/re/c/rm.h>
#include <l4/re/protocols.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>

/* A handler's verdict: reply with this tag, or (NO_REPLY) leave the caller waiting. */
#define NO_REPLY (-0x7fff)

static char const *access_name(l4_umword_t pf)
{
    return (pf & 4) ? "exec" : ((pf & 2) ? "write" : "read");
}

static L4_NORETURN void bad_fault(l4_umword_t pf, l4_umword_t pc, char const *why, int err)
{
    if (err) {
        l4re_msg("page fault at 0x%lx pc 0x%lx (%s): %s: %d\n", pf & ~7UL, pc,
                 access_name(pf), why, err);
    } else {
        l4re_msg("page fault at 0x%lx pc 0x%lx (%s): %s\n", pf & ~7UL, pc, access_name(pf), why);
    }
    l4re_exit(1);
}

static long page_fault(l4_msg_regs_t *m)
{
    l4_umword_t pf = m->mr[0], pc = m->mr[1];
    l4_addr_t addr = pf & ~7UL, page = l4_trunc_page(addr);
    struct rgn *r = rgn_lookup(&l4re.map, addr);
    unsigned long rights;
    int err;

    if (!r || (r->flags & RGN_F_L4RE) || l4_is_invalid_cap(r->ds)) {
        bad_fault(pf, pc, "no region", 0);
    }
    if ((pf & 2) && !(r->flags & L4RE_RM_F_W)) {
        bad_fault(pf, pc, "read-only region", 0);
    }
    if ((pf & 4) && !(r->flags & L4RE_RM_F_X)) {
        bad_fault(pf, pc, "region not executable", 0);
    }
    rights = (r->flags & (L4RE_RM_F_RWX | L4RE_RM_F_CACHING)) | L4RE_RM_F_R;
    /* The window is the region: moe may map a larger block around the page (doc/l4re.md). */
    err = l4re_ds_map(r->ds, r->offs + (page - r->start), rights, page, r->start, r->end);
    if (err == -L4_EPERM && !(pf & 2)) {
        /* A read-only dataspace attached writable: map what it allows. */
        err = l4re_ds_map(r->ds, r->offs + (page - r->start), rights & ~L4RE_RM_F_W, page,
                          r->start, r->end);
    }
    if (err < 0) {
        bad_fault(pf, pc, "dataspace map failed", err);
    }
    return l4_msgtag(0, 0, 0, 0).raw;
}

static char const *ec_name(unsigned long ec)
{
    static struct {
        unsigned char ec;
        char const *name;
    } const names[] = {
        { 0x00, "undefined instruction" }, { 0x0e, "illegal execution state" },
        { 0x15, "system call" },           { 0x20, "instruction abort" },
        { 0x22, "pc alignment fault" },    { 0x24, "data abort" },
        { 0x26, "sp alignment fault" },    { 0x3c, "breakpoint (brk)" },
        { 0x3e, "exception triggered by ex_regs" },
    };
    unsigned i;

    for (i = 0; i < sizeof(names) / sizeof(names[0]); ++i) {
        if (names[i].ec == ec) {
            return names[i].name;
        }
    }
    return "unknown exception";
}

static long exception(l4_msg_regs_t *m)
{
    l4_exc_regs_t const *e = (l4_exc_regs_t const *)m;
    unsigned long ec = e->err >> 26;

    l4re_msg("exception at pc 0x%lx: EC 0x%02lx (%s), esr 0x%lx, far 0x%lx\n", e->pc, ec,
             ec_name(ec), e->err, e->pfa);
    l4re_exit(1);
}

/* ---- region map protocol ---- */

static long rm_attach(l4_msg_regs_t *m)
{
    l4_addr_t start = m->mr[1], size = m->mr[2];
    unsigned long flags = m->mr[3];
    l4_cap_idx_t ds = m->mr[4];
    l4_uint64_t offs = m->mr[5];
    unsigned align = (unsigned)m->mr[6];
    int r;

    if (m->mr[6] >= 64) {
        return -L4_EINVAL; /* judged as a whole word: 2^32 + 12 is not 12 */
    }
    if (!(flags & L4RE_RM_F_RIGHTS_MASK)) {
        flags |= L4RE_RM_F_RW;
    }
    if (offs & (L4_PAGESIZE - 1)) {
        return -L4_EINVAL;
    }
    if (l4_is_invalid_cap(ds) && !(flags & L4RE_RM_F_RESERVED)) {
        return -L4_ENOENT;
    }
    if (ds == l4re.gate) {
        return -L4_EINVAL; /* l4re would call itself for the size or the pages */
    }
    if (size == 0) {
        long dsz = (long)l4re_ds_size(ds);

        if (dsz < 0) {
            return dsz;
        }
        if ((l4_uint64_t)dsz <= offs) {
            return -L4_EINVAL;
        }
        size = (l4_addr_t)dsz - offs;
    }
    r = rgn_attach(&l4re.map, &start, size, flags & ~RGN_F_L4RE, ds, offs, align);
    if (r < 0) {
        return r;
    }
    if ((flags & L4RE_RM_F_EAGER_MAP) && !(flags & L4RE_RM_F_RESERVED)) {
        r = l4re_map_range(ds, offs, start, l4_round_page(size), flags & L4RE_RM_F_RWX);
        if (r < 0) {
            struct rgn gone;

            rgn_detach(&l4re.map, start, &gone);
            l4re_unmap_range(gone.start, gone.end);
            return r;
        }
    }
    m->mr[0] = start;
    return l4_msgtag(0, 1, 0, 0).raw;
}

static long rm_detach(l4_msg_regs_t *m)
{
    struct rgn *r = rgn_lookup(&l4re.map, m->mr[1]);
    struct rgn gone;

    if (!r || (r->flags & RGN_F_L4RE)) {
        return -L4_ENOENT;
    }
    rgn_detach(&l4re.map, m->mr[1], &gone);
    if (!(m->mr[2] & L4RE_RM_DETACH_F_KEEP_MAPPED)) {
        l4re_unmap_range(gone.start, gone.end);
    }
    m->mr[0] = gone.ds;
    return l4_msgtag(L4RE_RM_DETACHED_DS, 1, 0, 0).raw;
}

static long rm_find(l4_msg_regs_t *m)
{
    struct rgn *r = rgn_overlap(&l4re.map, m->mr[1], m->mr[2] ? m->mr[2] : 1);

    if (!r) {
        return -L4_ENOENT;
    }
    m->mr[0] = r->start;
    m->mr[1] = r->end - r->start;
    m->mr[2] = r->offs;
    m->mr[3] = r->flags & ~RGN_F_L4RE;
    m->mr[4] = r->ds;
    return l4_msgtag(0, 5, 0, 0).raw;
}

static long rm_reserve_area(l4_msg_regs_t *m)
{
    l4_addr_t start = m->mr[1];
    int r;

    if (m->mr[4] >= 64) {
        return -L4_EINVAL;
    }
    r = rgn_reserve(&l4re.map, &start, m->mr[2], m->mr[3] & ~RGN_F_L4RE, (unsigned)m->mr[4]);
    if (r < 0) {
        return r;
    }
    m->mr[0] = start;
    return l4_msgtag(0, 1, 0, 0).raw;
}

static long rm_free_area(l4_msg_regs_t *m)
{
    int r = rgn_free_area(&l4re.map, m->mr[1]);

    return r < 0 ? r : l4_msgtag(0, 0, 0, 0).raw;
}

static long rm_request(l4_msgtag_t tag, l4_msg_regs_t *m)
{
    static struct {
        long (*fn)(l4_msg_regs_t *m);
        unsigned words;
    } const ops[] = {
        [L4RE_RM_OP_ATTACH] = { rm_attach, 7 },
        [L4RE_RM_OP_DETACH] = { rm_detach, 3 },
        [L4RE_RM_OP_FIND] = { rm_find, 3 },
        [L4RE_RM_OP_RESERVE_AREA] = { rm_reserve_area, 5 },
        [L4RE_RM_OP_FREE_AREA] = { rm_free_area, 2 },
    };
    l4_umword_t op;

    if (l4_msgtag_words(tag) < 1) {
        return -L4_EMSGTOOSHORT;
    }
    op = m->mr[0];
    if (op >= sizeof(ops) / sizeof(ops[0]) || !ops[op].fn) {
        return -L4_ENOSYS;
    }
    if (l4_msgtag_words(tag) < ops[op].words) {
        return -L4_EMSGTOOSHORT;
    }
    return ops[op].fn(m);
}

/* Handle one message; returns a reply tag's raw value, an error, or NO_REPLY. */
static long handle(l4_msgtag_t tag, l4_msg_regs_t *m)
{
    switch (l4_msgtag_label(tag)) {
    case L4_PROTO_PAGE_FAULT:
        return page_fault(m);
    case L4_PROTO_EXCEPTION:
        return exception(m);
    case L4RE_PROTO_RM:
        return rm_request(tag, m);
    default:
        return -L4_EBADPROTO;
    }
}

void l4re_serve(void)
{
    l4_utcb_t *u = l4_utcb();
    l4_msg_regs_t *m = l4_utcb_mr_u(u);
    l4_umword_t label;
    l4_msgtag_t tag;

    l4_utcb_br_u(u)->bdr = 0;
    l4_utcb_br_u(u)->br[0] = 0; /* accept no items from clients */
    tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
    for (;;) {
        long r;

        if (l4_msgtag_has_error(tag)) {
            tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
            continue;
        }
        r = handle(tag, m);
        l4_utcb_br_u(u)->bdr = 0;
        l4_utcb_br_u(u)->br[0] = 0;
        if (r == NO_REPLY) {
            tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
            continue;
        }
        if (r < 0 && r > -0x8000) {
            tag = l4_msgtag(r, 0, 0, 0);
        } else {
            tag.raw = r;
        }
        tag = l4_ipc_reply_and_wait(u, tag, &label, L4_IPC_NEVER);
    }
}
