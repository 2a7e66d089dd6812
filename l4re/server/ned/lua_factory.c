/* SPDX-License-Identifier: MIT */
/*
 * factory:create(proto, ...): one create request in the factory format
 * that the kernel and moe share (mr0 = protocol, then typed variable
 * arguments): Lua integers become MWORD, strings STRING (with their NUL),
 * nil NIL. An IPC gate from the kernel factory may take a thread
 * capability and a label. The new capability has all rights and a class
 * named after the protocol; a Factory made by moe's allocator is again an
 * allocator ("Mem_alloc"). Errors raise { msg =, code = }.
 */
#include <stdio.h>
#include <string.h>
#include <lauxlib.h>
#include <l4/re/protocols.h>
#include <l4/sys/err.h>
#include <l4/sys/factory.h>
#include "ned.h"

/* The class of what a create makes, by protocol. */
static struct {
    long proto;
    char const *cls;
} const created_class[] = {
    { 0, "Ipc_gate" },                     { L4_PROTO_IRQ_SENDER, "Irq" },
    { L4_PROTO_SEMAPHORE, "Semaphore" },   { L4_PROTO_LOG, "Log" },
    { L4_PROTO_SCHEDULER, "Scheduler" },   { L4RE_PROTO_DATASPACE, "Dataspace" },
    { L4RE_PROTO_NAMESPACE, "Namespace" }, { L4RE_PROTO_RM, "Rm" },
    { L4RE_PROTO_DMA_SPACE, "Dma_space" }, { L4_PROTO_VM, "Vm" },
};

static char const *class_of(long proto, struct ned_cap const *fab)
{
    unsigned i;

    if (proto == L4_PROTO_FACTORY) {
        return fab->cls; /* a kernel factory makes factories, moe makes allocators */
    }
    for (i = 0; i < sizeof(created_class) / sizeof(created_class[0]); ++i) {
        if (created_class[i].proto == proto) {
            return created_class[i].cls;
        }
    }
    return "";
}

/* Append argument \a idx to the request. 0, or -1 if it has a type we cannot send. */
static int add_arg(lua_State *L, int idx, l4_msgtag_t *tag, l4_utcb_t *u)
{
    size_t len;
    char const *s;

    switch (lua_type(L, idx)) {
    case LUA_TNIL:
        return l4_factory_create_add_nil_u(tag, u) < 0 ? -1 : 0;
    case LUA_TNUMBER:
        if (!lua_isinteger(L, idx)) {
            return -1;
        }
        return l4_factory_create_add_int_u((l4_mword_t)lua_tointeger(L, idx), tag, u) < 0 ? -1
                                                                                          : 0;
    case LUA_TSTRING:
        s = lua_tolstring(L, idx, &len);
        return l4_factory_create_add_lstr_u(s, (unsigned)len + 1, tag, u) < 0 ? -1 : 0;
    default:
        return -1;
    }
}

/* An IPC gate from the kernel factory: create(Ipc_gate, [thread], [label]). */
static long create_gate(lua_State *L, struct ned_cap *fab, l4_cap_idx_t slot)
{
    struct ned_cap *thread = ned_cap_test(L, 3);
    l4_umword_t label = (l4_umword_t)luaL_optinteger(L, thread ? 4 : 3, 0);

    return l4_error(l4_factory_create_gate(fab->cap, slot,
                                           thread ? thread->cap : L4_INVALID_CAP, label));
}

int ned_factory_create(lua_State *L)
{
    struct ned_cap *fab = ned_cap_check(L, 1);
    lua_Integer proto = luaL_checkinteger(L, 2);
    int n = lua_gettop(L), i;
    l4_cap_idx_t slot = ned_cap_alloc(L);
    l4_utcb_t *u = l4_utcb();
    l4_msgtag_t tag;
    long r;

    if (proto == 0 && ned_cap_test(L, 3)) {
        r = create_gate(L, fab, slot);
    } else {
        tag = l4_factory_create_start_u((long)proto, slot, u);
        for (i = 3; i <= n; ++i) {
            if (add_arg(L, i, &tag, u) < 0) {
                lua_pushfstring(L, "create: argument %d is a %s (integers, strings and nil only)",
                                i - 2, luaL_typename(L, i));
                return lua_error(L);
            }
        }
        r = l4_error(l4_factory_create_commit_u(fab->cap, tag, u));
    }
    if (r < 0) {
        char what[64];

        snprintf(what, sizeof(what), proto >= 0x4000 ? "create(proto 0x%lx) on %s"
                                                     : "create(proto %ld) on %s",
                 (long)proto, fab->cls[0] ? fab->cls : "a capability");
        return ned_raise(L, r, what);
    }
    ned_cap_push(L, slot, L4_CAP_FPAGE_RWSD, class_of((long)proto, fab));
    return 1;
}
