/* SPDX-License-Identifier: MIT */
/*
 * Kernel test ktest_faultpath (root task, TAP): the page-fault fast path
 * (kernel/generic/fault_fastpath.c) and every condition that sends a fault
 * or its answer to the generic path instead: an answer with a word, a plain
 * reply, a receive timeout, a faulting thread of higher priority than its
 * pager, a pager that does not wait yet, a pager behind a gate; and the ends
 * of a fault other than a map: a map of nothing (the fault comes again), a
 * rejection (negative label), ex_regs cancel and the pager's deletion (each
 * an exception IPC to the exception handler). In every case that resolves
 * the fault, the faulting thread reads the pager's data and keeps all of
 * x1-x17 and the UTCB words a fault IPC borrows (mr0, mr1, BDR, br0, br1).
 */
#include <l4/crt0.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include "kta_common.h"
#include "tap.h"

#define PLAN 39

#define PAGER_GATE KT_CAP(0x40) /* bound to the pager, label 0x770 */
#define GATE_LABEL 0x770
#define FAULT_BASE 0x31000000UL /* one page per case, unmapped until answered */
#define UNMAPPED   0x3f000000UL /* never mapped: a map item from here maps nothing */
#define PAGE_VALUE 0x5eed0000UL

/* How the pager answers the next page fault. */
enum answer {
    ANSWER_MAP,         /* reply-and-wait: no words, one map item (the fast path's case) */
    ANSWER_MAP_WORD,    /* the same with one word before the item */
    ANSWER_MAP_REPLY,   /* a send-only reply, then a wait */
    ANSWER_MAP_TIMEOUT, /* reply-and-wait with a receive timeout */
    ANSWER_MAP_SLOW,    /* a send-only reply, then 30 ms before the next wait */
    ANSWER_NOTHING,     /* one item that maps nothing, then ANSWER_MAP */
    ANSWER_REJECT,      /* a negative label (with the item) */
    ANSWER_HOLD,        /* no answer */
};

static volatile enum answer answer;
static struct kt_thread pager, pager2, faulters[13];
static l4_umword_t page[512] __attribute__((aligned(4096)));

/*
 * Page faults are counted in res[0] (address in res[2], label in res[3]),
 * exceptions in res[1] (fault address in res[4]); exceptions are not answered.
 */
static void pager_fn(struct kt_thread *t)
{
    l4_utcb_t *u = l4_utcb();
    l4_msg_regs_t *m = l4_utcb_mr_u(u);
    l4_umword_t label;
    l4_msgtag_t tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
    for (;;) {
        if (l4_msgtag_has_error(tag) || l4_msgtag_label(tag) != L4_PROTO_PAGE_FAULT) {
            if (!l4_msgtag_has_error(tag) && l4_msgtag_label(tag) == L4_PROTO_EXCEPTION) {
                t->res[4] = (long)((l4_exc_regs_t *)m)->pfa;
                t->res[1]++;
            }
            tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
            continue;
        }
        l4_addr_t pfa = m->mr[0] & ~7UL;
        enum answer a = answer;
        t->res[2] = (long)pfa;
        t->res[3] = (long)label;
        t->res[0]++;
        if (a == ANSWER_HOLD) {
            tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
            continue;
        }
        unsigned w = a == ANSWER_MAP_WORD ? 1 : 0;
        m->mr[0] = 7;
        m->mr[w] = l4_map_control(pfa, 0, 0);
        m->mr[w + 1] = l4_fpage(a == ANSWER_NOTHING ? UNMAPPED : (l4_addr_t)page, L4_PAGESHIFT,
                                L4_FPAGE_RW).raw;
        l4_msgtag_t ans = l4_msgtag(a == ANSWER_REJECT ? -1 : 0, w, 1, 0);
        if (a == ANSWER_NOTHING) {
            answer = ANSWER_MAP;
        }
        if (a == ANSWER_MAP_REPLY || a == ANSWER_MAP_SLOW) {
            l4_ipc_reply(L4_INVALID_CAP, u, ans, L4_IPC_SEND_TIMEOUT_0);
            if (a == ANSWER_MAP_SLOW) {
                kt_sleep_ms(30);
            }
            tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
        } else {
            tag = l4_ipc_reply_and_wait(u, ans, &label,
                                        a == ANSWER_MAP_TIMEOUT ? kt_timeout_ms(0, 5000)
                                                                : L4_IPC_NEVER);
        }
    }
}

/*
 * Loads from arg[0] with x1-x17 holding known values and the borrowed UTCB
 * words set: res[0] = the value read, res[1] = x1-x17 kept, res[2] = UTCB kept.
 */
static void faulter_fn(struct kt_thread *t)
{
    l4_umword_t regs[18];
    l4_buf_regs_t *br = l4_utcb_br();
    l4_msg_regs_t *m = l4_utcb_mr();
    register l4_umword_t *out __asm__("x19") = regs;
    register l4_umword_t va __asm__("x20") = (l4_umword_t)t->arg[0];
    int kept = 1;

    m->mr[0] = 0x1110;
    m->mr[1] = 0x1111;
    br->bdr = 0x2220;
    br->br[0] = 0x2221;
    br->br[1] = 0x2222;
    __asm__ volatile("mov x1, #0x101\n mov x2, #0x202\n mov x3, #0x303\n mov x4, #0x404\n"
                     "mov x5, #0x505\n mov x6, #0x606\n mov x7, #0x707\n mov x8, #0x808\n"
                     "mov x9, #0x909\n mov x10, #0xa0a\n mov x11, #0xb0b\n mov x12, #0xc0c\n"
                     "mov x13, #0xd0d\n mov x14, #0xe0e\n mov x15, #0xf0f\n mov x16, #0x1010\n"
                     "mov x17, #0x1111\n"
                     "ldr x0, [%[va]]\n" /* the fault */
                     "stp x0, x1, [%[out]]\n stp x2, x3, [%[out], #16]\n"
                     "stp x4, x5, [%[out], #32]\n stp x6, x7, [%[out], #48]\n"
                     "stp x8, x9, [%[out], #64]\n stp x10, x11, [%[out], #80]\n"
                     "stp x12, x13, [%[out], #96]\n stp x14, x15, [%[out], #112]\n"
                     "stp x16, x17, [%[out], #128]\n"
                     :
                     : [out] "r"(out), [va] "r"(va)
                     : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
                       "x12", "x13", "x14", "x15", "x16", "x17", "memory");
    for (unsigned i = 1; i < 18; i++) {
        kept &= regs[i] == i * 0x101;
    }
    t->res[0] = (long)regs[0];
    t->res[1] = kept;
    t->res[2] = m->mr[0] == 0x1110 && m->mr[1] == 0x1111 && br->bdr == 0x2220 &&
                br->br[0] == 0x2221 && br->br[1] == 0x2222;
}

static unsigned next_faulter;

/* A thread at \a prio with pager \a pager_cap and our pager as exception handler, loading
 * from case \a n's page. */
static struct kt_thread *fault_at(unsigned n, unsigned prio, l4_cap_idx_t pager_cap)
{
    struct kt_thread *f = &faulters[next_faulter];
    kt_thread_create(f, KT_CAP(0x50 + next_faulter++));
    kt_thread_bind(f);
    l4_thread_control_start();
    l4_thread_control_pager(pager_cap);
    l4_thread_control_exc_handler(pager.cap);
    l4_thread_control_commit(f->cap);
    f->arg[0] = (long)(FAULT_BASE + n * L4_PAGESIZE);
    kt_thread_set_fn(f, faulter_fn);
    kt_thread_run(f, prio);
    return f;
}

/* Case \a n resolved by answer \a a: one fault at its page, data read, registers kept. */
static void resolved(unsigned n, enum answer a, unsigned prio, l4_cap_idx_t pager_cap,
                     const char *what)
{
    long faults = pager.res[0];
    answer = a;
    struct kt_thread *f = fault_at(n, prio, pager_cap);
    int done = kt_wait_done(f, 1000);
    tap_ok(done && f->res[0] == (long)PAGE_VALUE && pager.res[0] == faults + 1 &&
               pager.res[2] == (long)(FAULT_BASE + n * L4_PAGESIZE),
           "%s: one fault, the load reads the pager's page (done %d, read 0x%lx)", what, done,
           (unsigned long)f->res[0]);
    tap_ok(done && f->res[1] == 1, "%s: x1-x17 kept across the fault", what);
    tap_ok(done && f->res[2] == 1, "%s: mr0, mr1, BDR, br0, br1 kept", what);
}

/* The faulting thread of case \a n ended in an exception IPC for its fault address. */
static void ends_in_exception(struct kt_thread *f, unsigned n, long exceptions, const char *what)
{
    kt_sleep_ms(20);
    tap_ok(pager.res[1] == exceptions + 1 &&
               pager.res[4] == (long)(FAULT_BASE + n * L4_PAGESIZE) && !f->done,
           "%s: an exception IPC for 0x%lx, the load not completed (%ld exceptions, pfa 0x%lx)",
           what, FAULT_BASE + n * L4_PAGESIZE, (long)pager.res[1] - exceptions,
           (unsigned long)pager.res[4]);
}

/* Faulting threads run at the pager's priority (3), which the fast path asks both ways. */
static void test_resolved(void)
{
    resolved(0, ANSWER_MAP, 3, pager.cap, "fast both ways");
    resolved(1, ANSWER_MAP_WORD, 3, pager.cap, "answer with a word");
    resolved(2, ANSWER_MAP_REPLY, 3, pager.cap, "answer by a send-only reply");
    resolved(3, ANSWER_MAP_TIMEOUT, 3, pager.cap, "answer with a receive timeout");
    resolved(4, ANSWER_MAP, 4, pager.cap, "faulting thread above the pager's priority");
    resolved(5, ANSWER_MAP, 2, pager.cap, "faulting thread below the pager's priority");
    resolved(6, ANSWER_MAP_SLOW, 3, pager.cap, "first of two, the pager then away");
    resolved(7, ANSWER_MAP, 3, pager.cap, "the pager not waiting at the fault");
    resolved(8, ANSWER_MAP, 3, PAGER_GATE, "pager behind a gate");
    tap_is_int(pager.res[3] & ~3L, GATE_LABEL, "the fault through the gate carries its label");
}

static void test_other_ends(void)
{
    /* A map of nothing: the thread runs the load again and faults again. */
    long faults = pager.res[0];
    answer = ANSWER_NOTHING;
    struct kt_thread *f = fault_at(9, 3, pager.cap);
    int done = kt_wait_done(f, 1000);
    tap_ok(done && pager.res[0] == faults + 2 && f->res[0] == (long)PAGE_VALUE && f->res[1] == 1 &&
               f->res[2] == 1,
           "an answer that maps nothing: the same fault again, then resolved (%ld faults)",
           (long)pager.res[0] - faults);

    long exceptions = pager.res[1];
    answer = ANSWER_REJECT;
    f = fault_at(10, 3, pager.cap);
    ends_in_exception(f, 10, exceptions, "a rejecting answer");

    exceptions = pager.res[1];
    answer = ANSWER_HOLD;
    f = fault_at(11, 3, pager.cap);
    kt_sleep_ms(10);
    tap_is_int(l4_error(l4_thread_ex_regs(f->cap, ~0UL, ~0UL, L4_THREAD_EX_REGS_CANCEL)), 0,
               "ex_regs cancel of a thread in a fault");
    ends_in_exception(f, 11, exceptions, "a cancelled fault");
}

/* A second pager that receives the fault and is deleted before it answers. */
static void test_pager_deleted(void)
{
    long exceptions = pager.res[1];
    answer = ANSWER_HOLD;
    tap_is_int(kt_thread_start(&pager2, KT_CAP(0x41), pager_fn), 0, "a second pager");
    struct kt_thread *f = &faulters[next_faulter];
    kt_thread_create(f, KT_CAP(0x50 + next_faulter++));
    kt_thread_bind(f);
    l4_thread_control_start();
    l4_thread_control_pager(pager2.cap);
    l4_thread_control_exc_handler(pager.cap);
    l4_thread_control_commit(f->cap);
    f->arg[0] = (long)(FAULT_BASE + 12 * L4_PAGESIZE);
    kt_thread_set_fn(f, faulter_fn);
    kt_thread_run(f, 3);
    kt_sleep_ms(10);
    tap_is_int(pager2.res[0], 1, "the second pager holds the fault");
    tap_is_int(l4_error(l4_task_delete_obj(L4_BASE_TASK_CAP, pager2.cap)), 0,
               "delete the second pager");
    ends_in_exception(f, 12, exceptions, "the pager deleted during the fault");
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    tap_start(PLAN);
    page[0] = PAGE_VALUE;
    tap_is_int(kt_thread_create(&pager, KT_CAP(0x20)), 0, "pager created");
    kt_thread_bind(&pager);
    kt_thread_set_fn(&pager, pager_fn);
    tap_is_int(kt_thread_run(&pager, 3), 0, "pager runs at priority 3");
    tap_is_int(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, PAGER_GATE, pager.cap,
                                               GATE_LABEL)),
               0, "a gate to the pager");
    kt_sleep_ms(5);
    test_resolved();
    test_other_ends();
    test_pager_deleted();
    return tap_done();
}
