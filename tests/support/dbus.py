"""A private session D-Bus for the tests (``dbus-daemon --session``), and an MPRIS client
talking to a player on it (``playerctl``)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator


def missing() -> list[str]:
    return [tool for tool in ("dbus-daemon", "playerctl") if shutil.which(tool) is None]


@contextlib.contextmanager
def private_session_bus() -> Iterator[str]:
    """Start a session bus of our own; yield its address; end it by its pid."""
    started = subprocess.run(
        ["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
        capture_output=True, text=True, check=True, timeout=10,
    )  # fmt: skip
    address, pid = started.stdout.split()[:2]
    try:
        yield address
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(pid), signal.SIGTERM)


def playerctl(env: dict[str, str], *args: str) -> str:
    """Ask the cadence-coach player on the bus, as a headset's buttons would through BlueZ."""
    done = subprocess.run(["playerctl", "-p", "cadence_coach", *args], env=env,
                          capture_output=True, text=True, timeout=10)  # fmt: skip
    return done.stdout.strip()


def wait_for_status(env: dict[str, str], status: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while playerctl(env, "status") != status:
        assert time.monotonic() < deadline, f"the player never showed {status}"
        time.sleep(0.1)
