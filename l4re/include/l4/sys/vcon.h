/* SPDX-License-Identifier: MIT */
/*
 * Virtual console (vcon) protocol, L4_PROTO_LOG: the kernel log object at
 * L4_BASE_LOG_CAP speaks it, and so do the runtime's log servers. A write
 * is a send with mr0 = L4_VCON_WRITE_OP, mr1 = size and the bytes from
 * mr2; a read is a call with mr0 = size << 16 | L4_VCON_READ_OP and the
 * reply's mr0 = size | status bits, bytes from mr1. See doc/abi.md.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>

/** Operations (mr0, low 16 bits). */
enum L4_vcon_ops {
    L4_VCON_WRITE_OP    = 0, /**< write bytes */
    L4_VCON_READ_OP     = 1, /**< read bytes (needs W on the kernel log) */
    L4_VCON_SET_ATTR_OP = 2, /**< set terminal attributes */
    L4_VCON_GET_ATTR_OP = 3, /**< get terminal attributes */
};

/** Transfer sizes. */
enum L4_vcon_size_consts {
    L4_VCON_WRITE_SIZE = (L4_UTCB_GENERIC_DATA_SIZE - 2) * sizeof(l4_umword_t), /**< 488 */
    L4_VCON_READ_SIZE  = (L4_UTCB_GENERIC_DATA_SIZE - 1) * sizeof(l4_umword_t), /**< 496 */
};

/** Result word of a read. */
enum L4_vcon_read_flags {
    L4_VCON_READ_SIZE_MASK  = 0x3fffffff, /**< bytes delivered */
    L4_VCON_READ_STAT_BREAK = 1 << 30,    /**< a break was received */
};
/* Bit 31 stays a macro: as an int enumerator (L4Re's) it is negative, and our
 * l4_vcon_read_with_flags() returns long so that a status with it stays positive. */
#define L4_VCON_READ_STAT_DONE  (1UL << 31)   /**< no more bytes pending */

/** Terminal attributes (termios-like flags). */
typedef struct l4_vcon_attr_t {
    l4_umword_t i_flags; /**< input flags */
    l4_umword_t o_flags; /**< output flags */
    l4_umword_t l_flags; /**< local flags */
} l4_vcon_attr_t;

/** Input flags of l4_vcon_attr_t (octal, as termios). */
enum L4_vcon_i_flags {
    L4_VCON_INLCR  = 000100, /**< translate NL to CR */
    L4_VCON_IGNCR  = 000200, /**< ignore CR */
    L4_VCON_ICRNL  = 000400, /**< translate CR to NL */
};

/** Output flags of l4_vcon_attr_t. */
enum L4_vcon_o_flags {
    L4_VCON_ONLCR  = 000004, /**< NL to CR NL */
    L4_VCON_OCRNL  = 000010, /**< CR to NL */
    L4_VCON_ONLRET = 000040, /**< NL does CR */
};

/** Local flags of l4_vcon_attr_t. */
enum L4_vcon_l_flags {
    L4_VCON_ICANON = 000002, /**< canonical (line) mode */
    L4_VCON_ECHO   = 000010, /**< echo input */
};

L4_BEGIN_DECLS

/**
 * Send \a size bytes (at most L4_VCON_WRITE_SIZE) to \a vcon.
 * \return the IPC result tag (see l4_error())
 */
L4_INLINE l4_msgtag_t l4_vcon_send(l4_cap_idx_t vcon, char const *buf, unsigned size);
/** l4_vcon_send() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_vcon_send_u(l4_cap_idx_t vcon, char const *buf, unsigned size,
                                     l4_utcb_t *utcb);
/**
 * Write up to L4_VCON_WRITE_SIZE bytes.
 * \return bytes written, or a negative error (l4_error() of the send)
 */
L4_INLINE long l4_vcon_write(l4_cap_idx_t vcon, char const *buf, unsigned size);
/** l4_vcon_write() with an explicit UTCB. */
L4_INLINE long l4_vcon_write_u(l4_cap_idx_t vcon, char const *buf, unsigned size,
                               l4_utcb_t *utcb);
/**
 * Read up to \a size bytes into \a buf.
 * \return bytes read (<= size), size + 1 if more bytes are pending, or a
 *         negative error
 */
L4_INLINE int l4_vcon_read(l4_cap_idx_t vcon, char *buf, unsigned size);
/** l4_vcon_read() with an explicit UTCB. */
L4_INLINE int l4_vcon_read_u(l4_cap_idx_t vcon, char *buf, unsigned size, l4_utcb_t *utcb);
/**
 * Read and return the raw result word (size | L4_VCON_READ_STAT_*), or a
 * negative error.
 */
L4_INLINE long l4_vcon_read_with_flags_u(l4_cap_idx_t vcon, char *buf, unsigned size,
                                         l4_utcb_t *utcb);
/** Make \a attr raw: no line editing, echo or CR/NL translation. */
L4_INLINE void l4_vcon_set_attr_raw(l4_vcon_attr_t *attr);
/** Set terminal attributes. */
L4_INLINE l4_msgtag_t l4_vcon_set_attr(l4_cap_idx_t vcon, l4_vcon_attr_t const *attr);
/** l4_vcon_set_attr() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_vcon_set_attr_u(l4_cap_idx_t vcon, l4_vcon_attr_t const *attr,
                                         l4_utcb_t *utcb);
/** Get terminal attributes. */
L4_INLINE l4_msgtag_t l4_vcon_get_attr(l4_cap_idx_t vcon, l4_vcon_attr_t *attr);
/** l4_vcon_get_attr() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_vcon_get_attr_u(l4_cap_idx_t vcon, l4_vcon_attr_t *attr,
                                         l4_utcb_t *utcb);

/* ---- implementation ---- */

L4_INLINE l4_msgtag_t l4_vcon_send_u(l4_cap_idx_t vcon, char const *buf, unsigned size,
                                     l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    char *dst = (char *)&m->mr[2];
    unsigned i;

    if (size > L4_VCON_WRITE_SIZE) {
        size = L4_VCON_WRITE_SIZE;
    }
    m->mr[0] = L4_VCON_WRITE_OP;
    m->mr[1] = size;
    for (i = 0; i < size; ++i) {
        dst[i] = buf[i];
    }
    return l4_ipc_send(vcon, utcb,
                       l4_msgtag(L4_PROTO_LOG, 2 + (unsigned)l4_bytes_to_mwords(size), 0, 0),
                       L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_vcon_send(l4_cap_idx_t vcon, char const *buf, unsigned size)
{
    return l4_vcon_send_u(vcon, buf, size, l4_utcb());
}

L4_INLINE long l4_vcon_write_u(l4_cap_idx_t vcon, char const *buf, unsigned size,
                               l4_utcb_t *utcb)
{
    l4_msgtag_t t;

    if (size > L4_VCON_WRITE_SIZE) {
        size = L4_VCON_WRITE_SIZE;
    }
    t = l4_vcon_send_u(vcon, buf, size, utcb);
    if (l4_msgtag_has_error(t)) {
        return l4_error_u(t, utcb);
    }
    return (long)size;
}

L4_INLINE long l4_vcon_write(l4_cap_idx_t vcon, char const *buf, unsigned size)
{
    return l4_vcon_write_u(vcon, buf, size, l4_utcb());
}

L4_INLINE long l4_vcon_read_with_flags_u(l4_cap_idx_t vcon, char *buf, unsigned size,
                                         l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    char const *src = (char const *)&m->mr[1];
    l4_msgtag_t t;
    l4_ret_t err;
    unsigned n;
    unsigned i;

    if (size > L4_VCON_READ_SIZE) {
        size = L4_VCON_READ_SIZE;
    }
    m->mr[0] = ((l4_umword_t)size << 16) | L4_VCON_READ_OP;
    t = l4_ipc_call(vcon, utcb, l4_msgtag(L4_PROTO_LOG, 1, 0, 0), L4_IPC_NEVER);
    err = l4_error_u(t, utcb);
    if (err < 0) {
        return err;
    }
    n = (unsigned)(m->mr[0] & L4_VCON_READ_SIZE_MASK);
    for (i = 0; i < n && i < size; ++i) {
        buf[i] = src[i];
    }
    return (long)m->mr[0];
}

L4_INLINE int l4_vcon_read_u(l4_cap_idx_t vcon, char *buf, unsigned size, l4_utcb_t *utcb)
{
    long r = l4_vcon_read_with_flags_u(vcon, buf, size, utcb);

    if (r < 0) {
        return (int)r;
    }
    if (!((l4_umword_t)r & L4_VCON_READ_STAT_DONE)) {
        return (int)size + 1;
    }
    return (int)((l4_umword_t)r & L4_VCON_READ_SIZE_MASK);
}

L4_INLINE void l4_vcon_set_attr_raw(l4_vcon_attr_t *attr)
{
    attr->i_flags = 0;
    attr->o_flags = 0;
    attr->l_flags = 0;
}

L4_INLINE int l4_vcon_read(l4_cap_idx_t vcon, char *buf, unsigned size)
{
    return l4_vcon_read_u(vcon, buf, size, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_vcon_set_attr_u(l4_cap_idx_t vcon, l4_vcon_attr_t const *attr,
                                         l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[0] = L4_VCON_SET_ATTR_OP;
    m->mr[1] = attr->i_flags;
    m->mr[2] = attr->o_flags;
    m->mr[3] = attr->l_flags;
    return l4_ipc_call(vcon, utcb, l4_msgtag(L4_PROTO_LOG, 4, 0, 0), L4_IPC_NEVER);
}

L4_INLINE l4_msgtag_t l4_vcon_set_attr(l4_cap_idx_t vcon, l4_vcon_attr_t const *attr)
{
    return l4_vcon_set_attr_u(vcon, attr, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_vcon_get_attr_u(l4_cap_idx_t vcon, l4_vcon_attr_t *attr,
                                         l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    l4_msgtag_t t;

    m->mr[0] = L4_VCON_GET_ATTR_OP;
    t = l4_ipc_call(vcon, utcb, l4_msgtag(L4_PROTO_LOG, 1, 0, 0), L4_IPC_NEVER);
    if (!l4_msgtag_has_error(t) && l4_msgtag_label(t) >= 0) {
        attr->i_flags = m->mr[1];
        attr->o_flags = m->mr[2];
        attr->l_flags = m->mr[3];
    }
    return t;
}

L4_INLINE l4_msgtag_t l4_vcon_get_attr(l4_cap_idx_t vcon, l4_vcon_attr_t *attr)
{
    return l4_vcon_get_attr_u(vcon, attr, l4_utcb());
}

L4_END_DECLS
