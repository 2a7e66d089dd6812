# SPDX-License-Identifier: MIT
"""The ned.lua precompiler (tools/luac/dump.py) and its refusals.

Prints TAP. With the build machine's lua5.4 and the fetched sources' lua.h it writes a
chunk that starts with the header the target checks and that the same Lua runs (keeping
the chunk name, so error positions still say ned.lua); it refuses, naming the reason and
writing nothing, when the host Lua is another release than the target's, when the chunk's
header differs (a stand-in Lua with 4-byte integers), and when the script does not parse.
"""
import os
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import exit_code, ok  # noqa: E402

LUA = os.environ.get("CFGCHECK_LUA", "lua5.4")
LUA_H = Path(os.environ.get("KESTREL_BUILD_DIR", "build")) / "deps/src/lua-5.4/src/lua.h"
DUMP = "tools/luac/dump.py"



def dump(tmp, lua, lua_h, script_text):
    script = tmp / "s.lua"
    out = tmp / "s.luac"
    script.write_text(script_text)
    if out.exists():
        out.unlink()
    r = subprocess.run([sys.executable, DUMP, lua, str(lua_h), "=ned.lua", str(script),
                        str(out)], capture_output=True, text=True)
    return r, out


def main():
    print("1..7")
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        r, out = dump(tmp, LUA, LUA_H, "local x = ...\nreturn function() error('boom') end\n")
        ok(r.returncode == 0 and out.exists(), "a chunk is written", r.stderr)
        data = out.read_bytes() if out.exists() else b""
        ok(data[:5] == b"\x1bLua\x54" and data[12:15] == bytes([4, 8, 8]),
           "it starts with Lua 5.4's header for 4-byte instructions, 8-byte numbers")
        run = subprocess.run([LUA, "-e", "local f = assert(load(io.read('a'), 'x', 'b'))() "
                              "local ok, e = pcall(f) print(e)"], input=data,
                             capture_output=True)
        ok(run.returncode == 0 and b"ned.lua:2: boom" in run.stdout,
           "the host Lua runs it; positions still name ned.lua", run.stdout + run.stderr)

        other_h = tmp / "lua.h"
        other_h.write_text(LUA_H.read_text().replace('LUA_VERSION_RELEASE\t"4"',
                                                     'LUA_VERSION_RELEASE\t"99"'))
        r, out = dump(tmp, LUA, other_h, "return 1\n")
        ok(r.returncode != 0 and "5.4.99" in r.stderr and not out.exists(),
           "another target release: refused with both releases named", r.stderr)

        fake = tmp / "fakelua"
        fake.write_text("#!/bin/sh\nif [ \"$1\" = -v ]; then %s -v; exit; fi\n"
                        "printf '\\033Lua\\124\\000\\031\\223\\r\\n\\032\\n\\004\\004\\010'\n"
                        % LUA)
        fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
        r, out = dump(tmp, str(fake), LUA_H, "return 1\n")
        ok(r.returncode != 0 and "header" in r.stderr and not out.exists(),
           "a chunk with 4-byte integers: refused, the header named", r.stderr)

        r, out = dump(tmp, LUA, LUA_H, "return (\n")
        ok(r.returncode != 0 and "s.lua" in r.stderr and not out.exists(),
           "a script that does not parse: refused with Lua's message", r.stderr)

        r, out = dump(tmp, str(tmp / "nolua"), LUA_H, "return 1\n")
        ok(r.returncode != 0 and "lua5.4" in r.stderr and not out.exists(),
           "no host Lua: refused, naming the package", r.stderr)
    return exit_code()


if __name__ == "__main__":
    sys.exit(main())
