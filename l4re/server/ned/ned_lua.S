/* SPDX-License-Identifier: MIT */
/*
 * The Lua part of the L4 module (ned.lua) as read-only data of ned, between
 * ned_lua_start and ned_lua_end; main.c loads it for require("L4").
 */
    .section .rodata.ned_lua, "a"
    .global ned_lua_start
    .global ned_lua_end
ned_lua_start:
    .incbin "ned.lua"
ned_lua_end:
    .byte 0
