#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Host test of how tools/mk/config.mk names the cross compiler's headers and libgcc, the
# first bug a fresh machine met (issue #9): the makefiles must read without the cross
# compiler (make deps installs it only later), compile commands made then must be whole
# (no `-isystem` swallowing the next option), and GCC_INC, the one path still asked
# for, must stop make with a message when there is no compiler.
# The compiler's absence is CROSS_COMPILE=<a folder that does not exist>/. Prints TAP.

import os
import subprocess
import sys
import tempfile
from pathlib import Path

TOP = Path(__file__).resolve().parents[2]
ABSENT = "CROSS_COMPILE=/nonexistent-cross-compiler/"
MESSAGE = "gave no usable path"

points = []


def point(ok, desc, diag=()):
    points.append((ok, desc, diag))


def make(*args, out_dir):
    # A clean environment for the inner make: no jobserver or flags of the outer one.
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    cmd = ["make", "--no-print-directory", "-C", str(TOP), "O=" + out_dir] + list(args)
    res = subprocess.run(cmd, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                         text=True, timeout=60)
    return res, ["command: " + " ".join(cmd), "exit status %d" % res.returncode] + \
        (res.stdout + res.stderr).strip().splitlines()[-8:]


def print_var(name):
    return "--eval=print-%s: ; @echo '[$(%s)]'" % (name, name)


def isystem_args(command):
    """The words after each -isystem in a command line."""
    words = command.split()
    return [words[i + 1] if i + 1 < len(words) else "" for i, w in enumerate(words)
            if w == "-isystem"]


# Needs stddef.h, stdint.h and stdarg.h from the compiler and __udivti3 from libgcc.
PROBE_C = """#include <stddef.h>
#include <stdint.h>
#include <stdarg.h>
unsigned __int128 probe_div(unsigned __int128 a, unsigned __int128 b) { return a / b; }
size_t probe_size = sizeof(uint64_t);
void _start(void) { for (;;) { } }
"""


def main():
    with tempfile.TemporaryDirectory() as tmp:
        # Every fragment is read for any goal; a `:=` capturing GCC_INC stops this one.
        res, diag = make(ABSENT, "help", out_dir=tmp)
        point(res.returncode == 0 and MESSAGE not in res.stderr,
              "without the cross compiler every makefile reads (make help)", diag)

        res, diag = make(ABSENT, print_var("GCC_INC"), "print-GCC_INC", out_dir=tmp)
        point(res.returncode != 0 and MESSAGE in res.stderr and "make deps" in res.stderr,
              "without the cross compiler GCC_INC (a path) stops make and names make deps",
              diag)

        # Real compile rules (dry run, the deps stamp made up to date by hand): the
        # compiler's headers come by -iwithprefix, and no -isystem lacks its folder.
        stamp = Path(tmp, "deps", "stamps", "all")
        stamp.parent.mkdir(parents=True)
        stamp.touch()
        for pattern in ("kernel/**/*.c", "l4re/server/**/*.c"):
            srcs = sorted(p.relative_to(TOP) for p in TOP.glob(pattern))
            if not srcs:
                point(True, "# SKIP no %s to compile" % pattern)
                continue
            obj = "%s/obj/%s" % (tmp, srcs[0].with_suffix(".o"))
            res, diag = make(ABSENT, "-n", "-W", str(srcs[0]), obj, out_dir=tmp)
            cc = [l for l in res.stdout.splitlines() if " -c " in l and str(srcs[0]) in l]
            point(res.returncode == 0 and len(cc) == 1 and
                  "-nostdinc -iwithprefix include" in cc[0] and
                  all(a and not a.startswith("-") for a in isystem_args(cc[0])),
                  "without the cross compiler the compile of %s is complete: "
                  "-iwithprefix include, every -isystem has its folder" % srcs[0],
                  diag + cc[:1])

        if subprocess.run(["sh", "-c", "command -v aarch64-linux-gnu-gcc"],
                          capture_output=True).returncode == 0:
            res, diag = make(print_var("GCC_INC"), "print-GCC_INC", out_dir=tmp)
            inc = res.stdout.strip().strip("[]")
            point(res.returncode == 0 and inc.startswith("/") and
                  Path(inc, "stddef.h").is_file(),
                  "with the cross compiler GCC_INC is its folder holding stddef.h", diag)
            Path(tmp, "probe.c").write_text(PROBE_C)
            res, diag = make("--eval=probe: ; $(CC_T) $(TARGET_CFLAGS) -c %s/probe.c -o "
                             "%s/probe.o && $(CC_T) $(TARGET_LDFLAGS) -o %s/probe "
                             "%s/probe.o $(LIBGCC_T)" % (tmp, tmp, tmp, tmp),
                             "probe", out_dir=tmp)
            point(res.returncode == 0 and Path(tmp, "probe").is_file(),
                  "TARGET_CFLAGS find the compiler's headers and LIBGCC_T links libgcc", diag)
        else:
            point(True, "# SKIP aarch64-linux-gnu-gcc not installed (make deps)")
            point(True, "# SKIP aarch64-linux-gnu-gcc not installed (make deps)")

    print("1..%d" % len(points))
    for n, (ok, desc, diag) in enumerate(points, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", n, desc))
        if not ok:
            for line in diag:
                print("#   " + line)
    return 0 if all(ok for ok, _, _ in points) else 1


if __name__ == "__main__":
    sys.exit(main())
