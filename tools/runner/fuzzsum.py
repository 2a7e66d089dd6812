# SPDX-License-Identifier: MIT
# Adds up the kernel fuzzer's boots (tests/target/fuzz specs, `make fuzz`). Each boot
# ends with `fuzz: N invocations, K kernel failures, canary intact, quota leak B bytes`;
# a boot without that line (a KERNEL PANIC, a stall, a timeout) counts as one kernel
# failure with the invocations of its last progress line, and its seed and iteration
# are kept so that the failure can be replayed (doc/testing.md, "Fuzzing the kernel").

import re

SUMMARY_RE = re.compile(r"fuzz: (\d+) invocations, (\d+) kernel failures, canary (\w+), "
                        r"quota leak (-?\d+) bytes")
PROGRESS_RE = re.compile(r"fuzz: seed (\d+): (\d+) invocations, iteration (\d+)")
SEED_RE = re.compile(r"fuzz: seed (\d+), (\d+) invocations")


def is_interesting(line):
    return "fuzz:" in line or "KERNEL PANIC" in line


class Summary:
    def __init__(self):
        self.boots = 0
        self.invocations = 0
        self.failures = 0
        self.canary_intact = True
        self.leak = 0
        self.failed_runs = []   # (seed, last iteration seen, first panic line)

    def add_boot(self, lines):
        self.boots += 1
        seed, calls, iteration, panic = None, 0, 0, None
        for line in lines:
            m = SEED_RE.search(line)
            if m:
                seed = m.group(1)
            m = PROGRESS_RE.search(line)
            if m:
                calls, iteration = int(m.group(2)), int(m.group(3))
            if "KERNEL PANIC" in line and panic is None:
                panic = line
            m = SUMMARY_RE.search(line)
            if m and panic is None:
                self.invocations += int(m.group(1))
                self.failures += int(m.group(2))
                self.canary_intact &= m.group(3) == "intact"
                self.leak += int(m.group(4))
                return
        self.invocations += calls
        self.failures += 1
        self.failed_runs.append((seed, iteration, panic or "no summary line (stall or timeout)"))

    def clean(self):
        return self.failures == 0 and self.canary_intact and self.leak == 0

    def line(self):
        return "fuzz: %d invocations, %d kernel failures, canary %s, quota leak %d bytes" % (
            self.invocations, self.failures, "intact" if self.canary_intact else "BROKEN",
            self.leak)

    def replay_hints(self):
        return ["fuzz: failure at seed %s after iteration %d: %s (replay: make fuzz SEED=%s "
                "TRACE=%d)" % (s, i, p, s, i) for s, i, p in self.failed_runs]
