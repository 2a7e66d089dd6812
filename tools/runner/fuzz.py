#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# `make fuzz SEED=s N=n`: one kernel fuzz campaign outside the test specs. Writes a
# one-entry modules list (the checking kernel, kfuzz with the seed and count), packs
# and boots it, echoes the fuzzer's lines and any KERNEL PANIC with its backtrace, and
# ends with the summary line `fuzz: N invocations, K kernel failures, canary ..., quota
# leak B bytes`. Exit status 1 unless K = 0, the canary is intact and nothing leaked.
# How to read a failure and replay it: doc/testing.md, "Fuzzing the kernel".

import argparse
import shlex
import subprocess
import sys
import time
from pathlib import Path

import fuzzsum


def main(argv):
    p = argparse.ArgumentParser(description="Run one kernel fuzz campaign under QEMU.")
    p.add_argument("--seed", required=True)
    p.add_argument("--n", required=True, help="system calls")
    p.add_argument("--trace", help="print every call from this iteration on")
    p.add_argument("--args", default="", help="more kfuzz options, e.g. --no-grant")
    p.add_argument("--kernel", default="kernel-checked")
    p.add_argument("--kernel-args", default="", help="e.g. -inv-full (sweep every call)")
    p.add_argument("--timeout", type=float, default=3600.0)
    p.add_argument("--l4image", required=True)
    p.add_argument("--bootstrap", required=True)
    p.add_argument("--module-path", required=True)
    p.add_argument("--modules-list")
    p.add_argument("--ram-base", required=True)
    p.add_argument("--image-dir", required=True)
    p.add_argument("--qemu", required=True)
    p.add_argument("--qemu-bench")
    a = p.parse_args(argv)

    image_dir = Path(a.image_dir)
    image_dir.mkdir(parents=True, exist_ok=True)
    cmdline = "kfuzz --seed=%s --n=%s" % (a.seed, a.n)
    if a.trace:
        cmdline += " --trace=%s" % a.trace
    if a.args.strip():
        cmdline += " " + a.args.strip()
    lst = image_dir / "fuzz-campaign.list"
    lst.write_text("entry fuzz-campaign\nkernel %s %s\nroottask %s\n" %
                   (a.kernel, a.kernel_args.strip(), cmdline))
    image = image_dir / "fuzz-campaign.elf"
    pack = [a.l4image, "--list", str(lst), "--entry", "fuzz-campaign", "--bootstrap",
            a.bootstrap, "--path", a.module_path, "--ram-base", a.ram_base, "--output",
            str(image)]
    res = subprocess.run(pack, capture_output=True, text=True)
    if res.returncode != 0:
        print(res.stderr + res.stdout, end="")
        print("fuzz: packing the image failed")
        return 1
    qemu = shlex.split(a.qemu) + ["-kernel", str(image)]
    print("# seed %s, %s system calls: %s" % (a.seed, a.n, " ".join(qemu)), flush=True)
    start = time.monotonic()
    lines = []
    proc = subprocess.Popen(qemu, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, errors="replace",
                            start_new_session=True)
    panic_at = None
    try:
        for raw in proc.stdout:
            line = raw.rstrip("\r\n").replace("\r", "")
            lines.append(line)
            if panic_at is not None or fuzzsum.is_interesting(line):
                print(line, flush=True)
            if "KERNEL PANIC" in line and panic_at is None:
                panic_at = time.monotonic()
            if panic_at is not None and time.monotonic() - panic_at > 0.5:
                break
            if time.monotonic() - start > a.timeout:
                print("fuzz: timeout after %.0f s" % a.timeout)
                break
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
    total = fuzzsum.Summary()
    total.add_boot(lines)
    print("# %.1f s" % (time.monotonic() - start))
    print(total.line(), flush=True)
    return 0 if total.clean() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
