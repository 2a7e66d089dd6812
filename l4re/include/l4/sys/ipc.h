/* SPDX-License-Identifier: MIT */
/*
 * IPC bindings with L4Re's names: call, send, receive, wait, reply and
 * their combinations, sleeping (receive from the invalid selector with a
 * timeout), error decoding (a tag with L4_MSGTAG_ERROR means the code is
 * in the UTCB's TCR error) and appending map items. Every function here is
 * a thin inline wrapper around l4_ipc(), the arch system-call binding
 * (l4/sys/arch/ipc.h). The register convention: doc/abi.md.
 */
#pragma once

#include <l4/sys/l4int.h>
#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/types.h>
#include <l4/sys/err.h>
#include <l4/sys/utcb.h>

L4_BEGIN_DECLS

/**
 * The raw system call: invoke \a dest with the operation \a flags
 * (L4_SYSF_*). Every other IPC binding ends here.
 * \param dest    capability selector (L4_INVALID_CAP: self / open wait)
 * \param utcb    the caller's UTCB (implicit on arm64; documents the use)
 * \param flags   L4_SYSF_* operation
 * \param slabel  label sent to a thread partner (0 for gates and objects)
 * \param tag     message tag of the send phase
 * \param rlabel  receives the label of the received message (may be NULL)
 * \param timeout send and receive timeout
 * \return the tag of the received message or of the error
 */
L4_ALWAYS_INLINE l4_msgtag_t l4_ipc(l4_cap_idx_t dest, l4_utcb_t *utcb, l4_umword_t flags,
                                    l4_umword_t slabel, l4_msgtag_t tag, l4_umword_t *rlabel,
                                    l4_timeout_t timeout);

/** Send \a tag to \a object and wait for its reply (L4_SYSF_CALL). */
L4_INLINE l4_msgtag_t l4_ipc_call(l4_cap_idx_t object, l4_utcb_t *utcb, l4_msgtag_t tag,
                                  l4_timeout_t timeout);
/** Send \a tag to \a dest without waiting for a reply. */
L4_INLINE l4_msgtag_t l4_ipc_send(l4_cap_idx_t dest, l4_utcb_t *utcb, l4_msgtag_t tag,
                                  l4_timeout_t timeout);
/**
 * Receive from \a object only (closed wait). With \a object = L4_INVALID_CAP
 * nobody can send: the call returns after the receive timeout (a sleep).
 */
L4_INLINE l4_msgtag_t l4_ipc_receive(l4_cap_idx_t object, l4_utcb_t *utcb,
                                     l4_timeout_t timeout);
/** Receive from any sender; \a label gets the sender's label. */
L4_INLINE l4_msgtag_t l4_ipc_wait(l4_utcb_t *utcb, l4_umword_t *label, l4_timeout_t timeout);
/** Reply through \a reply_cap (L4_SYSF_REPLY | L4_SYSF_SEND). */
L4_INLINE l4_msgtag_t l4_ipc_reply(l4_cap_idx_t reply_cap, l4_utcb_t *utcb, l4_msgtag_t tag,
                                   l4_timeout_t timeout);
/** Reply to the last caller, then wait for the next message from anyone. */
L4_INLINE l4_msgtag_t l4_ipc_reply_and_wait(l4_utcb_t *utcb, l4_msgtag_t tag,
                                            l4_umword_t *label, l4_timeout_t timeout);
/** Send to \a dest, then wait for a message from anyone. */
L4_INLINE l4_msgtag_t l4_ipc_send_and_wait(l4_cap_idx_t dest, l4_utcb_t *utcb,
                                           l4_msgtag_t tag, l4_umword_t *label,
                                           l4_timeout_t timeout);
/**
 * Sleep for the receive timeout of \a timeout.
 * \return a tag with L4_MSGTAG_ERROR and TCR error L4_IPC_RETIMEOUT when
 *         the time has passed (L4_IPC_RECANCELED if woken early).
 */
L4_INLINE l4_msgtag_t l4_ipc_sleep(l4_timeout_t timeout);
/** Sleep for at least \a ms milliseconds. */
L4_INLINE l4_msgtag_t l4_ipc_sleep_ms(l4_uint32_t ms);
/** Sleep for at least \a us microseconds. */
L4_INLINE l4_msgtag_t l4_ipc_sleep_us(l4_uint64_t us);

/**
 * The IPC error of a returned tag.
 * \retval 0 no IPC error
 * \retval L4_IPC_* the error code (TCR error & L4_IPC_ERROR_MASK)
 */
L4_INLINE l4_umword_t l4_ipc_error(l4_msgtag_t tag, l4_utcb_t *utcb);
/**
 * One result code for a returned tag: -(L4_EIPC_LO + code) after an IPC
 * error, else the label (0 or positive on success, -L4_E* on failure).
 */
L4_INLINE l4_ret_t l4_error(l4_msgtag_t tag);
/** l4_error() with an explicit UTCB. */
L4_INLINE l4_ret_t l4_error_u(l4_msgtag_t tag, l4_utcb_t *utcb);
/** \retval non-zero if the last IPC error happened in the send phase. */
L4_INLINE int l4_ipc_is_snd_error(l4_utcb_t *utcb);
/** \retval non-zero if the last IPC error happened in the receive phase. */
L4_INLINE int l4_ipc_is_rcv_error(l4_utcb_t *utcb);
/** The L4_IPC_* code in the TCR (valid only after an error tag). */
L4_INLINE int l4_ipc_error_code(l4_utcb_t *utcb);
/** Map an L4_IPC_* code to -(L4_EIPC_LO + code). */
L4_INLINE l4_ret_t l4_ipc_to_errno(unsigned long ipc_error_code);

/**
 * Append a map item (control word \a snd_base, flexpage \a snd_fpage) after
 * the words and items already counted in \a tag, and count it there.
 * \retval 0 item added
 * \retval -L4_ENOMEM no room left in the message registers
 */
L4_INLINE int l4_sndfpage_add(l4_fpage_t snd_fpage, unsigned long snd_base, l4_msgtag_t *tag);
/** l4_sndfpage_add() with an explicit UTCB. */
L4_INLINE int l4_sndfpage_add_u(l4_fpage_t snd_fpage, unsigned long snd_base,
                                l4_msgtag_t *tag, l4_utcb_t *utcb);

/** Absolute expiry time of \a to relative to the clock value \a cur. */
L4_INLINE l4_kernel_clock_t l4_timeout_get(l4_kernel_clock_t cur, l4_timeout_s to);

L4_END_DECLS

/* ---- implementation ---- */

#include <l4/sys/arch/ipc.h>

L4_BEGIN_DECLS

L4_INLINE l4_msgtag_t l4_ipc_call(l4_cap_idx_t object, l4_utcb_t *utcb, l4_msgtag_t tag,
                                  l4_timeout_t timeout)
{
    return l4_ipc(object, utcb, L4_SYSF_CALL, 0, tag, 0, timeout);
}

L4_INLINE l4_msgtag_t l4_ipc_send(l4_cap_idx_t dest, l4_utcb_t *utcb, l4_msgtag_t tag,
                                  l4_timeout_t timeout)
{
    return l4_ipc(dest, utcb, L4_SYSF_SEND, 0, tag, 0, timeout);
}

L4_INLINE l4_msgtag_t l4_ipc_receive(l4_cap_idx_t object, l4_utcb_t *utcb,
                                     l4_timeout_t timeout)
{
    return l4_ipc(object, utcb, L4_SYSF_RECV, 0, l4_msgtag(0, 0, 0, 0), 0, timeout);
}

L4_INLINE l4_msgtag_t l4_ipc_wait(l4_utcb_t *utcb, l4_umword_t *label, l4_timeout_t timeout)
{
    return l4_ipc(L4_INVALID_CAP, utcb, L4_SYSF_WAIT, 0, l4_msgtag(0, 0, 0, 0), label, timeout);
}

L4_INLINE l4_msgtag_t l4_ipc_reply(l4_cap_idx_t reply_cap, l4_utcb_t *utcb, l4_msgtag_t tag,
                                   l4_timeout_t timeout)
{
    return l4_ipc(reply_cap, utcb, L4_SYSF_REPLY | L4_SYSF_SEND, 0, tag, 0, timeout);
}

L4_INLINE l4_msgtag_t l4_ipc_reply_and_wait(l4_utcb_t *utcb, l4_msgtag_t tag,
                                            l4_umword_t *label, l4_timeout_t timeout)
{
    return l4_ipc(L4_INVALID_CAP, utcb, L4_SYSF_REPLY_AND_WAIT, 0, tag, label, timeout);
}

L4_INLINE l4_msgtag_t l4_ipc_send_and_wait(l4_cap_idx_t dest, l4_utcb_t *utcb,
                                           l4_msgtag_t tag, l4_umword_t *label,
                                           l4_timeout_t timeout)
{
    return l4_ipc(dest, utcb, L4_SYSF_SEND_AND_WAIT, 0, tag, label, timeout);
}

L4_INLINE l4_msgtag_t l4_ipc_sleep(l4_timeout_t timeout)
{
    return l4_ipc_receive(L4_INVALID_CAP, 0, timeout);
}

L4_INLINE l4_msgtag_t l4_ipc_sleep_us(l4_uint64_t us)
{
    return l4_ipc_sleep(l4_timeout(L4_IPC_TIMEOUT_NEVER, l4_timeout_from_us(us)));
}

L4_INLINE l4_msgtag_t l4_ipc_sleep_ms(l4_uint32_t ms)
{
    return l4_ipc_sleep_us((l4_uint64_t)ms * 1000U);
}

L4_INLINE l4_umword_t l4_ipc_error(l4_msgtag_t tag, l4_utcb_t *utcb)
{
    if (!l4_msgtag_has_error(tag)) {
        return 0;
    }
    return l4_utcb_tcr_u(utcb)->error & L4_IPC_ERROR_MASK;
}

L4_INLINE l4_ret_t l4_ipc_to_errno(unsigned long ipc_error_code)
{
    return (l4_ret_t)(-(long)(L4_EIPC_LO + ipc_error_code));
}

L4_INLINE l4_ret_t l4_error_u(l4_msgtag_t tag, l4_utcb_t *utcb)
{
    if (l4_msgtag_has_error(tag)) {
        return l4_ipc_to_errno(l4_utcb_tcr_u(utcb)->error & L4_IPC_ERROR_MASK);
    }
    return (l4_ret_t)l4_msgtag_label(tag);
}

L4_INLINE l4_ret_t l4_error(l4_msgtag_t tag)
{
    return l4_error_u(tag, l4_utcb());
}

L4_INLINE int l4_ipc_is_snd_error(l4_utcb_t *utcb)
{
    return (l4_utcb_tcr_u(utcb)->error & L4_IPC_SND_ERR_MASK) == 0;
}

L4_INLINE int l4_ipc_is_rcv_error(l4_utcb_t *utcb)
{
    return (l4_utcb_tcr_u(utcb)->error & L4_IPC_SND_ERR_MASK) != 0;
}

L4_INLINE int l4_ipc_error_code(l4_utcb_t *utcb)
{
    return (int)(l4_utcb_tcr_u(utcb)->error & L4_IPC_ERROR_MASK);
}

L4_INLINE int l4_sndfpage_add_u(l4_fpage_t snd_fpage, unsigned long snd_base,
                                l4_msgtag_t *tag, l4_utcb_t *utcb)
{
    l4_msg_regs_t *v = l4_utcb_mr_u(utcb);
    unsigned i = l4_msgtag_words(*tag) + 2 * l4_msgtag_items(*tag);

    if (i + 2 > L4_UTCB_GENERIC_DATA_SIZE) {
        return -L4_ENOMEM;
    }
    v->mr[i] = snd_base | L4_ITEM_MAP | L4_ITEM_CONT;
    v->mr[i + 1] = snd_fpage.raw;
    *tag = l4_msgtag(l4_msgtag_label(*tag), l4_msgtag_words(*tag), l4_msgtag_items(*tag) + 1,
                     l4_msgtag_flags(*tag));
    return 0;
}

L4_INLINE int l4_sndfpage_add(l4_fpage_t snd_fpage, unsigned long snd_base, l4_msgtag_t *tag)
{
    return l4_sndfpage_add_u(snd_fpage, snd_base, tag, l4_utcb());
}

L4_INLINE l4_kernel_clock_t l4_timeout_get(l4_kernel_clock_t cur, l4_timeout_s to)
{
    if (l4_timeout_is_absolute(to)) {
        return l4_utcb_br()->br[to.t & 0xff];
    }
    if (to.t == 0) {
        return L4_TIMEOUT_US_NEVER;
    }
    return cur + l4_timeout_rel_get(to);
}

L4_END_DECLS
