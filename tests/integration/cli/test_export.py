"""Exports of stored sessions, read back by independent parsers."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cadence_coach.cli import cli
from cadence_coach.history.store import Store


@pytest.fixture(scope="module")
def stored_session(tmp_path_factory: pytest.TempPathFactory) -> int:
    """A two-minute simulated session, rendered and stored; returns its id."""
    folder = tmp_path_factory.mktemp("export")
    result = CliRunner().invoke(
        cli, ["run", "--target", "172", "--duration", "2m", "--out", str(folder / "r.wav")]
    )
    assert result.exit_code == 0, result.stderr
    return max(s.id for s in Store().sessions())


def test_csv_round_trip(tmp_path: Path, stored_session: int) -> None:
    path = tmp_path / "s.csv"
    result = CliRunner().invoke(cli, ["export", str(stored_session), "--out", str(path)])
    assert result.exit_code == 0, result.stderr
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    stored = Store().samples(stored_session)
    assert len(rows) == len(stored) == 120
    for row, sample in zip(rows, stored, strict=True):
        assert float(row["t_s"]) == sample.t
        assert (float(row["cadence_spm"]) if row["cadence_spm"] else None) == sample.cadence_spm
        assert (
            float(row["heart_rate_bpm"]) if row["heart_rate_bpm"] else None
        ) == sample.heart_rate_bpm


def test_tcx_round_trip_through_an_independent_reader(tmp_path: Path, stored_session: int) -> None:
    from tcxreader.tcxreader import TCXReader

    path = tmp_path / "s.tcx"
    result = CliRunner().invoke(
        cli, ["export", str(stored_session), "--format", "tcx", "--out", str(path)]
    )
    assert result.exit_code == 0, result.stderr
    exercise = TCXReader().read(str(path), only_gps=False)
    stored = Store().samples(stored_session)
    assert exercise.activity_type == "Running"
    points = exercise.trackpoints
    assert len(points) == len(stored)
    assert (points[-1].time - points[0].time).total_seconds() == stored[-1].t - stored[0].t
    for point, sample in zip(points, stored, strict=True):
        if sample.heart_rate_bpm is not None:
            assert point.hr_value == round(sample.heart_rate_bpm)
        if sample.cadence_spm is not None:
            # TCX holds strides per minute: twice it is the step rate, within rounding.
            assert abs(2 * point.tpx_ext["RunCadence"] - sample.cadence_spm) <= 1


def test_fit_round_trip_through_an_independent_reader(tmp_path: Path, stored_session: int) -> None:
    import fitdecode

    path = tmp_path / "s.fit"
    result = CliRunner().invoke(
        cli, ["export", str(stored_session), "--format", "fit", "--out", str(path)]
    )
    assert result.exit_code == 0, result.stderr
    records, sessions = [], []
    with fitdecode.FitReader(str(path)) as fit:  # also checks the file's CRC
        for frame in fit:
            if isinstance(frame, fitdecode.FitDataMessage):
                values = {f.name: f.value for f in frame.fields}
                if frame.name == "record":
                    records.append(values)
                elif frame.name == "session":
                    sessions.append(values)
    stored = Store().samples(stored_session)
    assert len(records) == len(stored) == 120
    (session,) = sessions
    assert session["sport"] == "running"
    assert session["total_elapsed_time"] == 120
    t0 = records[0]["timestamp"]
    for record, sample in zip(records, stored, strict=True):
        assert (record["timestamp"] - t0).total_seconds() == sample.t
        if sample.heart_rate_bpm is not None:
            assert record["heart_rate"] == round(sample.heart_rate_bpm)
        if sample.cadence_spm is not None:
            # FIT holds strides per minute, whole and in 1/128 parts: twice it is the step
            # rate, to within the fraction's resolution.
            strides = record["cadence"] + (record.get("fractional_cadence") or 0)
            assert abs(2 * strides - sample.cadence_spm) <= 2 / 128
        else:
            assert record.get("cadence") is None
    moving = [s.cadence_spm for s in stored if s.cadence_spm is not None]
    mean_strides = session["avg_running_cadence"] + session["avg_fractional_cadence"]
    assert abs(2 * mean_strides - sum(moving) / len(moving)) <= 2 / 128


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["9999"], 1, "no session 9999"),
        (["1", "--format", "gpx"], 2, "--format"),
        (["abc"], 2, "ID"),
    ],
)
def test_export_bad_input(args: list[str], code: int, message: str, stored_session: int) -> None:
    result = CliRunner().invoke(cli, ["export", *args, "--out", "unused.csv"])
    assert result.exit_code == code
    assert result.stderr.count("\n") == 1
    assert message in result.stderr


@pytest.mark.parametrize("fmt", ["csv", "tcx", "fit"])
def test_an_export_keeps_its_pauses(tmp_path: Path, fmt: str) -> None:
    runner = CliRunner()
    made = runner.invoke(cli, ["demo", "--out", str(tmp_path / "d.wav")])  # a stop at 2:20
    assert made.exit_code == 0, made.stderr
    session_id = max(s.id for s in Store().sessions())
    stored = Store().session(session_id).summary
    assert stored is not None
    assert stored.pauses == 1
    path = tmp_path / f"d.{fmt}"
    assert runner.invoke(cli, ["export", str(session_id), "--format", fmt, "--out",
                               str(path)]).exit_code == 0  # fmt: skip
    replayed = runner.invoke(cli, ["replay", str(path), "--target", "172", "--json"])
    assert replayed.exit_code == 0, replayed.stderr
    assert json.loads(replayed.stdout)["pauses"] == 1
    if fmt == "fit":
        import fitdecode

        timers = []
        with fitdecode.FitReader(str(path)) as fit:
            for frame in fit:
                if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "event":
                    timers.append(frame.get_value("event_type"))
                elif isinstance(frame, fitdecode.FitDataMessage) and frame.name == "session":
                    timer_s = frame.get_value("total_timer_time")
                    elapsed_s = frame.get_value("total_elapsed_time")
        assert timers == ["start", "stop_all", "start", "stop_all"]
        assert elapsed_s - timer_s == pytest.approx(stored.paused_s, abs=1)


def test_a_replay_is_stored_with_the_recordings_own_date(tmp_path: Path) -> None:
    from tests.support.files import FENIX

    runner = CliRunner()
    done = runner.invoke(cli, ["replay", str(FENIX), "--target", "172"])
    assert done.exit_code == 0, done.stderr
    info = max(Store().sessions(), key=lambda s: s.id)
    assert info.started_at == "2015-08-15T14:45:08+00:00"  # the watch's own, not today's


@pytest.mark.parametrize(
    ("name", "kind"), [("s.fit", b".FIT"), ("s.tcx", b"<?xml"), ("s.csv", b"t_s")]
)
def test_the_extension_of_out_chooses_the_format(
    tmp_path: Path, stored_session: int, name: str, kind: bytes
) -> None:
    path = tmp_path / name
    result = CliRunner().invoke(cli, ["export", str(stored_session), "--out", str(path)])
    assert result.exit_code == 0, result.stderr
    head = path.read_bytes()[:16]
    assert kind in head, head


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "s.gpx"], "cannot export as .gpx: use .csv, .tcx or .fit"),
        (["--out", "s.tcx", "--format", "fit"], "s.tcx says TCX, --format says FIT"),
    ],
)
def test_an_extension_that_is_no_export_or_says_another_is_refused(
    tmp_path: Path, stored_session: int, args: list[str], message: str
) -> None:
    result = CliRunner().invoke(cli, ["export", str(stored_session), *args])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert message in result.stderr
    assert not (Path.cwd() / args[1]).exists()
