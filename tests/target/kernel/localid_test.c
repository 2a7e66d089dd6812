// SPDX-License-Identifier: MIT
/*
 * L4_RCV_ITEM_LOCAL_ID receive buffers: a capability sent to a receiver in
 * the same task is not mapped again; the receiver gets the raw flexpage
 * (return item type 6) and its receive slot stays empty. Without the flag
 * the same message maps the capability. (The cross-task case, an IPC gate
 * delivered as its label to the task of its bound thread, is exercised by
 * moe's copy_in.)
 */
#include <l4/crt0.h>
#include <l4/sys/factory.h>
#include <l4/sys/ipc.h>
#include <l4/sys/task.h>
#include "kta_common.h"
#include "tap.h"

#define PLAN 7
#define SLOT KT_CAP(0x30)
#define SENT_CAP L4_BASE_LOG_CAP

static struct kt_thread rcv;

/* Receive one message with a single-cap buffer; arg[0] = extra buffer flags. */
static void rcv_fn(struct kt_thread *t)
{
    for (int round = 0; round < 2; round++) {
        l4_buf_regs_t *br = l4_utcb_br();
        br->bdr = 0;
        br->br[0] = SLOT | L4_RCV_ITEM_SINGLE_CAP | (round == 0 ? L4_RCV_ITEM_LOCAL_ID : 0);
        l4_umword_t label;
        l4_msgtag_t tag = l4_ipc_wait(l4_utcb(), &label, kt_timeout_ms(1000, 1000));
        t->res[round * 3 + 0] = kt_ipc_err(tag);
        t->res[round * 3 + 1] = (long)l4_utcb_mr()->mr[0];
        t->res[round * 3 + 2] = (long)l4_utcb_mr()->mr[1];
        t->arg[round] = l4_msgtag_label(l4_task_cap_valid(L4_BASE_TASK_CAP, SLOT));
        l4_task_release_cap(L4_BASE_TASK_CAP, SLOT);
    }
}

static long send_cap(void)
{
    l4_msg_regs_t *mr = l4_utcb_mr();
    mr->mr[0] = l4_map_obj_control(0, 0);
    mr->mr[1] = l4_obj_fpage(SENT_CAP, 0, L4_CAP_FPAGE_RW).raw;
    return kt_ipc_err(l4_ipc_send(rcv.cap, l4_utcb(), l4_msgtag(0, 0, 1, 0),
                                  kt_timeout_ms(1000, 1000)));
}

int l4_main(l4_kernel_info_t *kip)
{
    (void)kip;
    tap_start(PLAN);
    tap_is_int(kt_thread_start(&rcv, KT_CAP(0x20), rcv_fn), 0, "receiver thread started");
    tap_is_int(send_cap(), 0, "send a log capability to a LOCAL_ID buffer");
    tap_is_int(send_cap(), 0, "send it again to a plain single-cap buffer");
    kt_sleep_ms(20);
    tap_ok(rcv.res[0] == 0 && (rcv.res[1] & 6) == 6,
           "same task + LOCAL_ID: return item type 6 (raw flexpage), item 0x%lx", rcv.res[1]);
    tap_ok((l4_umword_t)rcv.res[2] == l4_obj_fpage(SENT_CAP, 0, L4_CAP_FPAGE_RW).raw,
           "... word 1 is the sender's flexpage (0x%lx)", rcv.res[2]);
    tap_is_int(rcv.arg[0], 0, "... and nothing was mapped into the receive slot");
    tap_ok(rcv.res[3] == 0 && rcv.arg[1] == 1 && (rcv.res[4] & 6) == 0,
           "without LOCAL_ID the capability is mapped (valid %ld, item 0x%lx)", rcv.arg[1],
           rcv.res[4]);
    return tap_done();
}
