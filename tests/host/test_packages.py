# SPDX-License-Identifier: MIT
"""Packages as users make them (issue #9; tools/mk/prog.mk, doc/porting.md).

Prints TAP. In a temporary folder: a new package (one folder, one Makefile) with
its own modules.list entry, a package that does not compile, and a package
outside the tree built with `make -C <folder> L4DIR=<tree> O=<build>`. Checks that
the new package builds and boots, that the broken one fails alone (make image
E=hello still works), and that the outside package builds into <folder>/build and
boots through MODULE_SEARCH_PATH. Run from the tree's root by the test runner;
tests/tests.mk exports KESTREL_BUILD_DIR and KESTREL_QEMU_TEST_CMD.
"""
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import exit_code, ok  # noqa: E402

TREE = Path.cwd()
BUILD = Path(os.environ.get("KESTREL_BUILD_DIR", "build")).resolve()
QEMU = os.environ.get("KESTREL_QEMU_TEST_CMD", "")


def make(*args, cwd=TREE):
    # A make of our own, not a child of the caller's jobserver.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    res = subprocess.run(["make", "--no-print-directory", *args], cwd=cwd, env=env,
                         stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    return res.returncode, res.stdout + res.stderr


def boot(image, expect):
    argv = shlex.split(QEMU) + ["-kernel", str(image)]
    try:
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, start_new_session=True)
    except OSError as e:
        return False, str(e)
    seen = []
    try:
        for line in proc.stdout:
            seen.append(line.rstrip())
            if expect in line or "KERNEL PANIC" in line:
                break
    finally:
        proc.kill()
        proc.wait()
    return any(expect in line for line in seen), "\n".join(seen)


PROGRAM = """#include <stdio.h>
int main(void)
{
    printf("%s\\n");
    return 0;
}
"""

ENTRY = """entry {entry}
roottask moe --init=rom/{prog}
module l4re
module {prog}
"""


def package(folder, target, source_text, extra=""):
    folder.mkdir(parents=True)
    (folder / "main.c").write_text(source_text)
    (folder / "Makefile").write_text(
        "TARGET        = %s\nSRC_C         = main.c\nREQUIRES_LIBS = libc\n%s"
        "include $(L4DIR)/tools/mk/prog.mk\n" % (target, extra))


def main():
    if not QEMU:
        print("1..0 # SKIP KESTREL_QEMU_TEST_CMD not set (run through make check-host)")
        return 0
    tmp = Path(tempfile.mkdtemp(prefix="kestrel-pkgtest-"))
    new, broken, outside = tmp / "newpkg", tmp / "broken", tmp / "outside"
    package(new, "pkgtest_new", PROGRAM % "pkgtest_new: hello from a new package")
    package(broken, "pkgtest_broken", "int main(void) { return undeclared_name; }\n")
    package(outside, "pkgtest_out", PROGRAM % "pkgtest_out: hello from outside the tree")
    mlist = tmp / "modules.list"
    mlist.write_text(ENTRY.format(entry="pkgtest-new", prog="pkgtest_new") + "\n" +
                     ENTRY.format(entry="pkgtest-out", prog="pkgtest_out"))
    extra = "PKG_EXTRA_DIRS=%s %s" % (new, broken)
    listing = "MODULES_LIST=%s" % mlist
    print("1..8")

    rc, out = make("image", "E=pkgtest-new", listing, extra, "O=%s" % BUILD)
    ok(rc == 0, "a new package (one folder, one Makefile) and its entry build", out)
    hit, out = boot(BUILD / "images" / "pkgtest-new.elf", "hello from a new package")
    ok(hit, "its program runs", out)

    rc, out = make("image", "E=hello", extra, "O=%s" % BUILD)
    ok(rc == 0, "with a package that does not compile beside it, make image E=hello works",
       out)
    rc, out = make(str(BUILD / "bin" / "pkgtest_broken"), extra, "O=%s" % BUILD)
    ok(rc != 0 and "undeclared_name" in out, "the broken package fails alone, with its error",
       out)

    rc, out = make("-C", str(outside), "L4DIR=%s" % TREE, "O=%s" % BUILD)
    ok(rc == 0 and (outside / "build" / "pkgtest_out").is_file(),
       "a package outside the tree builds into its own build folder", out)
    rc, out = make("image", "E=pkgtest-out", listing, "O=%s" % BUILD,
                   "MODULE_SEARCH_PATH=%s" % (outside / "build"))
    ok(rc == 0, "its entry packs with MODULE_SEARCH_PATH", out)
    hit, out = boot(BUILD / "images" / "pkgtest-out.elf", "hello from outside the tree")
    ok(hit, "and boots", out)

    bad = tmp / "badmk"
    package(bad, "pkgtest_badmk", PROGRAM % "x", extra="MODE = shared\n")
    rc, out = make(str(BUILD / "bin" / "pkgtest_badmk"), "PKG_EXTRA_DIRS=%s" % bad,
                   "O=%s" % BUILD)
    ok(rc != 0 and "Makefile: MODE = shared" in out,
       "a mistake in a package Makefile is reported by file, for that package only", out)
    for p in ("pkgtest_new", "pkgtest_broken", "pkgtest_badmk"):
        (BUILD / "bin" / p).unlink(missing_ok=True)
    subprocess.run(["rm", "-rf", str(tmp)])
    return exit_code()


if __name__ == "__main__":
    sys.exit(main())
