/* SPDX-License-Identifier: MIT */
/*
 * libvcpu: the virtual interrupt flag of a vCPU (l4/sys/vcpu.h) as a program
 * uses it. Disabling is one store; enabling stores the flag and then looks at
 * L4_VCPU_SF_IRQ_PENDING: an event that came while the flag was off waits in
 * the kernel and is fetched here with a zero-timeout wait and handed to the
 * program's event handler, until none is left. Waiting for an event is an
 * open wait with the flag off. The names and signatures are L4Re's; the
 * event handler gets the received tag and label in vcpu->i, the message words
 * in the UTCB. setup_ipc prepares the UTCB (buffer registers) for a receive.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>
#include <l4/sys/vcpu.h>

L4_BEGIN_DECLS

/** Handles the event received into vcpu->i (and the UTCB). */
typedef void (*l4vcpu_event_hndl_t)(l4_vcpu_state_t *vcpu);
/** Prepares \a utcb for a receive (buffer registers). */
typedef void (*l4vcpu_setup_ipc_t)(l4_utcb_t *utcb);

/** The state flags (L4_VCPU_F_*) now. */
L4_INLINE unsigned l4vcpu_state(l4_vcpu_state_t const *vcpu) L4_NOTHROW;
/** Turn the virtual interrupt flag off. */
L4_INLINE void l4vcpu_irq_disable(l4_vcpu_state_t *vcpu) L4_NOTHROW;
/** Turn it off and return the state before (for l4vcpu_irq_restore). */
L4_INLINE unsigned l4vcpu_irq_disable_save(l4_vcpu_state_t *vcpu) L4_NOTHROW;
/** Turn it on; events that came while it was off are handled first. */
L4_INLINE void l4vcpu_irq_enable(l4_vcpu_state_t *vcpu, l4_utcb_t *utcb,
                                 l4vcpu_event_hndl_t do_event_work_cb,
                                 l4vcpu_setup_ipc_t setup_ipc) L4_NOTHROW;
/** Back to the flag in \a s (a value of l4vcpu_irq_disable_save). */
L4_INLINE void l4vcpu_irq_restore(l4_vcpu_state_t *vcpu, unsigned s, l4_utcb_t *utcb,
                                  l4vcpu_event_hndl_t do_event_work_cb,
                                  l4vcpu_setup_ipc_t setup_ipc) L4_NOTHROW;
/** Flag off, wait up to \a to for one event and handle it. */
L4_INLINE void l4vcpu_wait(l4_vcpu_state_t *vcpu, l4_utcb_t *utcb, l4_timeout_t to,
                           l4vcpu_event_hndl_t do_event_work_cb,
                           l4vcpu_setup_ipc_t setup_ipc) L4_NOTHROW;
/** Flag off, wait for one event (no timeout) and handle it. */
L4_INLINE void l4vcpu_wait_for_event(l4_vcpu_state_t *vcpu, l4_utcb_t *utcb,
                                     l4vcpu_event_hndl_t do_event_work_cb,
                                     l4vcpu_setup_ipc_t setup_ipc) L4_NOTHROW;
/** The idle loop's step: wait for an event, handle it, turn the flag on. */
L4_INLINE void l4vcpu_halt(l4_vcpu_state_t *vcpu, l4_utcb_t *utcb,
                           l4vcpu_event_hndl_t do_event_work_cb,
                           l4vcpu_setup_ipc_t setup_ipc) L4_NOTHROW;
/** Print the state (flags, entry, registers) with \a prefix on each line (libvcpu.a). */
void l4vcpu_print_state(const l4_vcpu_state_t *vcpu, const char *prefix) L4_NOTHROW;
/** The architecture's registers of the state (libvcpu.a). */
void l4vcpu_print_state_arch(const l4_vcpu_state_t *vcpu, const char *prefix) L4_NOTHROW;
/** Whether the last entry was an event (IRQ or IPC). */
L4_INLINE int l4vcpu_is_irq_entry(l4_vcpu_state_t const *vcpu) L4_NOTHROW;
/** Whether the last entry was a user-mode page fault (address in vcpu->r.pfa). */
L4_INLINE int l4vcpu_is_page_fault_entry(l4_vcpu_state_t const *vcpu) L4_NOTHROW;

/* ---- implementation ---- */

L4_END_DECLS

#include <l4/vcpu/vcpu_arch.h>

L4_BEGIN_DECLS

L4_INLINE unsigned l4vcpu_state(l4_vcpu_state_t const *vcpu) L4_NOTHROW
{
    return vcpu->state;
}

L4_INLINE void l4vcpu_irq_disable(l4_vcpu_state_t *vcpu) L4_NOTHROW
{
    vcpu->state &= (l4_uint16_t)~L4_VCPU_F_IRQ;
    l4_barrier();
}

L4_INLINE unsigned l4vcpu_irq_disable_save(l4_vcpu_state_t *vcpu) L4_NOTHROW
{
    unsigned s = vcpu->state;
    l4vcpu_irq_disable(vcpu);
    return s;
}

L4_INLINE void l4vcpu_wait(l4_vcpu_state_t *vcpu, l4_utcb_t *utcb, l4_timeout_t to,
                           l4vcpu_event_hndl_t do_event_work_cb,
                           l4vcpu_setup_ipc_t setup_ipc) L4_NOTHROW
{
    l4vcpu_irq_disable(vcpu);
    setup_ipc(utcb);
    vcpu->i.tag = l4_ipc_wait(utcb, &vcpu->i.label, to);
    if (!l4_msgtag_has_error(vcpu->i.tag)) {
        do_event_work_cb(vcpu);
    }
}

L4_INLINE void l4vcpu_irq_enable(l4_vcpu_state_t *vcpu, l4_utcb_t *utcb,
                                 l4vcpu_event_hndl_t do_event_work_cb,
                                 l4vcpu_setup_ipc_t setup_ipc) L4_NOTHROW
{
    if (!(vcpu->state & L4_VCPU_F_IRQ)) {
        setup_ipc(utcb);
        l4_barrier();
    }
    for (;;) {
        vcpu->state |= L4_VCPU_F_IRQ;
        l4_barrier();
        /* An event that comes from now on enters the vCPU; one that came while
         * the flag was off is only marked: fetch it. */
        if (!(vcpu->sticky_flags & L4_VCPU_SF_IRQ_PENDING)) {
            break;
        }
        l4vcpu_wait(vcpu, utcb, L4_IPC_BOTH_TIMEOUT_0, do_event_work_cb, setup_ipc);
    }
}

L4_INLINE void l4vcpu_irq_restore(l4_vcpu_state_t *vcpu, unsigned s, l4_utcb_t *utcb,
                                  l4vcpu_event_hndl_t do_event_work_cb,
                                  l4vcpu_setup_ipc_t setup_ipc) L4_NOTHROW
{
    if (s & L4_VCPU_F_IRQ) {
        l4vcpu_irq_enable(vcpu, utcb, do_event_work_cb, setup_ipc);
    } else if (vcpu->state & L4_VCPU_F_IRQ) {
        l4vcpu_irq_disable(vcpu);
    }
}

L4_INLINE void l4vcpu_wait_for_event(l4_vcpu_state_t *vcpu, l4_utcb_t *utcb,
                                     l4vcpu_event_hndl_t do_event_work_cb,
                                     l4vcpu_setup_ipc_t setup_ipc) L4_NOTHROW
{
    l4vcpu_wait(vcpu, utcb, L4_IPC_NEVER, do_event_work_cb, setup_ipc);
}

L4_INLINE void l4vcpu_halt(l4_vcpu_state_t *vcpu, l4_utcb_t *utcb,
                           l4vcpu_event_hndl_t do_event_work_cb,
                           l4vcpu_setup_ipc_t setup_ipc) L4_NOTHROW
{
    l4vcpu_wait_for_event(vcpu, utcb, do_event_work_cb, setup_ipc);
    l4vcpu_irq_enable(vcpu, utcb, do_event_work_cb, setup_ipc);
}

L4_END_DECLS
