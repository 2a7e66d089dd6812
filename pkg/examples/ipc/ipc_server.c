/* SPDX-License-Identifier: MIT */
/*
 * ipc_server: the server half of the ipc-demo (conf/ipc-demo.cfg). It
 * finds the channel it was given under the name "svr" (with server
 * rights: gate:svr()), binds its thread to it and answers ADD and UPPER
 * calls forever (protocol in ipc.h), printing what it got. Only L4Re C
 * bindings (l4/sys, l4/re) and printf.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <l4/re/env.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>
#include <l4/sys/rcv_endpoint.h>
#include "ipc.h"

/* Serve one request whose words are in \a in; fill the reply MRs. \return the reply tag. */
static l4_msgtag_t serve(l4_umword_t const *in, unsigned words)
{
    l4_msg_regs_t *m;
    char s[IPC_DEMO_STR_MAX + 1];
    unsigned long len, i;

    if (words >= 3 && in[0] == IPC_DEMO_ADD) {
        printf("ipc_server: got ADD %lu %lu\n", (unsigned long)in[1], (unsigned long)in[2]);
        m = l4_utcb_mr();
        m->mr[0] = in[1] + in[2];
        return l4_msgtag(0, 1, 0, 0);
    }
    if (words >= 2 && in[0] == IPC_DEMO_UPPER && in[1] <= IPC_DEMO_STR_MAX
        && words >= 2 + l4_bytes_to_mwords(in[1])) {
        len = in[1];
        memcpy(s, &in[2], len);
        s[len] = 0;
        printf("ipc_server: got UPPER \"%s\"\n", s);
        for (i = 0; i < len; ++i) {
            s[i] = (char)toupper((unsigned char)s[i]);
        }
        m = l4_utcb_mr();
        m->mr[0] = len;
        memcpy(&m->mr[1], s, len);
        return l4_msgtag(0, 1 + (unsigned)l4_bytes_to_mwords(len), 0, 0);
    }
    printf("ipc_server: unknown request (%u words)\n", words);
    return l4_msgtag(-L4_ENOSYS, 0, 0, 0);
}

int main(void)
{
    l4_cap_idx_t gate = l4re_env_get_cap("svr");
    l4_utcb_t *u = l4_utcb();
    l4_umword_t in[L4_UTCB_GENERIC_DATA_SIZE];
    l4_umword_t label;
    l4_msgtag_t tag;
    long r;

    if (l4_is_invalid_cap(gate)) {
        printf("ipc_server: no capability 'svr'\n");
        return 1;
    }
    r = l4_error(l4_rcv_ep_bind_thread(gate, l4re_env()->main_thread, IPC_DEMO_LABEL));
    if (r < 0) {
        printf("ipc_server: cannot bind to the channel: %ld\n", r);
        return 1;
    }
    printf("ipc_server: serving the channel 'svr'\n");
    fflush(stdout);
    tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
    for (;;) {
        unsigned words = l4_msgtag_words(tag);

        if (l4_msgtag_has_error(tag) || (label & ~3UL) != IPC_DEMO_LABEL) {
            tag = l4_ipc_wait(u, &label, L4_IPC_NEVER);
            continue;
        }
        /* printf reuses the UTCB: take the request out first. */
        memcpy(in, l4_utcb_mr()->mr, words * sizeof(l4_umword_t));
        tag = serve(in, words);
        fflush(stdout);
        tag = l4_ipc_reply_and_wait(u, tag, &label, L4_IPC_SEND_TIMEOUT_0);
    }
}
