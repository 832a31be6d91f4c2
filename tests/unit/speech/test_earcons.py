"""Earcons: distinct tone patterns for speed up, slow down and segment change."""

from __future__ import annotations

import itertools

import numpy as np
import numpy.typing as npt
import pytest

from cadence_coach.speech.earcons import earcon
from cadence_coach.speech.phrases import Earcon

FS = 48_000


def tones(x: npt.NDArray[np.float32]) -> list[float]:
    """Dominant frequency of each burst of sound, in order."""
    envelope = np.convolve(np.abs(x), np.ones(96) / 96, mode="same")  # 2 ms
    loud = envelope > 0.05
    edges = np.flatnonzero(np.diff(loud.astype(int)))
    bounds = [0, *edges.tolist(), len(x)]
    found = []
    for a, b in itertools.pairwise(bounds):
        if loud[a + 1 : b].mean() > 0.5 and b - a > 1000:
            spectrum = np.abs(np.fft.rfft(x[a:b], n=1 << 16))
            found.append(float(np.argmax(spectrum) * FS / (1 << 16)))
    return found


def test_faster_rises_slower_falls_segment_repeats() -> None:
    up = tones(earcon(Earcon.FASTER, FS))
    down = tones(earcon(Earcon.SLOWER, FS))
    seg = tones(earcon(Earcon.SEGMENT, FS))
    assert len(up) == len(down) == len(seg) == 2
    assert up[1] > up[0] * 1.3
    assert down[1] < down[0] / 1.3
    assert seg[0] == pytest.approx(seg[1], abs=2)
    assert len(tones(earcon(Earcon.NOTICE, FS))) == 1


@pytest.mark.parametrize("kind", list(Earcon))
@pytest.mark.parametrize("fs", [44_100, 48_000])
def test_short_soft_edged_and_in_range(kind: Earcon, fs: int) -> None:
    x = earcon(kind, fs)
    assert x.dtype == np.float32
    assert 0.05 * fs < len(x) < 0.4 * fs
    assert np.max(np.abs(x)) <= 1.0
    assert abs(x[0]) < 0.01
    assert abs(x[-1]) < 0.01
