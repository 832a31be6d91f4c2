"""The estimator: raw readings in, a smoothed, trustworthy estimate out. Pure; handed ``now``.

It rejects impossible readings before they reach the coach (cadence above 250 spm, zero
cadence while the speed says running, sudden spikes such as a footpod's power/10 in the
cadence byte), smooths cadence with a median over a few seconds, tells moving from
standing still, and reports the sensor as ok, stale or lost.
"""

from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass
from enum import Enum

from cadence_coach.sources.reading import Reading

MAX_CADENCE_SPM = 250.0
RUNNING_SPEED_MPS = 1.5
"""Faster than any walk: a zero cadence at this speed is a sensor glitch, not a stop."""
STILL_CADENCE_SPM = 40.0
SPIKE_FRACTION = 0.25
"""A reading this far from the recent median is a spike..."""
SPIKE_CONFIRM = 3
"""...unless this many in a row agree: then the runner really changed pace."""
MIN_CONFIDENCE = 0.5
"""A cadence its source is less sure of than this is a noisy reading (an accelerometer's
window that straddles a change of gait, or one where the gait stopped repeating)."""


class SensorState(Enum):
    OK = "ok"
    STALE = "stale"
    """No usable reading for a few seconds: hold the last estimate, say nothing yet."""
    LOST = "lost"
    """No usable reading for longer: the coach tells the runner once."""


@dataclass(frozen=True, slots=True)
class Estimate:
    """What the coach sees at ``t``."""

    t: float
    cadence_spm: float | None
    """Smoothed cadence while moving; ``None`` when stale, lost or standing still."""
    heart_rate_bpm: float | None
    speed_mps: float | None
    sensor: SensorState
    moving: bool


@dataclass(frozen=True, slots=True)
class EstimatorConfig:
    window_s: float = 3.0
    """Median window: long enough to drop a stray reading, short enough to follow a change
    of pace within about a second at the usual one reading per second."""
    stale_s: float = 4.0
    lost_s: float = 10.0


class Estimator:
    """Keeps a few seconds of accepted readings and counts the rejected ones."""

    def __init__(self, config: EstimatorConfig | None = None) -> None:
        self.config = config or EstimatorConfig()
        self._cadence: deque[tuple[float, float]] = deque()
        self._suspects: list[float] = []
        self._last_ok: float | None = None
        self._last_cadence_t: float | None = None
        self._heart: tuple[float, float] | None = None
        self._speed: tuple[float, float] | None = None
        self._still = False
        self.rejected = 0

    def update(self, reading: Reading) -> None:
        """Take one reading: accept it, or count it as rejected."""
        if reading.heart_rate_bpm is not None and 25 <= reading.heart_rate_bpm <= 250:
            self._heart = (reading.t, reading.heart_rate_bpm)
        if reading.speed_mps is not None and 0 <= reading.speed_mps < 15:
            self._speed = (reading.t, reading.speed_mps)
        cadence = reading.cadence_spm
        if cadence is None:
            return
        speed = reading.speed_mps
        sure = reading.cadence_confidence
        if not 0 <= cadence <= MAX_CADENCE_SPM or (sure is not None and sure < MIN_CONFIDENCE):
            self.rejected += 1
            return
        if cadence < STILL_CADENCE_SPM:
            if speed is not None and speed >= RUNNING_SPEED_MPS:
                self.rejected += 1  # zero cadence while the speed says running: a glitch
                return
            self._still = True
            self._cadence.clear()
            self._suspects.clear()
            self._last_ok = reading.t
            return
        if self._is_spike(cadence):
            self._suspects.append(cadence)
            if len(self._suspects) < SPIKE_CONFIRM:
                self.rejected += 1
                return
            # Several in a row agree: a real change of pace; start again from them.
            self._cadence.clear()
            for value in self._suspects[:-1]:
                self._cadence.append((reading.t, value))
        self._suspects.clear()
        self._still = False
        self._cadence.append((reading.t, cadence))
        self._last_ok = reading.t
        self._last_cadence_t = reading.t

    def estimate(self, now: float) -> Estimate:
        """The estimate at ``now``."""
        cfg = self.config
        while self._cadence and self._cadence[0][0] < now - cfg.window_s:
            self._cadence.popleft()
        age = None if self._last_ok is None else now - self._last_ok
        if age is None or age > cfg.lost_s:
            sensor = SensorState.LOST
        elif age > cfg.stale_s:
            sensor = SensorState.STALE
        else:
            sensor = SensorState.OK
        cadence = None
        if sensor is SensorState.OK and not self._still and self._cadence:
            cadence = statistics.median(v for _, v in self._cadence)
        heart = self._heart[1] if self._heart and now - self._heart[0] <= cfg.lost_s else None
        speed = self._speed[1] if self._speed and now - self._speed[0] <= cfg.lost_s else None
        # Standing still is known only from a working sensor; a lost one says nothing.
        moving = not (sensor is SensorState.OK and self._still)
        return Estimate(now, cadence, heart, speed, sensor, moving)

    def _is_spike(self, cadence: float) -> bool:
        if len(self._cadence) < 2:
            return False
        median = statistics.median(v for _, v in self._cadence)
        return abs(cadence - median) > SPIKE_FRACTION * median
