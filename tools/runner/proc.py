# SPDX-License-Identifier: MIT
# Runs one child (QEMU or a host test) and feeds its stdout to a watcher line by line,
# stopping it as soon as the watcher knows the outcome, after a short grace when the
# watcher asks for one (to collect a panic's register dump), or at the timeout.
# The child runs in its own session and the whole process group is killed, so a child's
# children (a shell script's `sleep`) cannot keep the pipe open. stdin is /dev/null, or a
# pipe that carries the spec's send: lines once the expects before them matched (or
# whatever else the watcher's input_due() returns).

import os
import selectors
import signal
import subprocess
import time

STDERR_LIMIT = 64 * 1024


class Outcome:
    """How the child ended: exit status (None when we killed it), whether the timeout
    fired, its stderr, and the wall time in seconds."""

    def __init__(self):
        self.status = None
        self.timed_out = False
        self.killed = False
        self.stderr = ""
        self.seconds = 0.0


def _send(proc, data):
    """Console input for the child (the spec's send: lines); a closed pipe is ignored."""
    if not data:
        return
    try:
        proc.stdin.write(data)
        proc.stdin.flush()
    except (BrokenPipeError, OSError):
        pass


def stream(argv, timeout, watcher, grace=0.5):
    """Run argv; call watcher.feed(line) per stdout line (bytes, without newline).
    watcher.state() returns "run", "done" (stop now) or "grace" (stop after grace s).
    Raises OSError if argv cannot be started."""
    out = Outcome()
    start = time.monotonic()
    wants_input = getattr(watcher, "wants_input", False)
    # A watcher whose input depends on time too (tools/picture: "settled") is asked for it
    # at least every `poll` seconds, output or not.
    poll = getattr(watcher, "poll", None)
    proc = subprocess.Popen(argv, stdin=subprocess.PIPE if wants_input else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ, "out")
    sel.register(proc.stderr, selectors.EVENT_READ, "err")
    deadline = start + timeout
    grace_end = None
    pending = b""
    err = bytearray()
    try:
        while sel.get_map():
            state = watcher.state()
            if state == "done":
                break
            if state == "grace" and grace_end is None:
                grace_end = time.monotonic() + grace
            now = time.monotonic()
            end = deadline if grace_end is None else min(deadline, grace_end)
            if now >= end:
                out.timed_out = grace_end is None or deadline <= grace_end
                break
            for key, _ in sel.select(min(end - now, poll) if poll else end - now):
                data = os.read(key.fileobj.fileno(), 65536)
                if not data:
                    sel.unregister(key.fileobj)
                    continue
                if key.data == "err":
                    err += data[:max(0, STDERR_LIMIT - len(err))]
                    continue
                pending += data
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    watcher.feed(line)
            if wants_input:
                _send(proc, watcher.input_due())
        else:
            if pending:
                watcher.feed(pending)
    finally:
        eof = not sel.get_map()
        sel.close()
        if eof and not out.timed_out and watcher.state() == "run":
            # Output closed with the outcome still open: the child is exiting by itself.
            try:
                proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        out.killed = proc.returncode is None
        try:
            # Also reaps leftovers of a child that exited (e.g. a script's background sleep).
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        proc.stdout.close()
        proc.stderr.close()
        if proc.stdin:
            try:
                proc.stdin.close()
            except OSError:
                pass
    out.status = None if out.killed else proc.returncode
    out.stderr = err.decode("utf-8", errors="replace")
    out.seconds = time.monotonic() - start
    return out
