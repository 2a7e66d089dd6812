#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Precompiles a Lua script to a binary chunk for the target (ned.lua, doc/ned.md):
# the host's Lua 5.4 (Debian's lua5.4) loads the source under the chunk name the
# target used to give it, then writes string.dump of it (debug information kept, so
# messages still say "ned.lua:<line>"). A binary chunk is only good for the Lua that
# reads it, so this refuses, with the reason, to write one the target would reject:
#   - the host Lua's release must be the target's (LUA_SRC's lua.h): the header
#     names only 5.4, while opcodes may differ between releases;
#   - the chunk's header must be what the target's lundump.c checks: format 0,
#     LUAC_DATA, 4-byte instructions, 8-byte lua_Integer and lua_Number, and the
#     0x5678 / 370.5 probes in little-endian (aarch64; l4re/server/ned/chunk_format.c
#     asserts the target's sizes at compile time).
# Usage: dump.py LUA LUA_H CHUNKNAME SCRIPT OUT
import os
import re
import struct
import subprocess
import sys

DUMP = ('local f = assert(load(io.read("a"), os.getenv("LUAC_CHUNKNAME")))\n'
        'io.stdout:write(string.dump(f))')


def fail(msg):
    sys.exit("luac: %s" % msg)


def target_release(lua_h):
    text = open(lua_h).read()
    parts = []
    for key in ("MAJOR", "MINOR", "RELEASE"):
        m = re.search(r'#define\s+LUA_VERSION_%s\s+"(\d+)"' % key, text)
        if not m:
            fail("%s: no LUA_VERSION_%s" % (lua_h, key))
        parts.append(m.group(1))
    return ".".join(parts)


def expected_header():
    return (b"\x1bLua" + bytes([0x54, 0]) + b"\x19\x93\r\n\x1a\n" + bytes([4, 8, 8])
            + struct.pack("<q", 0x5678) + struct.pack("<d", 370.5))


def main():
    if len(sys.argv) != 6:
        fail("usage: dump.py LUA LUA_H CHUNKNAME SCRIPT OUT")
    lua, lua_h, name, script, out = sys.argv[1:]
    want = target_release(lua_h)
    try:
        ver = subprocess.run([lua, "-v"], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        fail("cannot run %s (Debian package lua5.4, `make deps`): %s" % (lua, e))
    m = re.search(r"Lua (\d+\.\d+\.\d+)", ver.stdout + ver.stderr)
    if not m or m.group(1) != want:
        fail("%s is Lua %s, the target's is %s (%s): its chunks would not load there"
             % (lua, m.group(1) if m else "?", want, lua_h))
    with open(script, "rb") as f:
        r = subprocess.run([lua, "-e", DUMP], stdin=f, capture_output=True,
                           env=dict(os.environ, LUAC_CHUNKNAME=name))
    if r.returncode != 0:
        fail("%s: %s" % (script, r.stderr.decode(errors="replace").strip()))
    head = expected_header()
    if r.stdout[:len(head)] != head:
        fail("%s: chunk header %s is not the target's %s (word sizes or byte order differ)"
             % (script, r.stdout[:len(head)].hex(), head.hex()))
    with open(out, "wb") as f:
        f.write(r.stdout)


if __name__ == "__main__":
    main()
