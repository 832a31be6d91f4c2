"""A recording played back as a source, as if the runner had worn it."""

from __future__ import annotations

import bisect

from cadence_coach.sources.reading import Reading
from cadence_coach.sources.recordings.activity import Activity


class ReplaySource:
    """A recording as a source: at ``t``, the latest record no older than ``max_age_s``
    (recordings are irregular; a gap reads as a dropout)."""

    def __init__(self, activity: Activity, max_age_s: float = 2.0) -> None:
        self._readings = activity.readings
        self._times = [r.t for r in activity.readings]
        self._max_age_s = max_age_s

    def reading(self, t: float) -> Reading | None:
        i = bisect.bisect_right(self._times, t) - 1
        if i < 0 or t - self._times[i] > self._max_age_s:
            return None
        r = self._readings[i]
        return Reading(
            t,
            r.source,
            r.cadence_spm,
            r.speed_mps,
            r.heart_rate_bpm,
            cadence_confidence=r.cadence_confidence,
        )
