"""Earcons: short tone patterns, distinct through traffic noise. Pure numpy.

They prefix some cues and stand in for words when no speech engine is installed: rising
for "speed up", falling for "slow down", a double tone for a change of segment.
"""

from __future__ import annotations

import numpy as np

from cadence_coach.audio.pcm import FloatArray
from cadence_coach.speech.phrases import Earcon

LEVEL = 0.5

# (frequency in Hz, length in s) per tone; None is a gap.
_PATTERNS: dict[Earcon, tuple[tuple[float, float] | None, ...]] = {
    Earcon.NOTICE: ((740.0, 0.12),),
    Earcon.FASTER: ((587.0, 0.09), None, (880.0, 0.09)),
    Earcon.SLOWER: ((880.0, 0.09), None, (587.0, 0.09)),
    Earcon.SEGMENT: ((988.0, 0.07), None, (988.0, 0.07)),
    Earcon.RUN: ((523.0, 0.07), (659.0, 0.07), (784.0, 0.12)),
    Earcon.WALK: ((784.0, 0.07), (659.0, 0.07), (523.0, 0.12)),
}
_GAP_S = 0.05
_EDGE_S = 0.005


def _tone(freq_hz: float, length_s: float, fs: int) -> FloatArray:
    n = round(length_s * fs)
    edge = round(_EDGE_S * fs)
    env = np.ones(n)
    ramp = 0.5 * (1 - np.cos(np.pi * np.arange(edge) / edge))
    env[:edge] = ramp
    env[-edge:] = ramp[::-1]
    tone = np.sin(2 * np.pi * freq_hz * np.arange(n) / fs) * env * LEVEL
    return np.asarray(tone, dtype=np.float32)


def earcon(kind: Earcon, fs: int) -> FloatArray:
    """Synthesise an earcon at the stream's rate."""
    parts = [
        np.zeros(round(_GAP_S * fs), dtype=np.float32) if part is None else _tone(*part, fs)
        for part in _PATTERNS[kind]
    ]
    return np.concatenate(parts)
