/* SPDX-License-Identifier: MIT */
/*
 * Kernel test ktest_gate (root task, TAP): IPC gates. Creating bound and
 * unbound gates, get_infos, calls through a gate (the server sees the gate
 * label ORed with the W/S rights of the caller's capability, never the
 * sender's own label), label and binding errors, client-only capabilities
 * (mapped without the server right), an unbound gate blocking its sender
 * until it is bound (or the send timeout fires), and deleting a gate
 * waking a blocked sender with an error.
 * Semantics relied on where the reference is silent or loose:
 * - A capability fresh from the factory carries S and the server right
 *   (L4_FPAGE_C_IPCGATE_SVR). A client-only copy (mapped RW, without S and
 *   without the server right) can call, but bind (needs S) and get_infos
 *   (needs the server right) give -L4_EPERM. A call's label shows the W
 *   and S rights of the capability used (a client-only copy: W = 1).
 * - get_infos returns the label exactly as bound (rights bits clear).
 * - Binding to something that is not a thread gives -L4_EINVAL; an
 *   unknown gate opcode -L4_ENOSYS.
 * - A sender blocked on a deleted gate returns early with an IPC error
 *   other than a timeout (the test accepts any code but SETIMEOUT).
 */
#include <l4/crt0.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/task.h>
#include "kta_common.h"
#include "tap.h"

#define PLAN 28

#define G1      KT_CAP(0x40) /* bound to the server, label 0x100 */
#define G2      KT_CAP(0x41) /* created unbound, label 0x200 */
#define G3      KT_CAP(0x42) /* unbound, deleted under a blocked sender */
#define G_BAD   KT_CAP(0x43)
#define G1_CLI  KT_CAP(0x44) /* client-only copy of G1 */
#define G1_SVR  KT_CAP(0x45) /* copy of G1 with the server right */
#define G1_RO   KT_CAP(0x46) /* copy of G1 with R only */

static struct kt_thread server, client2, client3, spinner;
static volatile unsigned long spins;

/* Runs only while every higher-priority thread is blocked. */
static void spinner_fn(struct kt_thread *t)
{
    (void)t;
    for (;;) {
        ++spins;
    }
}

static long err(l4_msgtag_t t)
{
    return l4_error(t);
}

/* Echo server: records the received label, replies mr0 + 1 and the label. */
static void server_fn(struct kt_thread *t)
{
    l4_utcb_t *u = l4_utcb();
    l4_msg_regs_t *m = l4_utcb_mr_u(u);
    l4_umword_t label = 0;
    l4_msgtag_t tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);

    for (;;) {
        if (l4_msgtag_has_error(tag)) {
            tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
            continue;
        }
        t->res[0]++;
        t->res[1] = (long)label;
        m->mr[0] += 1;
        m->mr[1] = label;
        tag = l4_ipc_reply_and_wait(u, l4_msgtag(0, 2, 0, 0), &label, kt_timeout_ms(0, ~0U));
    }
}

/* Calls the gate arg[0] (send timeout arg[1] ms) and records the outcome. */
static void client_fn(struct kt_thread *t)
{
    l4_utcb_t *u = l4_utcb();
    l4_uint64_t t0 = kt_now_us();
    l4_msgtag_t tag;

    l4_utcb_mr_u(u)->mr[0] = 7;
    tag = l4_ipc_call((l4_cap_idx_t)t->arg[0], u, l4_msgtag(0, 1, 0, 0),
                      kt_timeout_ms((unsigned)t->arg[1], 1000));
    t->res[0] = kt_ipc_err(tag);
    t->res[1] = (long)l4_utcb_mr_u(u)->mr[0];
    t->res[2] = (long)(kt_now_us() - t0);
}

/* Call \a gate with mr0 = \a v; \return the IPC error, *reply = mr0, *label = mr1. */
static long call_gate(l4_cap_idx_t gate, l4_umword_t slabel, l4_umword_t v, l4_umword_t *reply,
                      l4_umword_t *label)
{
    l4_utcb_t *u = l4_utcb();
    l4_msg_regs_t *m = l4_utcb_mr_u(u);
    l4_msgtag_t tag;

    m->mr[0] = v;
    tag = l4_ipc(gate, u, L4_SYSF_CALL, slabel, l4_msgtag(0, 1, 0, 0), 0,
                 kt_timeout_ms(500, 500));
    *reply = m->mr[0];
    *label = m->mr[1];
    return kt_ipc_err(tag);
}

static void test_bound(void)
{
    l4_umword_t label = 0, reply = 0, rl = 0;
    long e;

    tap_is_int(kt_thread_start(&server, KT_CAP(0x20), server_fn), 0, "server thread started");
    tap_is_int(err(l4_factory_create_gate(L4_BASE_FACTORY_CAP, G1, server.cap, 0x100)), 0,
               "create a gate bound to the server with label 0x100");
    tap_ok(err(l4_ipc_gate_get_infos(G1, &label)) == 0 && label == 0x100,
           "get_infos returns the label (0x%lx)", label);
    e = call_gate(G1, 0x5550, 41, &reply, &rl);
    tap_ok(e == 0 && reply == 42, "call through the gate reaches the server and returns");
    tap_is_int((long long)(rl & ~3UL), 0x100, "the server sees the gate label, not the sender's");
    tap_is_int((long long)(rl & 3UL), L4_CAP_FPAGE_W | L4_CAP_FPAGE_S,
               "label bits 0..1 carry the W and S rights of the caller's capability");

    tap_is_int(err(l4_factory_create_gate(L4_BASE_FACTORY_CAP, G_BAD, server.cap, 0x101)),
               -L4_EINVAL, "create with label bit 0 set: -L4_EINVAL");
    tap_is_int(err(l4_factory_create_gate(L4_BASE_FACTORY_CAP, G_BAD, server.cap, 0x102)),
               -L4_EINVAL, "create with label bit 1 set: -L4_EINVAL");
    tap_is_int(err(l4_factory_create_gate(L4_BASE_FACTORY_CAP, G_BAD, L4_BASE_LOG_CAP, 0x100)),
               -L4_EINVAL, "create bound to a non-thread: -L4_EINVAL");

    l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, l4_obj_fpage(G1, 0, L4_CAP_FPAGE_RW),
                l4_map_obj_control(G1_CLI, 0));
    l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, l4_obj_fpage(G1, 0, L4_CAP_FPAGE_RWS),
                l4_map_obj_control(G1_SVR, 0) | L4_FPAGE_C_IPCGATE_SVR);
    l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, l4_obj_fpage(G1, 0, L4_CAP_FPAGE_RO),
                l4_map_obj_control(G1_RO, 0));
    tap_is_int(err(l4_ipc_gate_get_infos(G1_CLI, &label)), -L4_EPERM,
               "get_infos on a client-only capability: -L4_EPERM");
    tap_is_int(err(l4_ipc_gate_bind_thread(G1_CLI, server.cap, 0x100)), -L4_EPERM,
               "bind through a client-only capability: -L4_EPERM");
    label = 0;
    tap_ok(err(l4_ipc_gate_get_infos(G1_SVR, &label)) == 0 && label == 0x100,
           "a copy mapped with the server right may get_infos");
    e = call_gate(G1_CLI, 0, 1, &reply, &rl);
    tap_ok(e == 0 && reply == 2 && rl == (0x100 | L4_CAP_FPAGE_W),
           "a client-only capability can still call (label 0x%lx)", rl);
    e = call_gate(G1_RO, 0, 1, &reply, &rl);
    tap_ok(e == 0 && rl == 0x100, "a call through a read-only copy shows no rights bits (0x%lx)",
           rl);

    l4_utcb_mr()->mr[0] = 0x7f;
    tap_is_int(err(l4_ipc_call(G1, l4_utcb(), l4_msgtag(L4_PROTO_KOBJECT, 1, 0, 0),
                               kt_timeout_ms(500, 500))),
               -L4_ENOSYS, "unknown gate opcode: -L4_ENOSYS");
    tap_is_int(kt_ipc_err(l4_ipc_gate_get_infos(KT_EMPTY_CAP, &label)), L4_IPC_ENOT_EXISTENT,
               "get_infos on an empty slot: ENOT_EXISTENT");
}

static void test_unbound(void)
{
    l4_umword_t label = 0;
    l4_uint64_t t0, dt;
    l4_msgtag_t tag;

    tap_is_int(err(l4_factory_create_gate(L4_BASE_FACTORY_CAP, G2, L4_INVALID_CAP, 0x200)), 0,
               "create an unbound gate");
    t0 = kt_now_us();
    l4_utcb_mr()->mr[0] = 0;
    tag = l4_ipc_call(G2, l4_utcb(), l4_msgtag(0, 1, 0, 0), kt_timeout_ms(20, 20));
    dt = kt_now_us() - t0;
    tap_ok(kt_ipc_err(tag) == L4_IPC_SETIMEOUT && dt < 500000,
           "a call through an unbound gate times out in the send phase (%llu us)",
           (unsigned long long)dt);
    /* Had the zero-timeout send blocked even until the next tick, the ready
     * lower-priority spinner would have run in between: exact, unlike a
     * wall-clock bound under a loaded host. */
    kt_thread_create(&spinner, KT_CAP(0x23));
    kt_thread_bind(&spinner);
    kt_thread_set_fn(&spinner, spinner_fn);
    kt_thread_run(&spinner, 1);
    kt_sleep_ms(2);
    unsigned long spins_before = spins;
    tag = l4_ipc_send(G2, l4_utcb(), l4_msgtag(0, 1, 0, 0), kt_timeout_ms(0, 0));
    unsigned long spins_after = spins;
    l4_task_delete_obj(L4_BASE_TASK_CAP, spinner.cap);
    tap_ok(kt_ipc_err(tag) == L4_IPC_SETIMEOUT && spins_before > 0 && spins_after == spins_before,
           "a send with zero timeout through an unbound gate fails at once (err %lu, spinner ran "
           "%lu times)",
           kt_ipc_err(tag), spins_after - spins_before);

    client2.arg[0] = (long)G2;
    client2.arg[1] = 2000;
    tap_is_int(kt_thread_start(&client2, KT_CAP(0x21), client_fn), 0,
               "a client blocks calling the unbound gate");
    kt_sleep_ms(20);
    tap_ok(!client2.done, "the client is still blocked before the bind");
    tap_is_int(err(l4_ipc_gate_bind_thread(G2, server.cap, 0x200)), 0,
               "bind the gate to the server later");
    kt_wait_done(&client2, 500);
    tap_ok(client2.done && client2.res[0] == 0 && client2.res[1] == 8,
           "the blocked call is delivered once the gate is bound");
    tap_ok(err(l4_ipc_gate_get_infos(G2, &label)) == 0 && label == 0x200,
           "get_infos after the bind: 0x%lx", label);
    tap_is_int(err(l4_ipc_gate_bind_thread(G2, server.cap, 0x201)), -L4_EINVAL,
               "bind with label bit 0 set: -L4_EINVAL");
    tap_is_int(err(l4_ipc_gate_bind_thread(G2, L4_BASE_TASK_CAP, 0x200)), -L4_EINVAL,
               "bind to a task instead of a thread: -L4_EINVAL");

    l4_factory_create_gate(L4_BASE_FACTORY_CAP, G3, L4_INVALID_CAP, 0x300);
    client3.arg[0] = (long)G3;
    client3.arg[1] = 3000;
    kt_thread_start(&client3, KT_CAP(0x22), client_fn);
    kt_sleep_ms(20);
    tap_is_int(err(l4_task_delete_obj(L4_BASE_TASK_CAP, G3)), 0,
               "delete a gate with a blocked sender");
    kt_wait_done(&client3, 1000);
    tap_ok(client3.done && client3.res[0] != 0 && client3.res[0] != L4_IPC_SETIMEOUT
           && client3.res[2] < 2000000,
           "the blocked sender wakes with an error (%ld after %ld us)", (long)client3.res[0],
           (long)client3.res[2]);
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    tap_start(PLAN);
    test_bound();
    test_unbound();
    return tap_done();
}
