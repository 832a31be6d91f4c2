"""The step period of a stretch of band-passed acceleration, by autocorrelation, and how
regular it is. Pure."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.signal import find_peaks

from cadence_coach.sources.steps.grid import Floats

MIN_STEP_S = 60 / 300
"""The shortest step looked for: 300 steps per minute."""
MAX_STEP_S = 60 / 50
"""The longest: 50 steps per minute, a very slow walk."""
MAX_LAG_S = 2.0
"""Lags searched go up to a slow walk's stride (two steps), so a sensor that sees mostly the
stride (an arm band swinging with one arm) still shows the step under it."""
FIRST_PEAK = 0.6
"""The step is the shortest lag whose autocorrelation peak reaches this share of the
highest: a regular gait also correlates at two and three steps, nearly as well."""


@dataclass(frozen=True, slots=True)
class Period:
    step_s: float
    regularity: float
    """The autocorrelation at one step, 0-1: near 1 for a steady gait, low for anything else."""


def step_period(window: Floats, rate_hz: float) -> Period | None:
    """The step period of ``window`` (sampled at ``rate_hz``), or ``None`` when nothing in
    it repeats."""
    x = window - window.mean()
    n = len(x)
    lo = int(MIN_STEP_S * rate_hz)
    hi = min(int(MAX_LAG_S * rate_hz), n // 2)
    if hi <= lo + 2:
        return None
    full = np.correlate(x, x, "full")[n - 1 : n + hi + 1]
    if full[0] <= 0:
        return None
    lags = np.arange(len(full))
    acf = full / full[0] * n / (n - lags)  # unbiased: each lag over its own overlap
    peaks = find_peaks(acf[lo:])[0] + lo
    if not len(peaks):
        return None
    best = float(acf[peaks].max())
    if best <= 0:
        return None
    lag = float(next(p for p in peaks if acf[p] >= FIRST_PEAK * best))
    lag += vertex(acf, int(lag))
    if lag / rate_hz > MAX_STEP_S:  # only the stride repeats: a step is half of it
        lag /= 2
    regularity = float(np.clip(acf[round(lag)], 0.0, 1.0))
    return Period(lag / rate_hz, regularity)


def vertex(y: Floats, i: int) -> float:
    """Where between samples the peak at ``i`` really is (a parabola through three)."""
    if i <= 0 or i >= len(y) - 1:
        return 0.0
    a, b, c = float(y[i - 1]), float(y[i]), float(y[i + 1])
    curve = a - 2 * b + c
    return 0.0 if curve >= 0 else float(np.clip(0.5 * (a - c) / curve, -0.5, 0.5))
