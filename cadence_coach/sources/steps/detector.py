"""Step times from three-axis acceleration, fed as it arrives. Pure: handed sample times.

The magnitude of the acceleration does not depend on how the sensor sits (chest, arm, waist,
any way up). It is put on a 50 Hz grid, band-passed (0.5-5 Hz: gravity and slow sway out,
the impact's ringing out, a 250-spm sprint's step frequency kept), and every half second the
last four seconds are looked at: too little movement is standing still; otherwise the step
period comes from the autocorrelation and each peak at least 0.6 periods from the next
larger one is a step. Steps are counted only once four in a row come at the step period (as
pedometers do), so a sensor being handled or put on does not count; those four are then
counted back to the first. A peak is final once no larger peak can follow it within 0.6
periods, which is the detector's latency.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.signal import butter, find_peaks, group_delay, sos2tf, sosfilt, sosfilt_zi

from cadence_coach.sources.steps.grid import GRID_HZ, Floats, Regridder
from cadence_coach.sources.steps.period import Period, step_period, vertex

BAND_HZ = (0.5, 5.0)
WINDOW_S = 4.0
"""Looked at together: two strides even at a slow walk."""
FIRST_LOOK_S = 2.0
"""How much signal the first look needs."""
HOP_S = 0.25
STILL_G = 0.04
"""Below this spread (standard deviation of the band-passed magnitude over the last two
seconds) the sensor's wearer is standing still: sensor noise and sway are well under it,
the gentlest walk on the recordings well over it."""
STILL_LOOK_S = 2.0
PROMINENCE = 0.2
"""A step's peak stands out by this share of the window's range (5th to 95th percentile)."""
SPACING = 0.6
"""Peaks closer than this many periods are one step (a heel strike's double bump)."""
RUN = 4
"""Steps in a row at the step period before any is counted."""
RUN_TOLERANCE = (0.6, 1.5)
"""A step interval, in periods, that keeps a run going."""
START_REGULARITY = 0.5
"""A run starts only where the gait repeats this well (handling a sensor does not)."""
MAX_GAP_S = 0.5
"""A longer gap between samples (a dropout) starts the detector again."""


@dataclass(frozen=True, slots=True)
class Step:
    t_s: float
    """When the step happened (the peak of the magnitude), on the samples' time axis."""
    known_s: float
    """When the detector was sure of it: the latency is ``known_s - t_s``."""


@dataclass(frozen=True, slots=True)
class Gait:
    """What the detector last saw."""

    moving: bool | None
    """``None`` until the detector has seen enough signal to tell."""
    period: Period | None


class StepDetector:
    """Feed it samples as they arrive (:meth:`feed`); it hands back the steps it is sure of.
    The result does not depend on how the samples are split into chunks."""

    def __init__(self, rate_hz: float = GRID_HZ) -> None:
        self.rate_hz = rate_hz
        self._sos = butter(2, BAND_HZ, btype="bandpass", fs=rate_hz, output="sos")
        freqs = np.linspace(0.5, 5.0, 46)
        _, delay = group_delay(sos2tf(self._sos), w=freqs, fs=rate_hz)
        self._delay_freqs, self._delay_s = freqs, delay / rate_hz
        self._grid = Regridder(rate_hz)
        self.gait = Gait(None, None)
        self.steps = 0
        self._restart()

    def _restart(self) -> None:
        self._grid.restart()
        self._zi: Floats | None = None
        self._y = np.empty(0)
        self._first = 0  # grid index of self._y[0]
        self._start: int | None = None  # grid index where this stretch of signal began
        self._next: int | None = None  # grid index (exclusive end) of the next look
        self._last_t: float | None = None
        self._last_step: float | None = None
        self._counting = False
        self._candidates: list[float] = []
        self.gait = Gait(None, None)

    def feed(self, t_s: Floats, xyz_g: Floats) -> list[Step]:
        """Samples at times ``t_s`` (seconds, never going back), acceleration in g."""
        t_s = np.asarray(t_s, dtype=np.float64)
        magnitude = np.linalg.norm(np.asarray(xyz_g, dtype=np.float64), axis=1)
        found: list[Step] = []
        if not len(t_s):
            return found
        breaks = np.flatnonzero(np.diff(t_s) > MAX_GAP_S) + 1
        for part_t, part_m in zip(np.split(t_s, breaks), np.split(magnitude, breaks), strict=True):
            if self._last_t is not None and part_t[0] - self._last_t > MAX_GAP_S:
                self._restart()
            self._last_t = float(part_t[-1])
            found += self._take(*self._grid.feed(part_t, part_m))
        self.steps += len(found)
        return found

    def _take(self, bins: npt.NDArray[np.int64], values: Floats) -> list[Step]:
        if not len(bins):
            return []
        if self._zi is None:
            self._zi = sosfilt_zi(self._sos) * values[0]
            self._first = self._start = int(bins[0])
            self._next = self._start + int(FIRST_LOOK_S * self.rate_hz)
        filtered, self._zi = sosfilt(self._sos, values, zi=self._zi)
        self._y = np.concatenate((self._y, filtered))
        end = self._first + len(self._y)
        found: list[Step] = []
        assert self._next is not None
        while self._next <= end:
            found += self._look(self._next)
            self._next += int(HOP_S * self.rate_hz)
        keep = int(WINDOW_S * self.rate_hz)
        if len(self._y) > keep:
            self._first += len(self._y) - keep
            self._y = self._y[-keep:]
        return found

    def _look(self, end: int) -> list[Step]:
        """Look at the window ending at grid index ``end`` (exclusive)."""
        rate = self.rate_hz
        assert self._start is not None
        begin = max(self._start, end - int(WINDOW_S * rate), self._first)
        window = self._y[begin - self._first : end - self._first]
        now = end / rate
        if window[-int(STILL_LOOK_S * rate) :].std() < STILL_G:
            self.gait = Gait(False, None)
            self._stop()
            return []
        period = step_period(window, rate)
        self.gait = Gait(True, period)
        if period is None:
            return []
        spacing = max(1, int(SPACING * period.step_s * rate))
        spread = float(np.percentile(window, 95) - np.percentile(window, 5))
        peaks = find_peaks(window, distance=spacing, prominence=PROMINENCE * spread)[0]
        times = [
            self._peak_time(window, p, begin, period.step_s)
            for p in peaks
            if p < len(window) - 1 - spacing  # no larger peak can still come within spacing
        ]
        if self._last_step is not None and now - self._last_step > max(1.5, 2.5 * period.step_s):
            self._stop()
        return self._count(times, period.step_s, now)

    def _peak_time(self, window: Floats, p: int, begin: int, step_s: float) -> float:
        """The peak's time, between grid points, less the band-pass filter's delay."""
        shift = vertex(window, p)
        delay = float(np.interp(1 / step_s, self._delay_freqs, self._delay_s))
        return (begin + p + shift + 0.5) / self.rate_hz - delay

    def _stop(self) -> None:
        self._counting = False
        self._candidates = []

    def _count(self, times: list[float], step_s: float, now: float) -> list[Step]:
        """The new steps among the final peaks ``times``: all of them while counting; else
        only once :data:`RUN` in a row keep the step period, and then the whole run."""
        after = (
            self._last_step
            if self._counting
            else (self._candidates[-1] if self._candidates else self._last_step)
        )
        low, high = RUN_TOLERANCE
        fresh = [t for t in times if after is None or t > after + low * step_s]
        if self._counting:
            if fresh:
                self._last_step = fresh[-1]
            return [Step(t, now) for t in fresh]
        for t in fresh:
            previous = self._candidates[-1] if self._candidates else None
            if previous is not None and not low * step_s <= t - previous <= high * step_s:
                self._candidates = []
            self._candidates.append(t)
        period = self.gait.period
        if period is None or period.regularity < START_REGULARITY:
            return []
        run = _tail_at_period(self._candidates, period.step_s)
        if len(run) < RUN:
            return []
        self._candidates = []
        self._counting = True
        self._last_step = run[-1]
        return [Step(t, now) for t in run]


def _tail_at_period(times: list[float], step_s: float) -> list[float]:
    """The newest of ``times`` whose intervals all keep to ``step_s``."""
    low, high = RUN_TOLERANCE
    n = 1
    while n < len(times) and low * step_s <= times[-n] - times[-n - 1] <= high * step_s:
        n += 1
    return times[-n:]
