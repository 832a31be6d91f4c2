"""Where a runner is in a programme, worked out from the stored sessions, never kept apart
from them: the same history always gives the same week, boost and reasons. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cadence_coach.coaching.targets import resolve_target
from cadence_coach.errors import BadValue
from cadence_coach.history.records import SessionInfo, SessionStatus
from cadence_coach.plans.programme import DAYS, Day, Programme


@dataclass(frozen=True, slots=True)
class WeekResult:
    week: int
    sessions: int
    time_in_zone_pct: float | None
    boost_pct: float
    """The boost this week was run at."""
    decision: str
    """What it meant for the next week, in words."""


@dataclass(frozen=True, slots=True)
class Progress:
    week: int
    """1-based; beyond the last week when the programme is done."""
    boost_pct: float
    past: tuple[WeekResult, ...]
    today: Day | None
    """Today's session, unless it was already run this week."""
    next_day: tuple[date, Day] | None
    """The next session not yet run."""

    def finished(self, programme: Programme) -> bool:
        return self.week > len(programme.weeks)

    def target_spm(self, habitual: float) -> float:
        """The target the boost now sets for this runner."""
        return resolve_target(None, f"{self.boost_pct:g}%", habitual)


def progress(
    programme: Programme,
    start: date,
    today: date,
    sessions: list[SessionInfo],
    names: dict[str, str] | None = None,
) -> Progress:
    """Where the runner is in ``programme`` started on ``start``, from the sessions stored
    (real running only: a simulated, rendered or replayed session does not count).
    ``names`` maps plan names to the names sessions store (``run-walk-2-1`` to
    ``Run-walk 2:1``): a scheduled session already run that week, even on another day, is
    not offered again."""
    sessions = [s for s in sessions if s.real]
    week = max(1, week_of(start, today))
    past, boost = _past_weeks(programme, start, week, sessions)
    today_day, next_day = None, None
    if week <= len(programme.weeks):
        taken = _done(programme, start, sessions, names or {})
        today_day, next_day = _coming(programme, start, today, week, taken)
    return Progress(week, boost, tuple(past), today_day, next_day)


def _past_weeks(
    programme: Programme, start: date, week: int, sessions: list[SessionInfo]
) -> tuple[list[WeekResult], float]:
    """Each finished week's sessions and time in zone, what that meant for the boost, and
    the boost now."""
    boost = programme.boost.start_pct
    weeks_at = 0
    past = []
    for w in range(1, min(week, len(programme.weeks) + 1)):
        first = start + timedelta(weeks=w - 1)
        ran = [s for s in sessions if first <= _day(s) < first + timedelta(weeks=1)]
        weeks_at += 1
        figures = _WeekFigures.of(ran)
        decision, rise = _decide(programme, figures, boost, weeks_at)
        past.append(WeekResult(w, len(ran), figures.zone, boost, decision))
        if rise:
            boost = min(programme.boost.max_pct, boost + programme.boost.step_pct)
            weeks_at = 0
    return past, boost


@dataclass(frozen=True, slots=True)
class _WeekFigures:
    zone: float | None
    """Mean time in zone of the coached sessions."""
    unaided: float | None
    """Mean time in zone on the runner's own (the retention check), where measured."""
    stepped_down: int
    """Sessions that ended under a target the coach had to lower."""

    @classmethod
    def of(cls, ran: list[SessionInfo]) -> _WeekFigures:
        summaries = [s.summary for s in ran if s.summary is not None]
        zones = [m.time_in_zone_pct for m in summaries if m.time_in_zone_pct is not None]
        unaided = [
            m.unaided.time_in_zone_pct
            for m in summaries
            if m.unaided is not None and m.unaided.time_in_zone_pct is not None
        ]
        return cls(_mean(zones), _mean(unaided), sum(m.stepped_down for m in summaries))


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _decide(
    programme: Programme, week: _WeekFigures, boost: float, weeks_at: int
) -> tuple[str, bool]:
    """What a week meant for the boost, in words, and whether it rises."""
    rule = programme.boost
    zone, floor = week.zone, rule.hold_below_pct
    if zone is None:
        return f"no coached session: holding +{boost:g}%", False
    said = f"{zone:.0f}% in zone"
    if week.unaided is not None:
        said += f", {week.unaided:.0f}% on your own"
    if zone < floor:
        return f"{said}, under {floor:g}%: holding +{boost:g}%", False
    if week.stepped_down:
        return f"{said}, but the target was lowered in a session: holding +{boost:g}%", False
    if week.unaided is not None and week.unaided < floor:
        return f"{said}: not yet holding without the beat; holding +{boost:g}%", False
    if boost >= rule.max_pct:
        return f"{said}, at the most the programme asks (+{boost:g}%)", False
    if weeks_at < rule.weeks_per_step:
        return f"{said}: another week at +{boost:g}% to settle it", False
    rise = min(rule.max_pct, boost + rule.step_pct)
    return f"{said}: up to +{rise:g}%", True


def _coming(
    programme: Programme, start: date, today: date, week: int, taken: set[tuple[int, Day]]
) -> tuple[Day | None, tuple[date, Day] | None]:
    """Today's session not yet run, and the next one after today."""
    today_day = None
    first = max(today, start)
    for offset in range(0, 7 * (len(programme.weeks) - week + 1)):
        when = first + timedelta(days=offset)
        w = week_of(start, when) - 1
        if w >= len(programme.weeks):
            break
        match = [
            d for d in programme.weeks[w] if d.day == DAYS[when.weekday()] and (w, d) not in taken
        ]
        if match:
            if when != today:
                return today_day, (when, match[0])
            today_day = match[0]
    return today_day, None


def week_of(start: date, day: date) -> int:
    """The programme week ``day`` falls in, from 1 (before the start: 0 or less)."""
    return (day - start).days // 7 + 1


def _done(
    programme: Programme, start: date, sessions: list[SessionInfo], names: dict[str, str]
) -> set[tuple[int, Day]]:
    """The scheduled sessions already run: each finished session counts for the first
    scheduled day with the same plan in its week, or else in the next week (a session run
    early, on a rest day)."""
    done: set[tuple[int, Day]] = set()
    for s in sessions:
        week = week_of(start, _day(s)) - 1
        if s.status is not SessionStatus.FINISHED:
            continue
        match = next(
            (
                (w, d)
                for w in (week, week + 1)
                if 0 <= w < len(programme.weeks)
                for d in programme.weeks[w]
                if names.get(d.plan, d.plan) == s.plan and (w, d) not in done
            ),
            None,
        )
        if match is not None:
            done.add(match)
    return done


def start_date(today: date) -> date:
    """When a programme started today begins: this week's Monday while its first sessions
    (Tuesday) are still ahead, else next Monday, so a week's sessions come in order."""
    monday = today - timedelta(days=today.weekday())
    return monday if today.weekday() <= 1 else monday + timedelta(weeks=1)


def _day(session: SessionInfo) -> date:
    return datetime.fromisoformat(session.started_at).date()


START_WITHIN_DAYS = 366
"""A programme starts within a year of the day it is started on."""
EARLIEST_START = date(2000, 1, 1)
"""No programme kept began before this (one that did was stored damaged)."""


def check_start(start: date, today: date) -> date:
    """``start`` if a programme may be started on it today: within a year either way."""
    if abs((start - today).days) > START_WITHIN_DAYS:
        raise BadValue(
            f"start {start.isoformat()} is more than a year from today ({today.isoformat()}); "
            "give a date within a year"
        )
    return start


def check_stored_start(start: date, today: date) -> date:
    """``start`` if a programme kept as started on it can be followed: from 2000 to a year
    from ``today`` (a date beyond, stored by an older version, cannot be worked from)."""
    if not EARLIEST_START <= start <= today + timedelta(days=START_WITHIN_DAYS):
        raise BadValue(
            f"your programme is kept as starting on {start.isoformat()}, which cannot be: "
            "start it again with `cadence-coach programme start`"
        )
    return start
