"""The plan commands: list, show, check, run and render."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from cadence_coach.cli import cli
from cadence_coach.plans.library import available


def test_plans_commands() -> None:
    runner = CliRunner()
    listing = runner.invoke(cli, ["plans"])
    assert listing.exit_code == 0
    assert "run-walk-1-1" in listing.stdout
    shown = runner.invoke(cli, ["plans", "show", "run-walk-1-1", "--habitual", "160"])
    assert shown.exit_code == 0
    assert "168 spm" in shown.stdout  # 160 + 5 %
    assert "Interval" not in shown.stdout
    good = runner.invoke(cli, ["plans", "check", str(available()["strides"])])
    assert good.exit_code == 0
    assert "ok" in good.stdout


def test_plans_check_on_a_broken_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("name='x'\n[[segment]]\nkind='jog'\nduration='1m'\n")
    result = CliRunner().invoke(cli, ["plans", "check", str(path)])
    assert result.exit_code == 2  # a bad plan is a bad value
    assert result.stderr.count("\n") == 1
    assert "segment[1].kind" in result.stderr


def test_run_a_plan_needs_the_habitual_cadence() -> None:
    result = CliRunner().invoke(cli, ["run", "run-walk-1-1", "--out", "x.wav"])
    assert result.exit_code == 2
    assert "--habitual" in result.stderr


@pytest.mark.parametrize("suffix", [".ogg", ".wav"])
def test_render_a_plan_to_a_file_for_a_phone(tmp_path: Path, suffix: str) -> None:
    import soundfile

    plan = tmp_path / "short.toml"
    plan.write_text("name = 'Short'\n[[segment]]\nkind = 'run'\nduration = '40s'\ntarget = 170\n")
    out = tmp_path / f"short{suffix}"
    result = CliRunner().invoke(cli, ["render", str(plan), "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    info = soundfile.info(str(out))
    assert info.duration == pytest.approx(43, abs=0.1)  # the plan and its closing words
    pcm, fs = soundfile.read(str(out), dtype="float32")
    assert np.max(np.abs(pcm[10 * fs : 30 * fs])) > 0.1  # clicks all through the run


def test_render_refuses_a_format_it_cannot_write(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["render", "strides", "--habitual", "164", "--out", str(tmp_path / "x.aac")]
    )
    assert result.exit_code != 0
    assert "use .wav, .ogg, .mp3, .flac" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_zone_that_misses_its_target_is_one_line_naming_the_segment(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        "name='x'\n[[segment]]\nkind='run'\nname='Tempo'\nduration='1m'\ntarget=172\nzone='150-160'\n"
    )
    result = CliRunner().invoke(cli, ["plans", "check", str(path)])
    assert result.exit_code == 2
    assert "segment 'Tempo'" in result.stderr
