/* SPDX-License-Identifier: MIT */
/*
 * ned's internal interfaces. ned is one thread: it runs the Lua script and,
 * whenever the script waits (task:wait(), L4.sleep) and after the script
 * has ended, serves the parent objects of the programs it started (their
 * exits, l4re's faults) in one IPC loop (app.c). The L4 module is a C core
 * (capabilities, factories, namespaces, program start) under the Lua part
 * ned.lua (loader, options, constant tables). doc/ned.md.
 */
#pragma once

#include <lua.h>
#include <l4/app/app.h>
#include <l4/sys/types.h>

#define NED_CAP_MT  "L4.Cap"
#define NED_TASK_MT "L4.Task"
#define NED_CLASS_MAX 16

/** All rights a Lua capability can carry: RWSD and the object rights. */
#define NED_RIGHTS_ALL 0xef
/** cap:svr(): RWSD plus object rights 1..3 (the gate-server right). */
#define NED_RIGHTS_SVR 0xef

/* ---- capabilities (lua_cap.c) ---- */

/** A capability as Lua sees it: a slot of ned, the rights to pass on, a class name. */
struct ned_cap {
    l4_cap_idx_t cap;
    unsigned rights;            /* L4_CAP_FPAGE_* | L4_FPAGE_C_* bits */
    char cls[NED_CLASS_MAX];    /* "Factory", "Mem_alloc", "Namespace", ... or "" */
};

/** Push a new capability object. */
struct ned_cap *ned_cap_push(lua_State *L, l4_cap_idx_t cap, unsigned rights, char const *cls);
/** The capability object at \a idx, or NULL. */
struct ned_cap *ned_cap_test(lua_State *L, int idx);
/** The capability object at \a idx; raises a Lua error otherwise. */
struct ned_cap *ned_cap_check(lua_State *L, int idx);
/** Register the capability metatable and its methods. */
void ned_cap_init(lua_State *L);
/** Parse rights: a number, or letters r w s d n c (r is always added). -1 if bad. */
int ned_rights_parse(char const *s, unsigned *out);

/** Raise a Lua error { msg = "<what>: <error name> (<code>)", code = err }. */
int ned_raise(lua_State *L, long err, char const *what);
/** A short name of an -L4_E* or IPC error ("ENOENT", "IPC ENOT_EXISTENT"). */
char const *ned_errstr(long err);
/** A fresh capability slot of ned; raises a Lua error when none is left. */
l4_cap_idx_t ned_cap_alloc(lua_State *L);

/* ---- factory create (lua_factory.c), namespaces (lua_ns.c) ---- */

/** factory:create(proto, ...) */
int ned_factory_create(lua_State *L);
/** ns:query(name) / ns:q(name) */
int ned_ns_query(lua_State *L);
/** ns:register(name, value) / ns:r(...) */
int ned_ns_register(lua_State *L);

/* ---- programs (lua_loader.c: core.start and task objects; app.c: the server) ---- */

enum ned_app_state { NED_APP_RUNNING, NED_APP_ZOMBIE };

/** One program ned started. */
struct ned_app {
    unsigned id;                /* gate label = id << 4 */
    enum ned_app_state state;
    int killed;
    long exit_code;
    char name[32];              /* "rom/prog" for messages */
    char tag[16];               /* its log tag */
    l4_cap_idx_t gate;          /* its parent object: an IPC gate bound to ned's thread */
    l4_cap_idx_t own_mem;       /* an allocator made for it alone (freed at exit) or invalid */
    struct l4app run;           /* libapp: task, thread, l4re's image and stack block */
    int handler;                /* Lua registry reference of the exit handler, or LUA_NOREF */
};

/** libapp's memory in ned: dataspaces of ned's allocator, attached and touched. */
extern struct l4app_mem const ned_app_mem;

/** A new app with a parent gate. NULL and *err on failure. */
struct ned_app *ned_app_new(long *err);
/** End the program (if running): delete its objects, free its memory, record \a code. */
void ned_app_end(lua_State *L, struct ned_app *a, long code, int killed);
/** Forget an app that never started. */
void ned_app_free(struct ned_app *a);
/** Apps still running. */
unsigned ned_apps_running(void);

/**
 * Serve the parent objects until \a done(arg) is true, or \a us microseconds
 * passed (~0ULL: no limit). Exit handlers run in here.
 */
void ned_serve(lua_State *L, l4_uint64_t us, int (*done)(void *), void *arg);

/** core.start{...} -> task object */
int ned_core_start(lua_State *L);
/** Register the task metatable. */
void ned_task_init(lua_State *L);

/* ---- the interactive prompt (prompt.c) ---- */

/** The label of the log's input Irq in ned_serve()'s receive loop (no app's gate has it). */
#define NED_INPUT_LABEL (1UL << 62)

/** Read, run and answer Lua lines from the console until the end of file. */
void ned_prompt(lua_State *L);
/** ned_serve() got the input Irq: the prompt's read may find input now. */
void ned_prompt_input(void);

/* ---- the busy-script watch (busy.c) ---- */

/** Warn after \a seconds of a script running without waiting (0: never). */
void ned_busy_set_limit(unsigned long seconds);
/** \a what (e.g. "rom/x.cfg") starts running in \a L: watch it. */
void ned_busy_start(lua_State *L, char const *what);
/** The script comes back from waiting (ned_serve): its busy time starts anew. */
void ned_busy_waited(void);
/** Stop watching. */
void ned_busy_stop(lua_State *L);

/* ---- the L4 core table (lua_l4.c) and the Lua part (ned.lua) ---- */

/** Push the core table the Lua part builds the L4 module from. */
void ned_core_push(lua_State *L);
/** The Lua part of the module: ned.lua, linked into the binary. */
extern char const ned_lua_start[], ned_lua_end[];
/* The constant tables (l4consts.lua, generated from the C headers at build time). */
extern char const l4consts_lua_start[], l4consts_lua_end[];
