#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# Mutation testing of the kernel's checks (`make mutate`). Each line of mutants.txt
# names one single-line change to a kernel check; each is applied alone to a private
# copy of the source tree (never the working tree), the kernel and the host tests of
# kernel modules are rebuilt there, and the kernel test specs run against that kernel
# until the first one fails (killed) or all pass (survived). Ends with
# `mutants: K killed of N` and the list of survivors. The story: doc/testing.md.

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "runner"))
import proc  # noqa: E402
import run as runner  # noqa: E402
import spec as specs  # noqa: E402
from watch import Watch  # noqa: E402

# Kernel test specs: the boot ktest* specs and all of kernel/ and kernel-runtime/.
SPEC_PREFIXES = ("boot/ktest", "kernel/", "kernel-runtime/")
SEPARATOR = " -> "
HOST_TIMEOUT = 60.0
# A mutant's spec may take this many times its clean run (at least MIN_SPEC_TIMEOUT s)
# before it counts as hung, which kills the mutant; never longer than the spec allows.
SLOWDOWN = 5.0
MIN_SPEC_TIMEOUT = 20.0


class Mutant:
    def __init__(self, lineno, path, nth, original, replacement):
        self.lineno = lineno
        self.path = path              # relative to the tree root
        self.nth = nth                # which occurrence (1-based); None: must be unique
        self.original = original
        self.replacement = replacement

    def __str__(self):
        where = self.path + ("#%d" % self.nth if self.nth else "")
        return "%s: %s%s%s" % (where, self.original, SEPARATOR, self.replacement)


class MutantError(Exception):
    pass


def parse_mutants(path):
    """`file[#n]: original -> replacement` a line; `#` lines and blank lines are skipped."""
    mutants = []
    for lineno, line in enumerate(Path(path).read_text().splitlines(), 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        where, sep, change = text.partition(": ")
        original, sep2, replacement = change.partition(SEPARATOR)
        if not sep or not sep2 or not original.strip():
            raise MutantError("%s:%d: expected 'file: original -> replacement'" % (path, lineno))
        file, _, nth = where.partition("#")
        mutants.append(Mutant(lineno, file, int(nth) if nth else None, original.strip(),
                              replacement.strip()))
    return mutants


def apply(text, m):
    """text with the mutant's occurrence of its original replaced; raises MutantError."""
    count = text.count(m.original)
    if count == 0:
        raise MutantError("line %d: %r not found in %s" % (m.lineno, m.original, m.path))
    if m.nth is None and count > 1:
        raise MutantError("line %d: %r occurs %d times in %s: add #n to the file name"
                          % (m.lineno, m.original, count, m.path))
    nth = m.nth or 1
    if nth > count:
        raise MutantError("line %d: %s has only %d occurrences" % (m.lineno, m.path, count))
    at = -1
    for _ in range(nth):
        at = text.index(m.original, at + 1)
    return text[:at] + m.replacement + text[at + len(m.original):]


class Tree:
    """A private copy of the source tree with its own build folder for the kernel."""

    def __init__(self, root, build_dir, work=None):
        self.root = Path(root).resolve()
        self.tmp = Path(tempfile.mkdtemp(prefix="kestrel-mutate-", dir=work))
        self.src = self.tmp / "src"
        skip = {Path(build_dir).resolve().name, ".git"}
        shutil.copytree(self.root, self.src, symlinks=True,
                        ignore=lambda d, names: [n for n in names
                                                 if Path(d).resolve() == self.root and n in skip])
        (self.src / "build").mkdir()
        # The third-party sources are shared read-only; nothing else is built from them.
        os.symlink(Path(build_dir).resolve() / "deps", self.src / "build" / "deps")

    def build(self, targets, jobs):
        """Make targets[0] (the kernel) and the rest; the kernel goes to build/bin/kernel and
        build/bin/kernel-checked (the name the kernel test entries boot)."""
        # No -Werror: a mutant often leaves a parameter or variable unused.
        cmd = ["make", "-C", str(self.src), "O=build", "WARN_FLAGS=-w", "-j%d" % jobs] + targets
        res = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True)
        if res.returncode == 0:
            (self.src / "build" / "bin").mkdir(exist_ok=True)
            # Under both names: the kernel test entries boot the checking kernel.
            for name in ("kernel", "kernel-checked"):
                shutil.copyfile(self.src / targets[0], self.src / "build" / "bin" / name)
        return res.returncode == 0, (res.stdout + res.stderr).strip().splitlines()[-15:]

    def read(self, rel):
        return (self.src / rel).read_text()

    def write(self, rel, text):
        # Always a new mtime, so that make rebuilds the file after a restore too.
        path = self.src / rel
        path.write_text(text)
        now = time.time()
        os.utime(path, (now, now))

    def remove(self):
        shutil.rmtree(self.tmp, ignore_errors=True)


def run_host_test(path):
    """None if the TAP host test passes, else what failed."""
    try:
        res = subprocess.run([str(path)], stdin=subprocess.DEVNULL, capture_output=True,
                             text=True, timeout=HOST_TIMEOUT)
    except subprocess.TimeoutExpired:
        return "timeout"
    except OSError as e:
        return str(e)
    bad = [l for l in res.stdout.splitlines() if l.startswith("not ok")]
    if bad:
        return bad[0]
    return None if res.returncode == 0 else "exit status %d" % res.returncode


def run_spec(args, name, path, timeout_cap):
    """Pack and boot one spec against the tree's kernel; (first failing point or None, seconds)."""
    spec = specs.load(path, name)
    if timeout_cap:
        spec.timeout = min(spec.timeout, timeout_cap)
    image = Path(args.image_dir) / spec.image_name("mutate")
    if runner.pack(args, spec, image):
        return "packer failed", 0.0
    watch = Watch(spec)
    out = proc.stream(specs.qemu_argv(args.qemu, spec, image), spec.timeout, watch)
    failed = [desc for ok, desc in watch.points(out) if not ok]
    return (failed[0] if failed else None), out.seconds


def kernel_specs(args):
    found = specs.find(args.target_dir)
    return [(n, p) for n, p in found if n.startswith(SPEC_PREFIXES)]


class Judge:
    """Runs the tests against the tree's kernel; learns which specs kill most, runs those first."""

    def __init__(self, args, tree):
        self.args = args
        self.tree = tree
        self.specs = kernel_specs(args)
        self.kills = {n: 0 for n, _ in self.specs}
        self.clean_seconds = {}
        self.flaky = []                 # specs that failed once and passed on the retry
        self.host_tests = [tree.src / "build" / h for h in args.host_test]

    def baseline(self):
        """Every test must pass on the unchanged kernel; records each spec's time."""
        failed = [h.name for h in self.host_tests if run_host_test(h)]
        for name, path in self.specs:
            why, seconds = run_spec(self.args, name, path, None)
            self.clean_seconds[name] = seconds
            print("# baseline %s: %s %.1fs" % (name, "FAILED: " + why if why else "ok", seconds),
                  flush=True)
            if why:
                failed.append(name)
        return failed

    def kill(self):
        """The test that fails on the current kernel, or None if all pass."""
        for h in self.host_tests:
            why = run_host_test(h)
            if why:
                return "host/%s: %s" % (h.name, why)
        order = sorted(self.specs, key=lambda s: (-self.kills[s[0]], self.clean_seconds[s[0]]))
        for name, path in order:
            cap = max(MIN_SPEC_TIMEOUT, SLOWDOWN * self.clean_seconds[name])
            why = run_spec(self.args, name, path, cap)[0]
            if not why:
                continue
            # Timing tests can fail under load; a kill must fail twice in a row.
            if not run_spec(self.args, name, path, cap)[0]:
                self.flaky.append(name)
                print("# %s failed once (%s), then passed: not counted as a kill" % (name, why),
                      flush=True)
                continue
            self.kills[name] += 1
            return "%s: %s" % (name, why)
        return None


def parse_args(argv):
    p = argparse.ArgumentParser(description="Mutation testing of the kernel's checks.")
    p.add_argument("--mutants", default="tools/mutate/mutants.txt")
    p.add_argument("--only", metavar="SUBSTR", help="only mutants whose line contains SUBSTR")
    p.add_argument("--lines", metavar="A-B", help="only mutants on lines A..B of the list")
    p.add_argument("--check", action="store_true",
                   help="only check that every mutant applies to the tree, run nothing")
    p.add_argument("--build-dir", default="build", help="the tree's build folder (O)")
    p.add_argument("--host-test", action="append", default=[], metavar="REL",
                   help="host test of a kernel module, relative to the build folder")
    p.add_argument("--kernel-target", default="bin/kernel", metavar="REL",
                   help="the kernel ELF to build, relative to the build folder; the first "
                   "link stage (no symbol table) saves one link per mutant")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--work", help="where the temporary copy goes (default: $TMPDIR)")
    p.add_argument("--target-dir", default="tests/target")
    # The runner's target options (tests/tests.mk RUNNER_TARGET_ARGS); --qemu-bench and
    # --qemu-disk unused (no kernel spec has a disk).
    for opt in ("l4image", "bootstrap", "module-path", "modules-list", "ram-base", "image-dir",
                "qemu", "qemu-bench", "qemu-disk"):
        p.add_argument("--" + opt)
    return p.parse_args(argv)


def check_all(mutants, root):
    errors = []
    for m in mutants:
        try:
            apply((Path(root) / m.path).read_text(), m)
        except (MutantError, OSError) as e:
            errors.append(str(e))
    return errors


def main(argv):
    args = parse_args(argv)
    mutants = parse_mutants(args.mutants)
    if args.only:
        mutants = [m for m in mutants if args.only in str(m)]
    if args.lines:
        first, _, last = args.lines.partition("-")
        mutants = [m for m in mutants if int(first) <= m.lineno <= int(last or first)]
    errors = check_all(mutants, ".")
    for e in errors:
        print("mutate: " + e, file=sys.stderr)
    if errors or args.check:
        print("mutate: %d mutants, %d do not apply" % (len(mutants), len(errors)))
        return 1 if errors else 0
    start = time.monotonic()
    # A kill (not only Ctrl-C) must also remove the copy: unwind through the finally below.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    tree = Tree(".", args.build_dir, args.work)
    try:
        # The copy's kernel first on the packer's search path; everything else as built.
        args.module_path = "%s:%s" % (tree.src / "build" / "bin", args.module_path)
        args.image_dir = str(tree.tmp / "images")
        targets = ["build/" + args.kernel_target] + ["build/" + h for h in args.host_test]
        ok, log = tree.build(targets, args.jobs)
        if not ok:
            print("mutate: the unchanged copy does not build:\n  " + "\n  ".join(log))
            return 1
        judge = Judge(args, tree)
        failed = judge.baseline()
        if failed:
            print("mutate: tests fail without any mutant: " + ", ".join(failed))
            return 1
        print("# baseline: %d specs, %d host tests, %.0fs" %
              (len(judge.specs), len(judge.host_tests), time.monotonic() - start), flush=True)
        survivors, broken = [], []
        for i, m in enumerate(mutants, 1):
            t0 = time.monotonic()
            original = tree.read(m.path)
            try:
                tree.write(m.path, apply(original, m))
                built, log = tree.build(targets, args.jobs)
                by = judge.kill() if built else None
            finally:
                tree.write(m.path, original)
            if not built:
                broken.append(m)
                verdict = "DOES NOT BUILD"
            elif by:
                verdict = "killed by %s" % by
            else:
                survivors.append(m)
                verdict = "SURVIVED"
            print("[%d/%d] %s  (%s, %.0fs)" % (i, len(mutants), m, verdict,
                                               time.monotonic() - t0), flush=True)
            for line in log if not built else []:
                print("#   " + line)
        n = len(mutants) - len(broken)
        print("mutate: %.0fs for %d mutants" % (time.monotonic() - start, len(mutants)))
        for m in broken:
            print("does not build (fix mutants.txt): " + str(m))
        for name in sorted(set(judge.flaky)):
            print("flaky (failed once, passed on retry, %d times): %s"
                  % (judge.flaky.count(name), name))
        for m in survivors:
            print("survivor: " + str(m))
        killed = n - len(survivors)
        print("mutants: %d killed of %d" % (killed, n))
        # The bar of issue #8, for the whole list: 90% killed.
        whole = not (args.only or args.lines)
        return 1 if broken or (whole and killed * 10 < n * 9) else 0
    finally:
        tree.remove()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
