"""Multi-week programmes: the built-in one, progress from stored sessions, the boost's
steps and holds, and broken files."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta
from pathlib import Path

import pytest

from cadence_coach.coaching.recorder import Summary
from cadence_coach.history.records import SessionInfo, SessionKind, SessionStatus
from cadence_coach.plans.model import PlanError
from cadence_coach.plans.programme import (
    BoostRule,
    Day,
    Programme,
    find_programme,
    load_programme,
    plan_names,
)
from cadence_coach.plans.progress import progress, start_date

START = date(2026, 11, 2)  # a Monday


def session(day: date, zone: float | None, plan: str = "Steady run with the beat") -> SessionInfo:
    summary = None if zone is None else Summary.from_json({"time_in_zone_pct": zone})
    return SessionInfo(
        1,
        f"{day.isoformat()}T07:00:00+00:00",
        plan,
        SessionKind.LIVE,
        SessionStatus.FINISHED,
        summary,
    )


def weekly(*zones: float | None) -> list[SessionInfo]:
    """One session on the Tuesday of each week, with these times in zone."""
    return [session(START + timedelta(weeks=i, days=1), z) for i, z in enumerate(zones)]


def test_the_built_in_programme() -> None:
    p = find_programme("cadence-8-weeks")
    assert len(p.weeks) == 8
    assert p.boost == BoostRule(5.0, 2.5, 10.0, 70.0, 2)
    assert p.weeks[0][0] == Day("Tue", "baseline")  # measure first...
    assert p.weeks[-1][-1] == Day("Sat", "baseline")  # ...and again at the end
    assert [d.plan for d in p.weeks[0][1:]] == ["run-walk-1-1", "run-walk-1-1"]
    assert {d.plan for d in p.weeks[1]} >= {"run-walk-2-1"}
    assert {d.plan for d in p.weeks[2]} >= {"run-walk-3-1"}
    for week in p.weeks[3:7]:
        assert [d.plan for d in week].count("drills-warmup") == 2  # twice a week
    assert set(plan_names(p)) == {d.plan for w in p.weeks for d in w}


@pytest.mark.parametrize(
    ("zones", "boost", "decisions"),
    [
        ((), 5.0, []),
        ((80, 80), 7.5, ["another week at +5%", "up to +7.5%"]),
        ((80, 60), 5.0, ["another week", "under 70%: holding +5%"]),
        ((80, None), 5.0, ["another week", "no coached session: holding +5%"]),
        ((60, 80, 80), 7.5, ["holding", "up to +7.5%", "another week at +7.5%"]),
        ((80, 80, 80, 80, 80, 80), 10.0,
         ["another", "up to +7.5%", "another", "up to +10%", "at the most", "at the most"]),
    ],
)  # fmt: skip
def test_the_boost_rises_in_steps_and_holds_when_time_in_zone_is_low(
    zones: tuple[float | None, ...], boost: float, decisions: list[str]
) -> None:
    p = find_programme("cadence-8-weeks")
    today = START + timedelta(weeks=len(zones))
    where = progress(p, START, today, weekly(*zones))
    assert where.week == len(zones) + 1
    assert where.boost_pct == boost
    assert len(where.past) == len(decisions)
    for result, expected in zip(where.past, decisions, strict=True):
        assert expected in result.decision


@pytest.mark.parametrize(
    ("second_week", "boost", "decision"),
    [
        ({"time_in_zone_pct": 80}, 7.5, "up to +7.5%"),
        ({"time_in_zone_pct": 80, "unaided": {"seconds": 240, "time_in_zone_pct": 75}},
         7.5, "80% in zone, 75% on your own: up to +7.5%"),
        ({"time_in_zone_pct": 80, "unaided": {"seconds": 240, "time_in_zone_pct": 40}},
         5.0, "not yet holding without the beat"),
        ({"time_in_zone_pct": 85,
          "target_changes": [{"t_s": 300, "from_spm": 172.2, "to_spm": 167.9}]},
         5.0, "the target was lowered in a session"),
        ({"time_in_zone_pct": 85, "target_changes": [
            {"t_s": 300, "from_spm": 172.2, "to_spm": 167.9},
            {"t_s": 900, "from_spm": 167.9, "to_spm": 172.2}]},
         7.5, "up to +7.5%"),  # lowered, then raised again and held: it counts
    ],
)  # fmt: skip
def test_the_boost_rises_only_when_the_zone_holds_without_the_beat_and_unlowered(
    second_week: dict[str, object], boost: float, decision: str
) -> None:
    p = find_programme("cadence-8-weeks")
    sessions = weekly(80)
    day = START + timedelta(weeks=1, days=1)
    sessions.append(dataclasses.replace(session(day, 80), summary=Summary.from_json(second_week)))
    where = progress(p, START, START + timedelta(weeks=2), sessions)
    assert where.boost_pct == boost
    assert decision in where.past[1].decision


def test_today_next_and_a_session_run_early() -> None:
    p = Programme(
        "p", "", ((Day("Tue", "strides"), Day("Sat", "hills")), (Day("Tue", "steady"),)),
        BoostRule(), "x",
    )  # fmt: skip
    names = {"strides": "Strides", "hills": "Short hills", "steady": "Steady"}
    tuesday = START + timedelta(days=1)
    where = progress(p, START, tuesday, [], names)
    assert where.today == Day("Tue", "strides")
    assert where.next_day == (START + timedelta(days=5), Day("Sat", "hills"))
    # strides run on Tuesday, hills run early on Wednesday: next is week 2's steady run
    ran = [session(tuesday, 80, "Strides"), session(tuesday + timedelta(days=1), 80, "Short hills")]
    where = progress(p, START, tuesday + timedelta(days=1), ran, names)
    assert where.today is None
    assert where.next_day == (START + timedelta(weeks=1, days=1), Day("Tue", "steady"))
    # an interrupted session does not count as done
    cut = [
        SessionInfo(
            1,
            f"{tuesday}T07:00:00+00:00",
            "Strides",
            SessionKind.LIVE,
            SessionStatus.INTERRUPTED,
            None,
        )
    ]
    assert progress(p, START, tuesday, cut, names).today == Day("Tue", "strides")
    # after the last week: finished, nothing offered
    end = progress(p, START, START + timedelta(weeks=2), [], names)
    assert end.finished(p)
    assert end.today is None
    assert end.next_day is None


def test_a_programme_starts_on_a_monday_so_its_weeks_run_in_order() -> None:
    assert start_date(date(2026, 11, 23)) == date(2026, 11, 23)  # Monday: today
    assert start_date(date(2026, 11, 24)) == date(2026, 11, 23)  # Tuesday: still this week
    assert start_date(date(2026, 11, 25)) == date(2026, 11, 30)  # Wednesday: next Monday


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "p.toml"
    path.write_text(text)
    return path


GOOD_WEEK = '[[week]]\nsessions = [ { day = "Tue", plan = "strides" } ]\n'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = 'x'\n", "week: needs 1 to 52 [[week]] tables"),
        ("name = 'x'\nweeks = 3\n" + GOOD_WEEK, "weeks: unknown key"),
        (GOOD_WEEK, "name: a programme needs a name"),
        ("name = 'x'\n[[week]]\nsessions = [ { day = 'Tuesday', plan = 'strides' } ]\n",
         'week[1].sessions[1].day: "Tuesday" is not one of Mon'),
        ("name = 'x'\n[[week]]\nsessions = [ { day = 'Tue', plan = 'jogging' } ]\n",
         'week[1].sessions[1].plan: no plan "jogging"'),
        ("name = 'x'\n[[week]]\nsessions = [ { day = 'Tue', plan = 'strides' },"
         " { day = 'Tue', plan = 'hills' } ]\n", "week[1].sessions[2].day: Tue is already taken"),
        ("name = 'x'\n[boost]\nstart = '20%'\n" + GOOD_WEEK, "boost.start: 20% is outside 0-15%"),
        ("name = 'x'\n[boost]\nstart = '8%'\nmax = '6%'\n" + GOOD_WEEK, "boost.start: is above"),
        ("name = 'x'\n[boost]\nweeks_per_step = 0\n" + GOOD_WEEK, "boost.weeks_per_step"),
        ("name = 'x'\n[boost]\nspeed = 1\n" + GOOD_WEEK, "boost.speed: unknown key"),
        ("name = 'x'\n[[week]]\nsessions = 'strides'\n", "week[1].sessions: must be a list"),
        ("name = [\n", "not valid TOML"),
    ],
)  # fmt: skip
def test_broken_programmes_get_one_precise_line(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(PlanError) as err:
        load_programme(path)
    assert str(err.value).startswith(f"{path}: ")
    assert message in str(err.value)
    assert "\n" not in str(err.value)
