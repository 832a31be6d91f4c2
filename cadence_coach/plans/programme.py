"""Multi-week programmes: which session on which day, and the rule by which the boost rises.

A programme is a TOML file (``configs/programmes/``, or the user's ``programmes`` folder);
every mistake is one line naming the file and the key. Its progress is worked out from the
stored sessions (:mod:`cadence_coach.plans.progress`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cadence_coach.coaching.targets import parse_percent
from cadence_coach.errors import BadValue
from cadence_coach.plans.files import read_toml
from cadence_coach.plans.files import toml_value as shown
from cadence_coach.plans.library import available, find_plan, named_file, programmes
from cadence_coach.plans.loading import MAX_DESCRIPTION, MAX_NAME
from cadence_coach.plans.model import PlanError
from cadence_coach.units import check_text

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
DEFAULT_PROGRAMME = "cadence-8-weeks"
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


def _percent(value: Any, where: str, source: str, low: float, high: float) -> float:
    try:
        return parse_percent(value, where, low, high)
    except BadValue as err:
        raise PlanError(source, where, str(err).removeprefix(where + " ")) from None


def parse_programme(data: dict[str, Any], source: str) -> Programme:
    """Validate a programme already read from TOML."""
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
    name = _text(name, "name", source, MAX_NAME)
    description = _text(description, "description", source, MAX_DESCRIPTION) if description else ""
    rule = _boost_rule(data.get("boost", {}), source)
    weeks_data = data.get("week")
    if not isinstance(weeks_data, list) or not weeks_data or len(weeks_data) > 52:
        raise PlanError(source, "week", "needs 1 to 52 [[week]] tables")
    plans = available()
    weeks = tuple(_week(w, f"week[{i + 1}]", source, plans) for i, w in enumerate(weeks_data))
    return Programme(name, description, weeks, rule, source)


def _text(value: str, where: str, source: str, longest: int) -> str:
    try:
        return check_text(value, "it", longest, lines=longest == MAX_DESCRIPTION)
    except BadValue as err:
        raise PlanError(source, where, str(err).removeprefix("it ")) from None


def _boost_rule(table: Any, source: str) -> BoostRule:
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
    weeks = rule.weeks_per_step
    if not isinstance(weeks, int) or isinstance(weeks, bool) or not 1 <= weeks <= 8:
        raise PlanError(
            source,
            "boost.weeks_per_step",
            f"must be a whole number from 1 to 8, not {shown(weeks)}",
        )
    return rule


def _week(week: Any, where: str, source: str, plans: dict[str, Path]) -> tuple[Day, ...]:
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
        if not isinstance(entry["day"], str) or entry["day"] not in DAYS:
            raise PlanError(
                source, f"{at}.day", f"{shown(entry['day'])} is not one of {', '.join(DAYS)}"
            )
        if not isinstance(entry["plan"], str):
            raise PlanError(
                source,
                f"{at}.plan",
                f"must be a plan's name, in quotes, not {shown(entry['plan'])}",
            )
        if entry["plan"] not in plans:
            known = ", ".join(plans)
            raise PlanError(
                source, f"{at}.plan", f"no plan {shown(entry['plan'])}; there are {known}"
            )
        if any(d.day == entry["day"] for d in days):
            raise PlanError(source, f"{at}.day", f"{entry['day']} is already taken that week")
        days.append(Day(entry["day"], entry["plan"]))
    return tuple(sorted(days, key=lambda d: DAYS.index(d.day)))


def load_programme(path: Path) -> Programme:
    """Read and validate a programme file; raise :class:`PlanError` naming what is wrong."""
    return parse_programme(read_toml(path), str(path))


def plan_names(programme: Programme) -> dict[str, str]:
    """Each plan the programme uses, to the name its sessions are stored under."""
    return {d.plan: find_plan(d.plan).name for week in programme.weeks for d in week}


def find_programme(name: str) -> Programme:
    """Load a programme by name, or by path when ``name`` is a file."""
    path = named_file(name, "programme")
    if path is not None:
        return load_programme(path)
    found = programmes()
    if name not in found:
        raise BadValue(f"no programme {shown(name)}; there are: {', '.join(found) or 'none'}")
    return load_programme(found[name])
