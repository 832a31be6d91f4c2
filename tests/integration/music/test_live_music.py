"""Music live through a real PortAudio stream on a private PulseAudio null sink: prepared
before the first beat, heard at the target's tempo, with no gap in the stream."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from cadence_coach.emulation.pulse import (
    RATE,
    read_recording,
    record_monitor,
)
from tests.support.music import aubio_beats

pytestmark = pytest.mark.slow


def test_music_plays_live_at_the_target(
    pulse_env: dict[str, str], music_root: Path, data_home: Path, tmp_path: Path
) -> None:
    env = {**pulse_env, "XDG_DATA_HOME": str(data_home), "XDG_CACHE_HOME": str(tmp_path)}
    args = ["run", "--target", "172", "--duration", "20s", "--metronome", "off", "--no-journal",
            "--music", str(music_root / "running"), "--device", "pulse"]  # fmt: skip
    recording = tmp_path / "monitor.raw"
    with record_monitor(pulse_env, recording):
        done = subprocess.run(
            [sys.executable, "-m", "cadence_coach", *args],
            env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "music: frontiers" in done.stdout  # the one track of the two that fits 172
    assert "ran short" not in done.stderr  # no underflow while the worker stretched
    heard = read_recording(recording)
    loud = np.flatnonzero(np.abs(heard) > 0.02)
    assert len(loud)
    assert loud[-1] - loud[0] > 15 * RATE  # music for (nearly) the session
    music = heard[loud[0] + 4 * RATE : loud[-1]]
    beats = aubio_beats(music, RATE)
    beats = beats[beats > 3 * RATE]
    k = np.round((beats - beats[0]) / (60 * RATE / 172))
    slope = np.polyfit(k, beats, 1)[0]
    assert 60 * RATE / slope == pytest.approx(172, rel=0.005)
