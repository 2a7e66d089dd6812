/* SPDX-License-Identifier: MIT */
/*
 * core.start{...}: start one program through libapp with the capabilities
 * ned.lua resolved from the options, and the task objects it returns
 * (:state, :exit_code, :wait, :kill, :exit_handler). The program is looked
 * up in its own namespace first, so a missing binary is reported here
 * (and no task is made); rom/l4re is attached once per path and kept.
 * Failures return nil and a message; ned.lua raises it at the script's line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include <l4/re/c/dataspace.h>
#include <l4/re/c/namespace.h>
#include <l4/re/c/rm.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/debugger.h>
#include <l4/sys/err.h>
#include "ned.h"

#define CAP_SEL(slot) ((l4_cap_idx_t)(slot) << L4_CAP_SHIFT)
#define MAX_STRS 64

struct ned_task {
    struct ned_app *a;
};

/* rom/l4re (or opts.l4re_loader), attached read-only once. */
static struct {
    char path[64];
    void *addr;
    unsigned long size;
} loader_image;

static long get_loader(l4_cap_idx_t names, char const *path, void **addr, unsigned long *size)
{
    l4_cap_idx_t ds;
    long r;

    if (loader_image.addr && strcmp(loader_image.path, path) == 0) {
        *addr = loader_image.addr;
        *size = loader_image.size;
        return 0;
    }
    if (strlen(path) >= sizeof(loader_image.path)) {
        return -L4_ENAMETOOLONG;
    }
    ds = l4re_util_cap_alloc();
    if (l4_is_invalid_cap(ds)) {
        return -L4_ENOMEM;
    }
    r = l4re_ns_query_srv(names, path, ds);
    if (r >= 0) {
        r = (long)l4re_ds_size(ds);
    }
    if (r > 0) {
        *size = (unsigned long)r;
        *addr = NULL;
        r = l4re_rm_attach(addr, *size, L4RE_RM_F_SEARCH_ADDR | L4RE_RM_F_R, ds, 0,
                           L4_PAGESHIFT);
    } else if (r == 0) {
        r = -L4_EINVAL;
    }
    if (r < 0) {
        l4re_util_cap_free_um(ds);
        return r;
    }
    if (loader_image.addr) {
        l4re_rm_detach(loader_image.addr); /* another loader: keep only the latest */
    }
    snprintf(loader_image.path, sizeof(loader_image.path), "%s", path);
    loader_image.addr = *addr;
    loader_image.size = *size;
    return 0;
}

/* Does \a name exist in namespace \a ns? 0 or the query's error. */
static long exists(l4_cap_idx_t ns, char const *name)
{
    l4_cap_idx_t tmp = l4re_util_cap_alloc();
    long r;

    if (l4_is_invalid_cap(tmp)) {
        return -L4_ENOMEM;
    }
    r = l4re_ns_query_srv(ns, name, tmp);
    l4re_util_cap_free_um(tmp);
    return r < 0 ? r : 0;
}

/* t[key] as a capability (absent: \a dflt with rights \a rights). */
static struct l4app_cap cap_field(lua_State *L, char const *key, l4_cap_idx_t dflt,
                                  unsigned rights)
{
    struct l4app_cap c = { NULL, dflt, rights };
    struct ned_cap *nc;

    lua_getfield(L, 1, key);
    nc = ned_cap_test(L, -1);
    if (nc) {
        c.cap = nc->cap;
        c.rights = nc->rights;
    }
    lua_pop(L, 1);
    return c;
}

/* t[key] as an array of strings, copied pointers (the table keeps the strings alive). */
static unsigned str_list(lua_State *L, char const *key, char const **out)
{
    unsigned n = 0;

    lua_getfield(L, 1, key);
    if (lua_istable(L, -1)) {
        lua_Integer i, len = (lua_Integer)lua_rawlen(L, -1);

        if (len > MAX_STRS) {
            luaL_error(L, "start: more than %d %s", MAX_STRS, key);
        }
        for (i = 1; i <= len; ++i) {
            lua_rawgeti(L, -1, i);
            out[n++] = luaL_checkstring(L, -1);
            lua_pop(L, 1); /* the string stays referenced by the table */
        }
    }
    lua_pop(L, 1);
    return n;
}

/*
 * Name the IPC gate \a gate for the kernel debugger (jdb's p and o, make picture) unless
 * it has a name already: the first key it is handed out under names it. Best effort: ned
 * without the debugger capability leaves gates unnamed.
 */
static void name_gate(l4_cap_idx_t gate, char const *name)
{
    char old[2];

    if (l4_debugger_get_object_name(gate, old, sizeof(old)) == 0 && old[0] == '\0') {
        l4_debugger_set_object_name(gate, name);
    }
}

/* The program's name for the debugger: the part of "rom/prog" after the last '/'. */
static char const *base_name(char const *path)
{
    char const *slash = strrchr(path, '/');

    return slash ? slash + 1 : path;
}

/* caps = { key = cap, ... } as ned.lua lists them; gates ned made are named after the key. */
static unsigned named_caps(lua_State *L, struct l4app_cap *out)
{
    unsigned n = 0;

    lua_getfield(L, 1, "caps");
    if (lua_istable(L, -1)) {
        lua_Integer i, len = (lua_Integer)lua_rawlen(L, -1);

        if (len > L4APP_MAX_NAMED) {
            luaL_error(L, "start: more than %d named capabilities", L4APP_MAX_NAMED);
        }
        for (i = 1; i <= len; ++i) {
            struct ned_cap *c;

            lua_rawgeti(L, -1, i);
            lua_rawgeti(L, -1, 1);
            out[n].name = luaL_checkstring(L, -1);
            lua_rawgeti(L, -2, 2);
            c = ned_cap_check(L, -1);
            out[n].cap = c->cap;
            out[n].rights = c->rights;
            if (!strcmp(c->cls, "Ipc_gate")) {
                name_gate(c->cap, out[n].name);
            }
            ++n;
            lua_pop(L, 3);
        }
    }
    lua_pop(L, 1);
    return n;
}

static int start_fail(lua_State *L, char const *prog, char const *what, long err)
{
    lua_pushnil(L);
    lua_pushfstring(L, "%s: %s: %s", prog, what, ned_errstr(err));
    return 2;
}

int ned_core_start(lua_State *L)
{
    l4re_env_t *env = l4re_env();
    char const *argv[MAX_STRS], *envp[MAX_STRS];
    struct l4app_cap named[L4APP_MAX_NAMED];
    struct l4app_params p;
    struct ned_app *a;
    struct ned_task *t;
    char const *prog, *ldr_path, *tag, *why = "";
    struct ned_cap *own_mem;
    void *ldr = NULL;
    unsigned long ldr_size = 0;
    long r;

    luaL_checktype(L, 1, LUA_TTABLE);
    memset(&p, 0, sizeof(p));
    lua_getfield(L, 1, "prog");
    prog = luaL_checkstring(L, -1);
    lua_getfield(L, 1, "l4re_loader");
    ldr_path = luaL_optstring(L, -1, "rom/l4re");
    lua_getfield(L, 1, "tag");
    tag = luaL_optstring(L, -1, prog);
    lua_getfield(L, 1, "l4re_dbg");
    p.dbg_lvl = (l4_umword_t)luaL_optinteger(L, -1, 0);
    lua_getfield(L, 1, "ldr_flags");
    p.ldr_flags = (l4_umword_t)luaL_optinteger(L, -1, 0);
    lua_getfield(L, 1, "own_mem");
    own_mem = ned_cap_test(L, -1);
    lua_pop(L, 6); /* the strings stay referenced by the table */

    p.binary = prog;
    p.argc = str_list(L, "argv", argv);
    p.argv = argv;
    p.envc = str_list(L, "envp", envp);
    p.envp = envp;
    p.nnamed = named_caps(L, named);
    p.named = named;
    p.factory = cap_field(L, "factory", env->factory, L4_CAP_FPAGE_RWS);
    p.log = cap_field(L, "log", env->log, L4_CAP_FPAGE_RWS);
    p.scheduler = cap_field(L, "scheduler", env->scheduler, L4_CAP_FPAGE_RWS);
    p.mem_alloc = cap_field(L, "mem", env->mem_alloc, L4_CAP_FPAGE_RWS);
    p.names = cap_field(L, "names", CAP_SEL(L4APP_SLOT_NAMES), L4_CAP_FPAGE_RO);
    p.kip_ds = (struct l4app_cap){ NULL, CAP_SEL(L4APP_SLOT_KIP), L4_CAP_FPAGE_RO };
    p.kfactory = cap_field(L, "kfactory", env->factory, 0).cap;
    p.run_sched = p.scheduler.cap;
    if (p.argc == 0) {
        argv[0] = prog;
        p.argc = 1;
    }

    r = exists(p.names.cap, prog);
    if (r < 0) {
        return start_fail(L, prog, "cannot start the program", r);
    }
    r = get_loader(CAP_SEL(L4APP_SLOT_NAMES), ldr_path, &ldr, &ldr_size);
    if (r < 0) {
        return start_fail(L, ldr_path, "cannot load the in-task loader", r);
    }
    a = ned_app_new(&r);
    if (!a) {
        return start_fail(L, prog, "cannot make its parent object", r);
    }
    snprintf(a->name, sizeof(a->name), "%s", prog);
    snprintf(a->tag, sizeof(a->tag), "%s", tag);
    {
        char gate_name[24];

        snprintf(gate_name, sizeof(gate_name), "parent:%s", base_name(prog));
        name_gate(a->gate, gate_name);
    }
    p.l4re_path = ldr_path;
    p.l4re_elf = ldr;
    p.l4re_size = ldr_size;
    p.parent = (struct l4app_cap){ NULL, a->gate, L4_CAP_FPAGE_RWS };
    p.kip = l4re_kip();
    p.mem = ned_app_mem;
    p.task_slot = l4re_util_cap_alloc();
    p.thread_slot = l4re_util_cap_alloc();
    r = -L4_ENOMEM;
    if (l4_is_valid_cap(p.task_slot) && l4_is_valid_cap(p.thread_slot)) {
        r = l4app_start(&p, &a->run, &why);
    }
    if (r < 0) {
        l4re_util_cap_free(p.task_slot);
        l4re_util_cap_free(p.thread_slot);
        ned_app_free(a);
        lua_pushnil(L);
        lua_pushfstring(L, "%s: cannot start: %s%s%s", prog, ned_errstr(r), *why ? ": " : "",
                        why);
        return 2;
    }
    if (own_mem) {
        a->own_mem = own_mem->cap;
    }
    t = lua_newuserdatauv(L, sizeof(*t), 0);
    t->a = a;
    luaL_setmetatable(L, NED_TASK_MT);
    return 1;
}

/* ---- task objects ---- */

static struct ned_app *task_app(lua_State *L)
{
    return ((struct ned_task *)luaL_checkudata(L, 1, NED_TASK_MT))->a;
}

static void push_code(lua_State *L, struct ned_app *a)
{
    if (a->killed) {
        lua_pushliteral(L, "killed");
    } else {
        lua_pushinteger(L, a->exit_code);
    }
}

static int task_state(lua_State *L)
{
    struct ned_app *a = task_app(L);

    lua_pushstring(L, a->state == NED_APP_RUNNING ? "running" : "zombie");
    return 1;
}

static int task_exit_code(lua_State *L)
{
    struct ned_app *a = task_app(L);

    if (a->state == NED_APP_RUNNING) {
        lua_pushnil(L);
    } else {
        push_code(L, a);
    }
    return 1;
}

static int ended(void *arg)
{
    return ((struct ned_app *)arg)->state != NED_APP_RUNNING;
}

static int task_wait(lua_State *L)
{
    struct ned_app *a = task_app(L);

    ned_serve(L, ~0ULL, ended, a);
    push_code(L, a);
    return 1;
}

static int task_kill(lua_State *L)
{
    struct ned_app *a = task_app(L);

    if (a->state == NED_APP_RUNNING) {
        ned_app_end(L, a, 0, 1);
    }
    push_code(L, a);
    return 1;
}

static int task_exit_handler(lua_State *L)
{
    struct ned_app *a = task_app(L);

    luaL_checktype(L, 2, LUA_TFUNCTION);
    luaL_unref(L, LUA_REGISTRYINDEX, a->handler);
    lua_settop(L, 2);
    a->handler = luaL_ref(L, LUA_REGISTRYINDEX);
    if (a->state != NED_APP_RUNNING) {
        /* It ended already: call the handler now, as if it had been there. */
        lua_rawgeti(L, LUA_REGISTRYINDEX, a->handler);
        push_code(L, a);
        lua_call(L, 1, 0);
    }
    return 0;
}

static int task_tostring(lua_State *L)
{
    struct ned_app *a = task_app(L);

    lua_pushfstring(L, "L4.Task(%s, %s)", a->name,
                    a->state == NED_APP_RUNNING ? "running" : "zombie");
    return 1;
}

static luaL_Reg const task_methods[] = {
    { "state", task_state }, { "exit_code", task_exit_code },       { "wait", task_wait },
    { "kill", task_kill },   { "exit_handler", task_exit_handler }, { NULL, NULL },
};

void ned_task_init(lua_State *L)
{
    luaL_newmetatable(L, NED_TASK_MT);
    luaL_newlib(L, task_methods);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, task_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pop(L, 1);
}
