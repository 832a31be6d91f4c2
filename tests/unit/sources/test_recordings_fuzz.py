"""The real recordings in tests/data, mutated at random (bytes flipped, cut, repeated, times
moved), read by every reader: only a ReplayError ever escapes, and whatever is read is
bounded (a day at most, in time order, values a runner could give)."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cadence_coach.sources.recordings.activity import Activity, ReplayError
from cadence_coach.sources.recordings.checks import MAX_CADENCE_SPM, MAX_RECORDS, MAX_REPLAY_S
from cadence_coach.sources.recordings.load import load_activity
from tests.support.files import FENIX, STRYD
from tests.support.recordings import as_csv, as_gpx, as_tcx, fit_records

FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
TEXTS = {
    "tcx": as_tcx(fit_records(STRYD)),
    "gpx": as_gpx(fit_records(FENIX)[:400]),
    "csv": as_csv(fit_records(STRYD)),
}


def bounded(activity: Activity) -> None:
    """What any file read may give: a replay of at most a day, in time order, finite."""
    times = [r.t for r in activity.readings]
    assert 0 < activity.duration_s <= MAX_REPLAY_S + 1
    assert len(times) <= MAX_RECORDS
    assert times == sorted(times)
    assert times[0] >= 0
    for r in activity.readings:
        assert r.cadence_spm is None or 0 <= r.cadence_spm <= MAX_CADENCE_SPM
        for value in (r.speed_mps, r.heart_rate_bpm):
            assert value is None or math.isfinite(value)
    assert all("\n" not in note for note in activity.notes)


def read(path: Path, damaged: bool) -> None:
    try:
        activity = load_activity(path, damaged=damaged)
    except ReplayError as err:
        said = str(err)
        assert said.startswith(str(path))
        assert "\n" not in said
        event(f"refused: {said[len(str(path)) :].split('(')[0][:40]}")
        return
    event("read, with notes" if activity.notes else "read")
    bounded(activity)


edits = st.lists(
    st.tuples(
        st.sampled_from(["flip", "cut", "repeat", "drop", "byte"]),
        st.floats(0, 1),
        st.integers(1, 4000),
        st.integers(0, 255),
    ),
    min_size=1,
    max_size=4,
)


def edited(data: bytes, changes: list[tuple[str, float, int, int]]) -> bytes:
    out = bytearray(data)
    for kind, where, size, value in changes:
        at = int(where * max(len(out) - 1, 0))
        if kind == "flip" and out:
            out[at] ^= 1 << (value % 8)
        elif kind == "byte" and out:
            out[at] = value
        elif kind == "cut":
            out = out[:at]
        elif kind == "repeat":
            out[at:at] = out[at : at + size]
        elif kind == "drop":
            del out[at : at + size]
    return bytes(out)


@FUZZ
@given(changes=edits, damaged=st.booleans())
def test_mutated_fit_files(
    tmp_path: Path, changes: list[tuple[str, float, int, int]], damaged: bool
) -> None:
    path = tmp_path / "run.fit"
    path.write_bytes(edited(STRYD.read_bytes(), changes))
    read(path, damaged)


@settings(FUZZ, max_examples=8)
@given(changes=edits)
def test_mutated_fit_files_read_as_damaged(
    tmp_path: Path, changes: list[tuple[str, float, int, int]]
) -> None:
    """The longer run (little-endian, another watch), read as damaged: what is read is
    still bounded."""
    path = tmp_path / "run.fit"
    path.write_bytes(edited(FENIX.read_bytes(), changes))
    read(path, damaged=True)


@pytest.mark.parametrize("kind", sorted(TEXTS))
@FUZZ
@given(changes=edits, damaged=st.booleans())
def test_mutated_text_files(
    tmp_path: Path, kind: str, changes: list[tuple[str, float, int, int]], damaged: bool
) -> None:
    path = tmp_path / f"run.{kind}"
    path.write_bytes(edited(TEXTS[kind].encode(), changes))
    read(path, damaged)


TIMES = re.compile(r"(\d{4})(-\d\d-\d\dT\d\d:\d\d:\d\d)(Z?)")


@pytest.mark.parametrize("kind", ["tcx", "gpx"])
@FUZZ
@given(
    moves=st.lists(
        st.tuples(st.floats(0, 1), st.integers(1, 9999), st.booleans()), min_size=1, max_size=6
    )
)
def test_times_moved_to_any_year(
    tmp_path: Path, kind: str, moves: list[tuple[float, int, bool]]
) -> None:
    """Points dated anywhere from year 1 to 9999, with or without a zone."""
    text = TEXTS[kind]
    stamps = list(TIMES.finditer(text))
    chosen = {int(where * (len(stamps) - 1)): (year, zone) for where, year, zone in moves}
    out, last = [], 0
    for i, m in enumerate(stamps):
        if i in chosen:
            year, zone = chosen[i]
            out += [text[last : m.start()], f"{year:04d}{m.group(2)}{'Z' if zone else ''}"]
            last = m.end()
    path = tmp_path / f"run.{kind}"
    path.write_text("".join(out) + text[last:])
    read(path, damaged=False)


@FUZZ
@given(
    times=st.lists(
        st.one_of(
            st.floats(allow_nan=True, allow_infinity=True),
            st.sampled_from(["", "x", "1e12", "-1", "1_0", "0x10"]),
        ),
        min_size=1,
        max_size=60,
    ),
    cadences=st.lists(st.one_of(st.floats(), st.just("")), min_size=1, max_size=60),
)
def test_csv_of_any_times_and_cadences(
    tmp_path: Path, times: list[float | str], cadences: list[float | str]
) -> None:
    rows = [f"{t},{cadences[i % len(cadences)]},3.0" for i, t in enumerate(times)]
    path = tmp_path / "run.csv"
    path.write_text("t_s,cadence_spm,speed_mps\n" + "\n".join(rows) + "\n")
    read(path, damaged=False)
    read(path, damaged=True)
