# SPDX-License-Identifier: MIT
"""TAP output for the Python host tests: ok() prints one numbered point (with
the tail of a diagnostic when it fails), exit_code() is the script's result."""

count = 0
failed = 0


def ok(cond, desc, diag="", tail=15):
    global count, failed
    count += 1
    print("%s %d - %s" % ("ok" if cond else "not ok", count, desc))
    if not cond:
        failed += 1
        for line in str(diag).strip().splitlines()[-tail:]:
            print("#   " + line)
    return cond


def exit_code():
    return 1 if failed else 0
