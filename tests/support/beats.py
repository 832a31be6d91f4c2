"""Where beats should fall, computed independently of the package from the definitions."""

from __future__ import annotations

import math
from fractions import Fraction

FS = 48_000


def ideal(k: int, bpm: Fraction, fs: int = FS) -> int:
    """Beat k of a constant tempo: floor(k * 60 * fs / bpm + 1/2)."""
    return math.floor(Fraction(k * 60 * fs) / bpm + Fraction(1, 2))


def ramp(a: Fraction, b: Fraction, n: int, fs: int = FS) -> list[int]:
    """Offsets of beats 0..n of a linear ramp from a to b: rounded sums of exact periods."""
    periods = [Fraction(60 * fs) / (a + (b - a) * Fraction(i, n)) for i in range(1, n + 1)]
    return [math.floor(sum(periods[:j], Fraction(0)) + Fraction(1, 2)) for j in range(n + 1)]
