# SPDX-License-Identifier: MIT
"""The generated constant tables (tools/l4consts/gen.py) against the C headers.

Prints TAP. Every value of l4consts.lua, as Lua reads it, must equal what the host C
compiler makes of the C constant it names (so the generator's header parsing is
checked by a real compiler), the CPU limit must be the bits of a machine word, and
neither ned.lua nor check-cfg may keep tables of their own.
"""
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import exit_code, ok  # noqa: E402

sys.path.insert(0, "tools/l4consts")
import gen  # noqa: E402

LUA = os.environ.get("CFGCHECK_LUA", "lua5.4")



def lua_values(path):
    """table.name=value lines of the generated file, as Lua evaluates it."""
    script = ("local t = dofile(arg[1]) for tn, tt in pairs(t) do if type(tt) == 'table' then "
              "for k, v in pairs(tt) do print(tn .. '.' .. k .. '=' .. v) end else "
              "print(tn .. '=' .. tt) end end")
    dumper = Path(path).with_name("dump.lua")
    dumper.write_text(script)
    out = subprocess.run([LUA, str(dumper), path], capture_output=True, text=True, check=True)
    return dict(line.split("=", 1) for line in out.stdout.split())


def c_values():
    """The same names from the host C compiler, via the headers themselves."""
    lines = ['#include <stdio.h>', '#include <l4/sys/types.h>', '#include <l4/re/protocols.h>',
             '#include <l4/re/env.h>', '#include <l4/re/c/mem_alloc.h>', 'int main(void) {']
    for table, pairs in gen.TABLES.items():
        for lua, c in pairs:
            lines.append('printf("%s.%s=%%lld\\n", (long long)(%s));' % (table, lua, c))
    lines.append('printf("max_cpus=%d\\n", (int)(8 * sizeof(l4_umword_t)));')
    lines.append("return 0; }")
    tmp = Path(tempfile.mkdtemp())
    (tmp / "c.c").write_text("\n".join(lines) + "\n")
    res = subprocess.run(["gcc", "-std=gnu11", "-Il4re/include/arch/arm64", "-Il4re/include",
                          str(tmp / "c.c"), "-o", str(tmp / "c")], capture_output=True, text=True)
    if res.returncode != 0:
        return None, res.stderr
    out = subprocess.run([str(tmp / "c")], capture_output=True, text=True, check=True).stdout
    return dict(line.split("=", 1) for line in out.split()), ""


def main():
    print("1..5")
    with tempfile.TemporaryDirectory() as d:
        path = os.path.join(d, "l4consts.lua")
        Path(path).write_text(gen.render("l4re/include"))
        lua = lua_values(path)
    c, err = c_values()
    # Only the tables the headers define (Dbg has no C header, gen.py says why).
    ok(c is not None, "the headers compile on the host and print every named constant", err)
    c = c or {}
    wrong = ["%s: lua %s, C %s" % (k, lua.get(k), v) for k, v in c.items()
             if k != "max_cpus" and lua.get(k) != v]
    ok(c and not wrong, "every table value equals the C constant it names (%d values)" % len(c),
       "\n".join(wrong))
    ok(lua.get("max_cpus") == c.get("max_cpus"), "the CPU limit is one machine word of CPUs (%s)"
       % lua.get("max_cpus"))
    ned = Path("l4re/server/ned/ned.lua").read_text()
    ok("0x4000" not in ned and "MAX_CPUS = 64" not in ned,
       "ned.lua keeps no protocol table or CPU limit of its own")
    tools = "".join(p.read_text() for p in Path("tools/cfgcheck").glob("*.lua"))
    ok("0x4000" not in tools and "1024" not in tools,
       "check-cfg keeps no protocol table or CPU limit of its own")
    return exit_code()


if __name__ == "__main__":
    sys.exit(main())
