#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# The test runner behind make check-host, check-target, test and bench. Host tests are
# binaries printing TAP; target tests are specs (tests/target/<area>/<name>.test) whose
# image the packer builds and QEMU boots, the serial output being judged by watch.py.
# Every test point prints as `ok - <test>: <desc>` or `not ok - <test>: <desc>`, and the
# run ends with the line `N passed, N failed`; exit status 1 if anything failed.
# Targets run one after another (QEMU TCG, 2 cores). Usage and rules: doc/testing.md.

import argparse
import subprocess
import sys
from pathlib import Path

import fuzzsum
import proc
import spec as specs
from watch import Watch

HOST_TIMEOUT = 120.0
PACK_TIMEOUT = 120.0


class Report:
    """Counts and prints test points; diagnostics go out as `#` lines."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def point(self, name, ok, desc):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print("%s - %s: %s" % ("ok" if ok else "not ok", name, desc), flush=True)

    def diag(self, lines):
        for line in lines:
            print("#   " + line, flush=True)

    def close(self):
        print("%d passed, %d failed" % (self.passed, self.failed), flush=True)


def echo_fn(args):
    return (lambda line: print("# | " + line, flush=True)) if args.verbose else None


def run_host(report, args, path):
    name = "host/" + Path(path).stem
    argv = [sys.executable, "-B", path] if path.endswith(".py") else [path]
    watch = Watch(host=True, timeout=args.host_timeout, echo=echo_fn(args))
    try:
        out = proc.stream(argv, args.host_timeout, watch)
    except OSError as e:
        report.point(name, False, "cannot run %s: %s" % (path, e.strerror or e))
        return
    points = watch.points(out)
    for ok, desc in points:
        report.point(name, ok, desc)
    if not all(ok for ok, _ in points):
        report.diag(watch.diagnostics(out))


def pack(args, spec, image):
    """Build the spec's image; returns None or a list of lines saying what went wrong."""
    cmd = [args.l4image, "--list", args.modules_list, "--entry", spec.entry,
           "--bootstrap", args.bootstrap, "--path", args.module_path,
           "--ram-base", args.ram_base, "--output", str(image)]
    image.parent.mkdir(parents=True, exist_ok=True)
    try:
        res = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                             timeout=PACK_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as e:
        return ["command: " + " ".join(cmd), str(e)]
    if res.returncode != 0:
        tail = (res.stderr + res.stdout).strip().splitlines()[-20:]
        return ["command: " + " ".join(cmd), "exit status %d" % res.returncode] + tail
    return None


def run_spec(args, name, path, bench, fuzz=None, cpus=None):
    """Pack and boot one spec (with \a cpus CPUs, else the spec's or the command's);
    returns (points, diagnostics, bench lines, seconds). A fuzz spec's boot is also
    added to \a fuzz (a fuzzsum.Summary)."""
    try:
        spec = specs.load(path, name)
    except (specs.SpecError, OSError) as e:
        return [(False, "spec error in %s: %s" % (path, e))], [], [], 0.0
    image = Path(args.image_dir) / spec.image_name("bench" if bench else "test")
    err = pack(args, spec, image)
    if err:
        return [(False, "packer failed for entry %r" % spec.entry)], err, [], 0.0
    disk = None
    if spec.disk_size:
        # A fresh disk for every run: what a test reads back it wrote in this run.
        disk = image.with_suffix(".disk")
        with open(disk, "wb") as f:
            f.truncate(spec.disk_size)
    argv = specs.qemu_argv(args.qemu_bench if bench else args.qemu, spec, image, cpus,
                           args.qemu_disk, disk)
    watch = Watch(spec, bench=bench, echo=echo_fn(args))
    try:
        out = proc.stream(argv, spec.timeout, watch)
    except OSError as e:
        return [(False, "cannot start %s: %s" % (argv[0], e.strerror or e))], [], [], 0.0
    points = watch.points(out)
    diag = []
    if not all(ok for ok, _ in points):
        diag = ["command: " + " ".join(argv)] + watch.diagnostics(out)
    if fuzz is not None and name.startswith("fuzz/"):
        fuzz.add_boot(watch.lines)
    return points, diag, watch.bench_lines, out.seconds


def _pins_cpus(path, name):
    try:
        return specs.load(path, name).cpus is not None
    except (specs.SpecError, OSError):
        return True  # reported as a failure by the first pass, once is enough


def run_targets(report, args, found):
    if not found:
        print("# no target test specs under %s" % args.target_dir, flush=True)
    fuzz = fuzzsum.Summary()
    runs = [(name, path, None) for name, path in found]
    if args.smp_pass > 1:
        # Everything again on a multiprocessor, but the specs that pin their CPU count.
        runs += [("smp%d/%s" % (args.smp_pass, name), path, args.smp_pass)
                 for name, path in found if not _pins_cpus(path, name)]
    for name, path, cpus in runs:
        points, diag, _, seconds = run_spec(args, name, path, bench=False, fuzz=fuzz, cpus=cpus)
        for ok, desc in points:
            report.point(name, ok, desc)
        report.diag(diag)
        print("# %s: %.1fs" % (name, seconds), flush=True)
    if fuzz.boots:
        # The fuzz boots together: one line, and one point that needs all of them clean.
        report.point("fuzz/all", fuzz.clean(), "%d boots: %s" % (fuzz.boots, fuzz.line()))
        report.diag(fuzz.replay_hints())
        print(fuzz.line(), flush=True)


def run_benches(args, found):
    """Prints the guests' BENCH lines; returns the number of specs that failed."""
    if not found:
        print("no bench specs under %s: nothing to measure" % args.bench_dir, flush=True)
        return 0
    failed = 0
    for name, path in found:
        points, diag, lines, seconds = run_spec(args, name, path, bench=True)
        for line in lines:
            print(line, flush=True)
        bad = [desc for ok, desc in points if not ok]
        if bad:
            failed += 1
            for desc in bad:
                print("# %s FAILED: %s" % (name, desc), flush=True)
            for line in diag:
                print("#   " + line, flush=True)
        print("# %s: %.1fs" % (name, seconds), flush=True)
    print("bench: %d specs, %d failed" % (len(found), failed), flush=True)
    return failed


def parse_args(argv):
    p = argparse.ArgumentParser(description="Run host and target (QEMU) tests.")
    p.add_argument("--host", action="append", default=[], metavar="BIN",
                   help="host test binary printing TAP (repeatable; .py runs with python3)")
    p.add_argument("--target", action="store_true", help="run the target test specs")
    p.add_argument("--bench", action="store_true", help="run the bench specs instead")
    p.add_argument("--only", metavar="SUBSTR", help="only target/bench specs whose name "
                   "(<area>/<name>) contains SUBSTR")
    p.add_argument("--list", action="store_true", help="list the tests, run nothing")
    p.add_argument("--verbose", action="store_true", help="echo all output as it arrives")
    p.add_argument("--target-dir", default="tests/target")
    p.add_argument("--bench-dir", default="tests/bench")
    p.add_argument("--host-timeout", type=float, default=HOST_TIMEOUT)
    p.add_argument("--l4image", help="the image packer")
    p.add_argument("--bootstrap", help="bootstrap ELF given to the packer")
    p.add_argument("--module-path", help="module search path given to the packer")
    p.add_argument("--modules-list", help="modules.list given to the packer")
    p.add_argument("--ram-base", help="RAM base given to the packer")
    p.add_argument("--image-dir", help="where test images go")
    p.add_argument("--qemu", help="QEMU command and options for tests (one string)")
    p.add_argument("--qemu-bench", help="QEMU command and options for benchmarks")
    p.add_argument("--qemu-disk", help="QEMU options of a spec's disk ({disk}: the image file)")
    p.add_argument("--smp-pass", type=int, default=0, metavar="N",
                   help="run the target specs a second time with N CPUs (names smpN/...)")
    args = p.parse_args(argv)
    if args.bench and (args.host or args.target):
        p.error("--bench runs alone")
    if (args.target or args.bench) and not args.list:
        need = ["l4image", "bootstrap", "module_path", "modules_list", "ram_base", "image_dir",
                "qemu_bench" if args.bench else "qemu"]
        missing = ["--" + n.replace("_", "-") for n in need if getattr(args, n) is None]
        if missing:
            p.error("target tests need " + " ".join(missing))
    return args


def main(argv):
    args = parse_args(argv)
    targets = specs.find(args.target_dir, args.only) if args.target else []
    benches = specs.find(args.bench_dir, args.only, prefix="bench") if args.bench else []
    if args.list:
        for name in ["host/" + Path(h).stem for h in args.host] + \
                [n for n, _ in targets + benches]:
            print(name)
        return 0
    if args.only and not targets and not benches:
        print("no %s spec matches %r" % ("bench" if args.bench else "target", args.only),
              file=sys.stderr)
        return 1
    if args.bench:
        return 1 if run_benches(args, benches) else 0
    report = Report()
    for path in args.host:
        run_host(report, args, path)
    if args.target:
        run_targets(report, args, targets)
    report.close()
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
