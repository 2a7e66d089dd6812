# SPDX-License-Identifier: MIT
# End-to-end tests of run.py with a fake packer and a fake "qemu" (shell scripts made in
# a temporary folder): the packer copies a scenario script as the image and the fake
# QEMU runs it, so each scenario prints serial lines, sleeps or exits like a guest would.
# They check early stopping, timeouts, panics, packer errors, the -M replacement, host
# tests, --only/--list, bench mode and the closing line and exit status. make check-runner.

import os
import subprocess
import sys
import tempfile
import textwrap
import time
import unittest
from pathlib import Path

import proc

RUN_PY = Path(__file__).resolve().parent / "run.py"

FAKE_PACKER = """\
#!/bin/sh
while [ $# -gt 0 ]; do
    case "$1" in
    --entry) entry=$2 ;;
    --output) out=$2 ;;
    --list) list=$2 ;;
    esac
    shift
done
scen="$(dirname "$list")/scenarios/$entry.sh"
[ -f "$scen" ] || { echo "l4image: no entry '$entry'" >&2; exit 2; }
cp "$scen" "$out"
"""

FAKE_QEMU = """\
#!/bin/sh
log=$1
shift
echo "$*" >>"$log"
while [ $# -gt 0 ]; do
    [ "$1" = -kernel ] && img=$2
    shift
done
exec sh "$img"
"""

BLOCK = "echo 'TAP TEST START'; echo 1..2; echo 'ok 1 - one'; echo 'tst | ok 2 - two'; " \
        "echo 'TAP TEST FINISHED'"

SCENARIOS = {
    # Passes, then would run for 30 s: the runner must stop it early.
    "pass": BLOCK + "; sleep 30",
    "hang": "echo booting; sleep 30",
    "panic": "echo 'TAP TEST START'; printf '\\033[31mKERNEL PANIC: oops\\033[0m\\r\\n'; "
             "echo 'x0 = 1'; sleep 30",
    "exits": "echo hello; echo 'bye\\r'",
    "short": "echo 'TAP TEST START'; echo 1..3; echo 'ok 1 - one'; echo 'TAP TEST FINISHED'",
    "bench": "echo 'BENCH ipc_call 1234 cycles'; echo 'moe | BENCH map 77'; echo noise",
    # Console input: answers only what the spec's send: lines type.
    "console": "echo prompt; read a; echo \"got $a\"; read b; echo \"then $b\"",
}

SPECS = {
    "kernel/pass.test": "entry: pass\ntap: yes\n",
    "kernel/hang.test": "entry: hang\nexpect: booting\nexpect: never\ntimeout: 1\n",
    "kernel/panic.test": "entry: panic\ntap: yes\n",
    "kernel/exits.test": "entry: exits\nexpect: ^hello$\nexpect: bye$\n"
                         "machine: virt,virtualization=on\nqemu: -m 256M\n",
    "moe/short.test": "entry: short\ntap: yes\n",
    "kernel/console.test": "entry: console\nexpect: ^prompt$\nsend: hi\\n\nexpect: ^got hi$\n"
                           "send: there\\n\nexpect: ^then there$\ntimeout: 10\n",
    "moe/nopack.test": "entry: missing\n",
    "moe/bad.test": "entry: x\nfrobnicate: yes\n",
}


def write(path, text, mode=0o644):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    os.chmod(path, mode)


class Sandbox:
    """A temporary folder with fakes, scenarios and specs; run() calls run.py."""

    def __init__(self, tmp, specs=SPECS):
        self.tmp = Path(tmp)
        write(self.tmp / "l4image", FAKE_PACKER, 0o755)
        write(self.tmp / "qemu.sh", FAKE_QEMU)
        write(self.tmp / "modules.list", "")
        for name, body in SCENARIOS.items():
            write(self.tmp / "scenarios" / (name + ".sh"), body + "\n")
        for rel, body in specs.items():
            write(self.tmp / "target" / rel, body)
        write(self.tmp / "bench" / "ipc.test", "entry: bench\n")
        self.qemu_log = self.tmp / "qemu.log"

    def run(self, *extra, target=True):
        qemu = "sh %s %s -M virt,gic-version=3 -m 512M" % (self.tmp / "qemu.sh", self.qemu_log)
        argv = [sys.executable, "-B", str(RUN_PY), "--target-dir", str(self.tmp / "target"),
                "--bench-dir", str(self.tmp / "bench"),
                "--l4image", str(self.tmp / "l4image"), "--bootstrap", "bs.elf",
                "--module-path", "bin:conf", "--modules-list", str(self.tmp / "modules.list"),
                "--ram-base", "0x40000000", "--image-dir", str(self.tmp / "images"),
                "--qemu", qemu, "--qemu-bench", qemu + " -icount shift=0"]
        argv += (["--target"] if target else []) + list(extra)
        start = time.monotonic()
        res = subprocess.run(argv, capture_output=True, text=True, timeout=60)
        return res, time.monotonic() - start


class RunnerTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmpdir = tempfile.TemporaryDirectory()
        cls.box = Sandbox(cls.tmpdir.name)
        cls.res, cls.seconds = cls.box.run()
        cls.lines = cls.res.stdout.splitlines()

    @classmethod
    def tearDownClass(cls):
        cls.tmpdir.cleanup()

    def test_closing_line_and_status(self):
        # pass: 2, exits: 2 expects; console: 3 expects; hang: 1 ok + 1 fail; panic: 2 fail
        # (panic + no plan + unfinished); short: 1 ok + 1 fail; nopack, bad: 1 fail each.
        self.assertEqual(self.lines[-1], "9 passed, 7 failed", self.res.stdout)
        self.assertEqual(self.res.returncode, 1)

    def test_stops_early_and_times_out(self):
        # pass, hang (timeout 1 s) and panic (grace) sleep 30 s each; all stop early.
        self.assertLess(self.seconds, 15, self.res.stdout)
        self.assertIn("ok - kernel/pass: one", self.lines)
        self.assertIn("ok - kernel/pass: two", self.lines)

    def test_timeout_names_the_expect(self):
        self.assertIn("ok - kernel/hang: expect /booting/", self.lines)
        self.assertIn("not ok - kernel/hang: expect /never/ not seen (timeout after 1s)",
                      self.lines)
        self.assertIn("#   QEMU killed at the timeout (1s)", self.lines)
        self.assertIn("#   | booting", self.lines)

    def test_panic(self):
        self.assertIn("not ok - kernel/panic: kernel panic: KERNEL PANIC: oops", self.lines)
        self.assertIn("#   | x0 = 1", self.lines)

    def test_machine_and_options_reach_qemu(self):
        self.assertIn("ok - kernel/exits: expect /^hello$/", self.lines)
        self.assertIn("ok - kernel/exits: expect /bye$/", self.lines)
        log = self.box.qemu_log.read_text().splitlines()
        exits = [l for l in log if "test-kernel-exits.elf" in l]
        self.assertEqual(len(exits), 1)
        self.assertIn("-M virt,virtualization=on -m 512M -m 256M -kernel", exits[0])
        self.assertNotIn("gic-version=3", exits[0])

    def test_send_types_on_the_console_after_its_expect(self):
        for want in ("^prompt$", "^got hi$", "^then there$"):
            self.assertIn("ok - kernel/console: expect /%s/" % want, self.lines)

    def test_wrong_count(self):
        self.assertIn("ok - moe/short: one", self.lines)
        self.assertIn("not ok - moe/short: planned 3 tests but ran 1", self.lines)

    def test_packer_and_spec_errors(self):
        self.assertIn("not ok - moe/nopack: packer failed for entry 'missing'", self.lines)
        self.assertIn("#   l4image: no entry 'missing'", self.lines)
        bad = [l for l in self.lines if l.startswith("not ok - moe/bad: spec error")]
        self.assertEqual(len(bad), 1)
        self.assertIn("unknown directive", bad[0])


class OptionsTest(unittest.TestCase):
    def setUp(self):
        self.tmpdir = tempfile.TemporaryDirectory()
        self.box = Sandbox(self.tmpdir.name)

    def tearDown(self):
        self.tmpdir.cleanup()

    def test_only_and_list(self):
        res, _ = self.box.run("--only", "pass")
        self.assertEqual(res.stdout.splitlines()[-1], "2 passed, 0 failed")
        self.assertEqual(res.returncode, 0)
        res, _ = self.box.run("--list", "--only", "moe/")
        self.assertEqual(res.stdout.split(), ["moe/bad", "moe/nopack", "moe/short"])
        res, _ = self.box.run("--only", "no-such-test")
        self.assertEqual(res.returncode, 1)
        self.assertIn("no target spec matches", res.stderr)

    def test_host_tests(self):
        write(self.box.tmp / "good.py", "print('1..2'); print('ok 1 - a'); print('ok 2 - b')\n")
        write(self.box.tmp / "bad", "#!/bin/sh\necho 1..2\necho 'ok 1 - x'\nexit 3\n", 0o755)
        res, _ = self.box.run("--host", str(self.box.tmp / "good.py"),
                              "--host", str(self.box.tmp / "bad"),
                              "--host", str(self.box.tmp / "absent"), target=False)
        lines = res.stdout.splitlines()
        self.assertIn("ok - host/good: a", lines)
        self.assertIn("ok - host/bad: x", lines)
        self.assertIn("not ok - host/bad: planned 2 tests but ran 1", lines)
        self.assertIn("not ok - host/bad: test exited with status 3", lines)
        self.assertTrue(any(l.startswith("not ok - host/absent: cannot run") for l in lines))
        self.assertEqual(lines[-1], "3 passed, 3 failed")
        self.assertEqual(res.returncode, 1)

    def test_smp_pass(self):
        """--smp-pass 4 boots every spec again with -smp 4 (names smp4/...), but not one that
        pins its CPU count with cpus:, which boots once with its own."""
        write(self.box.tmp / "target" / "kernel" / "pass-pinned.test", "entry: pass\ntap: yes\ncpus: 2\n")
        res, _ = self.box.run("--only", "pass", "--smp-pass", "4")
        lines = res.stdout.splitlines()
        self.assertIn("ok - kernel/pass: one", lines)
        self.assertIn("ok - smp4/kernel/pass: one", lines)
        self.assertIn("ok - kernel/pass-pinned: one", lines)
        self.assertNotIn("ok - smp4/kernel/pass-pinned: one", lines)
        self.assertEqual(lines[-1], "6 passed, 0 failed")
        log = self.box.qemu_log.read_text().splitlines()
        self.assertEqual(sum("-smp 4" in l for l in log), 1, log)
        self.assertEqual(sum("-smp 2" in l for l in log), 1, log)

    def test_no_specs(self):
        res, _ = self.box.run("--target-dir", str(self.box.tmp / "empty"))
        self.assertEqual(res.stdout.splitlines()[-1], "0 passed, 0 failed")
        self.assertIn("no target test specs", res.stdout)
        self.assertEqual(res.returncode, 0)

    def test_bench(self):
        res, _ = self.box.run("--bench", target=False)
        lines = res.stdout.splitlines()
        self.assertEqual(lines[0:2], ["BENCH ipc_call 1234 cycles", "BENCH map 77"])
        self.assertEqual(lines[-1], "bench: 1 specs, 0 failed")
        self.assertEqual(res.returncode, 0)
        self.assertIn("-icount shift=0 -kernel", self.box.qemu_log.read_text())
        res, _ = self.box.run("--bench", "--bench-dir", str(self.box.tmp / "none"),
                              target=False)
        self.assertEqual(res.returncode, 0)
        self.assertIn("no bench specs", res.stdout)


class Recorder:
    """A watcher that says "done" after a given line and records what it got."""

    def __init__(self, stop_at=None, grace_at=None):
        self.lines, self.stop_at, self.grace_at = [], stop_at, grace_at

    def feed(self, line):
        self.lines.append(line)

    def state(self):
        if self.stop_at in self.lines:
            return "done"
        return "grace" if self.grace_at in self.lines else "run"


class StreamTest(unittest.TestCase):
    def sh(self, script, timeout, watcher):
        return proc.stream(["sh", "-c", textwrap.dedent(script)], timeout, watcher, grace=0.3)

    def test_exit_status_and_partial_last_line(self):
        w = Recorder()
        out = self.sh("echo a; printf 'b'; echo err >&2; exit 4", 10, w)
        self.assertEqual((out.status, out.timed_out, out.killed), (4, False, False))
        self.assertEqual(w.lines, [b"a", b"b"])
        self.assertEqual(out.stderr, "err\n")

    def test_done_kills_whole_group_at_once(self):
        w = Recorder(stop_at=b"ready")
        out = self.sh("echo ready; sleep 30 & wait", 20, w)
        self.assertTrue(out.killed)
        self.assertFalse(out.timed_out)
        self.assertIsNone(out.status)
        self.assertLess(out.seconds, 5)

    def test_timeout(self):
        out = self.sh("echo x; sleep 30", 0.5, Recorder())
        self.assertTrue(out.timed_out)
        self.assertTrue(out.killed)
        self.assertLess(out.seconds, 5)

    def test_grace_collects_following_lines(self):
        w = Recorder(grace_at=b"PANIC")
        out = self.sh("echo PANIC; echo dump1; sleep 0.1; echo dump2; sleep 30", 20, w)
        self.assertFalse(out.timed_out)
        self.assertEqual(w.lines, [b"PANIC", b"dump1", b"dump2"])
        self.assertLess(out.seconds, 5)


if __name__ == "__main__":
    unittest.main()
