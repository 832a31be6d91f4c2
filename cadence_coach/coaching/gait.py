"""What the runner's legs are doing, from speed and cadence together over a few seconds:
running, walking, or slowing toward a stop. Pure; handed the readings and ``now``.

A single reading never decides: a walk needs a walking cadence and a walking speed (when
there is a speed) held for :data:`WALK_CONFIRM_S`; slowing is the speed falling well below
what it was a few seconds ago (or, with no speed, the cadence falling as steeply).
"""

from __future__ import annotations

from collections import deque

WALK_CADENCE_SPM = 145.0
"""Below this a runner is walking (walks are 100-135 spm; the slowest jogs about 150)..."""
WALK_SPEED_MPS = 2.3
"""...when the speed, if there is one, agrees (a brisk walk is under 2 m/s)."""
WALK_CONFIRM_S = 4.0
"""Both held this long before it counts as a walk."""
SLOWING_WINDOW_S = 6.0
SLOWING_FRACTION = 0.7
"""Speed below this share of the fastest in the last few seconds: slowing down..."""
SLOWING_CADENCE_FRACTION = 0.85
"""...or, with no speed, cadence below this share of the highest."""


class GaitTracker:
    """Call :meth:`update` with each accepted reading, then ask at ``now``."""

    def __init__(self) -> None:
        self._speeds: deque[tuple[float, float]] = deque()
        self._cadences: deque[tuple[float, float]] = deque()
        self._walk_since: float | None = None

    def reset(self) -> None:
        """Forget the recent past (the runner stopped, or the sensor was lost)."""
        self._speeds.clear()
        self._cadences.clear()
        self._walk_since = None

    def speed(self, t: float, speed_mps: float) -> None:
        """A speed reading (every one: speed is not in doubt when cadence is)."""
        self._speeds.append((t, speed_mps))
        age_out(self._speeds, t - SLOWING_WINDOW_S)

    def cadence(self, t: float, cadence_spm: float) -> None:
        """An accepted cadence reading."""
        self._cadences.append((t, cadence_spm))
        age_out(self._cadences, t - SLOWING_WINDOW_S)

    def walking(self, now: float, cadence_spm: float | None) -> bool:
        """Whether the runner has been walking for :data:`WALK_CONFIRM_S` by ``now``, given
        the smoothed cadence."""
        age_out(self._speeds, now - SLOWING_WINDOW_S)  # an old speed says nothing now
        speed = self._speeds[-1][1] if self._speeds else None
        slow = speed is None or speed < WALK_SPEED_MPS
        if cadence_spm is None or cadence_spm >= WALK_CADENCE_SPM or not slow:
            self._walk_since = None
            return False
        if self._walk_since is None:
            self._walk_since = now
        return now - self._walk_since >= WALK_CONFIRM_S

    def slowing(self) -> bool:
        """Whether the speed (else the cadence) is falling steeply: into a stop, most often."""
        if len(self._speeds) >= 2:
            fastest = max(v for _, v in self._speeds)
            return self._speeds[-1][1] < SLOWING_FRACTION * fastest
        if len(self._cadences) >= 2:
            highest = max(v for _, v in self._cadences)
            return self._cadences[-1][1] < SLOWING_CADENCE_FRACTION * highest
        return False

    def stopping(self) -> bool:
        """Whether the last readings were of a runner coming to a halt: slowing, at a speed
        no faster than a walk. A silence after this is a pause, not a lost sensor."""
        if self._speeds and self._speeds[-1][1] < 1.0:
            return True
        return self.slowing() and (not self._speeds or self._speeds[-1][1] < WALK_SPEED_MPS)


def age_out(window: deque[tuple[float, float]], oldest: float) -> None:
    """Drop the readings of ``window`` older than ``oldest``."""
    while window and window[0][0] < oldest:
        window.popleft()
