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

/* ---- implementation ---- */

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
