"""tests/waiting.py's ``ProcessOutput``: a wait ends on its line, or fails at once, never by the
hang guard when the output is merely unusual."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.waiting import ProcessOutput

CHILD = r"""
import sys
out = sys.stdout.buffer
out.write(b'{"event": "api_started", "cut": "\xe4\xb8"}\n')  # a line whose last character lost its end
out.write(b"\xff\xfe not UTF-8 at all\n")
out.write("{\"event\": \"worker_started\", \"name\": \"张三\"}\n".encode())
out.flush()
sys.stdin.read()  # stays up until the test lets it go
"""


def _child() -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )


def test_lines_that_are_not_utf8_do_not_stop_the_reading():
    """A cut multibyte character or bytes that are not UTF-8 at all (a line split by another
    process's write, a tool's binary output) are read with replacement characters, and the lines
    after them still arrive: the reader thread used to die on them, leaving every later wait to the
    15-minute hang guard."""
    process = _child()
    try:
        output = ProcessOutput(process)
        assert '"name": "张三"' in output.wait_for(r'"event": "worker_started".*').group(0)
        first = output.wait_for(r'"event": "api_started".*').group(0)
        assert "\ufffd" in first
        assert "not UTF-8 at all" in output.text
    finally:
        process.communicate("")
    assert output.exit_code() == 0


def test_a_wait_for_a_line_that_never_comes_fails_when_the_process_ends():
    process = _child()
    output = ProcessOutput(process)
    output.wait_for("worker_started")
    process.stdin.close()  # type: ignore[union-attr]
    with pytest.raises(AssertionError, match="exited"):
        output.wait_for("never written")
