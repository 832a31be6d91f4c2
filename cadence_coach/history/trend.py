"""The weekly trend a runner watches: sessions, cadence, time in zone and the habitual
cadence measured, by ISO week. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cadence_coach.history.records import SessionInfo


@dataclass(frozen=True, slots=True)
class Week:
    """One ISO week of sessions."""

    week: str
    """``2026-W48``."""
    sessions: int
    cadence_mean_spm: float | None
    """Mean of the sessions' mean cadence, weighted by the time each was moving."""
    time_in_zone_pct: float | None
    """Mean of the sessions' time in zone."""
    habitual_spm: float | None
    """The habitual cadence a baseline measured that week (the last one, if several)."""


def weekly_trend(sessions: list[SessionInfo]) -> list[Week]:
    """Real running (live sessions on the runner's sensors) grouped by ISO week, oldest
    first; simulated, rendered and replayed sessions are left out."""
    weeks: dict[str, list[SessionInfo]] = {}
    for s in (s for s in sessions if s.real):
        year, week, _ = datetime.fromisoformat(s.started_at).isocalendar()
        weeks.setdefault(f"{year}-W{week:02d}", []).append(s)
    return [_week(name, group) for name, group in sorted(weeks.items())]


def _week(name: str, group: list[SessionInfo]) -> Week:
    summaries = [s.summary for s in group if s.summary is not None]
    weighted = [
        (m.cadence_mean_spm, m.moving_s) for m in summaries if m.cadence_mean_spm is not None
    ]
    moving = sum(w for _, w in weighted)
    cadence = sum(c * w for c, w in weighted) / moving if moving else None
    zones = [m.time_in_zone_pct for m in summaries if m.time_in_zone_pct is not None]
    baselines = [s.habitual_spm for s in group if s.habitual_spm is not None]
    return Week(
        name,
        len(group),
        None if cadence is None else round(cadence, 1),
        round(sum(zones) / len(zones), 1) if zones else None,
        baselines[-1] if baselines else None,
    )
