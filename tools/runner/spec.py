# SPDX-License-Identifier: MIT
# Target test specs (tests/target/<area>/<name>.test, tests/bench/*.test): one
# `key: value` directive a line, `#` starts a comment line. Values of expect/reject are
# regular expressions taken verbatim (they may contain `#`); other values lose a trailing
# ` # comment`. A spec that does not parse is reported as a failing test, never skipped.
# Also builds the QEMU command line of a spec. Format: doc/testing.md.

import re
import shlex
from pathlib import Path

DEFAULT_TIMEOUT = 30.0
REGEX_KEYS = ("expect", "reject")
SINGLE_KEYS = ("entry", "machine", "timeout", "tap", "panic", "reset", "exit", "cpus",
               "disk")
REPEAT_KEYS = ("qemu", "send") + REGEX_KEYS
YES_NO = {"yes": True, "no": False}


class SpecError(Exception):
    pass


class Spec:
    """A parsed spec; name is `<area>/<name>` (or `bench/<name>`)."""

    def __init__(self, name, path):
        self.name = name
        self.path = path
        self.entry = None
        self.machine = None
        self.qemu = []
        self.timeout = DEFAULT_TIMEOUT
        self.tap = False
        self.expect = []
        self.reject = []
        self.panic_expected = False
        # reset: restart -> a guest reset restarts the machine (no -no-reboot), so a reboot
        # shows as a second boot, not as QEMU's exit; exit: expected -> QEMU must end by
        # itself with status 0 (a power-off), the runner does not stop it at the expects.
        self.reset_restarts = False
        self.exit_expected = False
        # disk: <size> -> a fresh zero-filled raw disk of that many bytes for this run (it
        # lives as long as QEMU, so across a guest reboot with reset: restart)
        self.disk_size = 0
        # send: (number of expects that must have matched first, bytes for the console)
        self.sends = []
        # cpus: N -> the spec always boots with N CPUs and is left out of the runner's
        # multiprocessor pass (--smp-pass), which boots the specs without it again.
        self.cpus = None

    def image_name(self, prefix):
        return "%s-%s.elf" % (prefix, self.name.replace("/", "-"))


ESCAPES = {"n": b"\n", "r": b"\r", "e": b"\x1b", "s": b" ", "\\": b"\\"}


def _unescape(text):
    """send: values: \\r \\n \\e (ESC) \\s (space) \\\\ and \\xHH (one byte, two hex digits:
    \\x05 is Ctrl-E, \\x04 Ctrl-D) are escapes, the rest is literal."""
    out, i = b"", 0
    while i < len(text):
        if text.startswith("\\x", i) and re.fullmatch(r"[0-9a-fA-F]{2}", text[i + 2:i + 4]):
            out += bytes([int(text[i + 2:i + 4], 16)])
            i += 4
        elif text[i] == "\\" and i + 1 < len(text) and text[i + 1] in ESCAPES:
            out += ESCAPES[text[i + 1]]
            i += 2
        else:
            out += text[i].encode()
            i += 1
    return out


def _set(spec, key, value, lineno):
    if key in REGEX_KEYS:
        try:
            getattr(spec, key).append(re.compile(value))
        except re.error as e:
            raise SpecError("line %d: bad regex %r: %s" % (lineno, value, e))
    elif key == "qemu":
        spec.qemu.append(value)
    elif key == "send":
        spec.sends.append((len(spec.expect), _unescape(value)))
    elif key == "cpus":
        if not value.isdigit() or not 1 <= int(value) <= 8:
            raise SpecError("line %d: cpus must be a number from 1 to 8, not %r" % (lineno, value))
        spec.cpus = int(value)
    elif key in ("entry", "machine"):
        setattr(spec, key, value)
    elif key == "timeout":
        try:
            spec.timeout = float(value)
        except ValueError:
            raise SpecError("line %d: timeout %r is not a number" % (lineno, value))
        if spec.timeout <= 0:
            raise SpecError("line %d: timeout must be positive" % lineno)
    elif key == "tap":
        if value not in YES_NO:
            raise SpecError("line %d: tap must be yes or no, not %r" % (lineno, value))
        spec.tap = YES_NO[value]
    elif key == "panic":
        if value != "expected":
            raise SpecError("line %d: panic only takes 'expected', not %r" % (lineno, value))
        spec.panic_expected = True
    elif key == "reset":
        if value != "restart":
            raise SpecError("line %d: reset only takes 'restart', not %r" % (lineno, value))
        spec.reset_restarts = True
    elif key == "disk":
        m = re.fullmatch(r"([0-9]+)([KM]?)", value)
        if not m or int(m.group(1)) == 0:
            raise SpecError("line %d: disk takes a size like 1M or 64K, not %r" % (lineno, value))
        spec.disk_size = int(m.group(1)) << {"": 0, "K": 10, "M": 20}[m.group(2)]
        if spec.disk_size % 512:
            raise SpecError("line %d: disk size is not whole 512-byte sectors" % lineno)
    elif key == "exit":
        if value != "expected":
            raise SpecError("line %d: exit only takes 'expected', not %r" % (lineno, value))
        spec.exit_expected = True


def parse(text, name, path=None):
    """Parse spec text; raises SpecError naming the line at fault."""
    spec = Spec(name, path)
    seen = set()
    for lineno, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, value = stripped.partition(":")
        key = key.strip()
        if not sep or key not in SINGLE_KEYS + REPEAT_KEYS:
            raise SpecError("line %d: unknown directive %r" % (lineno, stripped))
        value = value.strip()
        if key not in REGEX_KEYS:
            value = re.sub(r"\s+#.*$", "", value)
        if not value:
            raise SpecError("line %d: %s needs a value" % (lineno, key))
        if key in SINGLE_KEYS and key in seen:
            raise SpecError("line %d: %s given twice" % (lineno, key))
        seen.add(key)
        _set(spec, key, value, lineno)
    if spec.entry is None:
        raise SpecError("no entry: line")
    return spec


def load(path, name):
    return parse(Path(path).read_text(), name, path)


def find(root, only=None, prefix=None):
    """Spec paths under root, sorted, as (name, path). Names are `<area>/<name>`, or
    `<prefix>/<rel path>` when prefix is given (bench specs)."""
    root = Path(root)
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*.test")):
        rel = path.relative_to(root).with_suffix("").as_posix()
        name = "%s/%s" % (prefix, rel) if prefix else rel
        if only is None or only in name:
            found.append((name, path))
    return found


def qemu_argv(command, spec, image, cpus=None, disk_options=None, disk=None):
    """The QEMU argv: command, with `-M` values replaced by spec.machine and `-smp` by
    cpus (or spec.cpus), plus the disk options (a template with {disk}) for the file
    disk if the spec has a disk, the spec's qemu: options and -kernel image."""
    argv = shlex.split(command)
    cpus = cpus or spec.cpus
    if cpus:
        if "-smp" in argv[:-1]:
            argv[argv.index("-smp") + 1] = str(cpus)
        else:
            argv += ["-smp", str(cpus)]
    if spec.disk_size and disk_options and disk:
        argv += shlex.split(disk_options.replace("{disk}", str(disk)))
    if spec.reset_restarts:
        argv = [a for a in argv if a != "-no-reboot"]
    if spec.machine:
        replaced = False
        for i, arg in enumerate(argv[:-1]):
            if arg in ("-M", "-machine"):
                argv[i + 1] = spec.machine
                replaced = True
        if not replaced:
            argv += ["-M", spec.machine]
    for extra in spec.qemu:
        argv += shlex.split(extra)
    return argv + ["-kernel", str(image)]
