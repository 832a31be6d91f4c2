"""The estimator: raw readings in, a smoothed, trustworthy estimate out. Pure; handed ``now``.

It rejects impossible readings before they reach the coach (cadence above 250 spm, zero
cadence while the speed says running), holds back implausible jumps (half or double
cadence, a footpod's power/10 in the cadence byte) until they prove real, smooths cadence
with a median over a few seconds for the coach's cues and over ten for the record, tells
running, walking, slowing and standing still apart (:mod:`~cadence_coach.coaching.gait`),
and reports the sensor as waiting, ok, stale or lost.

A jump is believed after :data:`SPIKE_CONFIRM` agreeing readings when the speed moved the
same way (the runner really changed pace), and only after :data:`GLITCH_DWELL_S` of them
when it did not: a footpod that reads half cadence for a while is a glitch, and when it
ends the readings are compared with the level before it, so its end is no news.
"""

from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass
from enum import Enum

from cadence_coach.coaching.gait import GaitTracker, age_out
from cadence_coach.sources.reading import Reading

MAX_CADENCE_SPM = 250.0
RUNNING_SPEED_MPS = 1.5
"""Faster than any walk: a zero cadence at this speed is a sensor glitch, not a stop."""
STILL_CADENCE_SPM = 40.0
STILL_CONFIRM = 2
"""Readings in a row that say standing before it counts: one all-zero packet is no stop."""
SPIKE_FRACTION = 0.25
"""A reading this far from the level before it is a jump..."""
SPIKE_CONFIRM = 3
"""...believed after this many agreeing readings if the speed changed with it..."""
GLITCH_DWELL_S = 20.0
"""...and after this long if it did not."""
SPEED_AGREES = 0.1
"""The speed moved by this share in the same direction as the cadence: a change of pace."""
PAUSE_LIMIT_S = 600.0
"""A silence after the runner slowed to a halt is a pause for this long, then a lost sensor."""
MIN_CONFIDENCE = 0.5
"""A cadence its source is less sure of than this is a noisy reading (an accelerometer's
window that straddles a change of gait, or one where the gait stopped repeating)."""


class SensorState(Enum):
    WAITING = "waiting"
    """No reading yet: the sensor has not started (never "lost")."""
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
    steady_cadence_spm: float | None = None
    """Over ten seconds, the mean of the middle half of the readings: what the record
    keeps and time in zone is judged on."""
    walking: bool = False
    """Walking for a few seconds, by cadence and speed together."""
    slowing: bool = False
    """The speed (or cadence) falling steeply: into a stop, most often."""
    still_in_doubt: bool = False
    """One reading says standing (``moving`` false), not yet confirmed: a stop beginning,
    or one blank packet. No pause is marked for it, and nothing is judged."""


@dataclass(frozen=True, slots=True)
class EstimatorConfig:
    window_s: float = 3.0
    """Median window: long enough to drop a stray reading, short enough to follow a change
    of pace within about a second at the usual one reading per second."""
    steady_s: float = 10.0
    """The record's median window: steadier than the cues', as a runner's own watch is."""
    stale_s: float = 4.0
    lost_s: float = 10.0


class Estimator:
    """Keeps a few seconds of accepted readings and counts the rejected ones."""

    def __init__(self, config: EstimatorConfig | None = None) -> None:
        self.config = config or EstimatorConfig()
        self._cadence: deque[tuple[float, float]] = deque()
        self._steady: deque[tuple[float, float]] = deque()
        self._suspects: list[tuple[float, float]] = []
        self._level: float | None = None
        """The cadence before a jump, kept while the jump is in doubt."""
        self._speed_at_level: float | None = None
        self._last_ok: float | None = None
        self._heart: tuple[float, float] | None = None
        self._speed: tuple[float, float] | None = None
        self._still = False
        self._stopping = False
        self._stills = 0
        self.gait = GaitTracker()
        self.rejected = 0

    def update(self, reading: Reading) -> None:
        """Take one reading: accept it, hold it in doubt, or count it as rejected."""
        if reading.heart_rate_bpm is not None and 25 <= reading.heart_rate_bpm <= 250:
            self._heart = (reading.t, reading.heart_rate_bpm)
        speed = reading.speed_mps
        if speed is not None and 0 <= speed < 15:
            self._speed = (reading.t, speed)
            self.gait.speed(reading.t, speed)
        else:
            speed = None
        cadence = reading.cadence_spm
        if cadence is None:
            return
        sure = reading.cadence_confidence
        if (
            not 0 <= cadence <= MAX_CADENCE_SPM
            or (cadence < STILL_CADENCE_SPM and speed is not None and speed >= RUNNING_SPEED_MPS)
            or (sure is not None and sure < MIN_CONFIDENCE)
        ):
            self.rejected += 1  # impossible, zero while the speed says running, or unsure
            return
        if cadence < STILL_CADENCE_SPM:
            self._stills += 1
            self._stopping = True  # a silence after it is a pause, not a lost sensor
            if self._stills >= STILL_CONFIRM:
                self._stand(reading.t)
            return
        self._stills = 0
        if self._in_doubt(reading.t, cadence, speed):
            return
        self._accept(reading.t, cadence, speed)

    def _stand(self, t: float) -> None:
        self._still, self._stopping = True, True
        self._cadence.clear()
        self._steady.clear()
        self._suspects.clear()
        self._level = None
        self.gait.reset()
        self._last_ok = t

    def _in_doubt(self, t: float, cadence: float, speed: float | None) -> bool:
        """Whether ``cadence`` is a jump still to prove itself (held back, not accepted)."""
        level = self._reference()
        if level is None or abs(cadence - level) <= SPIKE_FRACTION * level:
            self._suspects.clear()  # in line with the level: any glitch is over
            return False
        if self._suspects and not _agree(self._suspects[-1][1], cadence):
            self._suspects.clear()  # spikes that do not agree with each other: start again
        self._suspects.append((t, cadence))
        self._last_ok = t  # the sensor is alive, only doubtful
        if self._believed(t, cadence, level, speed):
            self._cadence.clear()
            self._steady.clear()
            for when, value in self._suspects[:-1]:
                self._cadence.append((when, value))
                self._steady.append((when, value))
            self._suspects.clear()
            return False
        self.rejected += 1
        return True

    def _believed(self, t: float, cadence: float, level: float, speed: float | None) -> bool:
        if len(self._suspects) < SPIKE_CONFIRM:
            return False
        before = self._speed_at_level
        if before is not None and before > 0 and speed is not None:
            change = speed / before - 1
            if abs(change) >= SPEED_AGREES and (change > 0) == (cadence > level):
                return True
        return t - self._suspects[0][0] >= GLITCH_DWELL_S

    def _accept(self, t: float, cadence: float, speed: float | None) -> None:
        self._still = False
        self._cadence.append((t, cadence))
        self._steady.append((t, cadence))
        self._last_ok = t
        self.gait.cadence(t, cadence)
        self._stopping = self.gait.stopping()
        if speed is not None:
            self._speed_at_level = speed

    def _reference(self) -> float | None:
        """The level a new reading is judged against: the recent median, else the level
        before a jump in doubt."""
        if len(self._cadence) >= 2:
            return statistics.median(v for _, v in self._cadence)
        return self._level

    def estimate(self, now: float) -> Estimate:
        """The estimate at ``now``."""
        cfg = self.config
        age_out(self._cadence, now - cfg.window_s)
        age_out(self._steady, now - cfg.steady_s)
        if self._cadence:
            self._level = statistics.median(v for _, v in self._cadence)
        sensor = self._sensor_state(now)
        paused = sensor is not SensorState.OK and self._paused(now)
        if paused:
            sensor = SensorState.OK  # a silence after slowing to a halt is a pause
        still = sensor is SensorState.OK and (self._still or paused)
        in_doubt = sensor is SensorState.OK and not still and self._stills > 0
        still = still or in_doubt
        cadence = steady = None
        if sensor is SensorState.OK and not still:
            if self._cadence:
                cadence = self._level  # the window's median, worked out above
            if self._steady and not self._suspects:
                steady = _middle_mean([v for _, v in self._steady])
        heart = self._heart[1] if self._heart and now - self._heart[0] <= cfg.lost_s else None
        speed = self._speed[1] if self._speed and now - self._speed[0] <= cfg.lost_s else None
        # Standing still is known only from a working sensor; a lost one says nothing.
        walking = not still and self.gait.walking(now, cadence)
        slowing = not still and self.gait.slowing()
        return Estimate(now, cadence, heart, speed, sensor, not still, steady, walking, slowing,
                        still_in_doubt=in_doubt)  # fmt: skip

    def _sensor_state(self, now: float) -> SensorState:
        cfg = self.config
        if self._last_ok is None:
            return SensorState.WAITING
        age = now - self._last_ok
        if age > cfg.lost_s:
            self._level = None  # after a loss, a new level is nothing to doubt
            self.gait.reset()
            return SensorState.LOST
        return SensorState.STALE if age > cfg.stale_s else SensorState.OK

    def _paused(self, now: float) -> bool:
        """Whether a silence follows the runner slowing to a halt (footpods and watches
        stop sending when the runner stops), for up to :data:`PAUSE_LIMIT_S`."""
        return self._stopping and self._last_ok is not None and now - self._last_ok <= PAUSE_LIMIT_S


def _middle_mean(values: list[float]) -> float:
    """The mean of the middle half: as robust to a stray reading as a median, and steady
    where readings straddle a value (a median of them jumps from one side to the other)."""
    ordered = sorted(values)
    quarter = len(ordered) // 4
    middle = ordered[quarter : len(ordered) - quarter]
    return round(statistics.fmean(middle), 1)


def _agree(a: float, b: float) -> bool:
    return abs(a - b) <= 0.1 * max(a, b)
