/* SPDX-License-Identifier: MIT */
/*
 * ned, the init program: `ned [--exit|--wait-and-exit] [--interactive] [-e
 * STATEMENT]... [<script> [args]]`. It makes a Lua 5.4 state with the standard
 * libraries and the `L4` module (require("L4"); package.path finds more modules
 * in rom/), runs the -e statements and then the script from rom with its
 * arguments in the global `arg`, then (--interactive, -i) the prompt on the
 * console (prompt.c) until its end of file, and afterwards keeps serving the
 * programs it started (or exits: --exit at once, --wait-and-exit when all ended).
 * An error prints script, line and message; started programs live on.
 * doc/ned.md, doc/boot-config.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include <lualib.h>
#include <l4/re/env.h>
#include <l4/sys/task.h>
#include "ned.h"

#define NED_MAX_STATEMENTS 16

struct ned_cmdline {
    int exit_after;     /* --exit */
    int wait_and_exit;  /* --wait-and-exit */
    int interactive;    /* --interactive, -i */
    char const *stmts[NED_MAX_STATEMENTS];
    unsigned nstmts;
    int script;         /* argv index of the script, 0 if none */
};

static int usage(char const *why)
{
    printf("ned: %s\nusage: ned [--exit|--wait-and-exit] [--interactive] [--busy-warn=SECONDS] "
           "[-e STATEMENT]... [<script> [args]]\n",
           why);
    return 1;
}

static int parse_cmdline(int argc, char **argv, struct ned_cmdline *c)
{
    int i;

    memset(c, 0, sizeof(*c));
    for (i = 1; i < argc; ++i) {
        char const *a = argv[i];

        if (strcmp(a, "--exit") == 0) {
            c->exit_after = 1;
        } else if (strcmp(a, "--wait-and-exit") == 0) {
            c->wait_and_exit = 1;
        } else if (strcmp(a, "--interactive") == 0 || strcmp(a, "-i") == 0) {
            c->interactive = 1;
        } else if (strncmp(a, "--busy-warn=", 12) == 0) {
            char *end;
            unsigned long s = strtoul(a + 12, &end, 10);

            if (end == a + 12 || *end) {
                return usage("--busy-warn= needs a number of seconds");
            }
            ned_busy_set_limit(s);
        } else if (strcmp(a, "-e") == 0 || strcmp(a, "--execute") == 0) {
            if (i + 1 >= argc) {
                return usage("-e needs a statement");
            }
            if (c->nstmts == NED_MAX_STATEMENTS) {
                return usage("too many -e statements");
            }
            c->stmts[c->nstmts++] = argv[++i];
        } else if (strncmp(a, "--execute=", 10) == 0 && c->nstmts < NED_MAX_STATEMENTS) {
            c->stmts[c->nstmts++] = a + 10;
        } else if (strcmp(a, "--") == 0) {
            c->script = i + 1 < argc ? i + 1 : 0;
            return 0;
        } else if (a[0] == '-' && a[1]) {
            return usage("unknown option");
        } else {
            c->script = i;
            return 0;
        }
    }
    return 0;
}

/*
 * Message handler: the error text with the script position. Errors that C
 * functions raise as tables ({ msg, code }) carry no position, so the
 * innermost level of a script (a chunk loaded from a file, source "@...")
 * is named; then a traceback.
 */
static int msgh(lua_State *L)
{
    char const *msg = luaL_tolstring(L, 1, NULL);

    if (lua_type(L, 1) != LUA_TSTRING) {
        lua_Debug ar;
        int lvl;

        for (lvl = 1; lua_getstack(L, lvl, &ar); ++lvl) {
            lua_getinfo(L, "Sl", &ar);
            if (ar.source[0] == '@' && ar.currentline > 0) {
                msg = lua_pushfstring(L, "%s:%d: %s", ar.short_src, ar.currentline, msg);
                break;
            }
        }
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* Run the function on top with \a nargs arguments; print an error. 0 or -1. */
static int run(lua_State *L, int nargs)
{
    int base = lua_gettop(L) - nargs;
    int r;

    lua_pushcfunction(L, msgh);
    lua_insert(L, base);
    r = lua_pcall(L, nargs, 0, base);
    lua_remove(L, base);
    if (r != LUA_OK) {
        fflush(stdout);
        printf("ned: error: %s\n", lua_tostring(L, -1));
        fflush(stdout);
        lua_pop(L, 1);
        return -1;
    }
    return 0;
}

/* package.preload.L4: run ned.lua with the core table and the generated constants. */
static int open_l4(lua_State *L)
{
    /* Binary only: the build precompiled ned.lua (tools/luac/dump.py); its chunk
     * keeps the name "=ned.lua", which ned.lua compares its callers against. */
    if (luaL_loadbufferx(L, ned_lua_start, (size_t)(ned_lua_end - ned_lua_start), "=ned.lua",
                         "b") != LUA_OK) {
        return lua_error(L);
    }
    ned_core_push(L);
    if (luaL_loadbuffer(L, l4consts_lua_start,
                        (size_t)(l4consts_lua_end - l4consts_lua_start), "=l4consts.lua")
        != LUA_OK) {
        return lua_error(L);
    }
    lua_call(L, 0, 1);
    lua_call(L, 2, 1);
    return 1;
}

static lua_State *make_state(void)
{
    lua_State *L = luaL_newstate();

    if (!L) {
        return NULL;
    }
    luaL_openlibs(L);
    ned_cap_init(L);
    ned_task_init(L);
    luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
    lua_pushcfunction(L, open_l4);
    lua_setfield(L, -2, "L4");
    lua_pop(L, 1);
    lua_getglobal(L, "package");
    lua_pushliteral(L, "rom/?.lua;rom/?.cfg");
    lua_setfield(L, -2, "path");
    lua_pop(L, 1);
    return L;
}

/* The global `arg`: arg[0] = script, arg[1..] = its arguments. */
static void set_args(lua_State *L, int argc, char **argv, int script)
{
    int i;

    lua_createtable(L, argc - script, 1);
    for (i = script; i < argc; ++i) {
        lua_pushstring(L, argv[i]);
        lua_rawseti(L, -2, i - script);
    }
    lua_setglobal(L, "arg");
}

static int none_running(void *arg)
{
    (void)arg;
    return ned_apps_running() == 0;
}

/*
 * The kernel debugger capability comes as the named capability "jdb"; the
 * l4_debugger_* calls (libapp names the tasks ned starts with them) use the
 * base slot, so ned maps it there too when it has it.
 */
static void map_debugger_cap(void)
{
    l4_cap_idx_t jdb = l4re_env_get_cap("jdb");

    if (l4_is_valid_cap(jdb)) {
        l4_task_map(L4_BASE_TASK_CAP, L4_BASE_TASK_CAP, l4_obj_fpage(jdb, 0, L4_CAP_FPAGE_RWS),
                    L4_BASE_DEBUGGER_CAP | L4_ITEM_MAP);
    }
}

int main(int argc, char **argv)
{
    struct ned_cmdline c;
    lua_State *L;
    unsigned i;
    int i_arg;

    if (parse_cmdline(argc, argv, &c)) {
        return 1;
    }
    map_debugger_cap();
    L = make_state();
    if (!L) {
        printf("ned: cannot create the Lua state\n");
        return 1;
    }
    if (c.script) {
        set_args(L, argc, argv, c.script);
    }
    for (i = 0; i < c.nstmts; ++i) {
        if (luaL_loadbuffer(L, c.stmts[i], strlen(c.stmts[i]), "=(command line)") != LUA_OK) {
            printf("ned: error: %s\n", lua_tostring(L, -1));
            lua_pop(L, 1);
            continue;
        }
        ned_busy_start(L, "a -e statement");
        run(L, 0);
        ned_busy_stop(L);
    }
    if (c.script) {
        if (luaL_loadfile(L, argv[c.script]) != LUA_OK) {
            printf("ned: error: %s\n", lua_tostring(L, -1));
            lua_pop(L, 1);
        } else {
            for (i_arg = c.script + 1; i_arg < argc; ++i_arg) {
                lua_pushstring(L, argv[i_arg]);
            }
            ned_busy_start(L, argv[c.script]);
            run(L, argc - c.script - 1);
            ned_busy_stop(L);
        }
    } else if (c.nstmts == 0 && !c.interactive) {
        printf("ned: no script given: nothing to do\n");
    }
    if (c.interactive) {
        ned_prompt(L);
    }
    fflush(stdout);
    if (c.exit_after) {
        return 0;
    }
    if (c.wait_and_exit) {
        ned_serve(L, ~0ULL, none_running, NULL);
        return 0;
    }
    ned_serve(L, ~0ULL, NULL, NULL);
    return 0;
}
