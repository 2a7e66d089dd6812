/* SPDX-License-Identifier: MIT */
/*
 * arm64 system-call binding: l4_ipc(), the one kernel entry every other
 * binding ends in. Register convention (doc/abi.md): x0 = message tag,
 * x1 = label (send label in, received label out), x2 = selector | L4_SYSF
 * flags, x3 = timeout pair; `svc #0`; x0 = result tag, x1 = label. The
 * kernel may clobber every caller-saved register, so the asm says so; the
 * UTCB is implicit (TPIDRRO_EL0). Included by l4/sys/ipc.h after the
 * declarations; libl4sys has the same sequence as a callable stub.
 */
#pragma once

#include <l4/sys/types.h>

L4_BEGIN_DECLS

L4_ALWAYS_INLINE l4_msgtag_t l4_ipc(l4_cap_idx_t dest, l4_utcb_t *utcb, l4_umword_t flags,
                                    l4_umword_t slabel, l4_msgtag_t tag, l4_umword_t *rlabel,
                                    l4_timeout_t timeout)
{
    register l4_umword_t x0 __asm__("x0") = (l4_umword_t)tag.raw;
    register l4_umword_t x1 __asm__("x1") = slabel;
    register l4_umword_t x2 __asm__("x2") = dest | flags;
    register l4_umword_t x3 __asm__("x3") = timeout.raw;
    l4_msgtag_t res;

    (void)utcb; /* the kernel finds the UTCB itself */
    __asm__ __volatile__("svc #0"
                         : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
                         :
                         : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
                           "x14", "x15", "x16", "x17", "x18", "x30",
                           "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7",
                           "v16", "v17", "v18", "v19", "v20", "v21", "v22", "v23",
                           "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31",
                           "cc", "memory");
    if (rlabel) {
        *rlabel = x1;
    }
    res.raw = (l4_mword_t)x0;
    return res;
}

L4_END_DECLS
