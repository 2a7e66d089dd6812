/* SPDX-License-Identifier: MIT */
/*
 * Parent client call (l4/re/c/parent.h): SIGNAL with signal and value. For
 * signal 0 (exit) the parent usually ends the task instead of replying, so
 * the call may never return.
 */
#include <l4/re/c/parent.h>
#include <l4/re/protocols.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>

long l4re_parent_signal(l4_cap_idx_t parent, unsigned long sig, unsigned long val)
{
    l4_msg_regs_t *m = l4_utcb_mr();

    m->mr[0] = L4RE_PARENT_OP_SIGNAL;
    m->mr[1] = sig;
    m->mr[2] = val;
    return l4_error(l4_ipc_call(parent, l4_utcb(), l4_msgtag(L4RE_PROTO_PARENT, 3, 0, 0),
                                L4_IPC_NEVER));
}
