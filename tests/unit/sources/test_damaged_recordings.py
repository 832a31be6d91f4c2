"""Damaged, odd and oversized recordings made from the real runs in tests/data: each is
refused in one line naming the file, or read with what was left out said, and none can make
a replay run on or grow without bound."""

from __future__ import annotations

import os
import struct
import threading
import tracemalloc
from datetime import timedelta
from pathlib import Path

import pytest

from cadence_coach.sources.recordings.activity import Activity, ReplayError
from cadence_coach.sources.recordings.checks import MAX_RECORDS, MAX_REPLAY_S
from cadence_coach.sources.recordings.files import MAX_BYTES, MB
from cadence_coach.sources.recordings.load import load_activity
from tests.support.files import FENIX, STRYD
from tests.support.recordings import (
    as_csv,
    as_gpx,
    as_tcx,
    fit_records,
    timestamp_offsets,
    with_crc,
)


def flipped(path: Path, at: int, bit: int = 0x10) -> bytearray:
    data = bytearray(path.read_bytes())
    data[at] ^= bit
    return data


def test_a_flipped_byte_is_refused_by_the_checksum(tmp_path: Path) -> None:
    path = tmp_path / "run.fit"
    path.write_bytes(flipped(FENIX, 5000))
    with pytest.raises(ReplayError, match=r"run.fit: damaged: its checksum does not match "
                       r"\(`replay --damaged` reads what it can\)$"):  # fmt: skip
        load_activity(path)


def test_a_damaged_file_is_read_on_request_and_said(tmp_path: Path) -> None:
    path = tmp_path / "run.fit"
    path.write_bytes(flipped(FENIX, 5000))
    activity = load_activity(path, damaged=True)
    assert activity.notes[0] == (
        "run.fit is damaged (its checksum does not match): replaying what could be read"
    )
    assert activity.duration_s == load_activity(FENIX).duration_s
    assert load_activity(FENIX).notes == ()  # a sound file says nothing


@pytest.mark.parametrize("path", [FENIX, STRYD])
def test_a_timestamp_far_ahead_with_a_right_checksum_is_left_out(
    tmp_path: Path, path: Path
) -> None:
    """As a device that wrote one wrong time would have written it: the checksum is
    right, the time is not."""
    offsets = timestamp_offsets(path)
    at, order = offsets[len(offsets) // 2]
    data = bytearray(path.read_bytes())
    (stamp,) = struct.unpack(f"{order}I", data[at : at + 4])
    data[at : at + 4] = struct.pack(f"{order}I", stamp + 10 * 365 * 86400)  # ten years on
    bad = tmp_path / "run.fit"
    bad.write_bytes(with_crc(data))
    whole = load_activity(path)
    activity = load_activity(bad)
    assert activity.duration_s <= whole.duration_s
    assert len(activity.readings) >= len(whole.readings) // 2
    assert activity.notes == (
        f"1 record out of line with the run around them left out: the time jumps 10 years "
        f"ahead at record {len(offsets) // 2 + 1:,}",
    )


def test_a_fit_file_cut_short_is_refused_then_read_up_to_the_cut(tmp_path: Path) -> None:
    path = tmp_path / "cut.fit"
    path.write_bytes(FENIX.read_bytes()[:60_000])
    with pytest.raises(ReplayError, match=r"cut.fit: not a readable FIT file \(FitEOFError: .*\); "
                       r"`replay --damaged` reads what it can$"):  # fmt: skip
        load_activity(path)
    activity = load_activity(path, damaged=True)
    assert "cut.fit is damaged (unreadable after 1,391 records" in activity.notes[0]
    assert 0 < activity.duration_s < load_activity(FENIX).duration_s


def test_every_reader_failure_is_a_replay_error(tmp_path: Path) -> None:
    """Damaged FIT files make fitdecode raise TypeError, KeyError, struct.error, assertions:
    every one is a line naming the file, never the library's own error."""
    data = STRYD.read_bytes()
    seen = set()
    for at in range(14, 1400, 37):
        path = tmp_path / "bad.fit"
        path.write_bytes(with_crc(flipped(STRYD, at, 0xFF)) if at < len(data) - 2 else data)
        try:
            load_activity(path)
            continue
        except ReplayError as err:
            said = str(err)
        assert said.startswith(f"{path}: ")
        assert "\n" not in said
        seen.add(said.split("(")[-1].split(":")[0])
    assert len(seen) > 1  # several kinds of failure went through


def test_a_tcx_trackpoint_200_years_later_is_left_out(tmp_path: Path) -> None:
    records = fit_records(STRYD)
    late = records[-1]["timestamp"]
    records[-1] = {**records[-1], "timestamp": late.replace(year=late.year + 200)}
    path = tmp_path / "late.tcx"
    path.write_text(as_tcx(records))
    activity = load_activity(path)
    assert activity.duration_s == (late - records[0]["timestamp"]).total_seconds()
    assert "the time jumps 200 years ahead at record 399" in activity.notes[0]


def test_trackpoints_in_reverse_order_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "back.tcx"
    path.write_text(as_tcx(list(reversed(fit_records(STRYD)))))
    with pytest.raises(ReplayError, match=r"back.tcx: not one run in time order: the time goes "
                       r"back"):  # fmt: skip
        load_activity(path)


@pytest.mark.parametrize("kind", ["tcx", "gpx"])
def test_a_time_without_a_zone_among_utc_times_is_utc(tmp_path: Path, kind: str) -> None:
    records = [r for r in fit_records(FENIX)[:600] if r.get("position_lat") is not None]
    text = as_tcx(records) if kind == "tcx" else as_gpx(records)
    tag = "</Time>" if kind == "tcx" else "</time>"
    at = text.index("Z" + tag, len(text) // 2)
    mixed = tmp_path / f"mixed.{kind}"
    mixed.write_text(text[:at] + text[at + 1 :])
    whole = tmp_path / f"whole.{kind}"
    whole.write_text(text)
    assert load_activity(mixed).readings == load_activity(whole).readings


def test_a_time_that_is_not_a_time_names_the_point(tmp_path: Path) -> None:
    text = as_gpx(fit_records(FENIX)[:300])
    at = text.index("<time>", len(text) // 2) + len("<time>")
    path = tmp_path / "bad.gpx"
    path.write_text(text[:at] + "noon" + text[at + 20 :])
    with pytest.raises(ReplayError, match=r"bad.gpx: track point \d+: its time 'noon"):
        load_activity(path)


@pytest.mark.parametrize("kind", ["tcx", "gpx"])
def test_xml_cut_short_is_refused_then_read_up_to_the_cut(tmp_path: Path, kind: str) -> None:
    records = fit_records(FENIX)[:600]
    text = as_tcx(records) if kind == "tcx" else as_gpx(records)
    path = tmp_path / f"cut.{kind}"
    path.write_text(text[: len(text) // 2])
    with pytest.raises(ReplayError, match=f"cut.{kind}: not a readable {kind.upper()} file"):
        load_activity(path)
    activity = load_activity(path, damaged=True)
    assert activity.notes[0].startswith(f"cut.{kind} is damaged (unreadable after ")
    assert 0 < activity.duration_s < 600


def csv_of(tmp_path: Path, lines: list[str], name: str = "run.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(["t_s,cadence_spm,speed_mps", *lines]) + "\n")
    return path


@pytest.mark.parametrize("bad", ["inf", "nan", "-inf"])
def test_a_csv_time_that_is_not_finite_names_the_line(tmp_path: Path, bad: str) -> None:
    lines = [f"{t},170,3.0" for t in range(100)]
    path = csv_of(tmp_path, [*lines[:50], f"{bad},170,3.0", *lines[50:]])
    with pytest.raises(ReplayError, match=f"run.csv, line 52: t_s is {bad}, not a finite"):
        load_activity(path)
    activity = load_activity(path, damaged=True)
    assert activity.notes[0] == (
        "run.csv is damaged (1 rows unreadable, skipped): replaying what could be read"
    )
    assert activity.duration_s == 100


def test_a_csv_time_of_1e12_is_left_out(tmp_path: Path) -> None:
    path = csv_of(tmp_path, [f"{t},170,3.0" for t in range(300)] + ["1e12,170,3.0"])
    activity = load_activity(path)
    assert activity.duration_s == 300
    assert "31,688 years ahead at record 301" in activity.notes[0]


def test_a_cadence_that_never_moves_is_refused(tmp_path: Path) -> None:
    """The median moving cadence of such a file was a StatisticsError."""
    path = csv_of(tmp_path, [f"{t},30,1.0" for t in range(300)])
    with pytest.raises(ReplayError, match="no cadence above 40 steps a minute: nothing moving"):
        load_activity(path)


def test_impossible_values_are_not_used_and_said(tmp_path: Path) -> None:
    path = tmp_path / "run.csv"
    records = fit_records(STRYD)
    text = as_csv(records).splitlines()
    for i in range(10, 20):
        t, _, speed, heart = text[i].split(",")
        text[i] = f"{t},1e12,{speed},{heart}"
    path.write_text("\n".join(text) + "\n")
    activity = load_activity(path)
    assert all(r.cadence_spm is None or r.cadence_spm <= 300 for r in activity.readings)
    assert "not used: 10 values no runner gives" in activity.notes[0]


def test_a_day_and_a_bit_is_refused(tmp_path: Path) -> None:
    path = csv_of(tmp_path, [f"{t * 1800},170,3.0" for t in range(51)])  # 25 hours
    with pytest.raises(ReplayError, match="lasts 25:00:00; replays are at most 24:00:00"):
        load_activity(path)


def test_too_many_records_are_refused(tmp_path: Path) -> None:
    path = csv_of(tmp_path, [f"{t / 4},170," for t in range(MAX_RECORDS + 1)])
    with pytest.raises(ReplayError, match=r"more than 200,000 records"):
        load_activity(path)


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null", "/tmp"])
def test_a_link_to_something_other_than_a_file_is_refused(tmp_path: Path, target: str) -> None:
    path = tmp_path / "run.gpx"
    os.symlink(target, path)
    kind = "a directory" if target == "/tmp" else "a device"
    with pytest.raises(ReplayError, match=f"run.gpx: {kind}, not a recording file"):
        load_activity(path)


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "run.csv"
    os.mkfifo(path)
    errors: list[str] = []

    def load() -> None:
        try:
            load_activity(path)
        except ReplayError as err:
            errors.append(str(err))

    reader = threading.Thread(target=load, daemon=True)
    reader.start()
    reader.join(60)  # a reader stuck on the pipe would still be alive
    assert errors == [f"{path}: a pipe, not a recording file"]


@pytest.mark.parametrize("suffix", [".fit", ".gpx"])
def test_a_file_over_the_limit_is_refused_unread(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"big{suffix}"
    with path.open("wb") as f:
        f.truncate(MAX_BYTES[suffix] + 1)  # sparse: nothing written, nothing to read
    limit = f"recordings are read up to {MAX_BYTES[suffix] // MB} MB"
    with pytest.raises(ReplayError, match=limit):
        load_activity(path)


def long_run(records: list[dict[str, object]], times: int) -> list[dict[str, object]]:
    """The run again and again, each time after the last, as one long recording."""
    first, last = records[0]["timestamp"], records[-1]["timestamp"]
    assert isinstance(first, type(last))
    lap = (last - first).total_seconds() + 1  # type: ignore[operator]
    return [
        {**r, "timestamp": r["timestamp"] + timedelta(seconds=n * lap)}  # type: ignore[operator]
        for n in range(times)
        for r in records
    ]


PAD = "<Notes>" + "a lap note " * 300 + "</Notes>"
"""Three kilobytes in each point that no reader uses: the whole tree would hold them all."""


@pytest.mark.parametrize("kind", ["tcx", "gpx"])
def test_xml_is_read_in_memory_that_grows_with_the_records_not_the_file(
    tmp_path: Path, kind: str
) -> None:
    records = long_run([r for r in fit_records(FENIX)[:1000] if r.get("position_lat")], 2)
    text = as_tcx(records) if kind == "tcx" else as_gpx(records)
    end = "</Trackpoint>" if kind == "tcx" else "</trkpt>"
    path = tmp_path / f"long.{kind}"
    path.write_text(text.replace(end, PAD + end))
    short = tmp_path / f"short.{kind}"
    short.write_text(as_tcx(records[:200]) if kind == "tcx" else as_gpx(records[:200]))
    load_activity(short)  # the modules it needs imported before memory is counted
    tracemalloc.start()
    try:
        activity = load_activity(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert len(activity.readings) > 1500
    assert path.stat().st_size > 3000 * len(activity.readings)
    assert peak < 1000 * len(activity.readings)


def test_every_activity_read_is_bounded(tmp_path: Path) -> None:
    for activity in (load_activity(FENIX), load_activity(STRYD)):
        assert isinstance(activity, Activity)
        assert activity.duration_s <= MAX_REPLAY_S + 1
