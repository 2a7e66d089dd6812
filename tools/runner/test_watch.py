# SPDX-License-Identifier: MIT
# Unit tests of watch.py without any process: expects in order, rejects, panics (expected
# or not), when the outcome counts as known (early stop), and the test points produced
# for timeouts and bad exit statuses. Run: make check-runner.

import unittest

import spec as specs
from proc import Outcome
from watch import Watch


def watch(spec_text, lines, **kw):
    w = Watch(specs.parse("entry: e\n" + spec_text, "a/b"), **kw)
    for line in lines:
        w.feed(line.encode())
    return w


def outcome(status=0, timed_out=False, killed=False):
    o = Outcome()
    o.status, o.timed_out, o.killed = status, timed_out, killed
    return o


def failed(points):
    return [d for ok, d in points if not ok]


class SendTest(unittest.TestCase):
    def test_input_due_after_its_expect(self):
        w = watch("send: a\nexpect: x\nsend: b\nsend: c\nexpect: y\nsend: d", [])
        self.assertTrue(w.wants_input)
        self.assertEqual(w.input_due(), b"a")
        self.assertEqual(w.input_due(), b"")
        w.feed(b"x")
        self.assertEqual(w.input_due(), b"bc")
        w.feed(b"y")
        self.assertEqual(w.input_due(), b"d")
        self.assertFalse(watch("expect: x", []).wants_input)


class ExitExpectedTest(unittest.TestCase):
    """exit: expected: QEMU's own exit (a power-off) ends the spec, not the expects."""

    def test_runs_on_after_the_expects(self):
        w = watch("exit: expected\nexpect: off", ["off"])
        self.assertEqual(w.state(), "run")
        self.assertEqual(failed(w.points(outcome(0))), [])

    def test_stopped_by_the_runner_fails(self):
        w = watch("exit: expected\nexpect: off", ["off"])
        bad = failed(w.points(outcome(None, timed_out=True)))
        self.assertTrue(bad and bad[0].startswith("QEMU exits by itself"), bad)

    def test_bad_status_fails(self):
        w = watch("exit: expected", [])
        self.assertTrue(failed(w.points(outcome(1))))


class ExpectTest(unittest.TestCase):
    def test_in_order(self):
        w = watch("expect: boot\nexpect: ^hello$", ["boot ok", "hello"])
        self.assertEqual(w.state(), "done")
        self.assertEqual(failed(w.points(outcome(None, killed=True))), [])

    def test_out_of_order_fails(self):
        w = watch("expect: hello\nexpect: boot", ["boot", "hello"])
        self.assertEqual(w.state(), "run")
        bad = failed(w.points(outcome(timed_out=True)))
        self.assertEqual(bad, ["expect /boot/ not seen (timeout after 30s)"])

    def test_one_line_satisfies_one_expect(self):
        w = watch("expect: x\nexpect: x", ["x"])
        self.assertFalse(w.expects_done())
        w.feed(b"x again")
        self.assertTrue(w.expects_done())

    def test_later_expects_reported_as_not_reached(self):
        w = watch("expect: a\nexpect: b\nexpect: c", ["a"])
        bad = failed(w.points(outcome(0)))
        self.assertEqual(bad, ["expect /b/ not seen (QEMU exited)",
                               "expect /c/ not reached (an earlier expect failed)"])

    def test_tagged_lines_match_anchored_regex(self):
        w = watch("expect: ^hello world$", ["\x1b[33mmoe | hello world\x1b[0m\r"])
        self.assertEqual(w.state(), "done")

    def test_reject(self):
        w = watch("expect: end\nreject: WARN", ["WARN: x", "end"])
        bad = failed(w.points(outcome(None, killed=True)))
        self.assertEqual(bad, ["reject /WARN/ matched: WARN: x"])
        w = watch("expect: end\nreject: WARN", ["end"])
        self.assertEqual(failed(w.points(outcome(None, killed=True))), [])


class TapAndStateTest(unittest.TestCase):
    BLOCK = ["TAP TEST START", "1..1", "ok 1 - a", "TAP TEST FINISHED"]

    def test_tap_done_only_after_finished_and_expects(self):
        w = watch("tap: yes\nexpect: bye", self.BLOCK[:3])
        self.assertEqual(w.state(), "run")
        w.feed(b"TAP TEST FINISHED")
        self.assertEqual(w.state(), "run")      # expect still open
        w.feed(b"bye")
        self.assertEqual(w.state(), "done")
        pts = w.points(outcome(None, killed=True))
        self.assertEqual(pts, [(True, "a"), (True, "expect /bye/")])

    def test_tap_unfinished_at_timeout(self):
        w = watch("tap: yes", self.BLOCK[:3])
        bad = failed(w.points(outcome(timed_out=True)))
        self.assertEqual(bad, ["TAP block did not finish (TAP TEST FINISHED not seen)"
                               " (timeout after 30s)"])

    def test_not_ok_fails(self):
        w = watch("tap: yes", ["TAP TEST START", "1..1", "not ok 1 - a", "TAP TEST FINISHED"])
        self.assertEqual(w.state(), "done")
        self.assertEqual(failed(w.points(outcome(None, killed=True))), ["a"])

    def test_no_expect_no_tap_waits_for_exit(self):
        w = watch("", ["anything"])
        self.assertEqual(w.state(), "run")
        self.assertEqual(w.points(outcome(0)), [(True, "ran to completion")])
        self.assertEqual(failed(w.points(outcome(3))), ["QEMU exited with status 3"])
        self.assertEqual(failed(w.points(outcome(timed_out=True))),
                         ["timeout after 30s (QEMU did not finish)"])


class PanicTest(unittest.TestCase):
    def test_unexpected_panic(self):
        w = watch("tap: yes", ["TAP TEST START", "KERNEL PANIC: bad trap", "x0=0"])
        self.assertEqual(w.state(), "grace")
        bad = failed(w.points(outcome(None, killed=True)))
        self.assertIn("kernel panic: KERNEL PANIC: bad trap", bad)
        diag = w.diagnostics(outcome(None, killed=True))
        self.assertIn("| KERNEL PANIC: bad trap", diag)

    def test_expected_panic(self):
        w = watch("panic: expected\nexpect: PANIC: test", ["KERNEL PANIC: test"])
        self.assertEqual(w.state(), "done")
        self.assertEqual(failed(w.points(outcome(None, killed=True))), [])

    def test_expected_panic_missing(self):
        w = watch("panic: expected", ["fine"])
        self.assertEqual(w.state(), "run")
        self.assertEqual(failed(w.points(outcome(0))), ["kernel panic (expected)"])

    def test_panic_block_printed_when_out_of_tail(self):
        w = watch("", ["KERNEL PANIC: x"] + ["dump %d" % i for i in range(60)])
        diag = w.diagnostics(outcome(timed_out=True))
        self.assertEqual(diag[0], "QEMU killed at the timeout (30s)")
        self.assertEqual(diag[1:3], ["kernel panic:", "| KERNEL PANIC: x"])
        self.assertIn("last 40 lines of output:", diag)
        self.assertEqual(diag[-1], "| dump 59")


class HostTest(unittest.TestCase):
    def test_host_points(self):
        w = Watch(host=True, timeout=10)
        for line in ["1..2", "ok 1 - a", "not ok 2 - b"]:
            w.feed(line.encode())
        self.assertEqual(w.state(), "run")
        self.assertEqual(w.points(outcome(1)), [(True, "a"), (False, "b"),
                                                (False, "test exited with status 1")])

    def test_host_crash_and_timeout(self):
        w = Watch(host=True, timeout=10)
        w.feed(b"1..3")
        w.feed(b"ok 1 - a")
        self.assertEqual(failed(w.points(outcome(-11))),
                         ["planned 3 tests but ran 1", "test killed by signal 11"])
        self.assertEqual(failed(w.points(outcome(timed_out=True))),
                         ["planned 3 tests but ran 1", "timeout after 10s (test did not finish)"])


class BenchTest(unittest.TestCase):
    def test_bench_lines(self):
        w = watch("", ["BENCH ipc 123 cycles", "moe | BENCH map 7", "noise BENCH x"],
                  bench=True)
        self.assertEqual(w.bench_lines, ["BENCH ipc 123 cycles", "BENCH map 7"])


if __name__ == "__main__":
    unittest.main()
