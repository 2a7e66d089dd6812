/* SPDX-License-Identifier: MIT */
/*
 * Kernel-object debugging through the debugger capability: give an object
 * a name (shown in kernel messages and debugger listings), read it back,
 * and get an object's global id. Requests go out with
 * l4_invoke_debugger() (l4/sys/kernel_object.h): mr0 = op, data after it,
 * the object as a send item. The kernel may not implement every op; it
 * answers unknown ones with -L4_ENOSYS.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/sys/consts.h>
#include <l4/sys/err.h>
#include <l4/sys/types.h>
#include <l4/sys/utcb.h>
#include <l4/sys/ipc.h>
#include <l4/sys/kernel_object.h>
#include <l4/sys/kdebug.h>

/** Kernel-object debug ops (mr0, before l4_invoke_debugger() adds the group). */
enum L4_debugger_ops {
    L4_DEBUGGER_KOBJ_SET_NAME_OP         = 0,  /**< mr1.. = NUL-terminated name */
    L4_DEBUGGER_KOBJ_GET_GLOBAL_ID_OP    = 1,  /**< reply mr0 = id */
    L4_DEBUGGER_KOBJ_PTR_GET_GLOBAL_ID_OP = 2, /**< mr1 = kernel pointer */
    L4_DEBUGGER_LOG_QUERY_TYPEID_OP      = 3,
    L4_DEBUGGER_LOG_SWITCH_OP            = 4,
    L4_DEBUGGER_GLOBAL_ID_GET_NAME_OP    = 5,
    L4_DEBUGGER_LOG_QUERY_NAME_OP        = 6,
    L4_DEBUGGER_TASK_ADD_IMAGE_INFO_OP   = 7,
    L4_DEBUGGER_KOBJ_GET_NAME_OP         = 8,  /**< reply mr0.. = name */
    L4_DEBUGGER_OBJ_INFO_OP              = 16,
};

/** Values of l4_debugger_switch_log() \a on_off. */
enum L4_debugger_switch {
    L4_DEBUGGER_SWITCH_LOG_OFF = 0,
    L4_DEBUGGER_SWITCH_LOG_ON  = 1,
};

/** Longest name (incl. NUL) one set-name request carries. */
#define L4_DEBUGGER_NAME_MAX ((L4_UTCB_GENERIC_DATA_SIZE - 3) * sizeof(l4_umword_t))

L4_BEGIN_DECLS

/** Name the object behind \a cap (truncated to #L4_DEBUGGER_NAME_MAX - 1 bytes). */
L4_INLINE l4_msgtag_t l4_debugger_set_object_name(l4_cap_idx_t cap, const char *name);
/** l4_debugger_set_object_name() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_debugger_set_object_name_u(l4_cap_idx_t cap, const char *name,
                                                    l4_utcb_t *utcb);
/**
 * Read the name of the object behind \a cap into \a name (\a size bytes,
 * always NUL-terminated on success).
 * \return 0 or a negative error
 */
L4_INLINE l4_ret_t l4_debugger_get_object_name(l4_cap_idx_t cap, char *name, unsigned size);
/** l4_debugger_get_object_name() with an explicit UTCB. */
L4_INLINE l4_ret_t l4_debugger_get_object_name_u(l4_cap_idx_t cap, char *name, unsigned size,
                                                 l4_utcb_t *utcb);
/** The global id of the object behind \a cap, or ~0UL on error. */
L4_INLINE unsigned long l4_debugger_global_id(l4_cap_idx_t cap);
/** l4_debugger_global_id() with an explicit UTCB. */
L4_INLINE unsigned long l4_debugger_global_id_u(l4_cap_idx_t cap, l4_utcb_t *utcb);

/** Switch the kernel log \a name on or off (#L4_DEBUGGER_SWITCH_LOG_ON/OFF). */
L4_INLINE l4_msgtag_t l4_debugger_switch_log(l4_cap_idx_t cap, const char *name, int on_off);
/** l4_debugger_switch_log() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_debugger_switch_log_u(l4_cap_idx_t cap, const char *name, int on_off,
                                               l4_utcb_t *utcb);
/** The type id of kernel log \a name (\a idx-th match). \return id or -L4_E* */
L4_INLINE l4_ret_t l4_debugger_query_log_typeid(l4_cap_idx_t cap, const char *name,
                                                unsigned idx);
/** l4_debugger_query_log_typeid() with an explicit UTCB. */
L4_INLINE l4_ret_t l4_debugger_query_log_typeid_u(l4_cap_idx_t cap, const char *name,
                                                  unsigned idx, l4_utcb_t *utcb);
/** Name and short name of kernel log \a idx. \return 0 or -L4_E* */
L4_INLINE l4_ret_t l4_debugger_query_log_name(l4_cap_idx_t cap, unsigned idx, char *name,
                                              unsigned namelen, char *shortname,
                                              unsigned shortnamelen);
/** l4_debugger_query_log_name() with an explicit UTCB. */
L4_INLINE l4_ret_t l4_debugger_query_log_name_u(l4_cap_idx_t cap, unsigned idx, char *name,
                                                unsigned namelen, char *shortname,
                                                unsigned shortnamelen, l4_utcb_t *utcb);
/** The name of the object with global id \a id. \return 0 or -L4_E* */
L4_INLINE l4_ret_t l4_debugger_query_object_name(l4_cap_idx_t cap, unsigned id, char *name,
                                                 unsigned size);
/** l4_debugger_query_object_name() with an explicit UTCB. */
L4_INLINE l4_ret_t l4_debugger_query_object_name_u(l4_cap_idx_t cap, unsigned id, char *name,
                                                   unsigned size, l4_utcb_t *utcb);
/** Tell the debugger that task \a cap has image \a name loaded at \a base. */
L4_INLINE l4_msgtag_t l4_debugger_add_image_info(l4_cap_idx_t cap, l4_addr_t base,
                                                 const char *name);
/** l4_debugger_add_image_info() with an explicit UTCB. */
L4_INLINE l4_msgtag_t l4_debugger_add_image_info_u(l4_cap_idx_t cap, l4_addr_t base,
                                                   const char *name, l4_utcb_t *utcb);
/** The global id of the kernel object at kernel address \a kobjp, or ~0UL. */
L4_INLINE unsigned long l4_debugger_kobj_to_id(l4_cap_idx_t cap, l4_addr_t kobjp);
/** l4_debugger_kobj_to_id() with an explicit UTCB. */
L4_INLINE unsigned long l4_debugger_kobj_to_id_u(l4_cap_idx_t cap, l4_addr_t kobjp,
                                                 l4_utcb_t *utcb);

/* ---- implementation ---- */

/* One request: mr0 = op, mr1 = arg, then the NUL-terminated \a str (if any). */
L4_INLINE l4_msgtag_t l4__debugger_op(l4_cap_idx_t cap, unsigned op, l4_umword_t arg,
                                      const char *str, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    char *dst = (char *)&m->mr[2];
    unsigned i = 0;

    m->mr[0] = op;
    m->mr[1] = arg;
    if (str) {
        while (str[i] && i < L4_DEBUGGER_NAME_MAX - 1) {
            dst[i] = str[i];
            ++i;
        }
        dst[i++] = 0;
    }
    return l4_invoke_debugger(cap, l4_msgtag(0, 2 + l4_bytes_to_mwords(i), 0, 0), utcb);
}

/* Copy a NUL-terminated reply string from byte \a off of the MRs into \a dst. */
L4_INLINE void l4__debugger_copy_name(l4_utcb_t *utcb, unsigned off, unsigned words,
                                      char *dst, unsigned size)
{
    char const *src = (char const *)l4_utcb_mr_u(utcb)->mr;
    unsigned i;

    for (i = 0; i + 1 < size && off + i < words * sizeof(l4_umword_t) && src[off + i]; ++i) {
        dst[i] = src[off + i];
    }
    if (size) {
        dst[i] = 0;
    }
}

L4_INLINE l4_msgtag_t l4_debugger_switch_log_u(l4_cap_idx_t cap, const char *name, int on_off,
                                               l4_utcb_t *utcb)
{
    return l4__debugger_op(cap, L4_DEBUGGER_LOG_SWITCH_OP, (l4_umword_t)on_off, name, utcb);
}

L4_INLINE l4_msgtag_t l4_debugger_switch_log(l4_cap_idx_t cap, const char *name, int on_off)
{
    return l4_debugger_switch_log_u(cap, name, on_off, l4_utcb());
}

L4_INLINE l4_ret_t l4_debugger_query_log_typeid_u(l4_cap_idx_t cap, const char *name,
                                                  unsigned idx, l4_utcb_t *utcb)
{
    l4_msgtag_t t = l4__debugger_op(cap, L4_DEBUGGER_LOG_QUERY_TYPEID_OP, idx, name, utcb);
    l4_ret_t r = l4_error_u(t, utcb);

    return r < 0 ? r : (l4_ret_t)l4_utcb_mr_u(utcb)->mr[0];
}

L4_INLINE l4_ret_t l4_debugger_query_log_typeid(l4_cap_idx_t cap, const char *name,
                                                unsigned idx)
{
    return l4_debugger_query_log_typeid_u(cap, name, idx, l4_utcb());
}

L4_INLINE l4_ret_t l4_debugger_query_log_name_u(l4_cap_idx_t cap, unsigned idx, char *name,
                                                unsigned namelen, char *shortname,
                                                unsigned shortnamelen, l4_utcb_t *utcb)
{
    l4_msgtag_t t = l4__debugger_op(cap, L4_DEBUGGER_LOG_QUERY_NAME_OP, idx, 0, utcb);
    l4_ret_t r = l4_error_u(t, utcb);
    unsigned n = 0;
    char const *src = (char const *)l4_utcb_mr_u(utcb)->mr;

    if (r < 0) {
        return r;
    }
    /* reply: name NUL short name NUL */
    l4__debugger_copy_name(utcb, 0, l4_msgtag_words(t), name, namelen);
    while (n < l4_msgtag_words(t) * sizeof(l4_umword_t) && src[n]) {
        ++n;
    }
    l4__debugger_copy_name(utcb, n + 1, l4_msgtag_words(t), shortname, shortnamelen);
    return 0;
}

L4_INLINE l4_ret_t l4_debugger_query_log_name(l4_cap_idx_t cap, unsigned idx, char *name,
                                              unsigned namelen, char *shortname,
                                              unsigned shortnamelen)
{
    return l4_debugger_query_log_name_u(cap, idx, name, namelen, shortname, shortnamelen,
                                        l4_utcb());
}

L4_INLINE l4_ret_t l4_debugger_query_object_name_u(l4_cap_idx_t cap, unsigned id, char *name,
                                                   unsigned size, l4_utcb_t *utcb)
{
    l4_msgtag_t t = l4__debugger_op(cap, L4_DEBUGGER_GLOBAL_ID_GET_NAME_OP, id, 0, utcb);
    l4_ret_t r = l4_error_u(t, utcb);

    if (r < 0) {
        return r;
    }
    l4__debugger_copy_name(utcb, 0, l4_msgtag_words(t), name, size);
    return 0;
}

L4_INLINE l4_ret_t l4_debugger_query_object_name(l4_cap_idx_t cap, unsigned id, char *name,
                                                 unsigned size)
{
    return l4_debugger_query_object_name_u(cap, id, name, size, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_debugger_add_image_info_u(l4_cap_idx_t cap, l4_addr_t base,
                                                   const char *name, l4_utcb_t *utcb)
{
    return l4__debugger_op(cap, L4_DEBUGGER_TASK_ADD_IMAGE_INFO_OP, base, name, utcb);
}

L4_INLINE l4_msgtag_t l4_debugger_add_image_info(l4_cap_idx_t cap, l4_addr_t base,
                                                 const char *name)
{
    return l4_debugger_add_image_info_u(cap, base, name, l4_utcb());
}

L4_INLINE unsigned long l4_debugger_kobj_to_id_u(l4_cap_idx_t cap, l4_addr_t kobjp,
                                                 l4_utcb_t *utcb)
{
    l4_msgtag_t t = l4__debugger_op(cap, L4_DEBUGGER_KOBJ_PTR_GET_GLOBAL_ID_OP, kobjp, 0, utcb);

    return l4_error_u(t, utcb) < 0 ? ~0UL : l4_utcb_mr_u(utcb)->mr[0];
}

L4_INLINE unsigned long l4_debugger_kobj_to_id(l4_cap_idx_t cap, l4_addr_t kobjp)
{
    return l4_debugger_kobj_to_id_u(cap, kobjp, l4_utcb());
}

L4_INLINE l4_msgtag_t l4_debugger_set_object_name_u(l4_cap_idx_t cap, const char *name,
                                                    l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    char *dst = (char *)&m->mr[1];
    unsigned i = 0;

    m->mr[0] = L4_DEBUGGER_KOBJ_SET_NAME_OP;
    while (name[i] && i < L4_DEBUGGER_NAME_MAX - 1) {
        dst[i] = name[i];
        ++i;
    }
    dst[i++] = 0;
    return l4_invoke_debugger(cap,
                              l4_msgtag(0, 1 + (unsigned)l4_bytes_to_mwords(i), 0, 0), utcb);
}

L4_INLINE l4_msgtag_t l4_debugger_set_object_name(l4_cap_idx_t cap, const char *name)
{
    return l4_debugger_set_object_name_u(cap, name, l4_utcb());
}

L4_INLINE l4_ret_t l4_debugger_get_object_name_u(l4_cap_idx_t cap, char *name, unsigned size,
                                                 l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);
    char const *src = (char const *)&m->mr[0];
    l4_msgtag_t t;
    l4_ret_t r;
    unsigned i;

    if (size == 0) {
        return -L4_EINVAL;
    }
    m->mr[0] = L4_DEBUGGER_KOBJ_GET_NAME_OP;
    t = l4_invoke_debugger(cap, l4_msgtag(0, 1, 0, 0), utcb);
    r = l4_error_u(t, utcb);
    if (r < 0) {
        return r;
    }
    for (i = 0; i + 1 < size && i < l4_msgtag_words(t) * sizeof(l4_umword_t) && src[i]; ++i) {
        name[i] = src[i];
    }
    name[i] = 0;
    return 0;
}

L4_INLINE l4_ret_t l4_debugger_get_object_name(l4_cap_idx_t cap, char *name, unsigned size)
{
    return l4_debugger_get_object_name_u(cap, name, size, l4_utcb());
}

L4_INLINE unsigned long l4_debugger_global_id_u(l4_cap_idx_t cap, l4_utcb_t *utcb)
{
    l4_msg_regs_t *m = l4_utcb_mr_u(utcb);

    m->mr[0] = L4_DEBUGGER_KOBJ_GET_GLOBAL_ID_OP;
    if (l4_error_u(l4_invoke_debugger(cap, l4_msgtag(0, 1, 0, 0), utcb), utcb) < 0) {
        return ~0UL;
    }
    return m->mr[0];
}

L4_INLINE unsigned long l4_debugger_global_id(l4_cap_idx_t cap)
{
    return l4_debugger_global_id_u(cap, l4_utcb());
}

L4_END_DECLS
