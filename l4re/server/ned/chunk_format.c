/* SPDX-License-Identifier: MIT */
/*
 * ned.lua reaches ned as a binary chunk made on the build machine
 * (tools/luac/dump.py), which checks the chunk's header against the format
 * this Lua reads: 4-byte instructions, 8-byte lua_Integer and lua_Number,
 * little-endian. These assertions tie that expectation to the target's Lua
 * configuration: if it changes, the build stops here, not at boot.
 */
#include <lua.h>
#include <llimits.h>

_Static_assert(sizeof(Instruction) == 4, "tools/luac/dump.py expects 4-byte instructions");
_Static_assert(sizeof(lua_Integer) == 8, "tools/luac/dump.py expects an 8-byte lua_Integer");
_Static_assert(sizeof(lua_Number) == 8, "tools/luac/dump.py expects an 8-byte lua_Number");
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
               "tools/luac/dump.py writes little-endian chunks");
