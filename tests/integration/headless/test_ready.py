"""``cadence-coach ready`` steered as a runner with headphones steers it: a private session
D-Bus started by the test, the coach's MPRIS player on it, and an MPRIS client (playerctl,
standing in for BlueZ's AVRCP bridge) pressing play, pause, next and stop; the session's
events and summary checked in the history; systemd's notify socket hearing READY and the
watchdog's pings."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cadence_coach.coaching.actions import EventKind
from cadence_coach.history.store import Store
from tests.support.dbus import missing, playerctl, private_session_bus, wait_for_status
from tests.support.processes import finish

PLAN = """
name = "Two blocks"

[[segment]]
kind = "run"
name = "First"
duration = "60s"
target = 172

[[segment]]
kind = "run"
name = "Second"
duration = "60s"
target = 172
"""


@pytest.fixture(scope="module")
def bus() -> Iterator[str]:
    if missing():
        if os.environ.get("CI") == "true":
            pytest.fail(f"needed in CI: {', '.join(missing())}")
        pytest.skip(f"missing: {', '.join(missing())}")
    with private_session_bus() as address:
        yield address


def test_ready_waits_then_headphone_buttons_play_pause_skip_and_stop(
    pulse_env: dict[str, str], bus: str, tmp_path: Path
) -> None:
    plans = tmp_path / "config" / "cadence-coach" / "plans"
    plans.mkdir(parents=True)
    (plans / "two-blocks.toml").write_text(PLAN)
    notify = tmp_path / "notify.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    listener.bind(str(notify))
    listener.settimeout(0.2)
    heard: list[str] = []
    reading = threading.Thread(target=_read_datagrams, args=(listener, heard), daemon=True)
    reading.start()
    env = {**pulse_env, "XDG_DATA_HOME": str(tmp_path / "data"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "DBUS_SESSION_BUS_ADDRESS": bus,
           "NOTIFY_SOCKET": str(notify), "WATCHDOG_USEC": "2000000"}  # fmt: skip
    summary = tmp_path / "s.json"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cadence_coach", "ready", "two-blocks", "--habitual", "164",
         "--device", "pulse", "--sessions", "1", "--summary", str(summary)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        lines = []
        for line in proc.stdout:
            lines.append(line)
            if line.startswith("ready:"):
                break
        assert "Today: Two blocks, two minutes. Press play to start" in lines[-1]
        assert playerctl(env, "status") == "Stopped"
        time.sleep(1.0)
        assert not _stored(env)  # waiting: no session, no clicks
        playerctl(env, "play-pause")
        wait_for_status(env, "Playing")
        time.sleep(3.0)
        playerctl(env, "play-pause")
        wait_for_status(env, "Paused")
        time.sleep(2.0)
        playerctl(env, "play")
        wait_for_status(env, "Playing")
        time.sleep(1.0)
        playerctl(env, "next")
        time.sleep(3.0)
        playerctl(env, "stop")
        out, err = finish(proc, 60)
        assert "[0:0" in out  # the plain log of a session with no terminal
    finally:
        if proc.poll() is None:
            proc.kill()
        listener.close()
        reading.join(5)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    report = json.loads(summary.read_text())
    assert report["interrupted"] is True  # stopped by the runner
    assert report["pauses"] == 0  # the coach saw no standing still in the runner's pause
    assert report["holds"] == ["runner"]  # but the summary says the runner paused it
    with Store(tmp_path / "data" / "cadence-coach" / "sessions.sqlite3") as store:
        (info,) = store.sessions()
        events = [(e.kind, e.detail) for e in store.events(info.id)]
        times = [row.t for row in store.samples(info.id)]
    kinds = [k for k, _ in events]
    assert (EventKind.SESSION_PAUSED, "runner") in events
    assert (EventKind.SESSION_RESUMED, "runner") in events
    assert (EventKind.SKIPPED, "First") in events
    assert (EventKind.SEGMENT, "Second") in events
    assert kinds.index(EventKind.SKIPPED) < kinds.index(EventKind.STOPPED)
    assert times == [float(t) for t in range(len(times))]  # the pause lost nothing
    assert "READY=1\n" in heard
    assert heard.count("WATCHDOG=1\n") >= 5  # pinged as it waited and as the session ran


def _stored(env: dict[str, str]) -> bool:
    listed = subprocess.run([sys.executable, "-m", "cadence_coach", "history", "--all", "--json"],
                            env=env, capture_output=True, text=True, timeout=60)  # fmt: skip
    return bool(listed.stdout.strip())


def _read_datagrams(sock: socket.socket, heard: list[str]) -> None:
    """What the coach tells systemd, as systemd would read it (at once)."""
    while True:
        try:
            heard.append(sock.recv(4096).decode())
        except TimeoutError:
            continue
        except OSError:
            return
