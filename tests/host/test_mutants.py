# SPDX-License-Identifier: MIT
"""Every mutant of tools/mutate/mutants.txt still applies to the source (`make mutate-check`).

Prints TAP. `make mutate` itself takes minutes and is not part of `make test`, so a check
that is rewritten would silently drop its mutant; this keeps the list true. The check is
first shown to fail: a list naming a line that is not in the source is refused, by line.
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tap import exit_code, ok  # noqa: E402

MUTATE = "tools/mutate/mutate.py"


def check(mutants_file):
    return subprocess.run([sys.executable, "-B", MUTATE, "--check", "--mutants", mutants_file],
                          capture_output=True, text=True)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        stale = os.path.join(tmp, "mutants.txt")
        with open(stale, "w") as f:
            f.write("kernel/generic/ipc.c: this line is in no kernel source -> (void)0;\n")
        res = check(stale)
        ok(res.returncode != 0 and "line 1" in res.stderr and "not found" in res.stderr,
           "a mutant whose line is not in the source is refused, naming its line",
           res.stdout + res.stderr)
    res = check("tools/mutate/mutants.txt")
    ok(res.returncode == 0 and " 0 do not apply" in res.stdout,
       "every mutant in tools/mutate/mutants.txt applies to the current source",
       res.stdout + res.stderr)
    print("1..2")
    return exit_code()


if __name__ == "__main__":
    sys.exit(main())
