#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Host test of tools/mk/config.mk's cross-compiler paths (GCC_INC, LIBGCC_T), the first
# bug a fresh machine met (issue #9): the makefiles must read without the cross compiler
# (make deps installs it only later), and a compile without it must stop with
# config.mk's message instead of running with `-isystem` swallowing the next option.
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


def main():
    with tempfile.TemporaryDirectory() as tmp:
        # Every fragment is read for any goal; a `:=` capturing GCC_INC stops this one.
        res, diag = make(ABSENT, "help", out_dir=tmp)
        point(res.returncode == 0 and MESSAGE not in res.stderr,
              "without the cross compiler every makefile reads (make help)", diag)

        res, diag = make(ABSENT, print_var("GCC_INC"), "print-GCC_INC", out_dir=tmp)
        point(res.returncode != 0 and MESSAGE in res.stderr and "make deps" in res.stderr,
              "without the cross compiler GCC_INC stops make and names make deps", diag)

        res, diag = make(ABSENT, print_var("LIBGCC_T"), "print-LIBGCC_T", out_dir=tmp)
        point(res.returncode != 0 and MESSAGE in res.stderr,
              "without the cross compiler LIBGCC_T stops make", diag)

        # A real compile rule (dry run, the deps stamp made up to date by hand).
        srcs = sorted(p.relative_to(TOP) for p in TOP.glob("kernel/**/*.c"))
        if srcs:
            stamp = Path(tmp, "deps", "stamps", "all")
            stamp.parent.mkdir(parents=True)
            stamp.touch()
            obj = "%s/obj/%s" % (tmp, srcs[0].with_suffix(".o"))
            res, diag = make(ABSENT, "-n", obj, out_dir=tmp)
            point(res.returncode != 0 and MESSAGE in res.stderr and "-isystem" not in res.stdout,
                  "without the cross compiler compiling %s stops before the compiler runs"
                  % srcs[0], diag)
        else:
            point(True, "# SKIP no kernel/**/*.c to compile")

        if subprocess.run(["sh", "-c", "command -v aarch64-linux-gnu-gcc"],
                          capture_output=True).returncode == 0:
            res, diag = make(print_var("GCC_INC"), "print-GCC_INC", out_dir=tmp)
            inc = res.stdout.strip().strip("[]")
            point(res.returncode == 0 and inc.startswith("/") and
                  Path(inc, "stddef.h").is_file(),
                  "with the cross compiler GCC_INC is its folder holding stddef.h", diag)
            res, diag = make(print_var("LIBGCC_T"), "print-LIBGCC_T", out_dir=tmp)
            lib = res.stdout.strip().strip("[]")
            point(res.returncode == 0 and lib.endswith("libgcc.a") and Path(lib).is_file(),
                  "with the cross compiler LIBGCC_T is an existing libgcc.a", diag)
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
