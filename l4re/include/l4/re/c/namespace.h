/* SPDX-License-Identifier: MIT */
/*
 * Namespace C interface (L4Re's l4/re/c/namespace.h): look up a named
 * capability ("rom/hello": '/' descends into sub-namespaces) into a slot,
 * and register objects under a name.
 */
#pragma once

#include <l4/sys/compiler.h>
#include <l4/re/env.h>
#include <l4/sys/types.h>

typedef l4_cap_idx_t l4re_namespace_t; /**< namespace capability */

/** Flags of a registered name. */
enum l4re_ns_register_flags {
    L4RE_NS_REGISTER_RW = 0x5,
    L4RE_NS_REGISTER_RWS = 0x7,
    L4RE_NS_REGISTER_S = 0x2,
    L4RE_NS_REGISTER_RO = 0x4,
    L4RE_NS_REGISTER_DIR = 0x10,
};

L4_BEGIN_DECLS

/**
 * Look \a name up in \a srv and receive the capability into \a cap,
 * waiting at most \a timeout ms (0: forever) for the server.
 * \return 0, -L4_ENOENT or an IPC error
 */
l4_ret_t l4re_ns_query_to_srv(l4re_namespace_t srv, char const *name, l4_cap_idx_t const cap,
                          int timeout);
/** l4re_ns_query_to_srv() without a timeout. */
l4_ret_t l4re_ns_query_srv(l4re_namespace_t srv, char const *name, l4_cap_idx_t const cap);
/** Register \a obj (L4_INVALID_CAP: a placeholder) as \a name. */
l4_ret_t l4re_ns_register_obj_srv(l4re_namespace_t srv, char const *name,
                              l4_cap_idx_t const obj, unsigned flags);

L4_END_DECLS
