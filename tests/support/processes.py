"""Processes the tests start: waited for, and never left running when they hang."""

from __future__ import annotations

import subprocess


def finish(proc: subprocess.Popen[str], timeout_s: float) -> tuple[str, str]:
    """``proc``'s output once it ends; one still running after ``timeout_s`` is killed (so
    it cannot hold the audio or the one-session lock for the tests after it), then the
    timeout is raised."""
    try:
        out, err = proc.communicate(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        raise
    return out, err
