// SPDX-License-Identifier: MIT
/*
 * Absolute IPC timeouts (l4_timeout_abs): the 16-bit timeout names a buffer
 * register holding an absolute KIP-clock value. A receive from nobody with
 * an absolute timeout 30 ms ahead ends with RETIMEOUT no earlier than that
 * time; one already in the past polls; an absolute send timeout on a thread
 * that never receives ends with SETIMEOUT at its time. Resolution is one
 * timer tick. "Polls" means it never blocks: a ready thread of lower
 * priority does not run meanwhile.
 */
#include <l4/crt0.h>
#include <l4/sys/ipc.h>
#include <l4/sys/task.h>
#include "kta_common.h"
#include "tap.h"

#define PLAN 9

static struct kt_thread idle_thread, spinner;
static volatile unsigned long spins;

static void spin_fn(struct kt_thread *t)
{
    (void)t;
    for (;;) {
        ++spins;
    }
}

static void idle_fn(struct kt_thread *t)
{
    (void)t;
    for (;;) {
        l4_ipc_sleep(L4_IPC_NEVER);
    }
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    tap_start(PLAN);
    l4_uint64_t t0 = kt_now_us();
    l4_uint64_t until = t0 + 30000;
    l4_timeout_t to = l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_abs(until, 3));
    l4_msgtag_t tag = l4_ipc_receive(L4_INVALID_CAP, l4_utcb(), to);
    l4_uint64_t t1 = kt_now_us();
    tap_is_int(kt_ipc_err(tag), L4_IPC_RETIMEOUT, "absolute receive timeout ends with RETIMEOUT");
    tap_ok(t1 >= until, "... not before its time (woke %llu us after, target 30000)",
           (unsigned long long)(t1 - t0));
    tap_ok(t1 - t0 < 200000, "... and not much later (%llu us)", (unsigned long long)(t1 - t0));

    t0 = kt_now_us();
    to = l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_abs(t0 > 1000 ? t0 - 1000 : 0, 5));
    tag = l4_ipc_receive(L4_INVALID_CAP, l4_utcb(), to);
    t1 = kt_now_us();
    /* Wall-clock time under QEMU on a loaded host jitters by milliseconds; that the call
       never blocks is checked exactly below (a lower-priority spinner must not run). */
    tap_ok(kt_ipc_err(tag) == L4_IPC_RETIMEOUT && t1 - t0 < 100000,
           "an absolute time in the past polls (%llu us)", (unsigned long long)(t1 - t0));

    kt_thread_create(&spinner, KT_CAP(0x21));
    kt_thread_bind(&spinner);
    kt_thread_set_fn(&spinner, spin_fn);
    tap_is_int(kt_thread_run(&spinner, 1), 0, "a spinner below our priority is ready");
    l4_ipc_sleep_ms(2);
    unsigned long before = spins;
    t0 = kt_now_us();
    to = l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_abs(t0 > 1000 ? t0 - 1000 : 0, 5));
    tag = l4_ipc_receive(L4_INVALID_CAP, l4_utcb(), to);
    unsigned long after = spins;
    tap_ok(kt_ipc_err(tag) == L4_IPC_RETIMEOUT && before > 0 && after == before,
           "... without blocking (the spinner ran %lu times)", after - before);
    l4_task_delete_obj(L4_BASE_TASK_CAP, spinner.cap);

    tap_is_int(kt_thread_start(&idle_thread, KT_CAP(0x20), idle_fn), 0, "non-receiving thread");
    t0 = kt_now_us();
    until = t0 + 20000;
    to = l4_timeout(l4_timeout_abs(until, 7), L4_IPC_TIMEOUT_NEVER);
    tag = l4_ipc_send(idle_thread.cap, l4_utcb(), l4_msgtag(0, 0, 0, 0), to);
    t1 = kt_now_us();
    tap_is_int(kt_ipc_err(tag), L4_IPC_SETIMEOUT, "absolute send timeout ends with SETIMEOUT");
    tap_ok(t1 >= until && t1 - t0 < 200000, "... at its time (%llu us)",
           (unsigned long long)(t1 - t0));
    return tap_done();
}
