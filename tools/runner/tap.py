# SPDX-License-Identifier: MIT
# Serial-line cleaning and the TAP parser of the test runner.
# A guest's TAP block is `TAP TEST START`, a plan `1..N`, `ok N - desc` / `not ok N - desc`
# lines and `TAP TEST FINISHED`; other lines in between (log output) are ignored. TAP
# lines may carry a log tag ending in `| ` (e.g. `moe | ok 1 - x`), which is stripped.
# The parser never raises on bad input: every defect becomes an error string, which the
# runner turns into a failing test point. Host tests print plain TAP (no block markers).
# See doc/testing.md.

import re

ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]")
TAP_START = "TAP TEST START"
TAP_FINISHED = "TAP TEST FINISHED"
# What may follow a stripped log tag for the line to count as TAP.
TAP_WORD_RE = re.compile(r"(ok\b|not ok\b|1\.\.\d|TAP TEST (START|FINISHED)\b|Bail out!|#)")
PLAN_RE = re.compile(r"^1\.\.(\d+)\s*(#.*)?$")
POINT_RE = re.compile(r"^(not )?ok\b(?:\s+(\d+))?\s*(?:-\s*)?(.*)$")
DIRECTIVE_RE = re.compile(r"\s*(?<!\\)#\s*(SKIP|TODO)\b\s*(.*)$", re.IGNORECASE)


def clean(raw):
    """Decode one serial line, drop carriage returns and ANSI escape sequences."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    return ANSI_RE.sub("", raw).replace("\r", "").rstrip("\n")


def after_tag(line):
    """The part after the first `| `, or None if the line has no such tag."""
    i = line.find("| ")
    return None if i < 0 else line[i + 2:]


def strip_tag(line, word_re=TAP_WORD_RE):
    """Drop a log tag (up to and including the first `| `) if what follows is TAP."""
    rest = after_tag(line)
    if rest is not None and word_re.match(rest):
        return rest
    return line


class TapPoint:
    """One `ok`/`not ok` line; passed counts SKIP and TODO as passing."""

    def __init__(self, number, ok, desc, directive, reason):
        self.number = number
        self.ok = ok
        self.desc = desc
        self.directive = directive
        self.reason = reason

    @property
    def passed(self):
        return self.ok or self.directive in ("SKIP", "TODO")

    def label(self):
        text = self.desc or "test %d" % self.number
        if self.directive:
            text += " # %s%s" % (self.directive, " " + self.reason if self.reason else "")
        return text


class TapParser:
    """Feed cleaned lines with feed(); then errors() lists what is wrong.

    block=True: only lines between TAP TEST START and TAP TEST FINISHED count (guests).
    block=False: every line counts; the markers are ignored (host tests)."""

    def __init__(self, block=True):
        self.block = block
        self.started = not block
        self.in_block = not block
        self.finished = False
        self.plan = None
        self.points = []
        self.bail = None
        self._errors = []

    def feed(self, line):
        line = strip_tag(line).strip()
        if line == TAP_START:
            if not self.block:
                return
            if self.started:
                self._errors.append("a second TAP TEST START")
            self.started = self.in_block = True
            return
        if line == TAP_FINISHED:
            if not self.block:
                return
            if not self.in_block:
                self._errors.append("TAP TEST FINISHED without TAP TEST START")
            self.in_block = False
            self.finished = True
            return
        if not self.in_block:
            return
        if line.startswith("Bail out!"):
            self.bail = line[len("Bail out!"):].strip() or "(no reason)"
            self.in_block = False
            self.finished = True
            return
        m = PLAN_RE.match(line)
        if m:
            if self.plan is not None:
                self._errors.append("a second plan: %s" % line)
            else:
                self.plan = int(m.group(1))
            return
        m = POINT_RE.match(line)
        if m:
            self._point(m.group(1) is None, m.group(2), m.group(3))

    def _point(self, ok, number, rest):
        directive, reason = None, ""
        d = DIRECTIVE_RE.search(rest)
        if d:
            directive, reason = d.group(1).upper(), d.group(2).strip()
            rest = rest[:d.start()]
        expected = len(self.points) + 1
        n = expected if number is None else int(number)
        seen = {p.number for p in self.points}
        if n in seen:
            self._errors.append("duplicate test number %d" % n)
        elif n != expected:
            self._errors.append("test number %d out of order (expected %d)" % (n, expected))
        self.points.append(TapPoint(n, ok, rest.strip(), directive, reason))

    def errors(self):
        """Structural defects, each one sentence; empty when the TAP is well-formed."""
        errs = list(self._errors)
        if not self.started:
            return errs + ["no TAP block (TAP TEST START not seen)"]
        if self.bail is not None:
            errs.append("Bail out! %s" % self.bail)
        elif self.block and not self.finished:
            errs.append("TAP block did not finish (TAP TEST FINISHED not seen)")
        if self.plan is None:
            errs.append("missing plan (no 1..N line)")
        else:
            if len(self.points) != self.plan:
                errs.append("planned %d tests but ran %d" % (self.plan, len(self.points)))
            beyond = sorted({p.number for p in self.points if p.number > self.plan})
            if beyond:
                errs.append("test number(s) %s outside plan 1..%d"
                            % (", ".join(map(str, beyond)), self.plan))
        return errs
