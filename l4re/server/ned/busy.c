/* SPDX-License-Identifier: MIT */
/*
 * The busy-script watch. ned has one thread: while a script computes, no
 * program's exit or l4re fault is served, so a script stuck in a loop
 * stalls the system without a word. A Lua count hook (every
 * NED_BUSY_COUNT VM instructions: cheap) compares the KIP clock with the
 * moment the script last started or came back from waiting (ned_serve), and
 * once per script prints which script is busy and at which line. The limit
 * is --busy-warn=SECONDS (default 10, 0 switches the watch off). doc/ned.md.
 */
#include <stdio.h>
#include <lauxlib.h>
#include <l4/re/env.h>
#include <l4/sys/kip.h>
#include "ned.h"

#define NED_BUSY_COUNT 100000

static unsigned long busy_limit_s = 10;
static char const *busy_what;
static l4_cpu_time_t busy_since;
static int busy_told;

static void busy_hook(lua_State *L, lua_Debug *ar)
{
    l4_cpu_time_t now = l4_kip_clock(l4re_kip());
    lua_Debug where;
    int lvl;

    (void)ar;
    if (busy_told || now - busy_since < (l4_cpu_time_t)busy_limit_s * 1000000U) {
        return;
    }
    busy_told = 1;
    /* The innermost frame of a script (ned.lua is "=ned.lua", not a file). */
    for (lvl = 0; lua_getstack(L, lvl, &where); ++lvl) {
        lua_getinfo(L, "Sl", &where);
        if (where.source[0] == '@' && where.currentline > 0) {
            printf("ned: %s is busy: running for %lu s without waiting (at %s:%d)\n", busy_what,
                   busy_limit_s, where.short_src, where.currentline);
            fflush(stdout);
            return;
        }
    }
    printf("ned: %s is busy: running for %lu s without waiting\n", busy_what, busy_limit_s);
    fflush(stdout);
}

void ned_busy_set_limit(unsigned long seconds)
{
    busy_limit_s = seconds;
}

void ned_busy_start(lua_State *L, char const *what)
{
    busy_what = what;
    busy_told = 0;
    busy_since = l4_kip_clock(l4re_kip());
    if (busy_limit_s) {
        lua_sethook(L, busy_hook, LUA_MASKCOUNT, NED_BUSY_COUNT);
    }
}

void ned_busy_waited(void)
{
    busy_since = l4_kip_clock(l4re_kip());
}

void ned_busy_stop(lua_State *L)
{
    lua_sethook(L, NULL, 0, 0);
}
