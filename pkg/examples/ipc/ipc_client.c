/* SPDX-License-Identifier: MIT */
/*
 * ipc_client: the client half of the ipc-demo (conf/ipc-demo.cfg). It
 * calls the server through the channel "svr" (held with client rights),
 * prints the answers, checks that its capability is not a server's
 * (get_info is refused) and exits with 0 if every answer was right, else
 * with the number of wrong ones. Protocol: ipc.h.
 */
#include <stdio.h>
#include <string.h>
#include <l4/re/env.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>
#include <l4/sys/ipc_gate.h>
#include "ipc.h"

static int add(l4_cap_idx_t gate, unsigned long a, unsigned long b)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    l4_msgtag_t t;
    unsigned long sum;

    m->mr[0] = IPC_DEMO_ADD;
    m->mr[1] = a;
    m->mr[2] = b;
    t = l4_ipc_call(gate, l4_utcb(), l4_msgtag(0, 3, 0, 0), L4_IPC_NEVER);
    if (l4_error(t) < 0) {
        printf("ipc_client: ADD failed: %d\n", (int)l4_error(t));
        return 1;
    }
    sum = m->mr[0];
    printf("ipc_client: %lu + %lu = %lu\n", a, b, sum);
    return sum != a + b;
}

static int upper(l4_cap_idx_t gate, char const *s)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    unsigned long len = strlen(s), i;
    char got[IPC_DEMO_STR_MAX + 1];
    l4_msgtag_t t;
    int bad = 0;

    m->mr[0] = IPC_DEMO_UPPER;
    m->mr[1] = len;
    memcpy(&m->mr[2], s, len);
    t = l4_ipc_call(gate, l4_utcb(), l4_msgtag(0, 2 + (unsigned)l4_bytes_to_mwords(len), 0, 0),
                    L4_IPC_NEVER);
    if (l4_error(t) < 0 || m->mr[0] != len) {
        printf("ipc_client: UPPER failed: %d\n", (int)l4_error(t));
        return 1;
    }
    memcpy(got, &m->mr[1], len);
    got[len] = 0;
    printf("ipc_client: \"%s\" -> \"%s\"\n", s, got);
    for (i = 0; i < len; ++i) {
        bad |= got[i] != (s[i] >= 'a' && s[i] <= 'z' ? s[i] - 'a' + 'A' : s[i]);
    }
    return bad;
}

int main(void)
{
    l4_cap_idx_t gate = l4re_env_get_cap("svr");
    l4_umword_t label = 0;
    long r;
    int bad = 0;

    if (l4_is_invalid_cap(gate)) {
        printf("ipc_client: no capability 'svr'\n");
        return 99;
    }
    bad += add(gate, 1, 2);
    bad += add(gate, 40, 2);
    bad += upper(gate, "hello through the channel");
    r = l4_error(l4_ipc_gate_get_infos(gate, &label));
    printf("ipc_client: get_info on my capability: %s\n",
           r == -L4_EPERM ? "refused (client rights)" : "allowed (server rights?)");
    bad += r != -L4_EPERM;
    printf("ipc_client: done, %d wrong\n", bad);
    return bad;
}
