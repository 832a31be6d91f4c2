"""The programme commands, from no programme to today's session at the programme's boost."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cadence_coach.cli import cli
from cadence_coach.coaching.recorder import Summary
from cadence_coach.history.records import SessionKind
from cadence_coach.history.store import Store


def invoke(*args: str) -> Any:
    return CliRunner().invoke(cli, list(args))


def test_the_programme_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))  # no programme started yet
    none = invoke("programme")
    assert none.exit_code == 2
    assert "no programme started" in none.stderr
    assert "cadence-8-weeks" in invoke("programme", "list").stdout
    assert "week 4: Tue drills-warmup" in invoke("programme", "show").stdout
    monday = date.today() - timedelta(days=date.today().weekday())
    started = invoke("programme", "start", "--on", monday.isoformat())
    assert started.exit_code == 0, started.stderr
    status = invoke("programme")
    assert "week 1 of 8" in status.stdout
    assert "boost now +5%" in status.stdout
    # with no baseline yet, a session that needs one says what to do
    early = invoke("programme", "run", "--out", str(tmp_path / "a.wav"))
    if "baseline" not in early.stdout:  # unless today's session is the baseline itself
        assert early.exit_code == 2
        assert "run `cadence-coach baseline` first" in early.stderr
    # a simulated baseline measures nothing: only real running does
    assert invoke("baseline", "--out", str(tmp_path / "b.wav")).exit_code == 0
    assert Store().settings.habitual() is None
    with Store() as store:  # as a baseline run on the runner's own footpod stores it
        sid = store.begin("Baseline test", SessionKind.LIVE)
        store.finish(sid, Summary.from_json({"duration_s": 1020.0}), habitual_spm=160.0)
    before = invoke("programme").stdout
    ran = invoke("programme", "run", "--out", str(tmp_path / "s.wav"), "--no-journal")
    assert ran.exit_code == 0, ran.stderr
    assert "at +5%" in ran.stdout
    last = max(Store().sessions(), key=lambda s: s.id)
    targets = {row.target_spm for row in Store().samples(last.id) if row.coached}
    if targets:  # the running parts aim at habitual +5%
        assert round(160 * 1.05, 1) in targets
    # a rendered session is not training: today's session is still to run
    assert invoke("programme").stdout == before


def test_a_broken_programme_of_yours_is_listed_as_broken_with_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    mine = tmp_path / "config" / "cadence-coach" / "programmes"
    mine.mkdir(parents=True)
    (mine / "aaa-broken.toml").write_text('name = "Mine"\n[[week]]\nsessions = 3\n')
    listed = invoke("programme", "list")
    assert listed.exit_code == 0, listed.stderr
    assert "aaa-broken" in listed.stdout
    assert "(broken: " in listed.stdout
    assert "cadence-8-weeks" in listed.stdout
