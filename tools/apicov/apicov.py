# SPDX-License-Identifier: MIT
"""Measure our C headers against L4Re's interface facts and write doc/api-coverage.md.

The facts are tools/apicov/l4re-api.txt (tools/apicov/extract.py). For each L4Re header
of the list we include our header of the same name, alone, into one generated C file
with one check per line, and let the cross compiler judge it: a function must have the
same type (`__builtin_types_compatible_p` on the prototype, so return and parameter
types count), a constant the same value, a type the same size, a macro must be defined,
and the headers L4Re's brings in must be brought in too (`gcc -M`). A compiler error on
a line fails that symbol only. Symbols we do not have on purpose are listed with the
reason in tools/apicov/absent.txt.

    apicov.py --write FILE   write the table
    apicov.py --check FILE   TAP: FILE is up to date, every failing symbol has a reason,
                             no reason is stale, coverage >= 95%
(tests/host/test_apicov.py runs --check and also checks that the checks can fail.)
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", ".."))
CC = os.environ.get("KESTREL_CC_T") or "aarch64-linux-gnu-gcc"  # make exports $(CC_T)
INCS = [os.path.join(TOP, "l4re/include/arch/arm64"), os.path.join(TOP, "l4re/include")]
CFLAGS = ["-std=gnu11", "-ffreestanding", "-fmax-errors=0", "-w"] + ["-I" + i for i in INCS]
TARGET = 95


def read_facts(path):
    facts = []
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        h, kind, name, detail = line.rstrip("\n").split("\t")
        facts.append((h, kind, name, detail))
    return facts


def read_absent(path):
    out = {}
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        h, name, reason = line.rstrip("\n").split("\t", 2)
        out[(h, name)] = reason
    return out


def literal(v):
    v = int(v)
    return "(-0x7fffffffffffffffLL - 1)" if v == -2**63 else "(%dLL)" % v


def check_lines(n, kind, name, detail):
    """The C lines that check one fact; the last one is the line an error points at
    (all are attributed to the fact)."""
    sized = "" if detail == "-" else " _Static_assert(sizeof(%%s) == %s, \"size\");" % detail
    if kind == "func":
        ret, args = re.match(r"(.*?) \((.*)\)$", detail).groups()
        return ["_Static_assert(__builtin_types_compatible_p(__typeof__(%s), %s (%s)), \"%s\");"
                % (name, ret, args, name)]
    if kind == "const":
        return ["_Static_assert((long long)(%s) == %s, \"%s\");" % (name, literal(detail), name)]
    if kind == "macro":
        return ["#ifndef %s" % name, "#error %s" % name, "#endif"]
    if kind == "type":
        return ["typedef %s apicov_t%d;" % (name, n) + (sized % name if sized else "")]
    if kind in ("struct", "union", "enum"):
        tag = "%s %s" % (kind, name)
        return ["extern %s *apicov_p%d;" % (tag, n) + (sized % tag if sized else "")]
    raise ValueError(kind)


def closure(header):
    """The headers (relative names) our `header` brings in."""
    p = subprocess.run([CC, *CFLAGS, "-M", "-x", "c", "-"], input="#include <%s>\n" % header,
                       capture_output=True, text=True)
    if p.returncode:
        return set()
    deps = set()
    for tok in p.stdout.replace("\\\n", " ").split()[1:]:
        for inc in INCS:
            if tok.startswith(inc + "/"):
                deps.add(os.path.relpath(tok, inc))
    return deps


def measure(facts):
    """{(header, kind, name): True if ours matches L4Re's fact}."""
    result = {}
    by_header = {}
    for f in facts:
        by_header.setdefault(f[0], []).append(f)
    for h, fs in by_header.items():
        deps = closure(h)
        lines, owner = ["#include <%s>" % h], {}
        for n, (_, kind, name, detail) in enumerate(fs):
            if kind == "include":
                result[(h, kind, name)] = name in deps
                continue
            for line in check_lines(n, kind, name, detail):
                lines.append(line)
                owner[len(lines)] = (h, kind, name)
            result[(h, kind, name)] = True
        with tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "check.c")
            open(src, "w").write("\n".join(lines) + "\n")
            p = subprocess.run([CC, *CFLAGS, "-fsyntax-only", src], capture_output=True, text=True)
        if not deps:  # our header missing or broken: nothing of it counts
            for k in result:
                if k[0] == h:
                    result[k] = False
        for ln in re.findall(r"check\.c:(\d+):\d+: (?:error|note: in expansion)", p.stderr):
            key = owner.get(int(ln))
            if key:
                result[key] = False
    return result


def render(facts, result, absent, source):
    ok = sum(1 for v in result.values() if v)
    total = len(result)
    out = ["<!-- SPDX-License-Identifier: MIT -->",
           "<!-- Generated by tools/apicov/apicov.py --write doc/api-coverage.md; do not edit. -->",
           "# L4Re C API coverage", "",
           "Each C header we ship under `l4/sys`, `l4/re`, `l4/re/c`, `l4/re/c/util`, `l4/util`",
           "and `l4/sigma0`, measured against the interface facts of L4Re's header of the same",
           "name (%s, arm64; extracted by `tools/apicov/extract.py` into" % source,
           "`tools/apicov/l4re-api.txt`). The cross compiler judges each symbol with our header",
           "included alone: a function has the same prototype (return and parameter types), a",
           "constant the same value, a type the same size, a macro is defined, and the headers",
           "L4Re's brings in are brought in (`include` rows). `yes` means identical; otherwise the",
           "reason comes from `tools/apicov/absent.txt`. `make test` regenerates this table and",
           "fails when it changes (host test `tests/host/test_apicov.py`). At this L4Re",
           "revision `l4_error()` returns `l4_ret_t` (older L4Re: `long`), as ours does.", ""]
    by_header = {}
    for h, kind, name, detail in facts:
        by_header.setdefault(h, []).append((kind, name, detail))
    out.append("| header | present | of |")
    out.append("| --- | ---: | ---: |")
    for h, fs in by_header.items():
        n = sum(1 for k, nm, _ in fs if result[(h, k, nm)])
        out.append("| `%s` | %d | %d |" % (h, n, len(fs)))
    out.append("")
    for h, fs in by_header.items():
        out += ["## %s" % h, "", "| kind | symbol | L4Re | here |", "| --- | --- | --- | --- |"]
        for kind, name, detail in fs:
            here = "yes" if result[(h, kind, name)] else "absent: " + absent.get(
                (h, name), "(no reason listed)")
            out.append("| %s | `%s` | %s | %s |" % (kind, name, detail.replace("|", "\\|"), here))
        out.append("")
    pct = 100.0 * ok / total if total else 0.0
    out.append("coverage: %d of %d symbols (%.1f%%)" % (ok, total, pct))
    return "\n".join(out) + "\n", ok, total, pct


def checker_points():
    """The checks must be able to fail: known-wrong facts are judged as different."""
    wrong = [("l4/sys/ipc.h", "func", "l4_error", "long (l4_msgtag_t)"),
             ("l4/sys/err.h", "const", "L4_EINVAL", "99"),
             ("l4/sys/types.h", "type", "l4_msgtag_t", "4"),
             ("l4/sys/types.h", "macro", "l4_no_such_macro", "obj"),
             ("l4/re/c/log.h", "include", "l4/sys/vcon.h", "-")]
    right = [("l4/sys/ipc.h", "func", "l4_error", "l4_ret_t (l4_msgtag_t)"),
             ("l4/sys/err.h", "const", "L4_EINVAL", "22")]
    res, good = measure(wrong), measure(right)  # apart: they share names
    out = []
    for h, k, n, d in wrong:
        out.append((not res[(h, k, n)], "a %s that differs is caught (%s %s)" % (k, n, d), ""))
    for h, k, n, d in right:
        out.append((good[(h, k, n)], "a %s that matches passes (%s)" % (k, n), ""))
    return out


def source_of(path):
    first = open(path).readline()
    m = re.search(r"l4re-core (\w{12})", first)
    return "l4re-core " + (m.group(1) if m else "?")


def main():
    mode, target = sys.argv[1], sys.argv[2]
    facts_path = os.path.join(HERE, "l4re-api.txt")
    facts = read_facts(facts_path)
    absent = read_absent(os.path.join(HERE, "absent.txt"))
    result = measure(facts)
    text, ok, total, pct = render(facts, result, absent, source_of(facts_path))
    if mode == "--write":
        open(target, "w").write(text)
        print(text.splitlines()[-1])
        return 0
    points = checker_points()
    cur = open(target).read() if os.path.exists(target) else ""
    points.append((cur == text, "%s is what tools/apicov/apicov.py generates" % target,
                   "run: python3 tools/apicov/apicov.py --write " + target))
    unexplained = sorted("%s %s" % (k[0], k[2]) for k, v in result.items()
                         if not v and (k[0], k[2]) not in absent)
    points.append((not unexplained, "every symbol missing or different has a reason",
                   "\n".join("missing or drifted: " + u for u in unexplained)))
    stale = sorted("%s %s" % k for k in absent
                   if any(r[0] == k[0] and r[2] == k[1] and v for r, v in result.items()))
    points.append((not stale, "no absence reason is stale",
                   "\n".join("present now: " + s for s in stale)))
    points.append((pct >= TARGET, "coverage %.1f%% >= %d%%" % (pct, TARGET), ""))
    print("1..%d" % len(points))
    for n, (good, desc, diag) in enumerate(points, 1):
        print("%s %d - %s" % ("ok" if good else "not ok", n, desc))
        if not good:
            for line in diag.splitlines()[:40]:
                print("#   " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
