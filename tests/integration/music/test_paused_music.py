"""A runner's pause holds the music too: a session rendered with real music, paused and
resumed by scripted controls, is silent while held and plays again on the beat after."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from cadence_coach.music.library import Track
from cadence_coach.session.controls import Command
from tests.support.steering import FS, render_steered, two_segments

pytestmark = pytest.mark.slow

PAUSE_AT_S, PLAY_AT_S = 12.0, 24.0


def rms(pcm: np.ndarray, lo_s: float, hi_s: float) -> float:
    part = pcm[round(lo_s * FS) : round(hi_s * FS)]
    return float(np.sqrt(np.mean(np.square(part))))


def test_a_pause_silences_the_music_and_play_brings_it_back(
    tracks: dict[str, Track], tmp_path: Path
) -> None:
    settings = dataclasses.replace(two_segments(), music=(tracks["frontiers.flac"],))
    path = tmp_path / "paused.wav"
    script = [(PAUSE_AT_S, Command.PAUSE), (PLAY_AT_S, Command.PLAY)]
    result, steering = render_steered(settings, script, path)
    assert result.music, "no song played"
    pcm, fs = sf.read(str(path), dtype="float32", always_2d=True)
    assert fs == FS
    mono = pcm.mean(axis=1)
    before = rms(mono, 8.0, 11.5)
    # "Paused. Press play to go on" is over within about three seconds of the press
    held = rms(mono, PAUSE_AT_S + 4.0, PLAY_AT_S - 0.5)
    after = rms(mono, PLAY_AT_S + 4.0, PLAY_AT_S + 8.0)
    assert before > 0.01
    assert held < before / 50, (before, held)
    assert after > before / 3, (before, after)
    assert not steering.holds
