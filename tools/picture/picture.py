#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# make picture E=<entry>: a picture of the running system. Packs the entry with the kernel
# option -jdb (l4image --kernel-args), boots it under QEMU through the test runner's
# process code (tools/runner/proc.py), lets it settle (a line matching --settle-after,
# then --settle seconds), stops it at the kernel debugger (ESC), asks for the object graph
# (jdb's graph command), continues it and stops QEMU. The graph's lines go to
# <out>/<entry>.graph, their Graphviz form to <out>/<entry>.dot, and Graphviz's dot
# renders <out>/<entry>.svg and .png. Format of the graph lines: kernel/generic/jdb.c
# (jdb_cmd_graph); the picture: doc/kernel.md "Kernel debugger".

import argparse
import importlib.util
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

RUNNER = Path(__file__).resolve().parent.parent / "runner"
sys.path.insert(0, str(RUNNER))
import proc  # noqa: E402


def _runner_module(name):
    # By path: the host tests that import this file have a tap module of their own.
    spec = importlib.util.spec_from_file_location("runner_" + name, RUNNER / (name + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


clean = _runner_module("tap").clean

BEGIN, END = "jdb-graph begin", "jdb-graph end"
ESC = b"\x1b"


class GraphError(Exception):
    pass


class Graph:
    """The object graph as jdb printed it: every id is the kernel's global id (hex text)."""

    def __init__(self):
        self.tasks = {}      # id -> name
        self.threads = {}    # id -> (task id, state, name)
        self.caps = []       # (task id, slot, object id, type, rights, name)
        self.gates = {}      # id -> (server thread id or None, name)
        self.irqs = {}       # id -> (line, bound thread id or None, name)

    def objects(self):
        """Every object a capability names: id -> (type, name)."""
        return {c[2]: (c[3], c[5]) for c in self.caps}

    def thread_label(self, tid):
        task, _, name = self.threads[tid]
        return name or self.tasks.get(task, "")


# Fields of each line before its name (the name is the rest of the line, maybe empty).
FIELDS = {"task": 1, "thread": 3, "cap": 5, "gate": 2, "irq": 3}


def parse(lines):
    """A Graph from the lines between the markers (other lines around them are ignored).
    Raises GraphError for a missing marker or a malformed line."""
    lines = [clean(l) for l in lines]
    try:
        start = lines.index(BEGIN)
        stop = lines.index(END, start)
    except ValueError:
        raise GraphError("no '%s' ... '%s' block in the output" % (BEGIN, END))
    g = Graph()
    for line in lines[start + 1:stop]:
        kind, _, rest = line.partition(" ")
        if kind not in FIELDS:
            raise GraphError("unknown graph line: %r" % line)
        parts = rest.split(" ", FIELDS[kind])
        if len(parts) == FIELDS[kind]:
            parts.append("")   # an empty name (the trailing space may have gone)
        if len(parts) != FIELDS[kind] + 1 or not all(parts[:-1]):
            raise GraphError("malformed graph line: %r" % line)
        if kind == "task":
            g.tasks[parts[0]] = parts[1]
        elif kind == "thread":
            g.threads[parts[0]] = (parts[1], parts[2], parts[3])
        elif kind == "cap":
            g.caps.append(tuple(parts))
        elif kind == "gate":
            g.gates[parts[0]] = (None if parts[1] == "-" else parts[1], parts[2])
        else:
            g.irqs[parts[0]] = (parts[1], None if parts[2] == "-" else parts[2], parts[3])
    return g


def _q(text):
    return '"%s"' % text.replace("\\", "\\\\").replace('"', '\\"')


def to_dot(g, title):
    """Graphviz text: a cluster per task with the task and its threads, each gate in the
    cluster of the task whose thread serves it; kernel objects outside. Edges: thread ->
    gate it serves (bold), irq -> bound thread (dashed), task -> object it holds a
    capability to, labelled with the rights (several slots of one object: one edge)."""
    out = ["digraph %s {" % _q(title), "  graph [rankdir=LR, fontname=Helvetica, label=%s];"
           % _q("%s (kernel debugger names)" % title),
           "  node [fontname=Helvetica, fontsize=10]; edge [fontname=Helvetica, fontsize=8];"]
    objects = g.objects()
    gate_home = {gid: g.threads[t][0] for gid, (t, _) in g.gates.items() if t in g.threads}
    for tid, tname in g.tasks.items():
        out.append("  subgraph %s {" % _q("cluster_" + tid))
        out.append("    label=%s; style=rounded;" % _q("task " + tname))
        out.append("    %s [shape=box, style=filled, fillcolor=lightgrey, label=%s];"
                   % (_q(tid), _q("Task\n" + tname)))
        for th, (task, state, _) in g.threads.items():
            if task == tid:
                out.append("    %s [shape=box, label=%s];"
                           % (_q(th), _q("Thread\n%s\n%s" % (g.thread_label(th), state))))
        for gid, home in gate_home.items():
            if home == tid:
                out.append("    %s [shape=ellipse, label=%s];"
                           % (_q(gid), _q("Ipc_gate\n" + (g.gates[gid][1] or gid))))
        out.append("  }")
    for oid, (otype, name) in objects.items():
        if oid in g.tasks or oid in g.threads or oid in gate_home:
            continue
        shape = {"Ipc_gate": "ellipse", "Irq": "diamond"}.get(otype, "component")
        out.append("  %s [shape=%s, label=%s];" % (_q(oid), shape, _q("%s\n%s" % (
            otype, name or oid))))
    for gid, (th, _) in g.gates.items():
        if th in g.threads:
            out.append("  %s -> %s [style=bold, color=blue, label=\"serves\"];"
                       % (_q(th), _q(gid)))
    for qid, (line, th, _) in g.irqs.items():
        if th in g.threads:
            out.append("  %s -> %s [style=dashed, color=red, label=%s];"
                       % (_q(qid), _q(th), _q("irq " + line)))
    held = {}
    for task, _, oid, _, rights, _ in g.caps:
        held.setdefault((task, oid), []).append(rights.rstrip("-") or "-")
    for (task, oid), rights in held.items():
        out.append("  %s -> %s [color=gray40, label=%s];"
                   % (_q(task), _q(oid), _q(" ".join(sorted(set(rights))))))
    out.append("}")
    return "\n".join(out) + "\n"


class Session:
    """The watcher proc.stream() feeds: settle, ESC, graph, g, done."""

    poll = 0.2
    wants_input = True

    def __init__(self, settle_after, settle, echo):
        self.settle_re = re.compile(settle_after) if settle_after else None
        self.settle = settle
        self.echo = echo
        self.lines = []
        self.settled_at = None if self.settle_re else time.monotonic()
        self.step = "settle"   # settle -> stopped -> graph -> go -> done

    def feed(self, raw):
        line = clean(raw)
        self.lines.append(line)
        if self.echo:
            print(line, flush=True)
        if self.settled_at is None and self.settle_re.search(line):
            self.settled_at = time.monotonic()
        if self.step == "stopped" and line.startswith("jdb: stopped"):
            self.step = "graph"
        elif self.step == "graph-wait" and line == END:
            self.step = "go"
        elif self.step == "go-wait" and line.startswith("jdb: continuing"):
            self.step = "done"

    def input_due(self):
        if self.step == "settle" and self.settled_at is not None and \
                time.monotonic() - self.settled_at >= self.settle:
            self.step = "stopped"
            return ESC
        if self.step == "graph":
            self.step = "graph-wait"
            return b"graph\r"
        if self.step == "go":
            self.step = "go-wait"
            return b"g\r"
        return b""

    def state(self):
        return "done" if self.step == "done" else "run"


def main(argv):
    p = argparse.ArgumentParser(description="Draw the object graph of a running entry.")
    p.add_argument("--entry", required=True)
    p.add_argument("--list", required=True, help="the modules.list that has the entry")
    p.add_argument("--l4image", required=True)
    p.add_argument("--bootstrap", required=True)
    p.add_argument("--module-path", required=True)
    p.add_argument("--ram-base", required=True)
    p.add_argument("--qemu", required=True, help="QEMU command and options (one string)")
    p.add_argument("--out", required=True, help="folder for <entry>.graph/.dot/.svg/.png")
    p.add_argument("--settle-after", help="regex of a line to wait for before settling")
    p.add_argument("--settle", type=float, default=3.0, help="seconds to let it settle")
    p.add_argument("--timeout", type=float, default=120.0)
    p.add_argument("--dot", default="dot", help="Graphviz's dot")
    p.add_argument("--verbose", action="store_true", help="echo the serial output")
    a = p.parse_args(argv)

    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    image = out / (a.entry + ".elf")
    pack = [a.l4image, "--list", a.list, "--entry", a.entry, "--bootstrap", a.bootstrap,
            "--path", a.module_path, "--ram-base", a.ram_base, "--output", str(image),
            "--kernel-args=-jdb"]
    res = subprocess.run(pack, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if res.returncode != 0:
        sys.stderr.write(res.stdout + res.stderr)
        print("picture: cannot pack entry %r" % a.entry, file=sys.stderr)
        return 1

    session = Session(a.settle_after, a.settle, a.verbose)
    outcome = proc.stream(shlex.split(a.qemu) + ["-kernel", str(image)], a.timeout, session)
    try:
        graph = parse(session.lines)
    except GraphError as e:
        tail = "\n".join("| " + l for l in session.lines[-20:])
        print("picture: %s (%s)\n%s" % (e, "timeout after %gs" % a.timeout
                                        if outcome.timed_out else "QEMU ended", tail),
              file=sys.stderr)
        return 1
    start = session.lines.index(BEGIN)
    stop = session.lines.index(END, start)
    (out / (a.entry + ".graph")).write_text("\n".join(session.lines[start:stop + 1]) + "\n")
    dot_file = out / (a.entry + ".dot")
    dot_file.write_text(to_dot(graph, a.entry))
    for fmt in ("svg", "png"):
        target = out / ("%s.%s" % (a.entry, fmt))
        res = subprocess.run([a.dot, "-T" + fmt, "-o", str(target), str(dot_file)],
                             stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if res.returncode != 0:
            sys.stderr.write(res.stderr)
            print("picture: dot -T%s failed" % fmt, file=sys.stderr)
            return 1
        print("  PICTURE %s" % target)
    print("picture: %d tasks, %d threads, %d capabilities, %d gates, %d irqs"
          % (len(graph.tasks), len(graph.threads), len(graph.caps), len(graph.gates),
             len(graph.irqs)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
