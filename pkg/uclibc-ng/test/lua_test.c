/* SPDX-License-Identifier: MIT */
/*
 * Lua checks of the check-libc test: each runs a script through liblua (luaL_dostring)
 * and compares the string it returns with the output of the host's lua5.4 for the same
 * script. Together they exercise the parts of libc Lua leans on: snprintf/strtod for
 * numbers, realloc/free for the heap, setjmp/longjmp for errors, libm.
 */
#include <stdio.h>
#include <string.h>

#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"

#include "libc_test.h"

int lua_check(const char *code, const char *expect)
{
    lua_State *L = luaL_newstate();
    int ok = 0;

    if (L == NULL) {
        printf("# luaL_newstate failed\n");
        return 0;
    }
    luaL_openlibs(L);
    if (luaL_dostring(L, code) != 0) {
        printf("# lua error: %s\n", lua_tostring(L, -1));
    } else if (lua_type(L, -1) != LUA_TSTRING) {
        printf("# lua returned a %s, not a string\n", luaL_typename(L, -1));
    } else if (strcmp(lua_tostring(L, -1), expect) != 0) {
        printf("# got:    '%s'\n# wanted: '%s'\n", lua_tostring(L, -1), expect);
    } else {
        ok = 1;
    }
    lua_close(L);
    return ok;
}

int check_lua_format(void)
{
    return lua_check(
        "local t = {}\n"
        "for i = 1, 10 do t[#t + 1] = i * i end\n"
        "local sum = 0\n"
        "for _, v in ipairs(t) do sum = sum + v end\n"
        "local names = {'b', 'c', 'a'}\n"
        "table.sort(names)\n"
        "return string.format('%d %s %.3f %q %5.2f', sum, table.concat(names, ','),\n"
        "    10 / 4, 'x\\ny', math.pi)\n",
        "385 a,b,c 2.500 \"x\\\ny\"  3.14");
}

/* error() with a table and a string, and a runtime error: all unwind with longjmp. */
int check_lua_pcall(void)
{
    return lua_check(
        "local ok, err = pcall(function() error({code = 42}) end)\n"
        "local ok2, err2 = pcall(function() error('boom', 0) end)\n"
        "local ok3, err3 = pcall(function() local x = nil; return x.field end)\n"
        "return string.format('%s %d %s %s %s', tostring(ok), err.code, tostring(ok2),\n"
        "    err2, tostring(not ok3 and err3:find('attempt to index') ~= nil))\n",
        "false 42 false boom true");
}

int check_lua_math(void)
{
    return lua_check(
        "return string.format('%.6f %.1f %d %s %s %g %s', math.sin(1), 2^10, 7 // 2,\n"
        "    tostring(7 / 2), math.type(3), math.sqrt(2), math.maxinteger)\n",
        "0.841471 1024.0 3 3.5 integer 1.41421 9223372036854775807");
}

int check_lua_coroutine(void)
{
    return lua_check(
        "local co = coroutine.wrap(function(a)\n"
        "    local b = coroutine.yield(a + 1)\n"
        "    return b * 2\n"
        "end)\n"
        "local r1 = co(1)\n"
        "local r2 = co(10)\n"
        "local s = ('hello world'):gsub('o', '0')\n"
        "return string.format('%d %d %s %d', r1, r2, s, utf8.len('h\xc3\xa9llo'))\n",
        "2 20 hell0 w0rld 5");
}

/* liolib and loslib: a temporary file written, read back line by line, removed. */
int check_lua_io(void)
{
    return lua_check(
        "local name = os.tmpname()\n"
        "local f = assert(io.open(name, 'w'))\n"
        "f:write('one\\n', 2, '\\n', 3.5, '\\n')\n"
        "f:close()\n"
        "local t = {}\n"
        "for l in io.lines(name) do t[#t + 1] = l end\n"
        "assert(os.remove(name))\n"
        "return table.concat(t, '+')\n",
        "one+2+3.5");
}

/* A chunk that does not compile reports an error instead of running. */
int check_lua_syntax_error(void)
{
    lua_State *L = luaL_newstate();
    int ok;

    if (L == NULL) {
        return 0;
    }
    ok = luaL_dostring(L, "return +") != 0 && lua_tostring(L, -1) != NULL &&
         strstr(lua_tostring(L, -1), "unexpected symbol") != NULL;
    if (!ok) {
        printf("# message: %s\n", lua_tostring(L, -1));
    }
    lua_close(L);
    return ok;
}
