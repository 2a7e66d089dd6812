#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# The runner's own unit tests (tools/runner/test_*.py) as a host test: runs them with
# unittest and prints one TAP point per test method, tracebacks as `#` lines, so that
# `make test` counts them with everything else. `make check-runner` runs them directly
# with unittest instead. Exit status 1 if any failed.

import sys
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent


class TapResult(unittest.TestResult):
    """Records (ok, name, detail) per test, in run order."""

    def __init__(self):
        super().__init__()
        self.rows = []

    def addSuccess(self, test):
        self.rows.append((True, test.id(), ""))

    def addFailure(self, test, err):
        self.rows.append((False, test.id(), self._exc_info_to_string(err, test)))

    def addError(self, test, err):
        self.rows.append((False, test.id(), self._exc_info_to_string(err, test)))

    def addExpectedFailure(self, test, err):
        self.rows.append((True, test.id() + " # TODO expected failure", ""))

    def addUnexpectedSuccess(self, test):
        self.rows.append((False, test.id() + " (unexpected success)", ""))

    def addSkip(self, test, reason):
        self.rows.append((True, test.id() + " # SKIP " + reason, ""))


def main():
    sys.path.insert(0, str(HERE))
    suite = unittest.defaultTestLoader.discover(str(HERE), pattern="test_*.py",
                                                top_level_dir=str(HERE))
    result = TapResult()
    suite.run(result)
    # A failing setUpClass arrives through addError too, as one row of its own.
    rows = result.rows
    print("1..%d" % len(rows))
    for n, (ok, name, detail) in enumerate(rows, 1):
        print("%s %d - %s" % ("ok" if ok else "not ok", n, name))
        for line in detail.splitlines():
            print("# " + line)
    return 0 if all(ok for ok, _, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
