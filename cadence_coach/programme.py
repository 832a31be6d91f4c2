"""Multi-week programmes: which session on which day, and a boost that rises in small steps
as the runner adapts, held while the time in zone says the current step is not learned.

A programme is a TOML file (``configs/programmes/``, or the user's ``programmes`` folder).
Its progress is worked out from the stored sessions, never kept apart from them: the same
history always gives the same week, boost and reasons. Pure, apart from the loaders.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from cadence_coach.errors import BadValue
from cadence_coach.plans import PlanError, available, builtin_dir, user_dir
from cadence_coach.store import SessionInfo

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TOP_KEYS = {"name", "description", "boost", "week"}
BOOST_KEYS = {"start", "step", "max", "hold_below", "weeks_per_step"}


@dataclass(frozen=True, slots=True)
class Day:
    day: str
    """``Mon`` ... ``Sun``."""
    plan: str
    """A plan name (see ``cadence-coach plans``)."""


@dataclass(frozen=True, slots=True)
class BoostRule:
    start_pct: float = 5.0
    step_pct: float = 2.5
    max_pct: float = 10.0
    hold_below_pct: float = 70.0
    """A week whose sessions averaged less time in zone than this holds the boost."""
    weeks_per_step: int = 2
    """The fewest weeks spent at a boost before the next step."""


@dataclass(frozen=True, slots=True)
class Programme:
    name: str
    description: str
    weeks: tuple[tuple[Day, ...], ...]
    boost: BoostRule
    source: str


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


def progress(
    programme: Programme,
    start: date,
    today: date,
    sessions: list[SessionInfo],
    names: dict[str, str] | None = None,
) -> Progress:
    """Where the runner is in ``programme`` started on ``start``, from the sessions stored.
    ``names`` maps plan names to the names sessions store (``run-walk-2-1`` to
    ``Run-walk 2:1``): a scheduled session already run that week, even on another day, is
    not offered again."""
    rule = programme.boost
    week = max(1, week_of(start, today))
    boost = rule.start_pct
    weeks_at = 0
    past = []
    for w in range(1, min(week, len(programme.weeks) + 1)):
        first = start + timedelta(weeks=w - 1)
        ran = [s for s in sessions if first <= _day(s) < first + timedelta(weeks=1)]
        zones = [
            float(s.summary["time_in_zone_pct"])
            for s in ran
            if s.summary and s.summary.get("time_in_zone_pct") is not None
        ]
        zone = sum(zones) / len(zones) if zones else None
        weeks_at += 1
        ran_at = boost
        if zone is None:
            decision = f"no coached session: holding +{boost:g}%"
        elif zone < rule.hold_below_pct:
            decision = f"{zone:.0f}% in zone, under {rule.hold_below_pct:g}%: holding +{boost:g}%"
        elif boost >= rule.max_pct:
            decision = f"{zone:.0f}% in zone, at the most the programme asks (+{boost:g}%)"
        elif weeks_at < rule.weeks_per_step:
            decision = f"{zone:.0f}% in zone: another week at +{boost:g}% to settle it"
        else:
            boost = min(rule.max_pct, boost + rule.step_pct)
            weeks_at = 0
            decision = f"{zone:.0f}% in zone: up to +{boost:g}%"
        past.append(WeekResult(w, len(ran), zone, ran_at, decision))
    today_day = None
    next_day = None
    taken = _done(programme, start, sessions, names or {})
    if week <= len(programme.weeks):
        first = max(today, start)
        for offset in range(0, 7 * (len(programme.weeks) - week + 1)):
            when = first + timedelta(days=offset)
            w = week_of(start, when) - 1
            if w >= len(programme.weeks):
                break
            match = [
                d
                for d in programme.weeks[w]
                if d.day == DAYS[when.weekday()] and (w, d) not in taken
            ]
            if match:
                if when == today:
                    today_day = match[0]
                else:
                    next_day = (when, match[0])
                    break
    return Progress(week, boost, tuple(past), today_day, next_day)


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
        if s.status != "finished":
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


# -- loading ----------------------------------------------------------------------------------


def _percent(value: Any, where: str, source: str, low: float, high: float) -> float:
    from cadence_coach.targets import parse_percent

    try:
        return parse_percent(value, where, low, high)
    except BadValue as err:
        raise PlanError(source, where, str(err).removeprefix(where + " ")) from None


def parse_programme(data: dict[str, Any], source: str) -> Programme:
    unknown = set(data) - TOP_KEYS
    if unknown:
        allowed = ", ".join(sorted(TOP_KEYS))
        raise PlanError(source, sorted(unknown)[0], f"unknown key; allowed: {allowed}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise PlanError(source, "name", "a programme needs a name")
    description = data.get("description", "")
    if not isinstance(description, str):
        raise PlanError(source, "description", "must be text")
    table = data.get("boost", {})
    if not isinstance(table, dict):
        raise PlanError(source, "boost", "must be a table")
    unknown = set(table) - BOOST_KEYS
    if unknown:
        raise PlanError(source, f"boost.{sorted(unknown)[0]}",
                        f"unknown key; allowed: {', '.join(sorted(BOOST_KEYS))}")  # fmt: skip
    rule = BoostRule(
        _percent(table.get("start", "5%"), "boost.start", source, 0, 15),
        _percent(table.get("step", "2.5%"), "boost.step", source, 0.5, 5),
        _percent(table.get("max", "10%"), "boost.max", source, 0, 15),
        _percent(table.get("hold_below", "70%"), "boost.hold_below", source, 0, 100),
        table.get("weeks_per_step", 2),
    )
    if rule.start_pct > rule.max_pct:
        raise PlanError(source, "boost.start", "is above boost.max")
    if not isinstance(rule.weeks_per_step, int) or not 1 <= rule.weeks_per_step <= 8:
        raise PlanError(source, "boost.weeks_per_step", "must be a whole number from 1 to 8")
    weeks_data = data.get("week")
    if not isinstance(weeks_data, list) or not weeks_data or len(weeks_data) > 52:
        raise PlanError(source, "week", "needs 1 to 52 [[week]] tables")
    plans = available()
    weeks = []
    for i, week in enumerate(weeks_data):
        where = f"week[{i + 1}]"
        if not isinstance(week, dict) or set(week) != {"sessions"}:
            raise PlanError(source, where, 'must hold only sessions = [ { day = "Tue", ... } ]')
        entries = week["sessions"]
        if not isinstance(entries, list):
            raise PlanError(source, f"{where}.sessions", "must be a list")
        days: list[Day] = []
        for j, entry in enumerate(entries):
            at = f"{where}.sessions[{j + 1}]"
            if not isinstance(entry, dict) or set(entry) != {"day", "plan"}:
                raise PlanError(source, at, 'must be { day = "Tue", plan = "a plan name" }')
            if entry["day"] not in DAYS:
                raise PlanError(
                    source, f"{at}.day", f"{entry['day']!r} is not one of {', '.join(DAYS)}"
                )
            if entry["plan"] not in plans:
                known = ", ".join(plans)
                raise PlanError(
                    source, f"{at}.plan", f"no plan {entry['plan']!r}; there are {known}"
                )
            if any(d.day == entry["day"] for d in days):
                raise PlanError(source, f"{at}.day", f"{entry['day']} is already taken that week")
            days.append(Day(entry["day"], entry["plan"]))
        weeks.append(tuple(sorted(days, key=lambda d: DAYS.index(d.day))))
    return Programme(name.strip(), description.strip(), tuple(weeks), rule, source)


def load_programme(path: Path) -> Programme:
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise BadValue(f"{path}: no such file") from None
    except tomllib.TOMLDecodeError as err:
        raise PlanError(str(path), "", f"not valid TOML: {err}") from None
    return parse_programme(data, str(path))


def programmes() -> dict[str, Path]:
    """Programme names to files: built-in first, the user's own of the same name wins."""
    found: dict[str, Path] = {}
    for folder in (builtin_dir() / "programmes", user_dir().parent / "programmes"):
        if folder.is_dir():
            for path in sorted(folder.glob("*.toml")):
                found[path.stem] = path
    return found


def plan_names(programme: Programme) -> dict[str, str]:
    """Each plan the programme uses, to the name its sessions are stored under."""
    from cadence_coach.plans import find_plan

    return {d.plan: find_plan(d.plan).name for week in programme.weeks for d in week}


def find_programme(name: str) -> Programme:
    path = Path(name)
    if path.suffix == ".toml" or path.exists():
        return load_programme(path)
    found = programmes()
    if name not in found:
        raise BadValue(f"no programme {name!r}; there are: {', '.join(found) or 'none'}")
    return load_programme(found[name])
