/* SPDX-License-Identifier: MIT */
/*
 * Capability objects of the L4 module: a full userdata holding a slot of
 * ned, the rights it is handed on with (low 4 bits: L4_CAP_FPAGE_* rights;
 * bits 4..7: object rights, 0x20 = gate server) and a class name used for
 * messages and the defaults of created objects. Copies made by :m() or
 * :svr() share the slot; slots are never freed (a script makes few). Every
 * capability has every method: the server refuses what its object does not
 * support, and ned reports that error. doc/boot-config.md, doc/ned.md.
 */
#include <stdio.h>
#include <string.h>
#include <lauxlib.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/sys/err.h>
#include <l4/sys/task.h>
#include "ned.h"

static struct {
    char letter;
    unsigned bit;
} const rights_letters[] = {
    { 'r', L4_CAP_FPAGE_R }, { 'w', L4_CAP_FPAGE_W }, { 's', L4_CAP_FPAGE_S },
    { 'd', L4_CAP_FPAGE_D }, { 'n', L4_FPAGE_C_NO_REF_CNT }, { 'c', L4_FPAGE_C_OBJ_RIGHT1 },
};

int ned_rights_parse(char const *s, unsigned *out)
{
    unsigned r = L4_CAP_FPAGE_R;

    for (; *s; ++s) {
        unsigned i;
        char c = (char)(*s | 0x20);

        for (i = 0; i < sizeof(rights_letters) / sizeof(rights_letters[0]); ++i) {
            if (rights_letters[i].letter == c) {
                r |= rights_letters[i].bit;
                break;
            }
        }
        if (i == sizeof(rights_letters) / sizeof(rights_letters[0])) {
            return -1;
        }
    }
    *out = r;
    return 0;
}

static struct {
    long err;
    char const *name;
} const err_names[] = {
    { L4_EPERM, "EPERM (no permission)" },          { L4_ENOENT, "ENOENT (not found)" },
    { L4_ENOMEM, "ENOMEM (out of memory)" },        { L4_EBUSY, "EBUSY" },
    { L4_EEXIST, "EEXIST (exists already)" },       { L4_ENODEV, "ENODEV (cannot create that)" },
    { L4_EINVAL, "EINVAL (invalid argument)" },     { L4_ERANGE, "ERANGE (out of range)" },
    { L4_ENOSYS, "ENOSYS (not supported)" },        { L4_EBADPROTO, "EBADPROTO (wrong protocol)" },
    { L4_EMSGTOOSHORT, "EMSGTOOSHORT" },            { L4_EMSGTOOLONG, "EMSGTOOLONG" },
};

char const *ned_errstr(long err)
{
    static char buf[40];
    unsigned i;

    for (i = 0; i < sizeof(err_names) / sizeof(err_names[0]); ++i) {
        if (-err == err_names[i].err) {
            return err_names[i].name;
        }
    }
    if (-err >= L4_EIPC_LO && -err < L4_EIPC_HI) {
        snprintf(buf, sizeof(buf), "IPC error %ld (no such object?)", -err - L4_EIPC_LO);
        return buf;
    }
    snprintf(buf, sizeof(buf), "error %ld", err);
    return buf;
}

/* __tostring of error tables: the message. */
static int err_tostring(lua_State *L)
{
    lua_getfield(L, 1, "msg");
    return 1;
}

int ned_raise(lua_State *L, long err, char const *what)
{
    lua_createtable(L, 0, 2);
    lua_pushfstring(L, "%s: %s", what, ned_errstr(err));
    lua_setfield(L, -2, "msg");
    lua_pushinteger(L, err);
    lua_setfield(L, -2, "code");
    if (luaL_newmetatable(L, "L4.Error")) {
        lua_pushcfunction(L, err_tostring);
        lua_setfield(L, -2, "__tostring");
    }
    lua_setmetatable(L, -2);
    return lua_error(L);
}

l4_cap_idx_t ned_cap_alloc(lua_State *L)
{
    l4_cap_idx_t c = l4re_util_cap_alloc();

    if (l4_is_invalid_cap(c)) {
        luaL_error(L, "ned: out of capability slots");
    }
    return c;
}

struct ned_cap *ned_cap_push(lua_State *L, l4_cap_idx_t cap, unsigned rights, char const *cls)
{
    struct ned_cap *c = lua_newuserdatauv(L, sizeof(*c), 0);

    c->cap = cap;
    c->rights = rights & NED_RIGHTS_ALL;
    snprintf(c->cls, sizeof(c->cls), "%s", cls ? cls : "");
    luaL_setmetatable(L, NED_CAP_MT);
    return c;
}

struct ned_cap *ned_cap_test(lua_State *L, int idx)
{
    return luaL_testudata(L, idx, NED_CAP_MT);
}

struct ned_cap *ned_cap_check(lua_State *L, int idx)
{
    return luaL_checkudata(L, idx, NED_CAP_MT);
}

static int cap_is_valid(lua_State *L)
{
    struct ned_cap *c = ned_cap_check(L, 1);

    lua_pushboolean(L, l4_is_valid_cap(c->cap)
                           && l4_msgtag_label(l4_task_cap_valid(L4_BASE_TASK_CAP, c->cap)) > 0);
    return 1;
}

/* cap:m(rights) / :mode / :rights: a copy with other rights; no argument: the rights. */
static int cap_mode(lua_State *L)
{
    struct ned_cap *c = ned_cap_check(L, 1);
    unsigned r;

    if (lua_isnoneornil(L, 2)) {
        lua_pushinteger(L, c->rights);
        return 1;
    }
    if (lua_type(L, 2) == LUA_TNUMBER) {
        lua_Integer v = luaL_checkinteger(L, 2);

        if (v < 0 || v > 0xff) {
            return luaL_argerror(L, 2, "rights: want 0..255 or letters r w s d n c");
        }
        r = (unsigned)v | L4_CAP_FPAGE_R;
    } else if (ned_rights_parse(luaL_checkstring(L, 2), &r) < 0) {
        return luaL_error(L, "rights '%s': letters are r w s d n c", lua_tostring(L, 2));
    }
    ned_cap_push(L, c->cap, r, c->cls);
    return 1;
}

/* cap:svr(): a copy with full server rights (RWSD and the object rights). */
static int cap_svr(lua_State *L)
{
    struct ned_cap *c = ned_cap_check(L, 1);

    ned_cap_push(L, c->cap, NED_RIGHTS_SVR, c->cls);
    return 1;
}

static int cap_tostring(lua_State *L)
{
    struct ned_cap *c = ned_cap_check(L, 1);

    lua_pushfstring(L, "L4::Cap<%s>(0x%x, rights 0x%x)", c->cls[0] ? c->cls : "?",
                    (unsigned)(c->cap >> L4_CAP_SHIFT), c->rights);
    return 1;
}

static int cap_eq(lua_State *L)
{
    struct ned_cap *a = ned_cap_test(L, 1), *b = ned_cap_test(L, 2);

    lua_pushboolean(L, a && b && a->cap == b->cap && a->rights == b->rights);
    return 1;
}

/* A capability may stand where a function is expected (caps = { x = ns:q("x") }). */
static int cap_call(lua_State *L)
{
    ned_cap_check(L, 1);
    lua_settop(L, 1);
    return 1;
}

static luaL_Reg const cap_methods[] = {
    { "is_valid", cap_is_valid }, { "m", cap_mode },      { "mode", cap_mode },
    { "rights", cap_mode },       { "svr", cap_svr },     { "create", ned_factory_create },
    { "query", ned_ns_query },    { "q", ned_ns_query },  { "register", ned_ns_register },
    { "r", ned_ns_register },     { NULL, NULL },
};

/* cap.x: a method, or the error naming the methods there are. */
static int cap_index(lua_State *L)
{
    char const *k = luaL_checkstring(L, 2);

    lua_getfield(L, lua_upvalueindex(1), k);
    if (lua_isnil(L, -1)) {
        return luaL_error(L, "a capability has no method '%s' (methods: create, is_valid, "
                             "m, mode, q, query, r, register, rights, svr)", k);
    }
    return 1;
}

void ned_cap_init(lua_State *L)
{
    luaL_newmetatable(L, NED_CAP_MT);
    luaL_newlib(L, cap_methods);
    lua_pushcclosure(L, cap_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, cap_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushcfunction(L, cap_eq);
    lua_setfield(L, -2, "__eq");
    lua_pushcfunction(L, cap_call);
    lua_setfield(L, -2, "__call");
    lua_pushliteral(L, "L4.Cap");
    lua_setfield(L, -2, "__name");
    lua_pop(L, 1);
}
