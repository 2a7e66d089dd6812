/* SPDX-License-Identifier: MIT */
/*
 * ned's interactive prompt (`ned --interactive`, `-i`; entry ned-prompt). It
 * reads Lua lines from the console through ned's log (a Vcon of moe's), runs
 * each in ned's one Lua state, with the globals the scripts have and the L4
 * module as the global `L4` (what require("L4") gives them), and prints what an expression yields and what an error says, as the
 * Lua REPL does: a line is tried as `return <line>` first, a statement that is
 * not complete yet (a `for` without its `end`) asks for more lines (">> "). An
 * error never ends the prompt; the end of file (Ctrl-D on an empty line) does,
 * and ned goes on serving its programs. While the prompt waits for input, ned
 * serves the programs it started (ned_serve until the log's input Irq fires),
 * so they load, fault in and exit as with a script. doc/ned.md.
 */
#include <stdio.h>
#include <string.h>
#include <lauxlib.h>
#include <l4/re/c/util/cap_alloc.h>
#include <l4/re/env.h>
#include <l4/sys/factory.h>
#include <l4/sys/icu.h>
#include <l4/sys/irq.h>
#include <l4/sys/vcon.h>
#include "ned.h"

#define PROMPT "ned> "
#define PROMPT_MORE ">> "
#define PROMPT_LINE 1024
#define PROMPT_CHUNK (16 * PROMPT_LINE)

static int input_came;              /* the log's input Irq fired since the last read */
static char pending[PROMPT_LINE];   /* read, not yet taken as a line */
static unsigned npending;
static int end_of_file;

void ned_prompt_input(void)
{
    input_came = 1;
}

static int input_arrived(void *arg)
{
    (void)arg;
    return input_came;
}

/* An Irq bound to ned's log input and attached to ned's thread: ned_serve() returns on it. */
static long bind_input_irq(void)
{
    l4re_env_t *env = l4re_env();
    l4_cap_idx_t irq = l4re_util_cap_alloc();
    long r;

    if (l4_is_invalid_cap(irq)) {
        return -L4_ENOMEM;
    }
    r = l4_error(l4_factory_create_irq(env->factory, irq));
    if (r == 0) {
        r = l4_error(l4_irq_attach(irq, NED_INPUT_LABEL, env->main_thread));
    }
    if (r == 0) {
        r = l4_error(l4_icu_bind(env->log, 0, irq));
    }
    return r;
}

/*
 * Take one line (without its newline) out of pending[] into \a line (PROMPT_LINE
 * bytes), if there is one: a full line, a full buffer, or with \a force what is left.
 */
static int take_line(char *line, int force)
{
    char *nl = memchr(pending, '\n', npending);
    unsigned len, used;

    if (!nl && !(force && npending) && npending < sizeof(pending)) {
        return 0;
    }
    len = nl ? (unsigned)(nl - pending) : npending;
    used = nl ? len + 1 : len;
    if (len > PROMPT_LINE - 1) {
        len = used = PROMPT_LINE - 1; /* a line longer than that comes in pieces */
    }
    memcpy(line, pending, len);
    line[len] = 0;
    memmove(pending, pending + used, npending - used);
    npending -= used;
    return 1;
}

/*
 * The next input line into \a line (PROMPT_LINE bytes): 1, 0 at the end of file,
 * or a negative error of the read. Serves ned's programs while nothing is typed.
 */
static long read_line(lua_State *L, char *line)
{
    for (;;) {
        long r;
        unsigned n;

        if (take_line(line, end_of_file)) {
            return 1;
        }
        if (end_of_file) {
            end_of_file = 0;
            return 0;
        }
        input_came = 0;
        r = l4_vcon_read_with_flags_u(l4re_env()->log, pending + npending,
                                      (unsigned)(sizeof(pending) - npending), l4_utcb());
        if (r < 0) {
            return r;
        }
        n = (unsigned)((unsigned long)r & L4_VCON_READ_SIZE_MASK);
        npending += n;
        if (n == 0 && !((unsigned long)r & L4_VCON_READ_STAT_DONE)) {
            end_of_file = 1;
        } else if (n == 0) {
            ned_serve(L, ~0ULL, input_arrived, NULL);
        }
    }
}

/* Print the error value on top as ned does ("ned: error: ..."), and pop it. */
static void report(lua_State *L)
{
    printf("ned: error: %s\n", luaL_tolstring(L, -1, NULL));
    lua_pop(L, 2);
}

/*
 * Compile \a code: as `return <code>` if that is an expression, else as it is.
 * \return LUA_OK with the function pushed, LUA_ERRSYNTAX with the message pushed.
 */
static int compile(lua_State *L, char const *code, size_t len)
{
    int r;

    lua_pushliteral(L, "return ");
    lua_pushlstring(L, code, len);
    lua_concat(L, 2);
    r = luaL_loadbuffer(L, lua_tostring(L, -1), lua_rawlen(L, -1), "=stdin");
    lua_remove(L, -2);
    if (r == LUA_OK) {
        return r;
    }
    lua_pop(L, 1);
    return luaL_loadbuffer(L, code, len, "=stdin");
}

/* Whether the syntax error on top says the chunk just ended too early. */
static int incomplete(lua_State *L)
{
    size_t len;
    char const *msg = lua_tolstring(L, -1, &len);
    static char const mark[] = "<eof>";

    return msg && len >= sizeof(mark) - 1 &&
           strcmp(msg + len - (sizeof(mark) - 1), mark) == 0;
}

/* Run the function on top; print its results (with Lua's print) or its error. */
static void run_chunk(lua_State *L)
{
    int base = lua_gettop(L) - 1;
    int nres;

    ned_busy_start(L, "a line of the prompt");
    if (lua_pcall(L, 0, LUA_MULTRET, 0) != LUA_OK) {
        ned_busy_stop(L);
        report(L);
        return;
    }
    ned_busy_stop(L);
    nres = lua_gettop(L) - base;
    if (nres > 0) {
        lua_getglobal(L, "print");
        lua_insert(L, base + 1);
        if (lua_pcall(L, nres, 0, 0) != LUA_OK) {
            report(L);
        }
    }
    lua_settop(L, base);
}

void ned_prompt(lua_State *L)
{
    static char chunk[PROMPT_CHUNK];
    char line[PROMPT_LINE];
    size_t len = 0;
    long r = bind_input_irq();

    if (r < 0) {
        printf("ned: no interactive prompt: the log takes no input Irq (%s)\n", ned_errstr(r));
        return;
    }
    /* The module as a global, as the issue's `L4.default_loader:start(...)` types it. */
    lua_getglobal(L, "require");
    lua_pushliteral(L, "L4");
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
        report(L);
    } else {
        lua_setglobal(L, "L4");
    }
    printf("ned: interactive prompt: Lua lines with the L4 module; Ctrl-D ends it\n");
    for (;;) {
        fputs(len ? PROMPT_MORE : PROMPT, stdout);
        fflush(stdout);
        r = read_line(L, line);
        if (r <= 0) {
            if (r < 0) {
                printf("\nned: console input failed (%s)\n", ned_errstr(r));
            }
            break;
        }
        if (len + strlen(line) + 1 >= sizeof(chunk)) {
            printf("ned: error: the statement is longer than %u bytes\n", PROMPT_CHUNK);
            len = 0;
            continue;
        }
        if (len) {
            chunk[len++] = '\n';
        }
        memcpy(chunk + len, line, strlen(line));
        len += strlen(line);
        if (compile(L, chunk, len) != LUA_OK) {
            if (incomplete(L)) {
                lua_pop(L, 1); /* read on: the statement goes on in the next line */
                continue;
            }
            report(L);
        } else {
            run_chunk(L);
        }
        len = 0;
    }
    printf("\nned: prompt ended\n");
    fflush(stdout);
}
