"""End to end through a real PortAudio stream: PortAudio -> ALSA pulse plugin -> PulseAudio.

The test starts its own PulseAudio server with a null sink in its own runtime directory
(never a user's audio), plays through sounddevice's ``pulse`` device and records the sink's
monitor with ``parec``. In CI (``CI=true``) a missing PulseAudio fails instead of skipping.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from tests.support.pulse import (
    RATE,
    PulseUnavailable,
    private_pulse,
    read_recording,
    record_monitor,
)


@pytest.fixture(scope="module")
def pulse_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    try:
        with private_pulse(tmp_path_factory.mktemp("pulse")) as env:
            yield env
    except PulseUnavailable as err:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PulseAudio is needed in CI: {err}")
        pytest.skip(f"no PulseAudio here: {err}")


def coach(*args: str) -> list[str]:
    return [sys.executable, "-m", "cadence_coach", *args]


def play_and_record(
    env: dict[str, str], folder: Path, *args: str
) -> tuple[subprocess.CompletedProcess[str], npt.NDArray[np.float32]]:
    """Run the CLI on the private server while recording the sink's monitor."""
    recording = folder / "monitor.raw"
    with record_monitor(env, recording):
        done = subprocess.run(coach(*args), env=env, capture_output=True, text=True, timeout=90)
    assert done.returncode == 0, done.stderr
    return done, read_recording(recording)


def loud_onsets(x: npt.NDArray[np.float32], quiet_gap: int = 2000) -> npt.NDArray[np.int64]:
    """First sample above a tenth of the peak after a quiet stretch: one per click."""
    loud = np.flatnonzero(np.abs(x) > 0.1 * np.max(np.abs(x)))
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


def test_ctrl_c_stops_cleanly(pulse_env: dict[str, str]) -> None:
    proc = subprocess.Popen(
        coach("metronome", "--bpm", "170", "--device", "pulse"),
        env=pulse_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert "until Ctrl-C" in proc.stdout.readline()
    time.sleep(2.5)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
    assert "stopped after 0:0" in out


def test_unknown_device_names_the_real_ones(pulse_env: dict[str, str]) -> None:
    args = coach("metronome", "--bpm", "170", "--device", "nonesuch")
    done = subprocess.run(args, env=pulse_env, capture_output=True, text=True, timeout=30)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "no output device matches 'nonesuch'" in done.stderr
    assert "pulse" in done.stderr


def test_demo_plays_what_it_wrote(pulse_env: dict[str, str], tmp_path: Path) -> None:
    args = ["demo", "--out", str(tmp_path / "demo.wav"), "--device", "pulse"]
    done, recorded = play_and_record(pulse_env, tmp_path, *args)
    assert "played 0:20" in done.stdout
    intervals = np.diff(loud_onsets(recorded))
    habitual, target = 60 * RATE / 164, 60 * RATE / 172
    assert len(intervals) >= 50
    assert np.all(np.abs(intervals[:18] - habitual) <= 1)
    assert np.all(np.abs(intervals[-10:] - target) <= 1)
