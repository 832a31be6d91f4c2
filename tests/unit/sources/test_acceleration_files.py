"""Recorded acceleration files: read in g or m/s², at irregular times, and every kind of bad
file refused in one line that names the file and, where it can, the line."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from cadence_coach.sources.reading import Reading
from cadence_coach.sources.recordings.accelerometer import read
from cadence_coach.sources.recordings.activity import ReplayError
from cadence_coach.sources.recordings.files import names_acceleration, open_recording
from cadence_coach.sources.recordings.load import load_activity
from cadence_coach.sources.strides import CadenceUnit
from tests.support.accelerometer import DATA, walk

NAME = "Samsung_Carmelo_Hard_Armband_1"


@pytest.fixture
def walk_csv(tmp_path: Path) -> Path:
    """The real walk as a user would have it: a plain CSV in m/s²."""
    path = tmp_path / "walk.csv"
    path.write_bytes(gzip.decompress((DATA / f"{NAME}_acc.csv.gz").read_bytes()))
    return path


def test_m_per_s2_and_g_give_the_same_steps(walk_csv: Path, tmp_path: Path) -> None:
    a = read(walk_csv)
    assert a.units.name == "m/s²"
    in_g = tmp_path / "g.csv"
    rows = np.column_stack([a.t_s, a.xyz_g])
    np.savetxt(in_g, rows, delimiter=",", header="t_s,ax,ay,az", comments="", fmt="%.6f")
    b = read(in_g)
    assert b.units.name == "g"
    assert np.allclose(a.xyz_g, b.xyz_g, atol=1e-5)
    assert np.diff(a.t_s).std() > 0.0005  # the phone's own irregular times, kept


def test_a_replayed_walk_carries_each_seconds_confidence(walk_csv: Path) -> None:
    activity = load_activity(walk_csv)
    assert activity.units is CadenceUnit.STEPS
    assert "steps detected in its acceleration (m/s², about 203 Hz)" in activity.how
    assert all(isinstance(r, Reading) and r.cadence_confidence is not None
               for r in activity.readings)  # fmt: skip
    # it starts where the detector could first tell, as a live session waits for it
    assert activity.readings[0].t == 0.0
    assert activity.readings[0].cadence_spm is not None
    sure = [r.cadence_spm for r in activity.readings if (r.cadence_confidence or 0) >= 0.5]
    truth = walk(NAME).truth_spm
    assert abs(float(np.median([c for c in sure if c])) - truth) < 0.03 * truth


def test_the_header_tells_acceleration_from_our_own_csv(tmp_path: Path) -> None:
    ours = tmp_path / "session.csv"
    ours.write_text("t_s,cadence_spm,speed_mps\n0,170,3.0\n")
    axes = tmp_path / "axes.csv"
    axes.write_text("t_s,ax,ay\n0,0,0\n")
    with open_recording(ours) as f:
        assert not names_acceleration(f)
    with open_recording(axes) as f:
        assert names_acceleration(f)  # then told what is missing, below


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("t_s,ax,ay\n0,0,0\n", "needs the columns t_s, ax, ay, az (missing: az)"),
        ("t_s,ax,ay,az\n0,0,0,1\n0.01,x,0,1\n", "line 3: ax 'x' is not a number"),
        ("t_s,ax,ay,az\n0,0,0,1\n0.01,0,nan,1\n", "line 3: ay is nan, not a finite number"),
        ("t_s,ax,ay,az\n0,0,0,1\n1,0,0,1\n0.5,0,0,1\n3,0,0,1\n",
         "line 4: t_s goes back from 1 to 0.5 (sample times must not decrease)"),
        ("t_s,ax,ay,az\n0,0,0,1\n1,0,0,1\n", "steps need at least 2 s of acceleration"),
        ("t_s,ax,ay,az\n0,0,0,100\n3,0,0,100\n", "median magnitude of the acceleration is 100"),
        ("t_s,ax,ay,az\n0,0,0,1\n2,0,0,1\n", "--units does not apply"),
        ("t_s,ax,ay,az\n" + "".join(f"{i / 50},0,0,1\n" for i in range(500)),
         "no steps found in its acceleration (standing still throughout?)"),
    ],
)  # fmt: skip
def test_bad_files_are_one_line_naming_what_is_wrong(
    tmp_path: Path, text: str, message: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text)
    units = CadenceUnit.STRIDES if "--units" in message else None
    with pytest.raises(ReplayError) as err:
        load_activity(path, units)
    assert message in str(err.value)
    assert str(err.value).startswith(str(path))
    assert "\n" not in str(err.value)
