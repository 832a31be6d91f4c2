"""A cadence per window from step times, with how sure it is. Pure: handed ``now``.

The cadence is the mean step rate over the latest run of steady steps in the last six
seconds, over an even number of intervals (left and right steps often differ in length; a
pair does not). It follows a change of pace within about three steps, because a run ends
where the intervals change. Its confidence is the gait's regularity (the autocorrelation at
one step), lowered when the run is short; the estimator drops an unsure window as it drops
a noisy reading.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from cadence_coach.sources.steps.detector import Gait, Step
from cadence_coach.sources.steps.grid import Floats

WINDOW_S = 6.0
STEADY = 0.3
"""An interval this far (as a share) from the median of the latest three ends the run."""
FULL_RUN = 6
"""Intervals in a run for full confidence."""
LOST_S = 2.0
"""A step this long ago while still moving means the detector has lost the gait."""
SURE = 0.5
"""From this confidence a window is a cadence, not a guess: the estimator drops windows
below it (``MIN_CONFIDENCE`` in coaching/estimator.py, which a test keeps equal)."""


@dataclass(frozen=True, slots=True)
class CadenceWindow:
    t_s: float
    spm: float | None
    """Steps per minute; 0 when standing still, ``None`` when the detector cannot tell."""
    confidence: float
    """0-1: how sure the detector is of ``spm``."""
    steps: int
    """Steps in the window."""

    @property
    def sure(self) -> bool:
        """A cadence the coach can use: standing still, or a cadence it is sure of."""
        return self.spm == 0.0 or (self.spm is not None and self.confidence >= SURE)


class CadenceMeter:
    """The steps of the last few seconds, as a cadence."""

    def __init__(self) -> None:
        self._steps: deque[float] = deque()
        self._known: deque[float] = deque()

    def add(self, steps: list[Step]) -> None:
        for step in steps:
            self._steps.append(step.t_s)
            self._known.append(step.known_s)

    def at(self, now: float, gait: Gait) -> CadenceWindow:
        """The cadence at ``now``, from the steps known by then."""
        while self._steps and self._steps[0] < now - WINDOW_S:
            self._steps.popleft()
            self._known.popleft()
        recent = [t for t, k in zip(self._steps, self._known, strict=True) if k <= now]
        if gait.moving is None:
            return CadenceWindow(now, None, 0.0, len(recent))
        if not gait.moving and (not recent or now - recent[-1] > LOST_S):
            return CadenceWindow(now, 0.0, 1.0, 0)
        intervals = np.diff(recent)
        if len(intervals) < 2:
            return CadenceWindow(now, None, 0.0, len(recent))
        lost = max(LOST_S, 2.5 * float(np.median(intervals[-3:])))
        if now - recent[-1] > lost:
            return CadenceWindow(now, None, 0.0, len(recent))
        run = steady_run(intervals)
        if len(run) < 2:  # one interval is no pace (a change of gait, a seam)
            return CadenceWindow(now, None, 0.0, len(recent))
        spm = 60 * len(run) / float(run.sum())
        regularity = gait.period.regularity if gait.period is not None else 0.0
        confidence = regularity * min(1.0, len(run) / FULL_RUN)
        return CadenceWindow(now, round(spm, 1), round(confidence, 2), len(recent))


def steady_run(intervals: Floats) -> Floats:
    """The newest intervals that keep to the latest pace, an even number of them when there
    are more than two."""
    reference = float(np.median(intervals[-3:]))
    n = 0
    for interval in intervals[::-1]:
        if abs(interval - reference) > STEADY * reference:
            break
        n += 1
    n = max(n, 1)
    if n > 2 and n % 2:
        n -= 1
    return intervals[-n:]
