"""``cadence-coach steps`` and ``replay`` of an accelerometer file, as a user runs them."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from cadence_coach.cli import cli
from tests.support.accelerometer import DATA, walk

NAME = "Samsung_Dario_Hard_NeckPouch_1"


@pytest.fixture
def walk_csv(tmp_path: Path) -> Path:
    path = tmp_path / "walk.csv"
    path.write_bytes(gzip.decompress((DATA / f"{NAME}_acc.csv.gz").read_bytes()))
    return path


def test_steps_json_has_the_documented_shape_and_the_true_count(walk_csv: Path) -> None:
    result = CliRunner().invoke(cli, ["steps", str(walk_csv), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) == {"steps_t_s", "cadence"}
    steps = np.array(out["steps_t_s"])
    truth = walk(NAME).truth_s
    assert abs(int((steps < 59).sum()) - int((truth < 59).sum())) <= 0.03 * (truth < 59).sum()
    assert [c["t_s"] for c in out["cadence"]] == list(range(1, 60))
    assert all(set(c) == {"t_s", "spm"} for c in out["cadence"])
    assert out["cadence"][0]["spm"] is None  # before the first look: nothing known
    spm = [c["spm"] for c in out["cadence"] if c["spm"] is not None]
    assert abs(float(np.median(spm)) - walk(NAME).truth_spm) < 5


def test_steps_prints_times_and_a_cadence_per_second(walk_csv: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cadence_coach", "steps", str(walk_csv)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("walk.csv: 60.0 s of acceleration in m/s² at about 202 Hz; ")
    assert lines[1].startswith("steps at (s): ")
    assert "cadence per second:" in lines
    assert any(line.strip().endswith(")") and " spm  (confidence " in line for line in lines)


def test_a_bad_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("t_s,ax,ay,az\n0,0,0,1\n1,0,0,1\n0.5,0,0,1\n")
    done = subprocess.run(
        [sys.executable, "-m", "cadence_coach", "steps", str(bad)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert (
        done.stderr
        == f"error: {bad}, line 4: t_s goes back from 1 to 0.5 (sample times must not decrease)\n"
    )


def test_replay_of_an_accelerometer_file_runs_through_the_coach(walk_csv: Path) -> None:
    result = CliRunner().invoke(cli, ["--no-history", "replay", str(walk_csv), "--json",
                                      "--target", "120"])  # fmt: skip
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["cadence_median_spm"] == pytest.approx(walk(NAME).truth_spm, abs=4)
    assert "steps detected in its acceleration" in result.stderr
