/* SPDX-License-Identifier: MIT */
/*
 * Kernel test ktest_ipc (root task, TAP): IPC between threads of the root
 * task. Call/reply with untyped words, label delivery, reply_and_wait,
 * send and receive timeouts (measured with the KIP clock), zero-timeout
 * polls, open wait versus closed wait, message too long, replies without
 * (or after the departure of) a caller. Every IPC has a timeout.
 * Semantics relied on where the reference is silent or loose:
 * - IPC through a thread capability delivers the sender's x1 label
 *   (slabel) as the received label and the tag label unchanged.
 * - A thread sleeping in l4_ipc_sleep() (closed wait on nobody) does not
 *   accept a send: senders time out (L4_IPC_SETIMEOUT).
 * - words + 2 * items > 63 fails with a message-cut error (SEMSGCUT or
 *   REMSGCUT); nothing reaches the receiver.
 * - A reply without a caller fails in the send phase (ENOT_EXISTENT or
 *   NO_REPLY_CAP) and skips the receive phase.
 * - Timeouts expire on timer ticks: an expiry may come up to one tick
 *   (KIP scheduler_granularity) early relative to the KIP clock.
 * - A zero send timeout never blocks: a lower-priority thread that is
 *   ready does not run during such a send.
 * - A capability sent through a thread or gate capability without S
 *   arrives without S (Fiasco: the S right of the invoked capability
 *   limits what the message may carry).
 */
#include <l4/crt0.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include <l4/sys/vcon.h>
#include "kta_common.h"
#include "tap.h"

#define PLAN 50

static struct kt_thread echo, sleeper, noreply, late, snd_b, snd_c, snd_d, opener, spinner, capper,
    nobuf, closed;
static volatile unsigned long spins;

#define RCVD_CAP   KT_CAP(0x30) /* where capper receives capabilities */
#define THREAD_NOS KT_CAP(0x31) /* capper's thread capability without S */
#define GATE       KT_CAP(0x32) /* a gate bound to capper */
#define GATE_NOS   KT_CAP(0x33) /* that gate without S */
#define IRQ_TMP    KT_CAP(0x34)
#define UNASKED    KT_CAP(0x35) /* where a sender aims a capability nobody asked for */

/* Echo server: each message is answered with mr[i] + 1; res[] records it. */
static void echo_fn(struct kt_thread *t)
{
    l4_utcb_t *u = l4_utcb();
    l4_msg_regs_t *m = l4_utcb_mr_u(u);
    l4_umword_t label = 0;
    l4_msgtag_t tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);

    for (;;) {
        unsigned i, n;

        if (l4_msgtag_has_error(tag)) {
            t->res[7] = kt_ipc_err(tag);
            tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
            continue;
        }
        n = l4_msgtag_words(tag);
        t->res[0]++;                            /* messages received */
        t->res[1] = (long)label;                /* received label */
        t->res[2] = l4_msgtag_label(tag);       /* tag label */
        t->res[3] = (long)n;
        t->res[4] = n ? (long)m->mr[0] : -1;
        t->res[5] = n ? (long)m->mr[n - 1] : -1;
        for (i = 0; i < n; ++i) {
            m->mr[i] += 1;
        }
        tag = l4_ipc_reply_and_wait(u, l4_msgtag(0x77, n, 0, 0), &label,
                                    kt_timeout_ms(0, ~0U));
    }
}

/* Sleeps forever: never accepts a message. */
static void sleeper_fn(struct kt_thread *t)
{
    (void)t;
    for (;;) {
        l4_ipc_sleep(L4_IPC_NEVER);
    }
}

/* Receives one message and never replies. */
static void noreply_fn(struct kt_thread *t)
{
    l4_umword_t label;

    t->res[0] = kt_ipc_err(l4_ipc_wait(l4_utcb(), &label, kt_timeout_ms(0, 3000)));
    for (;;) {
        l4_ipc_sleep(L4_IPC_NEVER);
    }
}

/* Receives a call, waits until the caller gave up, then tries to reply. */
static void late_fn(struct kt_thread *t)
{
    l4_umword_t label;
    l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, kt_timeout_ms(0, 3000));

    t->res[0] = kt_ipc_err(tag);
    kt_sleep_ms(60);
    tag = l4_ipc(L4_INVALID_CAP, l4_utcb(), L4_SYSF_REPLY | L4_SYSF_SEND, 0,
                 l4_msgtag(0, 0, 0, 0), 0, L4_IPC_BOTH_TIMEOUT_0);
    t->res[1] = l4_msgtag_has_error(tag) ? kt_ipc_err(tag) : 0;
    t->res[2] = l4_msgtag_has_error(tag);
}

/* Sends arg[0] in mr0 with slabel arg[1] to the main thread. */
static void sender_fn(struct kt_thread *t)
{
    l4_utcb_t *u = l4_utcb();

    l4_utcb_mr_u(u)->mr[0] = (l4_umword_t)t->arg[0];
    t->res[0] = kt_ipc_err(l4_ipc(L4_BASE_THREAD_CAP, u, L4_SYSF_SEND, (l4_umword_t)t->arg[1],
                                  l4_msgtag(0, 1, 0, 0), 0, kt_timeout_ms(2000, 0)));
}

/* Runs only when every higher-priority thread blocks. */
static void spinner_fn(struct kt_thread *t)
{
    (void)t;
    for (;;) {
        ++spins;
    }
}

/* Receives one capability a message into RCVD_CAP; res[0] counts, res[1] the last error. */
static void capper_fn(struct kt_thread *t)
{
    l4_utcb_t *u = l4_utcb();
    l4_umword_t label;

    for (;;) {
        l4_utcb_br_u(u)->bdr = 0;
        l4_utcb_br_u(u)->br[0] = RCVD_CAP | L4_RCV_ITEM_SINGLE_CAP;
        l4_msgtag_t tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
        t->res[1] = kt_ipc_err(tag);
        t->res[2] = l4_msgtag_items(tag);
        t->res[0]++;
    }
}

/* A closed wait on the sleeper, who never sends; res[1] set when it ends. */
static void closed_fn(struct kt_thread *t)
{
    t->res[0] = kt_ipc_err(l4_ipc_receive(sleeper.cap, l4_utcb(), kt_timeout_ms(0, 100)));
    t->res[1] = 1;
}

/* Waits with no receive buffers at all: accepts no capability. */
static void nobuf_fn(struct kt_thread *t)
{
    l4_utcb_t *u = l4_utcb();
    l4_umword_t label;

    l4_utcb_br_u(u)->bdr = 0;
    l4_utcb_br_u(u)->br[0] = 0;
    l4_utcb_br_u(u)->br[1] = 0;
    t->res[0] = kt_ipc_err(l4_ipc_wait(u, &label, kt_timeout_ms(0, 3000)));
    t->res[1] = 1;
}

static int is_msgcut(long e)
{
    return (e & ~1L) == L4_IPC_SEMSGCUT;
}

static void test_call(void)
{
    l4_utcb_t *u = l4_utcb();
    l4_msg_regs_t *m = l4_utcb_mr_u(u);
    l4_msgtag_t tag;
    unsigned i;
    int content_ok = 1;

    tap_is_int(kt_thread_start(&echo, KT_CAP(0x20), echo_fn), 0,
               "echo server thread created, bound and started");
    for (i = 0; i < 5; ++i) {
        m->mr[i] = 100 + i;
    }
    tag = l4_ipc(echo.cap, u, L4_SYSF_CALL, 0x5670, l4_msgtag(0x1234, 5, 0, 0), 0,
                 kt_timeout_ms(500, 500));
    tap_is_int(kt_ipc_err(tag), 0, "call to a thread returns without IPC error");
    tap_is_int(l4_msgtag_words(tag), 5, "reply carries the 5 words of the server");
    for (i = 0; i < 5; ++i) {
        content_ok &= m->mr[i] == 101 + i;
    }
    tap_ok(content_ok, "reply words are the server's (mr[i] + 1)");
    tap_is_int(l4_msgtag_label(tag), 0x77, "reply tag label arrives");
    tap_ok(echo.res[3] == 5 && echo.res[4] == 100 && echo.res[5] == 104,
           "server received the 5 words in order");
    tap_is_int(echo.res[2], 0x1234, "server received the tag label unchanged");
    tap_is_int(echo.res[1], 0x5670, "server received the sender's label (thread cap)");

    for (i = 0; i < 63; ++i) {
        m->mr[i] = 0x1000 + i;
    }
    tag = l4_ipc_call(echo.cap, u, l4_msgtag(0, 63, 0, 0), kt_timeout_ms(500, 500));
    tap_ok(kt_ipc_err(tag) == 0 && l4_msgtag_words(tag) == 63 && m->mr[62] == 0x1000 + 63,
           "call with all 63 message registers (reply_and_wait serves the 2nd call)");
    tag = l4_ipc_call(echo.cap, u, l4_msgtag(0, 0, 0, 0), kt_timeout_ms(0, 500));
    tap_ok(kt_ipc_err(tag) == 0, "send timeout 0 succeeds while the partner waits");

    long before = echo.res[0];
    tag = l4_ipc_call(echo.cap, u, l4_msgtag(0, 63, 1, 0), kt_timeout_ms(200, 200));
    tap_ok(is_msgcut(kt_ipc_err(tag)) && echo.res[0] == before,
           "63 words + 1 item (more than the MRs) fails with msg cut (err %ld)",
           kt_ipc_err(tag));
    /* 62 + 2 = 64 words: one too many, although words + items is only 63. */
    m->mr[62] = 0; /* a void item: were it accepted, the call would reach echo */
    tag = l4_ipc_call(echo.cap, u, l4_msgtag(0, 62, 1, 0), kt_timeout_ms(200, 200));
    tap_ok(is_msgcut(kt_ipc_err(tag)) && echo.res[0] == before,
           "62 words + 1 item (64 > 63 MRs) fails with msg cut (err %ld)", kt_ipc_err(tag));
}

static void test_timeouts(void)
{
    l4_utcb_t *u = l4_utcb();
    l4_uint64_t gran = l4_global_kip->scheduler_granularity;
    l4_uint64_t t0, dt;
    l4_msgtag_t tag;
    l4_umword_t label;

    tap_is_int(kt_thread_start(&sleeper, KT_CAP(0x21), sleeper_fn), 0,
               "sleeper thread started");
    kt_sleep_ms(5);
    tag = l4_ipc_send(sleeper.cap, u, l4_msgtag(0, 0, 0, 0), kt_timeout_ms(0, 0));
    tap_is_int(kt_ipc_err(tag), L4_IPC_SETIMEOUT, "send timeout 0 to a non-receiver: SETIMEOUT");
    tap_ok(l4_msgtag_has_error(tag) && l4_ipc_is_snd_error(u), "... reported as send error");

    /* Had the zero-timeout send blocked even until the next tick, the ready
     * lower-priority spinner would have run in between. */
    kt_thread_create(&spinner, KT_CAP(0x28));
    kt_thread_bind(&spinner);
    kt_thread_set_fn(&spinner, spinner_fn);
    tap_is_int(kt_thread_run(&spinner, 1), 0, "a spinner below our priority is ready");
    kt_sleep_ms(2);
    unsigned long spins_before = spins;
    tag = l4_ipc_send(sleeper.cap, u, l4_msgtag(0, 0, 0, 0), kt_timeout_ms(0, 0));
    unsigned long spins_after = spins;
    tap_ok(kt_ipc_err(tag) == L4_IPC_SETIMEOUT && spins_before > 0 && spins_after == spins_before,
           "zero send timeout fails at once, never blocks (err %ld, spinner ran %lu times)",
           kt_ipc_err(tag), spins_after - spins_before);

    t0 = kt_now_us();
    tag = l4_ipc_send(sleeper.cap, u, l4_msgtag(0, 0, 0, 0), kt_timeout_ms(20, 0));
    dt = kt_now_us() - t0;
    tap_ok(kt_ipc_err(tag) == L4_IPC_SETIMEOUT && dt + gran >= 20000 && dt < 500000,
           "send timeout 20 ms fires after %llu us", (unsigned long long)dt);

    t0 = kt_now_us();
    tag = l4_ipc_receive(sleeper.cap, u, kt_timeout_ms(0, 30));
    dt = kt_now_us() - t0;
    tap_is_int(kt_ipc_err(tag), L4_IPC_RETIMEOUT, "closed receive from a silent thread: RETIMEOUT");
    tap_ok(dt + gran >= 30000 && dt < 500000, "receive timeout 30 ms fires after %llu us",
           (unsigned long long)dt);
    tap_ok(l4_ipc_is_rcv_error(u), "... reported as receive error");

    spins_before = spins;
    tag = l4_ipc_wait(u, &label, kt_timeout_ms(0, 0));
    spins_after = spins;
    l4_task_delete_obj(L4_BASE_TASK_CAP, spinner.cap);
    tap_ok(kt_ipc_err(tag) == L4_IPC_RETIMEOUT && spins_after == spins_before,
           "open wait with zero timeout polls, never blocks (spinner ran %lu times)",
           spins_after - spins_before);

    tag = l4_ipc_send(KT_EMPTY_CAP, u, l4_msgtag(0, 0, 0, 0), kt_timeout_ms(0, 0));
    tap_is_int(kt_ipc_err(tag), L4_IPC_ENOT_EXISTENT, "send to an empty slot: ENOT_EXISTENT");

    tap_is_int(kt_thread_start(&noreply, KT_CAP(0x22), noreply_fn), 0,
               "non-replying server started");
    t0 = kt_now_us();
    tag = l4_ipc_call(noreply.cap, u, l4_msgtag(0, 0, 0, 0), kt_timeout_ms(500, 30));
    dt = kt_now_us() - t0;
    tap_ok(kt_ipc_err(tag) == L4_IPC_RETIMEOUT && noreply.res[0] == 0 && dt < 500000,
           "call: receive timeout fires when the server does not reply (err %ld)",
           kt_ipc_err(tag));
}

static void test_waits(void)
{
    l4_utcb_t *u = l4_utcb();
    l4_msg_regs_t *m = l4_utcb_mr_u(u);
    l4_umword_t label = 0;
    l4_msgtag_t tag;

    opener.arg[0] = 0xa0;
    opener.arg[1] = 0xa00;
    tap_is_int(kt_thread_start(&opener, KT_CAP(0x23), sender_fn), 0, "sender A started");
    tag = l4_ipc_wait(u, &label, kt_timeout_ms(0, 500));
    tap_ok(kt_ipc_err(tag) == 0 && m->mr[0] == 0xa0, "open wait receives from a sender");
    tap_is_int((long long)label, 0xa00, "open wait returns the sender's label");

    snd_b.arg[0] = 0xb0;
    snd_b.arg[1] = 0xb00;
    snd_c.arg[0] = 0xc0;
    snd_c.arg[1] = 0xc00;
    kt_thread_start(&snd_b, KT_CAP(0x24), sender_fn);
    kt_sleep_ms(10); /* B queues first */
    kt_thread_start(&snd_c, KT_CAP(0x25), sender_fn);
    kt_sleep_ms(10);
    tag = l4_ipc_receive(snd_c.cap, u, kt_timeout_ms(0, 500));
    tap_ok(kt_ipc_err(tag) == 0 && m->mr[0] == 0xc0,
           "closed wait takes the named partner C although B queued first");
    tag = l4_ipc_receive(snd_b.cap, u, kt_timeout_ms(0, 500));
    tap_ok(kt_ipc_err(tag) == 0 && m->mr[0] == 0xb0, "B is still queued and received next");

    snd_d.arg[0] = 0xd0;
    snd_d.arg[1] = 0xd00;
    kt_thread_start(&snd_d, KT_CAP(0x26), sender_fn);
    kt_sleep_ms(10);
    tag = l4_ipc_receive(sleeper.cap, u, kt_timeout_ms(0, 20));
    tap_is_int(kt_ipc_err(tag), L4_IPC_RETIMEOUT, "closed wait ignores another queued sender");
    tag = l4_ipc_wait(u, &label, kt_timeout_ms(0, 500));
    tap_ok(kt_ipc_err(tag) == 0 && m->mr[0] == 0xd0 && label == 0xd00,
           "the ignored sender D is received by an open wait");
    kt_sleep_ms(5);
    tap_ok(snd_b.res[0] == 0 && snd_c.res[0] == 0 && snd_d.res[0] == 0 && snd_d.done,
           "every sender saw its send succeed");

    tap_is_int(kt_thread_start(&closed, KT_CAP(0x2b), closed_fn), 0,
               "a thread in a closed wait on another thread");
    kt_sleep_ms(2);
    tag = l4_ipc_send(closed.cap, u, l4_msgtag(0, 0, 0, 0), kt_timeout_ms(0, 0));
    tap_ok(kt_ipc_err(tag) == L4_IPC_SETIMEOUT && !closed.res[1],
           "a send to it with zero timeout is not accepted: SETIMEOUT (err %ld)",
           kt_ipc_err(tag));
}

static void test_reply(void)
{
    l4_utcb_t *u = l4_utcb();
    l4_umword_t label;
    l4_msgtag_t tag;
    long e;

    tag = l4_ipc_reply_and_wait(u, l4_msgtag(0, 0, 0, 0), &label, kt_timeout_ms(0, 10));
    e = kt_ipc_err(tag);
    tap_ok((e == L4_IPC_ENOT_EXISTENT || e == L4_IPC_NO_REPLY_CAP) && l4_ipc_is_snd_error(u),
           "reply_and_wait without a caller fails in the send phase (err %ld)", e);

    tap_is_int(kt_thread_start(&late, KT_CAP(0x27), late_fn), 0, "late replier started");
    tag = l4_ipc_call(late.cap, u, l4_msgtag(0, 0, 0, 0), kt_timeout_ms(500, 10));
    kt_wait_done(&late, 500);
    tap_ok(kt_ipc_err(tag) == L4_IPC_RETIMEOUT && late.done && late.res[2] == 1,
           "a reply after the caller gave up fails (err %ld)", (long)late.res[1]);
}

/* Send our factory capability (all rights) through \a dst to capper; 1 if it got there. */
static int send_factory(l4_cap_idx_t dst)
{
    l4_utcb_t *u = l4_utcb();
    long before = capper.res[0];

    l4_utcb_mr_u(u)->mr[0] = l4_map_obj_control(0, 0);
    l4_utcb_mr_u(u)->mr[1] = l4_obj_fpage(L4_BASE_FACTORY_CAP, 0, L4_CAP_FPAGE_RWS).raw;
    l4_msgtag_t tag = l4_ipc_send(dst, u, l4_msgtag(0, 0, 1, 0), kt_timeout_ms(500, 0));
    kt_sleep_ms(2);
    return kt_ipc_err(tag) == 0 && capper.res[0] == before + 1 && capper.res[1] == 0 &&
           capper.res[2] == 1;
}

/* Whether the capability capper received may create objects (needs S). */
static long received_factory_works(void)
{
    long r = l4_error(l4_factory_create_irq(RCVD_CAP, IRQ_TMP));
    if (r == 0) {
        l4_task_delete_obj(L4_BASE_TASK_CAP, IRQ_TMP);
    }
    return r;
}

static long alias_without_s(l4_cap_idx_t cap, l4_cap_idx_t alias)
{
    return l4_error(l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP,
                                l4_obj_fpage(cap, 0, L4_CAP_FPAGE_RW),
                                l4_map_obj_control(alias, 0)));
}

static void test_send_rights(void)
{
    tap_is_int(kt_thread_start(&capper, KT_CAP(0x29), capper_fn), 0,
               "capability receiver started");
    kt_sleep_ms(2);
    tap_ok(alias_without_s(capper.cap, THREAD_NOS) == 0 && send_factory(THREAD_NOS),
           "a capability sent through a thread capability without S arrives");
    tap_is_int(received_factory_works(), -L4_EPERM, "... without S (factory create: -EPERM)");
    tap_ok(send_factory(capper.cap) && received_factory_works() == 0,
           "sent through the thread capability with S, it keeps S");
    tap_is_int(l4_error(l4_factory_create_gate(L4_BASE_FACTORY_CAP, GATE, capper.cap, 0x40)), 0,
               "a gate bound to the receiver");
    tap_ok(alias_without_s(GATE, GATE_NOS) == 0 && send_factory(GATE_NOS) &&
               received_factory_works() == -L4_EPERM,
           "a capability sent through a gate capability without S arrives without S");
    tap_is_int(l4_error(l4_ipc_gate_bind_thread(GATE, THREAD_NOS, 0x80)), -L4_EPERM,
               "binding the gate to a thread through a capability without S: -EPERM");

    tap_is_int(kt_thread_start(&nobuf, KT_CAP(0x2a), nobuf_fn), 0,
               "a receiver without receive buffers");
    kt_sleep_ms(2);
    l4_utcb_mr()->mr[0] = l4_map_obj_control(UNASKED, 0);
    l4_utcb_mr()->mr[1] = l4_obj_fpage(L4_BASE_FACTORY_CAP, 0, L4_CAP_FPAGE_RWS).raw;
    l4_msgtag_t tag = l4_ipc_send(nobuf.cap, l4_utcb(), l4_msgtag(0, 0, 1, 0),
                                  kt_timeout_ms(500, 0));
    kt_sleep_ms(2);
    tap_ok(kt_ipc_err(tag) != 0 && nobuf.res[1] == 1 && nobuf.res[0] != 0 &&
               l4_msgtag_label(l4_task_cap_valid(L4_BASE_TASK_CAP, UNASKED)) == 0,
           "a capability sent to it fails on both sides and lands nowhere (err %ld/%ld)",
           kt_ipc_err(tag), (long)nobuf.res[0]);
}

/* Fill mr[from..from+3] with the marker ktest-ipc.test rejects, made at run time
 * so that the program text itself never holds it. */
static void mark_words(l4_umword_t *mr, unsigned from)
{
    char *c = (char *)&mr[from];
    for (unsigned i = 0; i < 4 * sizeof(l4_umword_t); ++i) {
        c[i] = "UTCB"[i % 4] + (i % 8 < 4 ? 0 : 1);
    }
}

/* The kernel log prints only bytes the message holds; its opcodes are bounded. */
static void test_log_bounds(void)
{
    l4_utcb_t *u = l4_utcb();
    l4_umword_t *mr = l4_utcb_mr_u(u)->mr;
    l4_msgtag_t tag;

    mr[0] = L4_VCON_WRITE_OP;
    mr[1] = 40;                            /* claims 40 bytes, ... */
    __builtin_memcpy(&mr[2], "bounded\n", 8); /* ... carries 8 */
    mark_words(mr, 3);
    tag = l4_ipc_send(L4_BASE_LOG_CAP, u, l4_msgtag(L4_PROTO_LOG, 3, 0, 0), L4_IPC_NEVER);
    tap_is_int(l4_error(tag), 0, "log write claiming more bytes than it carries prints only "
               "those (the spec rejects the marker behind them)");
    mr[0] = L4_VCON_WRITE_OP;
    mark_words(mr, 1);
    mr[1] = 16;
    tag = l4_ipc_send(L4_BASE_LOG_CAP, u, l4_msgtag(L4_PROTO_LOG, 1, 0, 0), L4_IPC_NEVER);
    tap_is_int(l4_error(tag), -L4_EMSGTOOSHORT, "log write of one word: -EMSGTOOSHORT");
    unsigned bad = 0;
    for (unsigned op = 0x10; op <= 0xffff; ++op) {
        mr[0] = op;
        tag = l4_ipc_call(L4_BASE_LOG_CAP, u, l4_msgtag(L4_PROTO_LOG, 1, 0, 0), L4_IPC_NEVER);
        bad += l4_error(tag) != -L4_ENOSYS;
    }
    tap_is_int(bad, 0, "log opcodes 0x10..0xffff: all -ENOSYS");
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    tap_start(PLAN);
    test_call();
    test_timeouts();
    test_waits();
    test_reply();
    test_send_rights();
    test_log_bounds();
    return tap_done();
}
