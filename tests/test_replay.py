"""Replays of real recorded runs (shared/data/activities) through the coach."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
from click.testing import CliRunner

from cadence_coach.cli import cli
from cadence_coach.sources.replay import ReplayError, _decide_units, load_activity
from cadence_coach.store import Store

ACTIVITIES = Path(__file__).resolve().parent / "data"
FENIX = ACTIVITIES / "fitparse__activity-small-fenix2-run.fit"
STRYD = ACTIVITIES / "fuzzylabs__stryd-backgaden-1km.fit"


def raw_steps(path: Path) -> list[float]:
    """Steps per minute straight from the file's records, with an independent reader."""
    import fitdecode

    out = []
    with fitdecode.FitReader(str(path)) as fit:
        for frame in fit:
            if isinstance(frame, fitdecode.FitDataMessage) and frame.name == "record":
                strides = frame.get_value("cadence", fallback=None)
                if strides:
                    out.append(2.0 * strides)
    return [c for c in out if c >= 40]


def replay_json(path: Path, *args: str) -> dict[str, object]:
    result = CliRunner().invoke(cli, ["replay", str(path), "--json", *args])
    assert result.exit_code == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout)
    return report


@pytest.mark.parametrize("path", [FENIX, STRYD])
def test_replay_means_match_the_raw_file(path: Path) -> None:
    steps = raw_steps(path)
    report = replay_json(path, "--target", "172")
    assert report["cadence_mean_spm"] == pytest.approx(statistics.fmean(steps), abs=1)
    assert report["cadence_median_spm"] == pytest.approx(statistics.median(steps), abs=1)
    zone = report["zone_spm"]
    assert isinstance(zone, list)
    lo, hi = zone
    in_zone = 100 * sum(lo <= c <= hi for c in steps) / len(steps)
    assert report["time_in_zone_pct"] == pytest.approx(in_zone, abs=2.5)
    assert report["moving_s"] == pytest.approx(
        len(steps), rel=0.02
    )  # zeros at start and stop excluded


def test_units_are_judged_and_said_and_can_be_overridden() -> None:
    activity = load_activity(STRYD)
    assert activity.units == "strides"
    assert "from speed" in activity.how
    forced = load_activity(STRYD, units="steps")
    assert forced.units == "steps"
    a = [r.cadence_spm for r in activity.readings if r.cadence_spm]
    b = [r.cadence_spm for r in forced.readings if r.cadence_spm]
    assert statistics.fmean(a) == pytest.approx(2 * statistics.fmean(b))
    result = CliRunner().invoke(cli, ["replay", str(STRYD), "--target", "172"])
    assert "cadence taken as strides per minute (from speed" in result.stdout


@pytest.mark.parametrize(
    ("cadences", "speeds", "units"),
    [
        ([82.0, 84.0, 0.0, 85.0], [3.0, 3.1, 0.0, 3.0], "strides"),
        ([168.0, 170.0, 172.0], [3.0, 3.0, 3.1], "steps"),
        ([84.0, 85.0], [], "strides"),
        ([170.0, 171.0], [], "steps"),
        ([120.0, 121.0], [4.5, 4.6], "strides"),  # as steps: 2.3 m, no human step
    ],
)
def test_decide_units(cadences: list[float], speeds: list[float], units: str) -> None:
    assert _decide_units(cadences, speeds)[0] == units


def test_heart_rate_zeros_are_missing_not_zero() -> None:
    assert all(r.heart_rate_bpm is None for r in load_activity(STRYD).readings)
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
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert message in result.stderr
    with pytest.raises(ReplayError):
        load_activity(path)


def test_only_fit_so_far(tmp_path: Path) -> None:
    (tmp_path / "run.gpx").write_text("<gpx/>")
    with pytest.raises(ReplayError, match="only FIT"):
        load_activity(tmp_path / "run.gpx")


def test_replay_can_render_what_the_runner_would_have_heard(tmp_path: Path) -> None:
    out = tmp_path / "heard.wav"
    result = CliRunner().invoke(cli, ["replay", str(STRYD), "--target", "172", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    assert out.stat().st_size > 48_000 * 2 * 390
