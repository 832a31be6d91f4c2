"""Session plans: the built-ins, their segments, broken plans and their one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cadence_coach.coaching.segments import SegmentKind
from cadence_coach.plans.library import available, find_plan
from cadence_coach.plans.loading import load_plan
from cadence_coach.plans.model import PlanError


def test_every_builtin_plan_validates() -> None:
    names = set(available())
    assert {"run-walk-1-1", "run-walk-2-1", "run-walk-3-1", "drills-warmup", "strides",
            "hills", "treadmill-practice", "baseline", "steady",
            "distance-repeats"} <= names  # fmt: skip
    for path in available().values():
        plan = load_plan(path)
        segments = plan.segments(164.0)
        assert 10 * 60 <= plan.duration_s <= 40 * 60
        assert all(s.duration_s > 0 for s in segments)


@pytest.mark.parametrize(("ratio", "rounds"), [(1, 8), (2, 6), (3, 5)])
def test_run_walk_alternates_exactly(ratio: int, rounds: int) -> None:
    segments = find_plan(f"run-walk-{ratio}-1").segments(164.0)
    middle = segments[1:-1]
    assert [s.kind for s in middle] == [SegmentKind.RUN, SegmentKind.WALK] * rounds
    assert [s.duration_s for s in middle] == [ratio * 60.0, 60.0] * rounds
    assert [s.interval for s in middle if s.kind is SegmentKind.RUN] == [
        (n, rounds) for n in range(1, rounds + 1)
    ]
    assert all(s.target_spm == pytest.approx(172.2) for s in middle if s.kind is SegmentKind.RUN)
    assert all(s.metronome.value == "on" for s in middle if s.kind is SegmentKind.RUN)
    assert all(
        s.metronome.value == "off" and not s.coached for s in middle if s.kind is SegmentKind.WALK
    )


def test_start_at_skips_ahead() -> None:
    segments = find_plan("run-walk-3-1").segments(164.0, start_at_s=600.0)
    assert segments[0].duration_s == 120.0  # 10:00 is a minute into the 3-minute second run
    assert segments[0].kind is SegmentKind.RUN
    assert sum(s.duration_s for s in segments) == 1200.0


BROKEN = [
    ("name = 1\n[[segment]]\nkind='run'\nduration='1m'", "name: must be a non-empty string"),
    ("[[segment]]\nkind='run'\nduration='1m'", "name: is missing"),
    ("name='x'", "segment: a plan needs at least one"),
    ("name='x'\n[[segment]]\nkind='jog'\nduration='1m'", 'segment[1].kind: "jog" is not one of'),
    ("name='x'\n[[segment]]\nkind='run'\nduration=true",
     "segment[1].duration: must be a duration"),
    ("name='x'\n[[segment]]\nkind='run'\nduration='-1m'", "segment[1].duration: duration '-1m' is not understood"),
    ("name='x'\n[[segment]]\nkind='run'", "segment[1].duration: is missing"),
    ("name='x'\n[[segment]]\nkind='run'\nduration='1m'\nspeed=3", "segment[1].speed: unknown key"),
    ("name='x'\n[[segment]]\ntimes=3\nsegments=[]", "segment[1].segments: a repeat block needs segments"),
    ("name='x'\n[[segment]]\ntimes=100000\nsegments=[{kind='run', duration='1m'}]", "segment[1].times: must be a whole number from 1 to 100"),
    ("name='x'\n[[segment]]\ntimes=2\nsegments=[{kind='run', duration='1m'}, {kind='walk'}]", "segment[1].segments[2].duration: is missing"),
    ("name='x'\n[[segment]]\nkind='run'\nduration='1m'\ntarget=400", "segment[1].target: target 400 spm is outside"),
    ("name='x'\n[[segment]]\nkind='run'\nduration='1m'\ntarget='habitual+40%'", 'segment[1].target: "habitual+40%": the boost must be 0-15%'),
    ("name='x'\n[[segment]]\nkind='run'\nduration='1m'\nzone='0%'", "segment[1].zone: zone 0% is too narrow"),
    ("name='x'\n[[segment]]\nkind='run'\nduration='1m'\nmetronome='loud'", 'segment[1].metronome: "loud" is not one of on, off, faded'),
    ("name='x'\n[[segment]]\nkind='run'\nduration='1m'\ncues=[{at='2m', say='hi'}]", "segment[1].cues[1].at: falls after the end of its segment"),
    ("name='x'\n[defaults]\nboost='50%'\n[[segment]]\nkind='run'\nduration='1m'", "defaults.boost: boost 50% is outside 0-15%"),
    ("name='x'\n[[segment]]\nkind='run'\nduration='7h'", "lasts 7:00:00; at most 6 hours"),
    ("name='x'\n[[segment]]\nkind = 'run\nduration='1m'", "not valid TOML: "),
    ("name='x'\n[[segment]]\nkind='run'\nduration='1m'\ndistance='400m'", "segment[1].distance: give a duration or a distance, not both"),
    ("name='x'\n[[segment]]\nkind='run'\ndistance='400 yards'", 'segment[1].distance: "400 yards": a distance from 10 m to 50 km'),
    ("name='x'\n[[segment]]\nkind='run'\ndistance='5m'", 'segment[1].distance: "5m": a distance from 10 m'),
    ("name='x'\n[defaults]\npace='fast'\n[[segment]]\nkind='run'\ndistance='1km'", 'defaults.pace: "fast": a pace from 2:30 to 15:00 per km'),
    ("name='x'\n[defaults]\npace='1:00'\n[[segment]]\nkind='run'\ndistance='1km'", 'defaults.pace: "1:00"'),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), BROKEN)
def test_broken_plans_get_one_precise_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert str(info.value).startswith(f"{path}: ")
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_a_toml_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("name = 'x'\n\n[[segment]]\nkind = = 'run'\n")
    with pytest.raises(PlanError, match=r"line 4"):
        load_plan(path)


def test_a_boost_moves_the_running_parts_without_a_target_of_their_own() -> None:
    walk_run = find_plan("run-walk-1-1")
    runs = {
        s.target_spm for s in walk_run.segments(160.0, boost="7.5%") if s.kind is SegmentKind.RUN
    }
    assert runs == {172.0}
    assert {s.target_spm for s in walk_run.segments(160.0) if s.kind is SegmentKind.RUN} == {168.0}
    strides = [
        s for s in find_plan("strides").segments(160.0, boost="2%") if s.kind is SegmentKind.STRIDES
    ]
    assert {s.target_spm for s in strides} == {172.8}  # strides keep their own +8%


def test_distances_take_the_plans_pace_as_their_expected_time(tmp_path: Path) -> None:
    path = tmp_path / "d.toml"
    path.write_text(
        "name='d'\n[defaults]\npace='5:00/km'\n[[segment]]\nkind='run'\ndistance='1.5km'\n"
        "[[segment]]\nkind='walk'\ndistance=200\n"
    )
    run, walk = load_plan(path).segments(160.0)
    assert (run.distance_m, run.duration_s) == (1500.0, 450.0)
    assert (walk.distance_m, walk.duration_s) == (200.0, 60.0)


def test_a_zone_that_misses_its_target_names_the_segment(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        "name='x'\n[[segment]]\nkind='run'\nname='Tempo'\nduration='1m'\ntarget=172\nzone='150-160'\n"
    )
    plan = load_plan(path)  # the range itself is fine
    with pytest.raises(
        PlanError, match=r"bad.toml: segment 'Tempo': zone 150-160 does not contain the target 172"
    ):
        plan.segments(None)
