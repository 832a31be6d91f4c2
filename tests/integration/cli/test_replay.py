"""Replays of real recorded runs (shared/data/activities) through the coach."""

from __future__ import annotations

import json
import statistics
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cadence_coach.cli import cli
from cadence_coach.history.store import Store
from cadence_coach.sources.recordings.activity import ReplayError
from cadence_coach.sources.recordings.load import load_activity
from cadence_coach.sources.strides import CadenceUnit
from tests.support.files import FENIX, STRYD
from tests.support.recordings import as_gpx, as_tcx, fit_records


def raw_steps(path: Path) -> list[float]:
    """Steps per minute straight from the file's records, with an independent reader."""
    return [c for c, _ in raw_records(path)]


def raw_records(path: Path) -> list[tuple[float, float | None]]:
    """Each moving record's steps per minute and speed, with an independent reader."""
    import fitdecode

    out = []
    with fitdecode.FitReader(str(path)) as fit:
        for frame in fit:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                strides = frame.get_value("cadence", fallback=None)
                speed = frame.get_value("enhanced_speed", fallback=None)
                if speed is None:
                    speed = frame.get_value("speed", fallback=None)
                if strides and 2.0 * strides >= 40:
                    out.append((2.0 * strides, speed))
    return out


def running(records: list[tuple[float, float | None]]) -> list[float]:
    """The steps of running records: a walk (under 145 spm, slower than 2.3 m/s) is not
    judged against a running zone."""
    return [c for c, v in records if c >= 145 or (v is not None and v >= 2.3)]


def replay_json(path: Path, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(cli, ["replay", str(path), "--json", *args])
    assert result.exit_code == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout)
    return report


@pytest.mark.parametrize("path", [FENIX, STRYD])
def test_replay_means_match_the_raw_file(path: Path) -> None:
    steps = running(raw_records(path))
    target = round(statistics.median(steps))  # the runner's own: the coach never steps down
    report = replay_json(path, "--target", str(target))
    assert report["target_changes"] == []
    assert report["cadence_mean_spm"] == pytest.approx(statistics.fmean(steps), abs=1)
    assert report["cadence_median_spm"] == pytest.approx(statistics.median(steps), abs=1)
    zone = report["zone_spm"]
    assert isinstance(zone, list)
    lo, hi = zone
    # time in zone is judged on a ten-second median, as a watch shows it, not record by record
    steady = [statistics.median(steps[max(0, i - 9) : i + 1]) for i in range(len(steps))]
    in_zone = 100 * sum(lo <= c <= hi for c in steady) / len(steady)
    assert report["time_in_zone_pct"] == pytest.approx(in_zone, abs=2.5)
    # zeros at start and stop, and walks, excluded
    assert report["moving_s"] == pytest.approx(len(steps), rel=0.02)


def test_the_units_assumed_are_said() -> None:
    result = CliRunner().invoke(cli, ["replay", str(STRYD), "--target", "172"])
    assert "cadence taken as strides per minute (from speed" in result.stdout


def test_heart_rate_zeros_are_missing_not_zero() -> None:
    report = replay_json(STRYD, "--target", "172")
    assert report["heart_rate_mean_bpm"] is None
    assert replay_json(FENIX, "--target", "172")["heart_rate_mean_bpm"] is not None


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p.write_bytes(STRYD.read_bytes()[:5000]), "not a readable FIT file"),
        (lambda p: p.write_bytes(b"junk"), "not a readable FIT file"),
        (lambda p: None, "no such file"),
    ],
)
def test_bad_recordings_are_one_line_and_store_nothing(
    tmp_path: Path, make: object, message: str
) -> None:
    path = tmp_path / "bad.fit"
    make(path)  # type: ignore[operator]
    stored = len(Store().sessions())
    result = CliRunner().invoke(cli, ["replay", str(path)])
    assert len(Store().sessions()) == stored
    assert result.exit_code == 2  # a bad recording is a bad value
    assert result.stderr.count("\n") == 1
    assert message in result.stderr
    with pytest.raises(ReplayError):
        load_activity(path)


# -- TCX, GPX and our CSV -----------------------------------------------------------------


def steps_of(records: list[dict[str, Any]]) -> list[float]:
    """The running steps the records hold (walks left out, as the coach leaves them)."""
    pairs = [
        (2.0 * r["cadence"], r.get("enhanced_speed", r.get("speed")))
        for r in records
        if r.get("cadence") and 2 * r["cadence"] >= 40
    ]
    return running(pairs)


@pytest.mark.parametrize("kind", ["tcx", "gpx"])
def test_tcx_and_gpx_replays_match_the_records_they_hold(tmp_path: Path, kind: str) -> None:
    records = fit_records(FENIX)
    if kind == "gpx":
        records = [r for r in records if r.get("position_lat") is not None]
    path = tmp_path / f"run.{kind}"
    path.write_text(as_tcx(records) if kind == "tcx" else as_gpx(records))
    steps = steps_of(records)
    activity = load_activity(path)
    assert activity.units is CadenceUnit.STRIDES
    assert "from speed" in activity.how  # speed is there (TPX Speed, or GPX positions)
    report = replay_json(path, "--target", "166")
    assert report["target_changes"] == []
    assert report["cadence_mean_spm"] == pytest.approx(statistics.fmean(steps), abs=1)
    assert report["cadence_median_spm"] == pytest.approx(statistics.median(steps), abs=1)
    hearts = [r["heart_rate"] for r in records if r.get("heart_rate")]
    assert report["heart_rate_mean_bpm"] == pytest.approx(statistics.fmean(hearts), abs=2)


def test_a_cadence_coach_csv_replays_in_steps(tmp_path: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(cli, ["run", "--target", "172", "--duration", "3m", "--out",
                               str(tmp_path / "r.wav")])  # fmt: skip
    assert done.exit_code == 0, done.stderr
    session = max(s.id for s in Store().sessions())
    stored = [row.cadence_spm for row in Store().samples(session) if row.cadence_spm is not None]
    csv_path = tmp_path / "s.csv"
    assert runner.invoke(cli, ["export", str(session), "--out", str(csv_path)]).exit_code == 0
    activity = load_activity(csv_path)
    assert (activity.units, activity.how) == (CadenceUnit.STEPS, "a cadence-coach CSV holds steps")
    report = replay_json(csv_path, "--target", "172")
    assert report["cadence_mean_spm"] == pytest.approx(statistics.fmean(stored), abs=1)


def cycling_fit(path: Path) -> None:
    """A short ride written with fit-tool: cadence there is pedal revolutions."""
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.record_message import RecordMessage
    from fit_tool.profile.messages.session_message import SessionMessage
    from fit_tool.profile.profile_type import FileType, Manufacturer, Sport

    builder = FitFileBuilder(auto_define=True)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.time_created = 1_700_000_000_000
    builder.add(file_id)
    for i in range(30):
        record = RecordMessage()
        record.timestamp = 1_700_000_000_000 + i * 1000
        record.cadence = 90
        record.speed = 8.0
        builder.add(record)
    session = SessionMessage()
    session.sport = Sport.CYCLING
    session.timestamp = 1_700_000_030_000
    builder.add(session)
    builder.build().to_file(str(path))


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("ride.fit", cycling_fit, "a cycling activity, not a run"),
        ("ride.tcx", lambda p: p.write_text(as_tcx(fit_records(FENIX)[:60], "Biking")),
         "a Biking activity, not a run"),
        ("ride.gpx", lambda p: p.write_text(as_gpx(fit_records(FENIX)[:60], "cycling")),
         "a cycling activity, not a run"),
        ("cut.tcx", lambda p: p.write_text(as_tcx(fit_records(FENIX)[:60])[:3000]),
         "not a readable TCX file"),
        ("cut.gpx", lambda p: p.write_text(as_gpx(fit_records(FENIX)[:60])[:3000]),
         "not a readable GPX file"),
        ("none.tcx", lambda p: p.write_text(as_tcx([{**r, "cadence": None}
                                                    for r in fit_records(FENIX)[:60]])),
         "no cadence in its records"),
        ("other.csv", lambda p: p.write_text("time,steps\n1,170\n"), "not a cadence-coach CSV"),
        ("bad.csv", lambda p: p.write_text("t_s,cadence_spm\nnoon,170\n"),
         "line 2: t_s 'noon' is not a number"),
        ("inf.csv", lambda p: p.write_text("t_s,cadence_spm\n0,170\ninf,170\n"),
         "line 3: t_s is inf, not a finite number"),
        ("still.csv", lambda p: p.write_text("t_s,cadence_spm\n0,30\n1,30\n"),
         "no cadence above 40 steps a minute"),
        ("back.tcx", lambda p: p.write_text(as_tcx(fit_records(FENIX)[60::-1])),
         "not one run in time order: the time goes back 1 s at record 2"),
        ("flipped.fit", lambda p: p.write_bytes(FENIX.read_bytes()[:5000] + b"\x00"
                                                + FENIX.read_bytes()[5001:]),
         "damaged: its checksum does not match (`replay --damaged` reads what it can)"),
        ("zero.gpx", lambda p: p.symlink_to("/dev/zero"), "a device, not a recording file"),
    ],
)  # fmt: skip
def test_bad_or_non_running_recordings_are_one_line_and_store_nothing(
    tmp_path: Path, name: str, make: Callable[[Path], object], message: str
) -> None:
    path = tmp_path / name
    make(path)
    stored = len(Store().sessions())
    result = CliRunner().invoke(cli, ["replay", str(path)])
    assert len(Store().sessions()) == stored
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert message in result.stderr


def test_a_damaged_file_is_replayed_on_request_and_said(tmp_path: Path) -> None:
    path = tmp_path / "run.fit"
    path.write_bytes(STRYD.read_bytes()[:-1] + b"\x00")  # the checksum's last byte
    refused = CliRunner().invoke(cli, ["replay", str(path), "--target", "172"])
    assert refused.exit_code == 2
    result = CliRunner().invoke(cli, ["replay", str(path), "--target", "172", "--damaged"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "warning: run.fit is damaged (its checksum does not match): replaying what could be read\n"
    )
    assert "session 6:39" in result.stdout
    assert "stored as session" in result.stdout


def test_what_a_replay_leaves_out_is_said(tmp_path: Path) -> None:
    records = fit_records(STRYD)
    late = records[-1]["timestamp"]
    records[-1] = {**records[-1], "timestamp": late.replace(year=late.year + 200)}
    path = tmp_path / "late.tcx"
    path.write_text(as_tcx(records))
    result = CliRunner().invoke(cli, ["replay", str(path), "--target", "172"])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "warning: replaying the longest stretch in time order (6:38); 1 record left out: the "
        "time jumps 200 years ahead at record 399\n"
    )
    assert "session 6:38" in result.stdout


def test_replay_can_render_what_the_runner_would_have_heard(tmp_path: Path) -> None:
    out = tmp_path / "heard.wav"
    result = CliRunner().invoke(cli, ["replay", str(STRYD), "--target", "172", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.stat().st_size > 48_000 * 2 * 390
