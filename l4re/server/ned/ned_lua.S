/* SPDX-License-Identifier: MIT */
/*
 * The Lua part of the L4 module (ned.lua, as the binary chunk ned.luac that
 * tools/luac/dump.py makes at build time) and its constant tables
 * (l4consts.lua, generated into $(O)/gen from the C headers by
 * tools/l4consts/gen.py) as read-only data of ned; main.c loads them for
 * require("L4").
 */
    .section .rodata.ned_lua, "a"
    .global ned_lua_start
    .global ned_lua_end
ned_lua_start:
    .incbin "ned.luac"
ned_lua_end:
    .byte 0
    .global l4consts_lua_start
    .global l4consts_lua_end
l4consts_lua_start:
    .incbin "l4consts.lua"
l4consts_lua_end:
    .byte 0
