/* SPDX-License-Identifier: MIT */
/*
 * Namespace client calls (l4/re/c/namespace.h): the name travels as a length
 * word followed by its bytes packed into words (l4/re/protocols.h); a query
 * receives the capability into the caller's slot through BR0.
 */
#include <l4/re/c/namespace.h>
#include <l4/re/protocols.h>
#include <l4/sys/ipc.h>
#include <l4/sys/utcb.h>
#include <l4/sys/err.h>

/* Longest name that fits the message registers after the fixed words. */
#define NS_NAME_MAX 256

/* Put the name at mr[first]: length word, then the bytes. Returns words used or -1. */
static int put_name(l4_msg_regs_t *m, unsigned first, char const *name)
{
    unsigned len = 0;
    unsigned words;
    char *dst = (char *)&m->mr[first + 1];
    unsigned i;

    while (name[len]) {
        ++len;
    }
    if (len > NS_NAME_MAX) {
        return -1;
    }
    words = (unsigned)l4_bytes_to_mwords(len);
    m->mr[first] = len;
    for (i = 0; i < words * sizeof(l4_umword_t); ++i) {
        dst[i] = i < len ? name[i] : 0;
    }
    return (int)(1 + words);
}

l4_ret_t l4re_ns_query_to_srv(l4re_namespace_t srv, char const *name, l4_cap_idx_t const cap,
                              int timeout)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    l4_buf_regs_t *b = l4_utcb_br();
    l4_timeout_t to = L4_IPC_NEVER;
    int w = put_name(m, 1, name);

    if (w < 0) {
        return -L4_ENAMETOOLONG;
    }
    if (timeout > 0) {
        to = l4_timeout(l4_timeout_from_us((l4_uint64_t)timeout * 1000),
                        l4_timeout_from_us((l4_uint64_t)timeout * 1000));
    }
    m->mr[0] = L4RE_NS_OP_QUERY;
    b->bdr = 0;
    b->br[0] = cap | L4_RCV_ITEM_SINGLE_CAP;
    return l4_error(l4_ipc_call(srv, l4_utcb(),
                                l4_msgtag(L4RE_PROTO_NAMESPACE, 1 + (unsigned)w, 0, 0), to));
}

l4_ret_t l4re_ns_query_srv(l4re_namespace_t srv, char const *name, l4_cap_idx_t const cap)
{
    return l4re_ns_query_to_srv(srv, name, cap, 0);
}

l4_ret_t l4re_ns_register_obj_srv(l4re_namespace_t srv, char const *name,
                                  l4_cap_idx_t const obj, unsigned flags)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    unsigned items = 0;
    int w = put_name(m, 2, name);

    if (w < 0) {
        return -L4_ENAMETOOLONG;
    }
    m->mr[0] = L4RE_NS_OP_REGISTER;
    m->mr[1] = flags;
    if (l4_is_valid_cap(obj)) {
        unsigned rights = L4_CAP_FPAGE_RO;

        if (flags & L4RE_NS_REGISTER_S) {
            rights |= L4_CAP_FPAGE_S;
        }
        if (flags & 1) {
            rights |= L4_CAP_FPAGE_W;
        }
        m->mr[2 + w] = l4_map_obj_control(0, 0);
        m->mr[3 + w] = l4_obj_fpage(obj, 0, (unsigned char)rights).raw;
        items = 1;
    }
    return l4_error(l4_ipc_call(srv, l4_utcb(),
                                l4_msgtag(L4RE_PROTO_NAMESPACE, 2 + (unsigned)w, items, 0),
                                L4_IPC_NEVER));
}
