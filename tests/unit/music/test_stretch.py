"""Rubber Band's time map, on a synthetic click train whose beats are known: every beat of
the map lands on its output frame, and pitch is kept. Real ``rubberband``."""

from __future__ import annotations

import shutil
from fractions import Fraction

import numpy as np
import pytest

from cadence_coach.music import MusicError
from cadence_coach.music.beatmap import time_map
from cadence_coach.music.stretch import stretch

FS = 48_000
pytestmark = pytest.mark.skipif(shutil.which("rubberband") is None, reason="no rubberband")


def tone_clicks(beats_s: list[float], seconds: float) -> np.ndarray:
    """A drum-like noise burst on each beat, with a fast decay."""
    x = np.zeros(round(seconds * FS), dtype=np.float32)
    n = np.arange(2400)
    noise = np.random.default_rng(0).standard_normal(len(n))
    burst = (0.5 * noise * np.exp(-n / 300)).astype(np.float32)
    for t in beats_s:
        i = round(t * FS)
        x[i : i + len(burst)] += burst
    return x


def onsets(x: np.ndarray, threshold: float = 0.2) -> np.ndarray:
    above = np.flatnonzero(np.abs(x) > threshold)
    return above[np.r_[True, np.diff(above) > 4000]]


@pytest.mark.parametrize("target", [Fraction(172), Fraction(150)])
def test_each_beat_lands_on_its_frame(target: Fraction) -> None:
    # A track at 160 bpm whose beats wander by up to 6 ms, as a drummer's do.
    beats = [0.3 + 0.375 * k + 0.006 * np.sin(k) for k in range(40)]
    tmap = time_map(beats, 1, 36, target, FS)
    source = tone_clicks(beats, 16.0)
    out = stretch(source[tmap.src_start : tmap.src_stop], FS, tmap)
    assert len(out) == tmap.out_frames
    found = onsets(out)
    wanted = np.array([o for _, o in tmap.points])
    nearest = wanted[np.argmin(np.abs(wanted[None, :] - found[:, None]), axis=1)]
    assert len(found) >= 36
    # Rubber Band places a key frame to within its hop: a few ms, well inside 15.
    assert np.max(np.abs(found - nearest)) < 0.006 * FS


def test_pitch_is_kept() -> None:
    beats = [0.3 + 0.375 * k for k in range(30)]
    tmap = time_map(beats, 1, 26, Fraction(172), FS)
    t = np.arange(round(12 * FS)) / FS
    tone = (0.3 * np.sin(2 * np.pi * 440 * t)).astype(np.float32)
    out = stretch(tone[tmap.src_start : tmap.src_stop], FS, tmap)
    middle = out[len(out) // 4 : len(out) // 4 + FS]
    spectrum = np.abs(np.fft.rfft(middle * np.hanning(len(middle))))
    assert np.argmax(spectrum) * FS / len(middle) == pytest.approx(440, abs=2)


def test_no_rubberband_is_said_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    beats = [0.375 * k for k in range(10)]
    tmap = time_map(beats, 1, 6, Fraction(172), FS)
    with pytest.raises(MusicError, match="apt-get install rubberband-cli"):
        stretch(np.zeros(tmap.src_stop, dtype=np.float32), FS, tmap)
