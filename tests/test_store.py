"""The session store: SQLite in WAL mode, written as a session runs, readable after a crash."""

from __future__ import annotations

import statistics
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cadence_coach.cli import cli
from cadence_coach.coach import CoachConfig, Segment
from cadence_coach.coaching import CoachingSession
from cadence_coach.sources.sim import RunnerModel, SimulatedRunner
from cadence_coach.store import SessionInfo, Store, StoreError, Week, weekly_trend


def session(seconds: float = 60) -> CoachingSession:
    config = CoachConfig((Segment("run", seconds, 172.0, (166.8, 177.2)),))
    return CoachingSession(config, SimulatedRunner(RunnerModel(habitual_spm=170)))


def test_flushes_write_only_what_is_new(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    sid = store.begin("free run", "render")
    s, written = session(), [0, 0, 0]
    for t in range(0, 31):
        s.advance(float(t))
        store.flush(sid, s.recorder, written)
    assert [row[1] for row in store.samples(sid)] == [float(t) for t in range(31)]
    s.advance(61.0)
    store.flush(sid, s.recorder, written)
    store.finish(sid, s.recorder.summary())
    assert len(store.samples(sid)) == 60
    (info,) = store.sessions()
    assert info.status == "finished"
    assert info.summary is not None
    assert info.summary["duration_s"] == 60
    store.close()
    reopened = Store(tmp_path / "s.db")
    assert len(reopened.samples(sid)) == 60
    assert reopened._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_session_whose_process_died_shows_as_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    code = (
        "import sys; from pathlib import Path; from cadence_coach.store import Store\n"
        "Store(Path(sys.argv[1])).begin('free run', 'live')\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    (info,) = Store(path).sessions()
    assert info.status == "interrupted"


def test_baseline_is_kept_for_boosts(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    assert store.habitual() is None
    sid = store.begin("Baseline test", "live")
    store.finish(sid, {"interrupted": False}, habitual_spm=163.4)
    assert store.habitual() == 163.4


def test_a_file_that_is_not_a_database_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "s.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open the session database"):
        Store(bad)


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


def test_habitual_from_a_baseline_block() -> None:
    s = session(120)
    s.advance(121.0)
    rec = s.recorder
    assert rec.habitual_from(("run",)) == pytest.approx(
        statistics.median(r.cadence_spm for r in rec.rows if r.cadence_spm), abs=0.1
    )
    assert rec.habitual_from(("warm-up",)) is None  # no readings in that block
    assert rec.habitual_from(("run",), min_s=500) is None  # too short to trust
    rec.interrupted = True
    assert rec.habitual_from(("run",)) is None  # a cut-short test measures nothing


def test_weekly_trend() -> None:
    def info(
        day: str,
        zone: float | None,
        mean: float | None = None,
        moving: float = 0,
        habitual: float | None = None,
    ) -> SessionInfo:
        summary = (
            None
            if zone is None
            else {
                "time_in_zone_pct": zone,
                "cadence_mean_spm": mean,
                "moving_s": moving,
            }
        )
        return SessionInfo(
            1, f"{day}T08:00:00+00:00", "run", "live", "finished", summary, habitual_spm=habitual
        )

    sessions = [
        info("2026-11-16", 60.0, 164.0, 600, habitual=160.0),
        info("2026-11-18", 80.0, 170.0, 1200),
        info("2026-11-23", 90.0, 172.0, 1800),
        info("2026-11-24", None, habitual=165.0),
        info("2026-11-25", 70.0, None, 0),
    ]  # fmt: skip
    assert weekly_trend(sessions) == [
        Week("2026-W47", 2, 168.0, 70.0, 160.0),  # cadence weighted by moving time
        Week("2026-W48", 3, 172.0, 80.0, 165.0),
    ]
