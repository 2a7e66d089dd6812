# SPDX-License-Identifier: MIT
# The judge of one run: fed serial (or host stdout) lines as they arrive, it tracks the
# TAP block, the expect/reject regexes and kernel panics, says when the outcome is known
# (so the runner can stop QEMU early) and finally turns everything into test points.
# Expects match in order, each on a later line than the previous one; a regex matches a
# line or the part of it after a `| ` log tag. Rules: doc/testing.md.

import re

from tap import TapParser, after_tag, clean, strip_tag

PANIC_MARK = "KERNEL PANIC"
PANIC_LINES = 40
TAIL_LINES = 40
BENCH_RE = re.compile(r"BENCH ")


def _matches(regex, line):
    if regex.search(line):
        return True
    rest = after_tag(line)
    return rest is not None and regex.search(rest) is not None


class Watch:
    """Judges one target spec run, or a host test when host=True (plain TAP, no spec)."""

    def __init__(self, spec=None, host=False, bench=False, echo=None, timeout=None):
        self.spec = spec
        self.timeout = spec.timeout if spec else timeout
        self.host = host
        self.bench = bench
        self.echo = echo
        self.lines = []
        self.expect = list(spec.expect) if spec else []
        self.expect_at = []          # line index matched by each expect, in order
        self.reject_at = {i: [] for i in range(len(spec.reject))} if spec else {}
        self.tap = TapParser(block=False) if host else (TapParser() if spec.tap else None)
        self.panic_at = None
        self.bench_lines = []
        self.sends = list(spec.sends) if spec else []
        self.wants_input = bool(self.sends)

    def feed(self, raw):
        line = clean(raw)
        index = len(self.lines)
        self.lines.append(line)
        if self.echo:
            self.echo(line)
        if self.host:
            self.tap.feed(line)
            return
        if PANIC_MARK in line and self.panic_at is None:
            self.panic_at = index
        if len(self.expect_at) < len(self.expect) and \
                _matches(self.expect[len(self.expect_at)], line):
            self.expect_at.append(index)
        for i, regex in enumerate(self.spec.reject):
            if _matches(regex, line):
                self.reject_at[i].append(index)
        if self.tap:
            self.tap.feed(line)
        if self.bench:
            rest = strip_tag(line, BENCH_RE)
            if rest.startswith("BENCH "):
                self.bench_lines.append(rest)

    def input_due(self):
        """Bytes of the send: lines whose preceding expects have all matched (once each)."""
        out = b""
        while self.sends and self.sends[0][0] <= len(self.expect_at):
            out += self.sends.pop(0)[1]
        return out

    def expects_done(self):
        return len(self.expect_at) == len(self.expect)

    def state(self):
        """"run" while the outcome is open, "grace" after an unexpected panic (collect
        the dump, then stop), "done" when nothing more can change the verdict."""
        if self.host:
            return "run"
        spec = self.spec
        if self.panic_at is not None and (not spec.panic_expected or
                                          (not spec.expect and not spec.tap)):
            return "grace"
        if self.tap and self.tap.bail is not None:
            return "done"
        if spec.exit_expected or (not spec.expect and not spec.tap):
            return "run"         # only QEMU's own exit ends such a spec
        if self.expects_done() and (self.tap is None or self.tap.finished):
            return "done"
        return "run"

    def points(self, outcome):
        """(passed, description) test points of this run, given proc.Outcome."""
        pts = []
        if self.tap:
            pts += [(p.passed, p.label()) for p in self.tap.points]
            pts += [(False, e + (self._why_stopped(outcome) if "did not finish" in e else ""))
                    for e in self.tap.errors()]
        if self.host:
            return pts + self._exit_points(outcome, pts, host=True)
        for i, regex in enumerate(self.expect):
            if i < len(self.expect_at):
                pts.append((True, "expect /%s/" % regex.pattern))
            elif i == len(self.expect_at):
                pts.append((False, "expect /%s/ not seen%s" % (regex.pattern,
                                                              self._why_stopped(outcome))))
            else:
                pts.append((False, "expect /%s/ not reached (an earlier expect failed)"
                            % regex.pattern))
        for i, regex in enumerate(self.spec.reject):
            hits = self.reject_at[i]
            pts.append((not hits, "reject /%s/%s" % (
                regex.pattern, " matched: %s" % self.lines[hits[0]] if hits else "")))
        if self.spec.panic_expected:
            pts.append((self.panic_at is not None, "kernel panic (expected)"))
        elif self.panic_at is not None:
            pts.append((False, "kernel panic: %s" % self.lines[self.panic_at].strip()))
        if self.spec.exit_expected:
            pts.append((outcome.status == 0 and not outcome.killed,
                        "QEMU exits by itself with status 0 (%s)" % self._ending(outcome)))
        pts += self._exit_points(outcome, pts, host=False)
        if not pts:
            pts.append((True, "ran to completion"))
        return pts

    def _why_stopped(self, outcome):
        if outcome.timed_out:
            return " (timeout after %gs)" % self.timeout
        if self.panic_at is not None:
            return " (stopped at kernel panic)"
        return " (QEMU exited)" if outcome.status is not None else ""

    def _exit_points(self, outcome, earlier, host):
        """A point for a bad exit status, or for a timeout (on target: unless an earlier
        failing point already names it)."""
        pts = []
        what = "test" if host else "QEMU"
        if outcome.timed_out:
            if host or all(ok for ok, _ in earlier):
                pts.append((False, "timeout after %gs (%s did not finish)"
                            % (self.timeout, what)))
        elif outcome.status is not None and outcome.status != 0:
            if outcome.status < 0:
                pts.append((False, "%s killed by signal %d" % (what, -outcome.status)))
            else:
                pts.append((False, "%s exited with status %d" % (what, outcome.status)))
        return pts

    def _ending(self, outcome):
        what = "test" if self.host else "QEMU"
        if outcome.timed_out:
            return "%s killed at the timeout (%gs)" % (what, self.timeout)
        if outcome.killed:
            return "%s stopped by the runner after %.1fs" % (what, outcome.seconds)
        return "%s exited with status %s after %.1fs" % (what, outcome.status, outcome.seconds)

    def diagnostics(self, outcome):
        """Lines to print under a failed test: panic block, serial tail, stderr."""
        out = [self._ending(outcome)]
        tail_from = max(0, len(self.lines) - TAIL_LINES)
        if self.panic_at is not None and self.panic_at < tail_from:
            out.append("kernel panic:")
            out += ["| " + l for l in self.lines[self.panic_at:self.panic_at + PANIC_LINES]]
        out.append("last %d lines of output:" % min(TAIL_LINES, len(self.lines)))
        out += ["| " + l for l in self.lines[tail_from:]]
        err = outcome.stderr.strip().splitlines()
        if err:
            out.append("stderr (last 10 lines):")
            out += ["| " + l for l in err[-10:]]
        return out
