/* SPDX-License-Identifier: MIT */
/*
 * Namespace methods of capability objects: query(name) looks a name up
 * ('/' descends into sub-namespaces) and returns a new capability (nil and a
 * message when the name is missing); register(name, cap) enters a
 * capability with the rights it carries (R, W, S become the
 * L4RE_NS_REGISTER_* flags), register(name, nil) removes the name. ned.lua
 * wraps register for the other value kinds (paths, tables, functions).
 */
#include <stdio.h>
#include <string.h>
#include <lauxlib.h>
#include <l4/re/c/namespace.h>
#include <l4/re/env.h>
#include <l4/re/protocols.h>
#include <l4/sys/err.h>
#include <l4/sys/ipc.h>
#include "ned.h"

#define NS_NAME_MAX 256

int ned_ns_query(lua_State *L)
{
    struct ned_cap *ns = ned_cap_check(L, 1);
    char const *name = luaL_checkstring(L, 2);
    l4_cap_idx_t slot = ned_cap_alloc(L);
    long r = l4re_ns_query_srv(ns->cap, name, slot);

    if (r < 0) {
        lua_pushnil(L);
        lua_pushfstring(L, "query('%s'): %s", name, ned_errstr(r));
        return 2;
    }
    /* The entry's rights are moe's business; pass on at most what the namespace has. */
    ned_cap_push(L, slot, (ns->rights & 0x0f) | L4_CAP_FPAGE_R,
                 ns->cap == l4re_env_get_cap("rom") ? "Dataspace" : "");
    return 1;
}

/* UNLINK: mr1 name length, then the bytes (l4/re/protocols.h). */
static long ns_unlink(l4_cap_idx_t ns, char const *name)
{
    l4_msg_regs_t *m = l4_utcb_mr();
    size_t len = strlen(name);
    unsigned words = (unsigned)l4_bytes_to_mwords(len);

    if (len > NS_NAME_MAX) {
        return -L4_ENAMETOOLONG;
    }
    m->mr[0] = L4RE_NS_OP_UNLINK;
    m->mr[1] = len;
    m->mr[1 + words] = 0;
    memcpy(&m->mr[2], name, len);
    return l4_error(l4_ipc_call(ns, l4_utcb(), l4_msgtag(L4RE_PROTO_NAMESPACE, 2 + words, 0, 0),
                                L4_IPC_NEVER));
}

int ned_ns_register(lua_State *L)
{
    struct ned_cap *ns = ned_cap_check(L, 1);
    char const *name = luaL_checkstring(L, 2);
    struct ned_cap *obj = ned_cap_test(L, 3);
    char what[300];
    long r;

    if (lua_isnoneornil(L, 3)) {
        r = ns_unlink(ns->cap, name);
    } else if (!obj) {
        return luaL_argerror(L, 3, "want a capability (or nil to remove the name)");
    } else {
        r = l4re_ns_register_obj_srv(ns->cap, name, obj->cap,
                                     obj->rights & (L4_CAP_FPAGE_R | L4_CAP_FPAGE_W
                                                    | L4_CAP_FPAGE_S));
    }
    if (r < 0) {
        snprintf(what, sizeof(what), "register('%s')", name);
        return ned_raise(L, r, what);
    }
    return 0;
}
