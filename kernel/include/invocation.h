/* SPDX-License-Identifier: MIT */
/*
 * One system call in flight: the caller, its registers and UTCB, and the
 * decoded selector. Object handlers read their arguments from here and
 * answer through invocation_reply / invocation_error.
 */
#pragma once

#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <arch/regs.h>
#include "base.h"

struct thread;
struct cap_slot;

struct invocation {
    struct thread *caller;
    struct trap_frame *frame;
    l4_utcb_t *utcb;
    l4_msgtag_t tag;
    unsigned long flags;   /* L4_SYSF_* of the selector */
    uint32_t timeout;      /* l4_timeout_t raw: snd << 16 | rcv */
    struct cap_slot *slot; /* the invoked capability (NULL for the special selector) */
};

/** Reply with \a tag (a kernel object's answer: label = result, words in MRs). */
void invocation_reply(struct invocation *inv, l4_msgtag_t tag);
/** Reply with a negative L4 error code in the label. */
void invocation_error(struct invocation *inv, long err);
/** Fail the IPC itself: error flag in the tag, \a code in the TCR error word. */
void invocation_ipc_error(struct invocation *inv, unsigned code);
