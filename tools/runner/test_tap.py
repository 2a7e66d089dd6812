# SPDX-License-Identifier: MIT
# Unit tests of tap.py: line cleaning, log-tag stripping and every TAP defect the runner
# must catch (missing plan, wrong count, duplicates, order, not ok, unfinished block),
# plus the directives that must not fail (SKIP, TODO). Run: make check-runner.

import unittest

from tap import TapParser, clean, strip_tag


def parse(text, block=True):
    p = TapParser(block=block)
    for line in text.strip("\n").split("\n"):
        p.feed(clean(line))
    return p


def verdicts(p):
    return [(pt.number, pt.passed) for pt in p.points]


GOOD = """
boot log line
TAP TEST START
1..3
ok 1 - first
ok 2 - second
ok 3 - third
TAP TEST FINISHED
"""


class CleanTest(unittest.TestCase):
    def test_cr_and_ansi(self):
        self.assertEqual(clean(b"\x1b[32mok 1 - x\x1b[0m\r"), "ok 1 - x")
        self.assertEqual(clean("\x1b[1;31mKERNEL PANIC\x1b[m\r\n"), "KERNEL PANIC")

    def test_bad_utf8_does_not_raise(self):
        self.assertEqual(clean(b"a\xffb"), "a\ufffdb")

    def test_strip_tag_only_before_tap(self):
        self.assertEqual(strip_tag("moe     | ok 1 - x"), "ok 1 - x")
        self.assertEqual(strip_tag("ned | not ok 2"), "not ok 2")
        self.assertEqual(strip_tag("t | TAP TEST START"), "TAP TEST START")
        self.assertEqual(strip_tag("t | 1..4"), "1..4")
        self.assertEqual(strip_tag("moe | hello | ok"), "moe | hello | ok")
        self.assertEqual(strip_tag("a|b ok"), "a|b ok")
        # Only the first `| ` is a tag separator.
        self.assertEqual(strip_tag("x | y | ok 1"), "x | y | ok 1")


class TapTest(unittest.TestCase):
    def test_good_block(self):
        p = parse(GOOD)
        self.assertEqual(p.errors(), [])
        self.assertEqual(verdicts(p), [(1, True), (2, True), (3, True)])
        self.assertEqual([pt.label() for pt in p.points], ["first", "second", "third"])
        self.assertTrue(p.finished)

    def test_prefixed_block(self):
        p = parse("\n".join("tst | " + l for l in GOOD.strip().split("\n")))
        self.assertEqual(p.errors(), [])
        self.assertEqual(len(p.points), 3)

    def test_lines_outside_block_ignored(self):
        p = parse("ok 7 - stray\n" + GOOD + "not ok 9 - after")
        self.assertEqual(p.errors(), [])
        self.assertEqual(len(p.points), 3)

    def test_not_ok(self):
        p = parse(GOOD.replace("ok 2 - second", "not ok 2 - second"))
        self.assertEqual(p.errors(), [])
        self.assertEqual(verdicts(p), [(1, True), (2, False), (3, True)])

    def test_fewer_than_planned(self):
        p = parse(GOOD.replace("ok 3 - third\n", ""))
        self.assertIn("planned 3 tests but ran 2", p.errors())

    def test_more_than_planned(self):
        p = parse(GOOD.replace("ok 3 - third", "ok 3 - third\nok 4 - fourth"))
        errs = p.errors()
        self.assertIn("planned 3 tests but ran 4", errs)
        self.assertIn("test number(s) 4 outside plan 1..3", errs)

    def test_duplicate(self):
        p = parse(GOOD.replace("ok 3 - third", "ok 2 - again"))
        self.assertIn("duplicate test number 2", p.errors())

    def test_out_of_order(self):
        p = parse(GOOD.replace("ok 1 - first\nok 2 - second", "ok 2 - second\nok 1 - first"))
        self.assertIn("test number 2 out of order (expected 1)", p.errors())

    def test_missing_plan(self):
        p = parse(GOOD.replace("1..3\n", ""))
        self.assertIn("missing plan (no 1..N line)", p.errors())

    def test_trailing_plan(self):
        p = parse(GOOD.replace("1..3\n", "").replace("ok 3 - third", "ok 3 - third\n1..3"))
        self.assertEqual(p.errors(), [])

    def test_second_plan(self):
        p = parse(GOOD.replace("1..3", "1..3\n1..3"))
        self.assertIn("a second plan: 1..3", p.errors())

    def test_unfinished_block(self):
        p = parse(GOOD.replace("TAP TEST FINISHED", ""))
        self.assertFalse(p.finished)
        self.assertIn("TAP block did not finish (TAP TEST FINISHED not seen)", p.errors())

    def test_no_block(self):
        p = parse("hello\nok 1 - x\n1..1")
        self.assertEqual(p.errors(), ["no TAP block (TAP TEST START not seen)"])
        self.assertEqual(p.points, [])

    def test_skip_and_todo_pass(self):
        p = parse(GOOD.replace("ok 2 - second", "ok 2 - second # SKIP no gic")
                  .replace("ok 3 - third", "not ok 3 - third # TODO later"))
        self.assertEqual(p.errors(), [])
        self.assertEqual(verdicts(p), [(1, True), (2, True), (3, True)])
        self.assertEqual(p.points[1].label(), "second # SKIP no gic")
        self.assertEqual(p.points[2].label(), "third # TODO later")
        self.assertFalse(p.points[2].ok)

    def test_hash_in_description_is_no_directive(self):
        p = parse(GOOD.replace("ok 2 - second", "not ok 2 - cap #5 is bad"))
        self.assertEqual(verdicts(p)[1], (2, False))
        self.assertEqual(p.points[1].label(), "cap #5 is bad")

    def test_missing_numbers_are_counted(self):
        p = parse("TAP TEST START\n1..2\nok - a\nnot ok\nTAP TEST FINISHED")
        self.assertEqual(p.errors(), [])
        self.assertEqual(verdicts(p), [(1, True), (2, False)])
        self.assertEqual(p.points[1].label(), "test 2")

    def test_bail_out(self):
        p = parse("TAP TEST START\n1..2\nok 1 - a\nBail out! no memory\nok 2 - b")
        self.assertTrue(p.finished)
        self.assertIn("Bail out! no memory", p.errors())
        self.assertEqual(len(p.points), 1)

    def test_plain_mode_for_host_tests(self):
        p = parse("1..2\nok 1 - a\nok 2 - b", block=False)
        self.assertEqual(p.errors(), [])
        self.assertEqual(len(p.points), 2)
        self.assertIn("missing plan (no 1..N line)", parse("ok 1", block=False).errors())


if __name__ == "__main__":
    unittest.main()
