# SPDX-License-Identifier: MIT
"""make picture E=hello-cfg (tools/picture/picture.py, doc/kernel.md "Kernel debugger").

Prints TAP. Runs the make target as a user would, then reads the object graph the kernel
debugger printed (<build>/pictures/hello-cfg.graph, parsed with the picture tool's own
parser) and checks it against what hello-cfg must be: sigma0, moe, ned and hello with
their threads; every edge ends at a listed node; ned serves hello's parent gate
(parent:hello) and hello holds it; hello holds gates that moe serves (its log
log:hello, memory, rom); ned holds hello's task. The DOT file has an edge for each of them, the SVG parses
with an <svg> root that shows the gate's name, the PNG has its signature and a size.
The parser's error paths: no marker, a malformed line. Run from the tree's root by the
test runner; tests/tests.mk exports KESTREL_BUILD_DIR and KESTREL_QEMU_TEST_CMD.
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, str(Path.cwd() / "tools" / "picture"))
import tap  # noqa: E402
from tap import exit_code, ok  # noqa: E402
import picture  # noqa: E402

BUILD = Path(os.environ.get("KESTREL_BUILD_DIR", "build")).resolve()
QEMU = os.environ.get("KESTREL_QEMU_TEST_CMD", "")
ENTRY = "hello-cfg"


def make_picture():
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    res = subprocess.run(["make", "--no-print-directory", "picture", "E=" + ENTRY,
                          "O=" + str(BUILD), "SETTLE_AFTER=Hello World", "SETTLE=1"],
                         env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                         timeout=300)
    return res.returncode, res.stdout + res.stderr


def check_parser():
    try:
        picture.parse(["task 1 a"])
        ok(False, "parse: output without the begin marker is refused")
    except picture.GraphError:
        ok(True, "parse: output without the begin marker is refused")
    try:
        picture.parse([picture.BEGIN, "cap 1 1000", picture.END])
        ok(False, "parse: a cap line with too few fields is refused")
    except picture.GraphError:
        ok(True, "parse: a cap line with too few fields is refused")
    g = picture.parse(["noise", picture.BEGIN, "task 10 my task", "thread 20 10 ready ",
                       "gate 30 - ", picture.END, "task 99 after"])
    ok(g.tasks == {"10": "my task"} and g.threads == {"20": ("10", "ready", "")} and
       g.gates == {"30": (None, "")}, "parse: names with spaces and empty names, only "
       "the lines between the markers")


def main():
    check_parser()
    if not QEMU:
        print("# make picture not run: KESTREL_QEMU_TEST_CMD not set (run through make test)")
        return exit_code()
    if not shutil.which("dot"):
        ok(False, "Graphviz's dot is installed (make deps installs graphviz)")
        return exit_code()
    out_dir = BUILD / "pictures"
    for suffix in (".graph", ".dot", ".svg", ".png"):
        (out_dir / (ENTRY + suffix)).unlink(missing_ok=True)
    rc, log = make_picture()
    if not ok(rc == 0, "make picture E=%s succeeds" % ENTRY, log):
        return exit_code()

    g = picture.parse((out_dir / (ENTRY + ".graph")).read_text().splitlines())
    by_name = {}
    for tid, name in g.tasks.items():
        by_name.setdefault(name, []).append(tid)
    ok(all(len(by_name.get(n, [])) == 1 for n in ("sigma0", "moe", "ned", "hello")),
       "one task each: sigma0, moe, ned, hello (%s)" % sorted(by_name))
    if not all(len(by_name.get(n, [])) == 1 for n in ("moe", "ned", "hello")):
        return exit_code()
    moe, ned, hello = (by_name[n][0] for n in ("moe", "ned", "hello"))
    threads_of = {t: [th for th, v in g.threads.items() if v[0] == t] for t in g.tasks}
    ok(all(threads_of[t] for t in (moe, ned, hello)), "moe, ned and hello have threads")
    ok(all(v[0] in g.tasks for v in g.threads.values()), "every thread's task is listed")
    ok(all(c[0] in g.tasks for c in g.caps), "every capability's holder is a listed task")
    ok(all(th is None or th in g.threads for th, _ in g.gates.values()),
       "every gate's server is a listed thread")
    gate_objs = {c[2] for c in g.caps if c[3] == "Ipc_gate"}
    ok(gate_objs <= set(g.gates), "every gate a capability names has a gate line")

    held = {}
    for task, _, oid, otype, rights, _ in g.caps:
        held.setdefault(task, {})[oid] = (otype, rights)
    parent = [gid for gid, (_, name) in g.gates.items() if name == "parent:hello"]
    ok(len(parent) == 1 and g.gates[parent[0]][0] in threads_of[ned],
       "the gate parent:hello exists and a thread of ned serves it")
    ok(len(parent) == 1 and parent[0] in held[hello] and
       held[hello][parent[0]][1].startswith("RWS"),
       "hello holds parent:hello with R, W and S")
    moe_gates = [gid for gid in held[hello] if gid in g.gates and
                 g.gates[gid][0] in threads_of[moe]]
    ok(len(moe_gates) >= 2, "hello holds gates moe serves (%d)" % len(moe_gates))
    ok(any(g.gates[gid][1] == "log:hello" for gid in moe_gates),
       "one of them is moe's log:hello")
    ok(held[ned].get(hello, ("",))[0] == "Task", "ned holds hello's task")

    dot = (out_dir / (ENTRY + ".dot")).read_text()
    edges = set(re.findall(r'^\s*"([0-9a-f]+)" -> "([0-9a-f]+)"', dot, re.M))
    ok(all((th, gid) in edges for gid, (th, _) in g.gates.items() if th),
       "the DOT file has a thread -> gate edge for every served gate")
    ok(all((t, oid) in edges for t in held for oid in held[t]),
       "the DOT file has a task -> object edge for every capability")
    try:
        root = ET.parse(out_dir / (ENTRY + ".svg")).getroot()
        svg_ok = root.tag == "{http://www.w3.org/2000/svg}svg"
        texts = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    except (ET.ParseError, OSError) as e:
        svg_ok, texts = False, str(e)
    ok(svg_ok, "the SVG parses and its root is <svg>")
    ok("parent:hello" in texts and "Task" in texts, "the SVG shows the names")
    png = (out_dir / (ENTRY + ".png")).read_bytes()
    width, height = struct.unpack(">II", png[16:24]) if len(png) >= 24 else (0, 0)
    ok(png[:8] == b"\x89PNG\r\n\x1a\n" and png[12:16] == b"IHDR" and width > 0 and height > 0,
       "the PNG has the PNG signature and a size (%dx%d)" % (width, height))
    return exit_code()


if __name__ == "__main__":
    rc = main()
    print("1..%d" % tap.count)  # the plan at the end: some checks need earlier ones
    sys.exit(rc)
