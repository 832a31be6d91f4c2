"""End to end through a real PortAudio stream: PortAudio -> ALSA pulse plugin -> PulseAudio.

The test starts its own PulseAudio server with a null sink in its own runtime directory
(never a user's audio), plays through sounddevice's ``pulse`` device and records the sink's
monitor with ``parec``. In CI (``CI=true``) a missing PulseAudio fails instead of skipping.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import numpy.typing as npt

from cadence_coach.audio.pcm import to_float
from cadence_coach.audio.stream import LIVE_LEAD_IN_S
from cadence_coach.emulation.pulse import (
    RATE,
    read_recording,
    record_monitor,
)
from cadence_coach.emulation.sensor_process import emulated_sensors
from cadence_coach.history.records import SessionStatus
from cadence_coach.history.store import Store
from cadence_coach.session.click_track import build_mixer
from cadence_coach.session.loop import run_session
from cadence_coach.session.settings import MetronomeSettings
from cadence_coach.speech.speaker import DUCK
from cadence_coach.speech.tts import SpeechRenderer
from tests.support.processes import finish
from tests.support.scripts import live_cue, live_run
from tests.support.signals import envelope


def coach(*args: str) -> list[str]:
    return [sys.executable, "-m", "cadence_coach", *args]


def play_and_record(
    env: dict[str, str], folder: Path, *args: str, python: bool = False
) -> tuple[subprocess.CompletedProcess[str], npt.NDArray[np.float32]]:
    """Run the CLI (or, with ``python``, Python with ``args``) on the private server while
    recording the sink's monitor."""
    recording = folder / "monitor.raw"
    command = [sys.executable, *args] if python else coach(*args)
    with record_monitor(env, recording):
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=90)
    assert done.returncode == 0, done.stderr
    return done, read_recording(recording)


def loud_onsets(x: npt.NDArray[np.float32], quiet_gap: int = 2000) -> npt.NDArray[np.int64]:
    """First sample of each click: silence here is exact zero and every click voice starts
    well above this level, whatever its shape, so plain and accented clicks are comparable."""
    loud = np.flatnonzero(np.abs(x) > 0.005)
    return loud[np.r_[True, np.diff(loud) > quiet_gap]].astype(np.int64)


def test_devices_lists_pulse_and_marks_a_default(pulse_env: dict[str, str]) -> None:
    done = subprocess.run(
        coach("devices"), env=pulse_env, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert any("pulse" in line for line in lines)
    assert sum(line.startswith("*") for line in lines) == 1


def test_clicks_through_a_real_stream_keep_every_interval(
    pulse_env: dict[str, str], tmp_path: Path
) -> None:
    args = ["metronome", "--bpm", "171.5", "--duration", "6s", "--device", "pulse"]
    done, recorded = play_and_record(pulse_env, tmp_path, *args, "--samplerate", str(RATE))
    assert "played 0:06" in done.stdout
    starts = loud_onsets(recorded)
    ideal = 60 * RATE / 171.5  # 16793.003 samples
    assert len(starts) >= 16
    intervals = np.diff(starts)
    assert np.all(np.abs(intervals - ideal) <= 1), intervals


def interrupt(env: dict[str, str], args: list[str], started: str, after_s: float) -> str:
    """Run the CLI, wait for its ``started`` line, press Ctrl-C after ``after_s``: it must
    end cleanly (exit 0, no traceback). Returns what it printed."""
    proc = subprocess.Popen(
        coach(*args), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    assert started in proc.stdout.readline()
    time.sleep(after_s)
    proc.send_signal(signal.SIGINT)
    out, err = finish(proc, 30)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    return out


def test_ctrl_c_stops_cleanly(pulse_env: dict[str, str]) -> None:
    args = ["metronome", "--bpm", "170", "--device", "pulse"]
    assert "stopped after 0:0" in interrupt(pulse_env, args, "until Ctrl-C", 2.5)


def test_a_second_live_session_is_refused_naming_the_first(
    pulse_env: dict[str, str], tmp_path: Path
) -> None:
    env = {**pulse_env, "XDG_DATA_HOME": str(tmp_path / "data")}
    first = subprocess.Popen(
        coach("run", "--target", "172", "--device", "pulse"),
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert first.stdout is not None
        assert "Ctrl-C to stop" in first.stdout.readline()
        _wait_for_a_stored_session(env)  # playing, not still preparing
        for second in (["metronome", "--bpm", "170", "--duration", "2s"],
                       ["run", "strides", "--habitual", "164"]):  # fmt: skip
            done = run_cli(env, *second, "--device", "pulse")
            assert done.returncode == 1, done.stderr
            assert done.stderr.count("\n") == 1
            assert "already playing: 'free run' on 'pulse'" in done.stderr
    finally:
        first.send_signal(signal.SIGINT)
        out, err = finish(first, 30)
    assert first.returncode == 0, out + err
    # the refused one stored nothing: only the first session is in the history
    listed = run_cli(env, "history", "--all", "--json")
    assert len(listed.stdout.splitlines()) == 1


def test_ctrl_c_while_a_session_is_being_prepared_ends_cleanly(
    pulse_env: dict[str, str], tmp_path: Path
) -> None:
    # a cold speech cache: the phrases take a while to render before the first beat
    env = {**pulse_env, "XDG_DATA_HOME": str(tmp_path / "d"), "XDG_CACHE_HOME": str(tmp_path / "c")}
    proc = subprocess.Popen(coach("run", "--target", "172", "--device", "pulse"), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout is not None
    assert "Ctrl-C to stop" in proc.stdout.readline()
    proc.send_signal(signal.SIGINT)
    out, err = finish(proc, 60)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert "stopped before the first beat; nothing was stored" in out or "stopped after" in out


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        coach(*args), env=env, capture_output=True, text=True, timeout=60, check=False
    )


def _wait_for_a_stored_session(env: dict[str, str], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        listed = run_cli(env, "history", "--all", "--json")
        if listed.stdout.strip():
            return
        time.sleep(0.5)
    raise AssertionError("the first session never started playing")


def test_unknown_device_names_the_real_ones(pulse_env: dict[str, str]) -> None:
    args = coach("metronome", "--bpm", "170", "--device", "nonesuch")
    done = subprocess.run(args, env=pulse_env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "no output device matches 'nonesuch'" in done.stderr
    assert "pulse" in done.stderr


def test_a_cue_starts_within_a_block_and_is_heard_over_ducked_clicks(
    pulse_env: dict[str, str], tmp_path: Path
) -> None:
    done, recorded = play_and_record(
        pulse_env, tmp_path, "-m", "tests.support.scripts.live_cue", python=True
    )
    report = json.loads(done.stdout.splitlines()[-1])
    assert 0 <= report["started"] - report["asked"] <= report["blocksize"]
    assert report["underflows"] == 0

    # Rebuild the same mix offline and compare loudness envelopes with what was recorded.
    mixer = build_mixer(MetronomeSettings(live_cue.BPM, samplerate=RATE), LIVE_LEAD_IN_S)
    with SpeechRenderer(RATE) as renderer:  # the same cache the script used
        speech = to_float(renderer.render(report["text"]))
    mixer.play(speech, at=report["started"], duck=DUCK)
    expected = np.zeros((live_cue.LENGTH, 1), dtype=np.float32)
    mixer.render(expected)
    first_click = round(LIVE_LEAD_IN_S * RATE)
    offset = int(loud_onsets(recorded)[0]) - first_click  # where the stream began
    heard = recorded[offset + first_click : offset + live_cue.LENGTH]
    want = expected[first_click : first_click + len(heard), 0]
    correlation = np.corrcoef(envelope(heard, RATE), envelope(want, RATE))[0, 1]
    assert correlation > 0.98


def test_a_live_session_makes_the_same_decisions_as_a_simulated_one(
    pulse_env: dict[str, str], tmp_path: Path
) -> None:
    script = ("-m", "tests.support.scripts.live_run")
    done, recorded = play_and_record(pulse_env, tmp_path, *script, python=True)
    live = json.loads(done.stdout.splitlines()[-1])
    simulated = run_session(live_run.SETTINGS).chain.recorder
    assert live["cues"] == [[c.t_s, c.id, c.text] for c in simulated.cues]
    assert live["events"] == [[e.t, e.kind.value, e.detail] for e in simulated.events]
    assert [c[1] for c in live["cues"]] == ["cadence_up", "session_done"]
    assert np.abs(recorded).max() > 0.1  # and it was heard


def test_ctrl_c_ends_a_session_and_still_writes_the_summary(
    pulse_env: dict[str, str], tmp_path: Path
) -> None:
    summary = tmp_path / "s.json"
    args = ["run", "--target", "172", "--device", "pulse", "--summary", str(summary)]
    assert "stopped after 0:0" in interrupt(pulse_env, args, "Ctrl-C to stop", 6)
    report = json.loads(summary.read_text())
    assert report["interrupted"] is True
    assert 3 <= report["duration_s"] <= 9


def test_sigkill_loses_at_most_the_last_second(pulse_env: dict[str, str], tmp_path: Path) -> None:
    env = {**pulse_env, "XDG_DATA_HOME": str(tmp_path / "data")}
    db = tmp_path / "data" / "cadence-coach" / "sessions.sqlite3"
    proc = subprocess.Popen(
        coach("run", "--target", "172", "--device", "pulse"),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Watch the database as a second reader (WAL allows it) until the session has run a
    # while: note when the first second was stored, on the wall clock.
    first_seen: float | None = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        latest = _latest_row(db)
        if latest is not None and first_seen is None:
            first_seen = time.monotonic() - latest
        if first_seen is not None and time.monotonic() - first_seen > 8:
            break
        time.sleep(0.05)
    assert first_seen is not None
    proc.kill()  # SIGKILL: no clean-up of any kind
    killed_at = time.monotonic()
    proc.wait()
    store = Store(db)
    (info,) = store.sessions()
    assert info.status is SessionStatus.INTERRUPTED
    times = [row.t for row in store.samples(info.id)]
    store.close()
    assert times == [float(t) for t in range(len(times))]  # every second, in order
    ran_s = killed_at - first_seen
    assert times[-1] >= ran_s - 1.5  # at most the last second is lost (and polling slack)


def _latest_row(db: Path) -> float | None:
    import sqlite3

    if not db.exists():
        return None
    try:
        with sqlite3.connect(db, timeout=1) as con:
            row = con.execute("SELECT max(t) FROM samples").fetchone()
    except sqlite3.Error:
        return None
    return None if row is None or row[0] is None else float(row[0])


def test_a_session_on_bluetooth_sensors_survives_a_drop(
    pulse_env: dict[str, str], tmp_path: Path
) -> None:
    with emulated_sensors(["footpod", "strap"], drop_every_s=6) as radio:
        env = {**pulse_env, **radio, "XDG_DATA_HOME": str(tmp_path / "data")}
        done = subprocess.run(
            coach("run", "--sensor", "stride", "--hr", "HRM", "--target", "172",
                  "--duration", "14s", "--device", "pulse", "--no-journal"),
            env=env, capture_output=True, text=True, timeout=90,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Stride Sensor (F0:0D:00:00:00:01): connected, battery 87 %" in done.stdout
    assert "reconnection" in done.stdout  # the summary says the footpod came back
    store = Store(tmp_path / "data" / "cadence-coach" / "sessions.sqlite3")
    (info,) = store.sessions()
    rows = store.samples(info.id)
    events = store._db.execute("SELECT event, detail FROM events").fetchall()
    store.close()
    assert info.status is SessionStatus.FINISHED
    assert len(rows) == 14
    with_cadence = [r.cadence_spm for r in rows if r.cadence_spm is not None]
    assert len(with_cadence) >= 10
    assert all(160 <= c <= 180 for c in with_cadence)
    assert all(r.heart_rate_bpm is not None for r in rows[3:])  # heart rate from the strap
    assert ("sensor", "Stride Sensor lost") in events
    assert ("sensor", "Stride Sensor connected") in events


def test_ctrl_c_ends_a_session_on_sensors_cleanly(
    pulse_env: dict[str, str], tmp_path: Path
) -> None:
    with emulated_sensors(["footpod"]) as radio:
        env = {**pulse_env, **radio, "XDG_DATA_HOME": str(tmp_path / "data")}
        args = ["run", "--sensor", "stride", "--target", "172", "--device", "pulse", "--no-journal"]
        proc = subprocess.Popen(
            coach(*args), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        while "Ctrl-C to stop" not in (line := proc.stdout.readline()):
            assert line, "the session did not start"
        time.sleep(4)
        proc.send_signal(signal.SIGINT)
        out, err = finish(proc, 30)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert "stopped after 0:0" in out
    assert "Stride Sensor (F0:0D:00:00:00:01): connected" in out
