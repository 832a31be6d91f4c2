"""Signal helpers for the audio tests: onset detection and expected click tracks."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from cadence_coach.audio.voices import ClickVoice

QUIET_GAP = 32
"""A click onset is a non-zero sample after at least this many exact zeros. The mixer's
silence between clicks is exactly zero and every voice starts on a non-zero sample."""


def onsets(x: npt.NDArray[np.floating], gap: int = QUIET_GAP) -> npt.NDArray[np.int64]:
    """Return the sample indices where sound starts after ``gap`` zero samples (or at 0)."""
    nz = np.flatnonzero(x)
    if len(nz) == 0:
        return nz.astype(np.int64)
    keep = np.r_[True, np.diff(nz) > gap]
    return nz[keep].astype(np.int64)


class OnsetStream:
    """The same detection over a stream of blocks, for renders too long to keep in memory."""

    def __init__(self, gap: int = QUIET_GAP) -> None:
        self.gap = gap
        self.pos = 0
        self.last_nonzero = -(10**12)
        self.found: list[int] = []

    def feed(self, block: npt.NDArray[np.floating]) -> None:
        nz = np.flatnonzero(block)
        if len(nz):
            absolute = nz + self.pos
            previous = np.r_[self.last_nonzero, absolute[:-1]]
            self.found.extend(absolute[absolute - previous > self.gap].tolist())
            self.last_nonzero = int(absolute[-1])
        self.pos += len(block)


def click_track(
    voice: ClickVoice,
    positions: list[int],
    length: int,
    *,
    volume: float = 1.0,
    accent_every: int = 0,
    gains: list[float] | None = None,
) -> npt.NDArray[np.float32]:
    """Build the click track the mixer should produce, by placing whole voices."""
    out = np.zeros(length, dtype=np.float32)
    for i, pos in enumerate(positions):
        sound = voice.accent if accent_every and i % accent_every == 0 else voice.normal
        end = min(length, pos + len(sound))
        if pos < length:
            gain = volume if gains is None else gains[i]
            out[pos:end] = sound[: end - pos] * np.float32(gain)
    return out


def envelope(
    x: npt.NDArray[np.floating], fs: int, window_s: float = 0.01
) -> npt.NDArray[np.float64]:
    """RMS loudness in consecutive windows."""
    n = max(1, round(window_s * fs))
    usable = len(x) // n * n
    frames = np.asarray(x[:usable], dtype=np.float64).reshape(-1, n)
    return np.asarray(np.sqrt(np.mean(frames**2, axis=1)))
