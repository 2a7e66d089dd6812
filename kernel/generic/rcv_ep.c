// SPDX-License-Identifier: MIT
/*
 * Decoding of the receive-endpoint bind operation shared by Ipc_gate and
 * Irq (see rcv_ep.h): mr0 = op, mr1 = label, thread item at mr2..3.
 */
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/types.h>
#include "invocation.h"
#include "rcv_ep.h"
#include "task.h"
#include "thread.h"

bool rcv_ep_decode_bind(struct invocation *inv, unsigned rights, struct thread **thread,
                        uint64_t *label)
{
    l4_umword_t *mr = l4_utcb_mr_u(inv->utcb)->mr;
    if (l4_msgtag_words(inv->tag) < 2 || l4_msgtag_items(inv->tag) < 1) {
        invocation_error(inv, -L4_EMSGTOOSHORT);
        return false;
    }
    if (!(rights & L4_CAP_FPAGE_S)) {
        invocation_error(inv, -L4_EPERM);
        return false;
    }
    if (mr[1] & 3) {
        invocation_error(inv, -L4_EINVAL);
        return false;
    }
    unsigned thread_rights = 0;
    struct kobj *o = task_lookup(inv->caller->task, mr[3] & L4_FPAGE_ADDR_MASK, &thread_type,
                                 &thread_rights);
    if (!o) {
        invocation_error(inv, -L4_EINVAL);
        return false;
    }
    if (!(thread_rights & L4_CAP_FPAGE_S)) {
        invocation_error(inv, -L4_EPERM);
        return false;
    }
    *thread = CONTAINER_OF(o, struct thread, kobj);
    *label = mr[1];
    return true;
}
