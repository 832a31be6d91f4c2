"""The weekly trend: sessions, weighted cadence, time in zone and baselines by ISO week."""

from __future__ import annotations

from cadence_coach.coaching.recorder import Summary
from cadence_coach.history.records import SessionInfo, SessionKind, SessionStatus
from cadence_coach.history.trend import Week, weekly_trend


def test_weekly_trend() -> None:
    def info(
        day: str,
        zone: float | None,
        mean: float | None = None,
        moving: float = 0,
        habitual: float | None = None,
    ) -> SessionInfo:
        summary = (
            None
            if zone is None
            else Summary.from_json(
                {"time_in_zone_pct": zone, "cadence_mean_spm": mean, "moving_s": moving}
            )
        )
        return SessionInfo(
            1,
            f"{day}T08:00:00+00:00",
            "run",
            SessionKind.LIVE,
            SessionStatus.FINISHED,
            summary,
            habitual_spm=habitual,
        )

    sessions = [
        info("2026-11-16", 60.0, 164.0, 600, habitual=160.0),
        info("2026-11-18", 80.0, 170.0, 1200),
        info("2026-11-23", 90.0, 172.0, 1800),
        info("2026-11-24", None, habitual=165.0),
        info("2026-11-25", 70.0, None, 0),
    ]  # fmt: skip
    assert weekly_trend(sessions) == [
        Week("2026-W47", 2, 168.0, 70.0, 160.0),  # cadence weighted by moving time
        Week("2026-W48", 3, 172.0, 80.0, 165.0),
    ]
