/* SPDX-License-Identifier: MIT */
/*
 * Kernel-debugger output (l4_kd_*): invocations of the debugger object at
 * L4_BASE_DEBUGGER_CAP with protocol L4_PROTO_DEBUGGER. mr0 = group | op;
 * text ops carry the length in mr1 and the bytes from mr2, value ops the
 * value in mr1. The helpers save and restore the message registers they
 * overwrite, so they may be called between filling MRs and an IPC (handy
 * for debugging). Long texts go out in chunks of L4_KDEBUG_TEXT_MAX bytes.
 * The kernel includes this header for the op numbers. See doc/abi.md.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>

/** Operation groups (mr0 bits 8..). */
enum l4_kdebug_group_t {
    L4_KDEBUG_GROUP_JDB   = 0x000, /**< debugger console */
    L4_KDEBUG_GROUP_KOBJ  = 0x100, /**< kernel-object debugging */
    L4_KDEBUG_GROUP_TRACE = 0x200, /**< trace buffer */
    L4_KDEBUG_GROUP_COV   = 0x400, /**< coverage */
    L4_KDEBUG_GROUP_DUMP  = 0x500, /**< dumps */
};

/** Operations of L4_KDEBUG_GROUP_JDB (mr0). */
enum l4_kdebug_ops_t {
    L4_KDEBUG_ENTER      = L4_KDEBUG_GROUP_JDB + 0, /**< enter the debugger (text optional) */
    L4_KDEBUG_OUTCHAR    = L4_KDEBUG_GROUP_JDB + 1, /**< mr1 = character */
    L4_KDEBUG_OUTNSTRING = L4_KDEBUG_GROUP_JDB + 2, /**< mr1 = length, mr2.. = bytes */
    L4_KDEBUG_OUTHEX32   = L4_KDEBUG_GROUP_JDB + 3, /**< mr1 = value, 8 hex digits */
    L4_KDEBUG_OUTHEX20   = L4_KDEBUG_GROUP_JDB + 4, /**< 5 hex digits */
    L4_KDEBUG_OUTHEX16   = L4_KDEBUG_GROUP_JDB + 5, /**< 4 hex digits */
    L4_KDEBUG_OUTHEX12   = L4_KDEBUG_GROUP_JDB + 6, /**< 3 hex digits */
    L4_KDEBUG_OUTHEX8    = L4_KDEBUG_GROUP_JDB + 7, /**< 2 hex digits */
    L4_KDEBUG_OUTDEC     = L4_KDEBUG_GROUP_JDB + 8, /**< mr1 = signed value, decimal */
};

/** Most text bytes one invocation carries (MR2..MR62). */
#define L4_KDEBUG_TEXT_MAX ((L4_UTCB_GENERIC_DATA_SIZE - 2) * sizeof(l4_umword_t))

L4_BEGIN_DECLS

/** Enter the kernel debugger, printing \a text first (NULL: no text). */
L4_INLINE void l4_kd_enter(char const *text);
/** Print \a len bytes of \a text. */
L4_INLINE void l4_kd_outnstring(char const *text, unsigned len);
/** l4_kd_outnstring() with an explicit UTCB. */
L4_INLINE void l4_kd_outnstring_u(char const *text, unsigned len, l4_utcb_t *utcb);
/** Print the NUL-terminated \a text. */
L4_INLINE void l4_kd_outstring(char const *text);
/** l4_kd_outstring() with an explicit UTCB. */
L4_INLINE void l4_kd_outstring_u(char const *text, l4_utcb_t *utcb);
/** Print one character. */
L4_INLINE void l4_kd_outchar(char c);
/** l4_kd_outchar() with an explicit UTCB. */
L4_INLINE void l4_kd_outchar_u(char c, l4_utcb_t *utcb);
/** Print a machine word in hex (16 digits). */
L4_INLINE void l4_kd_outumword(l4_umword_t number);
/** Print 16 hex digits. */
L4_INLINE void l4_kd_outhex64(l4_uint64_t number);
/** Print 8 hex digits. */
L4_INLINE void l4_kd_outhex32(l4_uint32_t number);
/** Print 5 hex digits. */
L4_INLINE void l4_kd_outhex20(l4_uint32_t number);
/** Print 4 hex digits. */
L4_INLINE void l4_kd_outhex16(l4_uint16_t number);
/** Print 3 hex digits. */
L4_INLINE void l4_kd_outhex12(l4_uint16_t number);
/** Print 2 hex digits. */
L4_INLINE void l4_kd_outhex8(l4_uint8_t number);
/** Print a signed decimal number. */
L4_INLINE void l4_kd_outdec(l4_mword_t number);
/** l4_kd_outdec() with an explicit UTCB. */
L4_INLINE void l4_kd_outdec_u(l4_mword_t number, l4_utcb_t *utcb);
/**
 * A value op (\a op = L4_KDEBUG_OUTHEX32 ...) with mr1 = \a value, keeping
 * the caller's MR0/MR1. Building block of the helpers above.
 */
L4_INLINE l4_msgtag_t l4_kd_value_op_u(unsigned op, l4_umword_t value, l4_utcb_t *utcb);
/**
 * A text op (\a op = L4_KDEBUG_OUTNSTRING or L4_KDEBUG_ENTER) with at most
 * L4_KDEBUG_TEXT_MAX bytes, keeping the caller's MRs.
 */
L4_INLINE l4_msgtag_t l4_kd_text_op_u(unsigned op, char const *text, unsigned len,
                                      l4_utcb_t *utcb);

/** Enter the kernel debugger with message \a text (Fiasco's traditional name). */
#define enter_kdebug(text) l4_kd_enter(text)

/* ---- implementation ---- */

L4_INLINE l4_msgtag_t l4_kd_value_op_u(unsigned op, l4_umword_t value, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    l4_umword_t s0 = m->mr[0];
    l4_umword_t s1 = m->mr[1];
    l4_msgtag_t r;

    m->mr[0] = op;
    m->mr[1] = value;
    r = l4_ipc_call(L4_BASE_DEBUGGER_CAP, utcb, l4_msgtag(L4_PROTO_DEBUGGER, 2, 0, 0),
                    L4_IPC_NEVER);
    m->mr[0] = s0;
    m->mr[1] = s1;
    return r;
}

L4_INLINE l4_msgtag_t l4_kd_text_op_u(unsigned op, char const *text, unsigned len,
                                      l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    l4_umword_t saved[L4_UTCB_GENERIC_DATA_SIZE];
    unsigned words;
    unsigned i;
    char *dst = (char *)&m->mr[2];
    l4_msgtag_t r;

    if (len > L4_KDEBUG_TEXT_MAX) {
        len = (unsigned)L4_KDEBUG_TEXT_MAX;
    }
    words = 2 + (unsigned)l4_bytes_to_mwords(len);
    for (i = 0; i < words; ++i) {
        saved[i] = m->mr[i];
    }
    m->mr[0] = op;
    m->mr[1] = len;
    for (i = 0; i < len; ++i) {
        dst[i] = text[i];
    }
    r = l4_ipc_call(L4_BASE_DEBUGGER_CAP, utcb, l4_msgtag(L4_PROTO_DEBUGGER, words, 0, 0),
                    L4_IPC_NEVER);
    for (i = 0; i < words; ++i) {
        m->mr[i] = saved[i];
    }
    return r;
}

L4_INLINE void l4_kd_outnstring_u(char const *text, unsigned len, l4_utcb_t *utcb)
{
    while (len > 0) {
        unsigned n = len > L4_KDEBUG_TEXT_MAX ? (unsigned)L4_KDEBUG_TEXT_MAX : len;

        l4_kd_text_op_u(L4_KDEBUG_OUTNSTRING, text, n, utcb);
        text += n;
        len -= n;
    }
}

L4_INLINE void l4_kd_outnstring(char const *text, unsigned len)
{
    l4_kd_outnstring_u(text, len, l4_utcb());
}

L4_INLINE void l4_kd_outstring_u(char const *text, l4_utcb_t *utcb)
{
    unsigned len = 0;

    while (text[len] != '\0') {
        ++len;
    }
    l4_kd_outnstring_u(text, len, utcb);
}

L4_INLINE void l4_kd_outstring(char const *text)
{
    l4_kd_outstring_u(text, l4_utcb());
}

L4_INLINE void l4_kd_enter(char const *text)
{
    if (!text) {
        l4_ipc_call(L4_BASE_DEBUGGER_CAP, 0, l4_msgtag(L4_PROTO_DEBUGGER, 0, 0, 0),
                    L4_IPC_NEVER);
        return;
    }
    {
        unsigned len = 0;

        while (text[len] != '\0') {
            ++len;
        }
        l4_kd_text_op_u(L4_KDEBUG_ENTER, text, len, l4_utcb());
    }
}

L4_INLINE void l4_kd_outchar_u(char c, l4_utcb_t *utcb)
{
    l4_kd_value_op_u(L4_KDEBUG_OUTCHAR, (unsigned char)c, utcb);
}

L4_INLINE void l4_kd_outchar(char c)
{
    l4_kd_outchar_u(c, l4_utcb());
}

L4_INLINE void l4_kd_outhex32(l4_uint32_t number)
{
    l4_kd_value_op_u(L4_KDEBUG_OUTHEX32, number, l4_utcb());
}

L4_INLINE void l4_kd_outhex64(l4_uint64_t number)
{
    l4_kd_outhex32((l4_uint32_t)(number >> 32));
    l4_kd_outhex32((l4_uint32_t)number);
}

L4_INLINE void l4_kd_outumword(l4_umword_t number)
{
    l4_kd_outhex64(number);
}

L4_INLINE void l4_kd_outhex20(l4_uint32_t number)
{
    l4_kd_value_op_u(L4_KDEBUG_OUTHEX20, number, l4_utcb());
}

L4_INLINE void l4_kd_outhex16(l4_uint16_t number)
{
    l4_kd_value_op_u(L4_KDEBUG_OUTHEX16, number, l4_utcb());
}

L4_INLINE void l4_kd_outhex12(l4_uint16_t number)
{
    l4_kd_value_op_u(L4_KDEBUG_OUTHEX12, number, l4_utcb());
}

L4_INLINE void l4_kd_outhex8(l4_uint8_t number)
{
    l4_kd_value_op_u(L4_KDEBUG_OUTHEX8, number, l4_utcb());
}

L4_INLINE void l4_kd_outdec_u(l4_mword_t number, l4_utcb_t *utcb)
{
    l4_kd_value_op_u(L4_KDEBUG_OUTDEC, (l4_umword_t)number, utcb);
}

L4_INLINE void l4_kd_outdec(l4_mword_t number)
{
    l4_kd_outdec_u(number, l4_utcb());
}

L4_END_DECLS
