"""A recording's times and values checked: stretches split at jumps and steps back, the
longest kept and what was left out said, a day at most; values no runner gives not used."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from cadence_coach.sources.recordings.activity import Record, ReplayError
from cadence_coach.sources.recordings.checks import (
    MAX_GAP_S,
    MAX_RECORDS,
    MAX_REPLAY_S,
    Records,
    breaks,
    in_time,
    span,
    speed_from,
)

PATH = Path("run.tcx")
START = datetime(2024, 5, 1, 7, 30, tzinfo=UTC)


def records(times: list[float]) -> list[Record]:
    return [Record(t, 85.0, 3.0, 150.0) for t in times]


def kept(times: list[float]) -> tuple[list[float], datetime | None, tuple[str, ...]]:
    """The times replayed (from 0), when they began, what was said."""
    stretch = in_time(PATH, records(times), START)
    return [times[i] - stretch.t0 for i in stretch.indices], stretch.started_at, stretch.notes


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(3, "3 s"), (59.5, "59.5 s"), (60, "1 minute"), (7200, "2 hours"), (864_000, "10 days"),
     (200 * 365.25 * 86400, "200 years"), (1e12, "31,688 years")],
)  # fmt: skip
def test_a_span_is_said_in_the_largest_unit_that_fits(seconds: float, said: str) -> None:
    assert span(seconds) == said


def test_a_recording_breaks_where_time_goes_back_or_jumps_over_an_hour() -> None:
    times = [0.0, 1.0, 1.0, 2.0, 2.0 + MAX_GAP_S, 3.0 + 2 * MAX_GAP_S + 1, 2.0, 3.0]
    assert breaks(times) == [5, 6]


def test_a_steady_recording_is_kept_whole_from_zero() -> None:
    times, started, notes = kept([5.0, 6.0, 7.0, 9.0])
    assert times == [0.0, 1.0, 2.0, 4.0]
    assert started == START.replace(second=5)
    assert notes == ()


def test_one_point_dated_200_years_later_is_left_out_and_said() -> None:
    times = [float(t) for t in range(600)] + [200 * 365.25 * 86400]
    replayed, started, notes = kept(times)
    assert replayed == times[:600]
    assert started == START
    assert notes == (
        "replaying the longest stretch in time order (10:00); 1 record left out: the time "
        "jumps 200 years ahead at record 601",
    )


@pytest.mark.parametrize("stray", [[1e9], [1e9, 1e9 + 1, 5.0], [-3600.0]])
def test_records_out_of_line_in_the_middle_are_left_out_and_the_run_goes_on(
    stray: list[float],
) -> None:
    times = [float(t) for t in range(300)]
    replayed, _, notes = kept([*times[:150], *stray, *times[150:]])
    assert replayed == times
    n = len(stray)
    assert notes[0].startswith(f"{n} record{'s' if n > 1 else ''} out of line with the run ")


def test_more_than_ten_records_out_of_line_are_a_break() -> None:
    times = [float(t) for t in range(300)]
    given = [*times[:200], *[1e9 + t for t in range(11)], *times[200:]]
    replayed, _, notes = kept(given)
    assert replayed == times[:200]
    assert notes[0].endswith("the time jumps 32 years ahead at record 201 (and 1 more breaks)")


def test_a_stray_first_point_is_left_out_and_the_rest_starts_at_zero() -> None:
    times = [0.0] + [1e9 + t for t in range(300)]
    replayed, started, notes = kept(times)
    assert replayed == [float(t) for t in range(300)]
    assert started is not None
    assert (started - START).total_seconds() == 1e9
    assert "1 record left out: the time jumps 32 years ahead at record 2" in notes[0]


def test_points_ten_days_later_make_a_second_stretch_and_the_longest_is_kept() -> None:
    times = [float(t) for t in range(400)] + [864_000.0 + t for t in range(100)]
    replayed, _, notes = kept(times)
    assert replayed == times[:400]
    assert "100 records left out: the time jumps 10 days ahead at record 401" in notes[0]


def test_points_running_backwards_are_refused() -> None:
    with pytest.raises(ReplayError, match=r"^run.tcx: not one run in time order: the time goes "
                       r"back 1 s at record 2 \(and at 298 more places\)$"):  # fmt: skip
        in_time(PATH, records([float(t) for t in range(300, 0, -1)]), START)


def test_a_step_back_leaves_out_the_shorter_part() -> None:
    times = [float(t) for t in range(100)] + [50.0 + t for t in range(20)]
    replayed, _, notes = kept(times)
    assert replayed == times[:100]
    assert "20 records left out: the time goes back 49 s at record 101" in notes[0]


def test_a_stretch_longer_than_a_day_is_refused() -> None:
    times = [t * MAX_GAP_S for t in range(int(MAX_REPLAY_S / MAX_GAP_S) + 2)]
    with pytest.raises(ReplayError, match=r"lasts 25:00:00; replays are at most 24:00:00"):
        in_time(PATH, records(times), START)


@pytest.mark.parametrize("bad", [float("inf"), float("nan"), float("-inf")])
def test_a_time_that_is_not_finite_is_refused(bad: float) -> None:
    with pytest.raises(ReplayError, match=r"record 3 has no finite time"):
        in_time(PATH, records([0.0, 1.0, bad, 3.0]), START)


def test_no_records_is_refused() -> None:
    with pytest.raises(ReplayError, match="no timed records"):
        in_time(PATH, [], START)


def test_values_no_runner_gives_are_not_used_and_counted() -> None:
    found = Records(PATH)
    found.add(0.0, 85.0, 3.0, 150.0)
    found.add(1.0, 1e12, 3.0, 150.0)
    found.add(2.0, float("nan"), float("inf"), 0.0)  # a heart rate of 0 is no reading
    found.add(3.0, -5.0, 40.0, 300.0)
    found.add(4.0, None, None, None)
    assert found.found == [
        Record(0.0, 85.0, 3.0, 150.0),
        Record(1.0, None, 3.0, 150.0),
        Record(2.0, None, None, None),
        Record(3.0, None, None, None),
        Record(4.0, None, None, None),
    ]
    assert found.dropped == 6


def test_no_more_records_than_the_limit_are_kept() -> None:
    found = Records(PATH)
    for t in range(MAX_RECORDS):
        found.add(t / 4, 85.0, None, None)
    with pytest.raises(ReplayError, match=r"^run.tcx: more than 200,000 records"):
        found.add(MAX_RECORDS / 4, 85.0, None, None)
    assert len(found) == MAX_RECORDS


def test_a_speed_from_positions_that_jump_is_no_speed() -> None:
    assert speed_from(30.0, 10.0) == 3.0
    assert speed_from(-2.0, 1.0) == 0.0  # a distance that goes back: standing
    assert speed_from(300.0, 10.0) is None  # a GPS jump
    assert speed_from(10.0, 0.0) is None
    assert speed_from(float("nan"), 1.0) is None
