"""The history from the command line: a baseline, a boosted run, the list and the journal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cadence_coach.cli import cli
from cadence_coach.history.store import Store


def _real_session(store: Store, zone: float, habitual: float | None = None) -> int:
    """A session as real running on the runner's own sensors would store it."""
    from cadence_coach.coaching.recorder import Summary
    from cadence_coach.history.records import SessionKind

    sid = store.begin("free run", SessionKind.LIVE)
    summary = Summary.from_json({"duration_s": 600.0, "time_in_zone_pct": zone,
                                 "cadence_mean_spm": 170.0, "moving_s": 600})  # fmt: skip
    store.finish(sid, summary, habitual_spm=habitual)
    return sid


def test_only_real_running_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # this test's sessions alone
    runner = CliRunner()
    measured = runner.invoke(
        cli, ["baseline", "--out", str(tmp_path / "b.wav"), "--habitual", "160"]
    )
    assert measured.exit_code == 0, measured.stderr
    assert "no habitual cadence stored: the simulated runner" in measured.stdout
    unaimed = runner.invoke(cli, ["run", "--duration", "1m", "--out", str(tmp_path / "r.wav")])
    assert unaimed.exit_code == 2  # no baseline was stored, so no boost to start from
    assert "give --target SPM, or --habitual SPM" in unaimed.stderr
    rendered = runner.invoke(cli, ["run", "--target", "172", "--duration", "1m", "--out",
                                   str(tmp_path / "r.wav")])  # fmt: skip
    assert rendered.exit_code == 0, rendered.stderr
    with Store() as store:
        real = _real_session(store, 80.0, habitual=163.0)
    listing = runner.invoke(cli, ["history"])
    assert listing.exit_code == 0
    lines = listing.stdout.splitlines()
    listed = [line.split()[0] for line in lines if line.split()[:1] and line.split()[0].isdigit()]
    assert listed == [str(real)]
    assert "(2 simulated, rendered or replayed sessions not shown: --all)" in listing.stdout
    week = next(line for line in lines if line.startswith("20"))
    assert week.split()[1] == "1"  # only the real session in this week's row
    assert "163 spm" in week
    every = runner.invoke(cli, ["history", "--all"])
    assert "Baseline test" in every.stdout
    assert " render " in every.stdout
    as_json = [
        json.loads(line) for line in runner.invoke(cli, ["history", "--json"]).stdout.splitlines()
    ]
    assert [(s["id"], s["kind"]) for s in as_json] == [(real, "live")]
    assert as_json[0]["summary"]["time_in_zone_pct"] == 80.0


def test_history_delete_asks_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with Store() as store:
        sid = _real_session(store, 70.0)
    runner = CliRunner()
    kept = runner.invoke(cli, ["history", "delete", str(sid)], input="n\n")
    assert kept.exit_code == 0, kept.stderr  # declining is an answer, not a failure
    assert f"kept session {sid}" in kept.stdout
    unanswered = runner.invoke(cli, ["history", "delete", str(sid)], input="")
    assert unanswered.exit_code == 1
    assert unanswered.stderr == (
        "error: no answer, so nothing was deleted (--yes deletes without asking)\n"
    )
    with Store() as store:
        assert [s.id for s in store.sessions()] == [sid]
    gone = runner.invoke(cli, ["history", "delete", str(sid), "--yes"])
    assert gone.exit_code == 0, gone.stderr
    assert f"deleted session {sid}" in gone.stdout
    with Store() as store:
        assert store.sessions() == []
    again = runner.invoke(cli, ["history", "delete", str(sid), "--yes"])
    assert again.exit_code == 1
    assert f"no session {sid}" in again.stderr


def test_the_journal_after_a_session(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["run", "--target", "172", "--duration", "1m", "--out", str(tmp_path / "r.wav")]
    asked = runner.invoke(
        cli, [*args, "--journal"], input="11\n7\nbouncy\nLight\nleft calf tight\nfelt quick\n"
    )
    assert asked.exit_code == 0, asked.stderr
    assert "a number from 1 to 10" in asked.stdout
    assert "light, ok or heavy, please" in asked.stdout  # "bouncy" is not a choice offered
    assert "noted" in asked.stdout
    session_id = max(s.id for s in Store().sessions())  # a rendered one: asked all the same
    store = Store()
    row = store._db.execute("SELECT * FROM journal WHERE session_id = ?", (session_id,)).fetchone()
    assert row == (session_id, 7, "light", "left calf tight", "felt quick")
    listed = runner.invoke(cli, ["history", "--all"]).stdout
    assert "effort 7/10, light feet" in listed
    as_json = json.loads(runner.invoke(cli, ["history", "--all", "--json"]).stdout.splitlines()[-1])
    assert as_json["journal"] == {"effort": 7, "footstrike": "light",
                                  "comfort": "left calf tight", "notes": "felt quick"}  # fmt: skip
    report = runner.invoke(cli, ["report", str(session_id), "--out", str(tmp_path / "r.png")])
    assert "journal       effort 7/10, light feet, left calf tight: felt quick" in report.stdout
    page = runner.invoke(
        cli, ["report", str(session_id), "--html", "--out", str(tmp_path / "p.png")]
    )
    assert page.exit_code == 0, page.stderr
    assert "left calf tight" in (tmp_path / "p.html").read_text()
    # One Enter skips the whole journal.
    skipped_all = runner.invoke(cli, [*args, "--journal"], input="\n")
    assert skipped_all.exit_code == 0
    assert "foot strike" not in skipped_all.stdout
    assert "noted" not in skipped_all.stdout
    # Not a terminal and no --journal: never asks, never blocks.
    quiet = runner.invoke(cli, args)
    assert quiet.exit_code == 0
    assert "How did it feel" not in quiet.stdout
    skipped = runner.invoke(cli, [*args, "--no-journal"])
    assert "How did it feel" not in skipped.stdout
