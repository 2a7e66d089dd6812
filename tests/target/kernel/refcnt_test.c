// SPDX-License-Identifier: MIT
/*
 * Object lifetime through counted and uncounted capabilities, and the
 * deletion IRQ that tells a server its gate died (how moe learns that a
 * client dropped a dataspace):
 * - l4_kobject_dec_refcnt(gate, 1) makes the invoking capability uncounted;
 *   a second time is -L4_EINVAL;
 * - the gate lives while a counted capability exists and dies with the last
 *   one; the bound thread's deletion IRQ (l4_thread_register_del_irq) fires;
 *   the uncounted capability then behaves as empty;
 * - a copy mapped with L4_FPAGE_C_NO_REF_CNT does not keep the gate alive
 *   (the creator's capability uncounted, the last counted client gone);
 * - without dec_refcnt the creator's capability keeps the gate alive.
 */
#include <l4/crt0.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/ipc_gate.h>
#include <l4/sys/irq.h>
#include <l4/sys/kernel_object.h>
#include <l4/sys/rcv_endpoint.h>
#include <l4/sys/task.h>
#include <l4/sys/thread.h>
#include "kta_common.h"
#include "tap.h"

#define PLAN 14
#define IRQ KT_CAP(0x30)
#define GATE KT_CAP(0x31)
#define CLIENT KT_CAP(0x32)
#define GATE2 KT_CAP(0x33)
#define WEAK KT_CAP(0x34)
#define GATE3 KT_CAP(0x35)
#define CLIENT3 KT_CAP(0x36)
#define DEL_LABEL 0x40

static struct kt_thread server;

static void server_fn(struct kt_thread *t)
{
    (void)t;
    for (;;) {
        l4_ipc_sleep(L4_IPC_NEVER);
    }
}

static long err(l4_msgtag_t t)
{
    return l4_error(t);
}

static long valid(l4_cap_idx_t c)
{
    return l4_msgtag_label(l4_task_cap_valid(L4_BASE_TASK_CAP, c));
}

static void map_copy(l4_cap_idx_t from, l4_cap_idx_t to, unsigned attr)
{
    l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, l4_obj_fpage(from, 0, L4_CAP_FPAGE_RWS),
                l4_map_obj_control(to, 0) | attr);
}

/* The deletion IRQ's message, or an IPC error after 100 ms. */
static long wait_del_irq(void)
{
    l4_msgtag_t tag = l4_ipc_receive(IRQ, l4_utcb(), kt_timeout_ms(100, 100));
    long e = kt_ipc_err(tag);
    return e ? -e : 1;
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    tap_start(PLAN);
    tap_is_int(kt_thread_start(&server, KT_CAP(0x20), server_fn), 0, "server thread started");
    tap_ok(err(l4_factory_create_irq(L4_BASE_FACTORY_CAP, IRQ)) == 0 &&
               err(l4_rcv_ep_bind_thread(IRQ, L4_BASE_THREAD_CAP, DEL_LABEL)) == 0,
           "deletion IRQ created and bound to the main thread");
    tap_is_int(err(l4_thread_register_del_irq(server.cap, IRQ)), 0,
               "registered as the server's deletion IRQ");

    tap_is_int(err(l4_factory_create_gate(L4_BASE_FACTORY_CAP, GATE, server.cap, 0x100)), 0,
               "gate bound to the server");
    map_copy(GATE, CLIENT, 0);
    tap_is_int(err(l4_kobject_dec_refcnt(GATE, 2)), -L4_EINVAL,
               "dec_refcnt by 2 (a capability holds one reference): -L4_EINVAL");
    tap_is_int(err(l4_kobject_dec_refcnt(GATE, 1)), 0, "dec_refcnt on the creator's capability");
    tap_is_int(err(l4_kobject_dec_refcnt(GATE, 1)), -L4_EINVAL, "a second dec_refcnt: -L4_EINVAL");
    tap_ok(valid(GATE) == 1 && valid(CLIENT) == 1, "the client's capability keeps the gate alive");
    tap_ok(wait_del_irq() < 0, "no deletion IRQ while a client holds it");
    l4_task_release_cap(L4_BASE_TASK_CAP, CLIENT);
    tap_is_int(wait_del_irq(), 1, "the last counted capability gone: deletion IRQ fires");
    tap_is_int(valid(GATE), 0, "the server's uncounted capability now behaves as empty");

    tap_is_int(err(l4_factory_create_gate(L4_BASE_FACTORY_CAP, GATE2, server.cap, 0x200)), 0,
               "second gate");
    map_copy(GATE2, CLIENT, 0);
    map_copy(GATE2, WEAK, L4_FPAGE_C_NO_REF_CNT);
    l4_kobject_dec_refcnt(GATE2, 1);
    l4_task_release_cap(L4_BASE_TASK_CAP, CLIENT);
    tap_ok(wait_del_irq() == 1 && valid(WEAK) == 0,
           "a copy mapped with NO_REF_CNT does not keep the gate alive");

    l4_factory_create_gate(L4_BASE_FACTORY_CAP, GATE3, server.cap, 0x300);
    map_copy(GATE3, CLIENT3, 0);
    l4_task_release_cap(L4_BASE_TASK_CAP, CLIENT3);
    tap_ok(wait_del_irq() < 0 && valid(GATE3) == 1,
           "without dec_refcnt the creator's capability keeps the gate alive");
    return tap_done();
}
