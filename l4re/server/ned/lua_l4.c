/* SPDX-License-Identifier: MIT */
/*
 * The core table under ned.lua: ned's initial capabilities (env), program
 * start (start), waiting (sleep, server_loop), the KIP as a string, casts
 * and the shared method table of capability objects, so that ned.lua can
 * wrap methods in Lua. The public `L4` module is built from it in ned.lua.
 */
#include <stdio.h>
#include <string.h>
#include <lauxlib.h>
#include <l4/re/env.h>
#include <l4/sys/kip.h>
#include "ned.h"

/* ned's standard capabilities as L4.Env entries. */
static void env_std(lua_State *L, l4re_env_t const *e)
{
    struct {
        char const *name;
        l4_cap_idx_t cap;
        unsigned rights;
        char const *cls;
    } const std[] = {
        { "parent", e->parent, 0x0f, "Parent" },
        { "mem_alloc", e->mem_alloc, 0x0f, "Mem_alloc" },
        { "rm", e->rm, 0x0f, "Rm" },
        { "log", e->log, L4_CAP_FPAGE_RWS, "Log" },
        { "factory", e->factory, 0x0f, "Factory" },
        { "scheduler", e->scheduler, 0x0f, "Scheduler" },
    };
    unsigned i;

    for (i = 0; i < sizeof(std) / sizeof(std[0]); ++i) {
        if (l4_is_valid_cap(std[i].cap)) {
            ned_cap_push(L, std[i].cap, std[i].rights, std[i].cls);
            lua_setfield(L, -2, std[i].name);
        }
    }
    lua_getfield(L, -1, "mem_alloc");
    lua_setfield(L, -2, "user_factory");
}

/* Class and rights of the named capabilities moe gives init. */
static void named_kind(char const *name, char const **cls, unsigned *rights)
{
    static struct {
        char const *name, *cls;
        unsigned rights;
    } const kinds[] = {
        { "rom", "Namespace", L4_CAP_FPAGE_R }, { "kip", "Dataspace", L4_CAP_FPAGE_R },
        { "icu", "Icu", L4_CAP_FPAGE_RWS },     { "jdb", "Debugger", L4_CAP_FPAGE_RWS },
        { "sigma0", "Sigma0", L4_CAP_FPAGE_RWS }, { "log", "Log", L4_CAP_FPAGE_RWS },
    };
    unsigned i;

    *cls = "";
    *rights = L4_CAP_FPAGE_RWS;
    for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); ++i) {
        if (strcmp(name, kinds[i].name) == 0) {
            *cls = kinds[i].cls;
            *rights = kinds[i].rights;
        }
    }
}

/* core.env(): a table of ned's initial capabilities. The standard ones win
 * over named ones of the same name (L4.Env.log is ned's own log). */
static int core_env(lua_State *L)
{
    l4re_env_t const *e = l4re_env();
    l4re_env_cap_entry_t const *c;

    lua_newtable(L);
    env_std(L, e);
    for (c = e->caps; c && c->flags != ~0UL; ++c) {
        char name[sizeof(c->name) + 1];
        char const *cls;
        unsigned rights;

        memcpy(name, c->name, sizeof(c->name));
        name[sizeof(c->name)] = 0;
        if (lua_getfield(L, -1, name) != LUA_TNIL) {
            lua_pop(L, 1);
            continue;
        }
        lua_pop(L, 1);
        named_kind(name, &cls, &rights);
        ned_cap_push(L, c->cap, rights, cls);
        lua_setfield(L, -2, name);
    }
    return 1;
}

/* core.sleep(seconds): serve the programs meanwhile. */
static int core_sleep(lua_State *L)
{
    lua_Number s = luaL_checknumber(L, 1);

    if (s > 0) {
        ned_serve(L, (l4_uint64_t)(s * 1e6), NULL, NULL);
    }
    return 0;
}

static int core_server_loop(lua_State *L)
{
    ned_serve(L, ~0ULL, NULL, NULL);
    return 0;
}

static int core_kip(lua_State *L)
{
    lua_pushlstring(L, (char const *)l4re_kip(), L4_PAGESIZE);
    return 1;
}

static int core_is_cap(lua_State *L)
{
    lua_pushboolean(L, ned_cap_test(L, 1) != NULL);
    return 1;
}

/* core.cast(cap, class): the same capability seen as another class. */
static int core_cast(lua_State *L)
{
    struct ned_cap *c = ned_cap_check(L, 1);

    ned_cap_push(L, c->cap, c->rights, luaL_checkstring(L, 2));
    return 1;
}

static int core_class(lua_State *L)
{
    lua_pushstring(L, ned_cap_check(L, 1)->cls);
    return 1;
}

static int core_running(lua_State *L)
{
    lua_pushinteger(L, ned_apps_running());
    return 1;
}

static luaL_Reg const core_funcs[] = {
    { "env", core_env },     { "start", ned_core_start },   { "sleep", core_sleep },
    { "kip", core_kip },     { "server_loop", core_server_loop },
    { "is_cap", core_is_cap }, { "cast", core_cast },       { "class", core_class },
    { "running", core_running }, { NULL, NULL },
};

void ned_core_push(lua_State *L)
{
    luaL_newlib(L, core_funcs);
    luaL_getmetatable(L, NED_CAP_MT);
    lua_getfield(L, -1, "__index");
    lua_getupvalue(L, -1, 1); /* the method table behind __index */
    lua_setfield(L, -4, "cap_methods");
    lua_pop(L, 2);
}
