"""A live session beside another app's audio, on the private PulseAudio server: the other
stream is lowered while a phrase plays and put back after (also after the coach is killed),
never for a click; the output's sink unloaded mid-session holds the session, which goes on
when the sink is loaded again, with nothing recorded lost."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from cadence_coach.coaching.actions import EventKind
from cadence_coach.emulation.pulse import RATE, SINK
from cadence_coach.history.store import Store
from tests.support.processes import finish
from tests.support.pulse_streams import playing_other_app, sink_input_volume, speech_file


def coach(*args: str) -> list[str]:
    return [sys.executable, "-m", "cadence_coach", *args]


def _env(pulse_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    return {**pulse_env, "XDG_DATA_HOME": str(tmp_path / "data")}


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(coach(*args), env=env, capture_output=True, text=True, timeout=120)


def test_other_apps_are_lowered_under_words_never_under_clicks(
    pulse_env: dict[str, str], tmp_path: Path
) -> None:
    env = _env(pulse_env, tmp_path)
    summary = tmp_path / "s.json"
    with playing_other_app(env, speech_file(tmp_path)) as volume:
        done = _run(env, "run", "--target", "172", "--duration", "12s", "--device", "pulse",
                    "--no-journal", "--summary", str(summary))  # fmt: skip
        time.sleep(1.0)
    assert done.returncode == 0, done.stderr
    cues = json.loads(summary.read_text())["cues"]
    assert cues  # the closing words at least
    spans = volume.lowered_spans()
    assert spans, volume.samples
    lowest = min(v for _, v in volume.samples)
    assert 0.2 <= lowest <= 0.4  # lowered to about 30 %, not muted
    # lowered only while words played: a span a phrase and a breath long, one per phrase
    # at most, and twelve seconds of clicks never lowered it
    assert len(spans) <= len(cues)
    assert sum(end - start for start, end in spans) <= 4.0 * len(cues)
    assert volume.samples[-1][1] == 1.0  # and put back


def test_a_killed_coach_leaves_other_apps_lowered_and_the_next_start_puts_them_back(
    pulse_env: dict[str, str], tmp_path: Path
) -> None:
    env = _env(pulse_env, tmp_path)
    with playing_other_app(env, speech_file(tmp_path)) as volume:
        proc = subprocess.Popen(
            coach("run", "--target", "172", "--duration", "4s", "--device", "pulse"),
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not volume.lowered_spans():
            time.sleep(0.02)
        proc.kill()  # SIGKILL while the closing words play: no clean-up of any kind
        proc.wait()
        time.sleep(1.0)
        assert (sink_input_volume(env, "podcast") or 1.0) < 0.5  # left lowered
        done = _run(env, "run", "--target", "172", "--duration", "2s", "--device", "pulse",
                    "--no-journal")  # fmt: skip
        assert done.returncode == 0, done.stderr
        time.sleep(1.0)
        assert sink_input_volume(env, "podcast") == 1.0


def test_the_output_sink_going_away_holds_the_session_until_it_returns(
    pulse_env: dict[str, str], tmp_path: Path
) -> None:
    env = _env(pulse_env, tmp_path)
    summary = tmp_path / "s.json"
    proc = subprocess.Popen(
        coach("run", "--target", "172", "--duration", "14s", "--device", "pulse",
              "--no-journal", "--summary", str(summary)),
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    db = tmp_path / "data" / "cadence-coach" / "sessions.sqlite3"
    _wait_for_seconds_stored(db, 4)
    module = _null_sink_module(env)
    subprocess.run(["pactl", "unload-module", module], env=env, check=True)
    unloaded = time.monotonic()
    time.sleep(5.0)
    stored_meanwhile = _stored_seconds(db)
    time.sleep(1.0)
    assert _stored_seconds(db) == stored_meanwhile  # held: no second recorded while gone
    sink = ["module-null-sink", f"sink_name={SINK}", f"rate={RATE}", "channels=2"]
    subprocess.run(["pactl", "load-module", *sink], env=env, check=True, capture_output=True)
    out, err = finish(proc, 60)
    took = time.monotonic() - unloaded
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    report = json.loads(summary.read_text())
    assert report["duration_s"] == 14.0
    assert report["interrupted"] is False
    with Store(db) as store:
        (info,) = store.sessions()
        times = [row.t for row in store.samples(info.id)]
        events = [(e.kind, e.detail) for e in store.events(info.id)]
    assert times == [float(t) for t in range(14)]  # every second, none lost, none doubled
    assert (EventKind.SESSION_PAUSED, "output lost") in events
    assert (EventKind.SESSION_RESUMED, "output back") in events
    assert took > 6.0  # it waited for the sink: the session's 14 s took longer on the clock
    assert "session_paused output lost" in out


def _null_sink_module(env: dict[str, str]) -> str:
    modules = subprocess.run(["pactl", "list", "short", "modules"], env=env,
                             capture_output=True, text=True, check=True).stdout  # fmt: skip
    return next(line.split()[0] for line in modules.splitlines() if "module-null-sink" in line)


def _stored_seconds(db: Path) -> int:
    import sqlite3

    if not db.exists():
        return 0
    try:
        with sqlite3.connect(db, timeout=1) as con:
            (n,) = con.execute("SELECT count(*) FROM samples").fetchone()
    except sqlite3.Error:
        return 0
    return int(n)


def _wait_for_seconds_stored(db: Path, seconds: int, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while _stored_seconds(db) < seconds:
        assert time.monotonic() < deadline, "the session never started"
        time.sleep(0.05)
