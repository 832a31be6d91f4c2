"""The history from the command line: a baseline, a boosted run, the list and the journal."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cadence_coach.cli import cli
from cadence_coach.history.store import Store


def test_baseline_then_run_then_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # this test's sessions alone
    runner = CliRunner()
    measured = runner.invoke(
        cli, ["baseline", "--out", str(tmp_path / "b.wav"), "--habitual", "160"]
    )
    assert measured.exit_code == 0, measured.stderr
    assert (
        "your habitual cadence: 15" in measured.stdout
        or "your habitual cadence: 16" in measured.stdout
    )
    boosted = runner.invoke(cli, ["run", "--duration", "1m", "--out", str(tmp_path / "r.wav")])
    assert boosted.exit_code == 0, boosted.stderr
    assert "from your last baseline" in boosted.stdout
    listing = runner.invoke(cli, ["history"])
    assert listing.exit_code == 0
    assert "Baseline test" in listing.stdout
    assert "free run" in listing.stdout
    assert "habitual cadence: " in listing.stdout
    week = next(line for line in listing.stdout.splitlines() if line.startswith("20"))
    assert week.split()[1] == "2"  # both sessions in this week's row...
    assert week.split()[-2] in measured.stdout  # ...with the habitual the baseline measured


def test_the_journal_after_a_session(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["run", "--target", "172", "--duration", "1m", "--out", str(tmp_path / "r.wav")]
    asked = runner.invoke(
        cli, [*args, "--journal"], input="11\n7\nlight\nleft calf tight\nfelt quick\n"
    )
    assert asked.exit_code == 0, asked.stderr
    assert "a number from 1 to 10" in asked.stdout
    assert "noted" in asked.stdout
    session_id = max(s.id for s in Store().sessions())
    store = Store()
    row = store._db.execute("SELECT * FROM journal WHERE session_id = ?", (session_id,)).fetchone()
    assert row == (session_id, 7, "light", "left calf tight", "felt quick")
    assert "effort 7/10" in runner.invoke(cli, ["history"]).stdout
    # Not a terminal and no --journal: never asks, never blocks.
    quiet = runner.invoke(cli, args)
    assert quiet.exit_code == 0
    assert "How did it feel" not in quiet.stdout
    skipped = runner.invoke(cli, [*args, "--no-journal"])
    assert "How did it feel" not in skipped.stdout
