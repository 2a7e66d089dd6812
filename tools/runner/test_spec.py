# SPDX-License-Identifier: MIT
# Unit tests of spec.py: the directives of a .test file, the errors a bad spec must
# produce, spec discovery with --only, and the QEMU command built for a spec
# (-M replaced by machine:, qemu: options appended, -kernel last). Run: make check-runner.

import tempfile
import unittest
from pathlib import Path

import spec as specs

FULL = """
# a comment
entry: hello-test        # trailing comment
machine: virt,gic-version=3,virtualization=on
qemu: -m 256M
qemu: -semihosting
timeout: 5
tap: yes
expect: ^hello #1$
expect: bye
reject: WARN
panic: expected
"""


class ParseTest(unittest.TestCase):
    def test_full(self):
        s = specs.parse(FULL, "kernel/hello")
        self.assertEqual(s.entry, "hello-test")
        self.assertEqual(s.machine, "virt,gic-version=3,virtualization=on")
        self.assertEqual(s.qemu, ["-m 256M", "-semihosting"])
        self.assertEqual(s.timeout, 5.0)
        self.assertTrue(s.tap)
        self.assertTrue(s.panic_expected)
        # Regexes keep their '#'.
        self.assertEqual([r.pattern for r in s.expect], ["^hello #1$", "bye"])
        self.assertEqual([r.pattern for r in s.reject], ["WARN"])
        self.assertEqual(s.image_name("test"), "test-kernel-hello.elf")

    def test_defaults(self):
        s = specs.parse("entry: x", "a/b")
        self.assertEqual(s.timeout, specs.DEFAULT_TIMEOUT)
        self.assertFalse(s.tap)
        self.assertFalse(s.panic_expected)
        self.assertIsNone(s.machine)

    def check_error(self, text, fragment):
        with self.assertRaises(specs.SpecError) as cm:
            specs.parse(text, "a/b")
        self.assertIn(fragment, str(cm.exception))

    def test_errors(self):
        self.check_error("tap: yes", "no entry")
        self.check_error("entry: x\nbogus: 1", "line 2: unknown directive")
        self.check_error("entry: x\nno colon here", "unknown directive")
        self.check_error("entry: x\nexpect: (", "bad regex")
        self.check_error("entry: x\ntimeout: soon", "not a number")
        self.check_error("entry: x\ntimeout: 0", "positive")
        self.check_error("entry: x\ntap: maybe", "yes or no")
        self.check_error("entry: x\npanic: sometimes", "expected")
        self.check_error("entry: x\nentry: y", "given twice")
        self.check_error("entry:", "needs a value")
        self.check_error("entry: x\nreset: exit", "restart")
        self.check_error("entry: x\nexit: maybe", "expected")
        self.check_error("entry: x\ncpus: 0", "from 1 to 8")
        self.check_error("entry: x\ncpus: four", "from 1 to 8")
        self.check_error("entry: x\ndisk: big", "size like")
        self.check_error("entry: x\ndisk: 0", "size like")
        self.check_error("entry: x\ndisk: 1000", "512-byte")


class QemuArgvTest(unittest.TestCase):
    BASE = "qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a57 -m 512M -serial stdio"

    def test_plain(self):
        s = specs.parse("entry: x", "a/b")
        self.assertEqual(specs.qemu_argv(self.BASE, s, "img.elf"),
                         self.BASE.split() + ["-kernel", "img.elf"])

    def test_disk(self):
        s = specs.parse("entry: x\ndisk: 64K", "a/b")
        self.assertEqual(s.disk_size, 65536)
        argv = specs.qemu_argv(self.BASE, s, "img.elf", None, "-drive file={disk},if=none",
                               "t.disk")
        self.assertEqual(argv[-4:], ["-drive", "file=t.disk,if=none", "-kernel", "img.elf"])
        plain = specs.parse("entry: x", "a/b")
        self.assertEqual(specs.qemu_argv(self.BASE, plain, "img.elf", None, "-drive x", "t.disk"),
                         self.BASE.split() + ["-kernel", "img.elf"])

    def test_cpus(self):
        """-smp takes the pass's count over the spec's, the spec's over the command's."""
        plain = specs.parse("entry: x", "a/b")
        pinned = specs.parse("entry: x\ncpus: 2", "a/b")
        self.assertEqual(specs.qemu_argv("q -smp 1 -m 1G", plain, "i"),
                         ["q", "-smp", "1", "-m", "1G", "-kernel", "i"])
        self.assertEqual(specs.qemu_argv("q -smp 1 -m 1G", pinned, "i"),
                         ["q", "-smp", "2", "-m", "1G", "-kernel", "i"])
        self.assertEqual(specs.qemu_argv("q -smp 1", plain, "i", 4), ["q", "-smp", "4", "-kernel", "i"])
        self.assertEqual(specs.qemu_argv("q", pinned, "i"), ["q", "-smp", "2", "-kernel", "i"])

    def test_machine_and_options(self):
        s = specs.parse("entry: x\nmachine: virt,virtualization=on\nqemu: -m 256M -d int",
                        "a/b")
        argv = specs.qemu_argv(self.BASE, s, "img.elf")
        self.assertEqual(argv[1:3], ["-M", "virt,virtualization=on"])
        self.assertNotIn("virt,gic-version=3", argv)
        self.assertEqual(argv[-6:], ["-m", "256M", "-d", "int", "-kernel", "img.elf"])

    def test_machine_added_when_absent(self):
        s = specs.parse("entry: x\nmachine: virt", "a/b")
        self.assertEqual(specs.qemu_argv("qemu -m 1G", s, "i"),
                         ["qemu", "-m", "1G", "-M", "virt", "-kernel", "i"])

    def test_send_follows_its_expects(self):
        s = specs.parse("entry: x\nsend: \\e\nexpect: jdb>\nsend: t\\r\nsend: a\\sb # no comment",
                        "a/b")
        self.assertEqual(s.sends, [(0, b"\x1b"), (1, b"t\r"), (1, b"a b")])

    def test_send_hex_escape(self):
        s = specs.parse("entry: x\nsend: \\x05n\\x04\\x4\\\\x41", "a/b")
        self.assertEqual(s.sends, [(0, b"\x05n\x04\\x4\\x41")])

    def test_reset_restart_drops_no_reboot(self):
        s = specs.parse("entry: x\nreset: restart", "a/b")
        self.assertTrue(s.reset_restarts)
        self.assertEqual(specs.qemu_argv("q -no-reboot -m 1G", s, "i"),
                         ["q", "-m", "1G", "-kernel", "i"])
        plain = specs.parse("entry: x", "a/b")
        self.assertIn("-no-reboot", specs.qemu_argv("q -no-reboot", plain, "i"))

    def test_quoted_options(self):
        s = specs.parse("entry: x\nqemu: -append 'a b'", "a/b")
        self.assertEqual(specs.qemu_argv("q", s, "i"), ["q", "-append", "a b", "-kernel", "i"])


class FindTest(unittest.TestCase):
    def test_find_and_only(self):
        with tempfile.TemporaryDirectory() as d:
            for rel in ("kernel/ipc.test", "kernel/irq.test", "moe/ds.test", "moe/notes.txt"):
                (Path(d) / rel).parent.mkdir(parents=True, exist_ok=True)
                (Path(d) / rel).write_text("entry: x\n")
            self.assertEqual([n for n, _ in specs.find(d)],
                             ["kernel/ipc", "kernel/irq", "moe/ds"])
            self.assertEqual([n for n, _ in specs.find(d, only="ir")], ["kernel/irq"])
            self.assertEqual([n for n, _ in specs.find(d, prefix="bench")][0], "bench/kernel/ipc")
            self.assertEqual(specs.find(Path(d) / "none"), [])


if __name__ == "__main__":
    unittest.main()
