"""The recorder: what happened in a session, second by second, and its summary. Pure.

(Storage in SQLite comes with the history issue; the summary's keys are fixed now, because
other tools read them: ``duration_s``, ``target_spm``, ``zone_spm``, ``cadence_mean_spm``,
``cadence_median_spm``, ``time_in_zone_pct``, ``heart_rate_mean_bpm``, ``cues``.)
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Row:
    """One second of a session."""

    t: float
    segment: str
    target_spm: float
    zone_spm: tuple[float, float]
    cadence_spm: float | None
    heart_rate_bpm: float | None
    speed_mps: float | None
    moving: bool
    sensor: str
    metronome: bool
    coached: bool = True
    incline_pct: float | None = None
    """A treadmill's incline, when one is connected."""

    @property
    def in_zone(self) -> bool | None:
        """Whether the cadence is in the zone; ``None`` when there is no cadence to judge
        (standing, no sensor, or a segment whose cadence is not coached, such as a walk)."""
        if self.cadence_spm is None or not self.moving or not self.coached:
            return None
        return self.zone_spm[0] <= self.cadence_spm <= self.zone_spm[1]


@dataclass(frozen=True, slots=True)
class CueRecord:
    t_s: float
    id: str
    text: str


@dataclass(slots=True)
class Recorder:
    rows: list[Row] = field(default_factory=list)
    cues: list[CueRecord] = field(default_factory=list)
    events: list[tuple[float, str, str]] = field(default_factory=list)
    interrupted: bool = False

    def habitual_from(self, segments: tuple[str, ...], min_s: int = 60) -> float | None:
        """The median moving cadence over ``segments`` (a baseline's steady block), or
        ``None`` when the session was cut short or there are fewer than ``min_s`` readings."""
        measured = [
            r.cadence_spm
            for r in self.rows
            if r.segment in segments and r.moving and r.cadence_spm is not None
        ]
        if self.interrupted or len(measured) < min_s:
            return None
        return round(statistics.median(measured), 1)

    def summary(self, duration_s: float | None = None) -> dict[str, Any]:
        """The session summary (JSON-ready). Means and time in zone count only the time the
        runner was moving with a cadence to judge: pauses and dropouts do not distort them."""
        judged = [r for r in self.rows if r.in_zone is not None]
        cadences = [r.cadence_spm for r in judged if r.cadence_spm is not None]
        hearts = [r.heart_rate_bpm for r in self.rows if r.heart_rate_bpm is not None]
        main = _main_target(self.rows)  # (None, None) when no time was coached
        elapsed = (
            duration_s if duration_s is not None else (self.rows[-1].t + 1 if self.rows else 0)
        )
        return {
            "duration_s": round(elapsed, 1),
            "target_spm": main[0],
            "zone_spm": None if main[1] is None else list(main[1]),
            "cadence_mean_spm": round(statistics.fmean(cadences), 1) if cadences else None,
            "cadence_median_spm": round(statistics.median(cadences), 1) if cadences else None,
            "time_in_zone_pct": (
                round(100 * sum(bool(r.in_zone) for r in judged) / len(judged), 1)
                if judged
                else None
            ),
            "heart_rate_mean_bpm": round(statistics.fmean(hearts), 1) if hearts else None,
            "moving_s": len(judged),
            "paused_s": sum(not r.moving for r in self.rows),
            "pauses": sum(1 for _, event, _ in self.events if event == "pause"),
            "interrupted": self.interrupted,
            "cues": [{"t_s": round(c.t_s, 1), "id": c.id, "text": c.text} for c in self.cues],
        }


def _main_target(rows: list[Row]) -> tuple[float | None, tuple[float, float] | None]:
    """The target and zone the runner spent most coached time under (none: a baseline)."""
    coached = [r for r in rows if r.coached]
    if not coached:
        return None, None
    counts: dict[tuple[float, tuple[float, float]], int] = {}
    for r in coached:
        key = (round(r.target_spm, 1), (round(r.zone_spm[0], 1), round(r.zone_spm[1], 1)))
        counts[key] = counts.get(key, 0) + 1
    return max(counts, key=lambda k: counts[k])
