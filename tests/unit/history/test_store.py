"""The session store: SQLite in WAL mode, written as a session runs, readable after a crash,
handing back typed records."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from cadence_coach.coaching.actions import EventKind
from cadence_coach.coaching.chain import CoachingChain
from cadence_coach.coaching.estimator import SensorState
from cadence_coach.coaching.recorder import Summary
from cadence_coach.coaching.segments import CoachConfig, Segment
from cadence_coach.history.records import SessionMode, SessionStatus
from cadence_coach.history.samples import NAMES
from cadence_coach.history.store import Store, StoreError
from cadence_coach.history.writer import StoreWriter
from cadence_coach.sources.simulated import RunnerModel, SimEvent, SimEventKind, SimulatedRunner
from cadence_coach.speech.phrases import PhraseBook


def session(seconds: float = 60, events: tuple[SimEvent, ...] = ()) -> CoachingChain:
    config = CoachConfig((Segment("run", seconds, 172.0, (166.8, 177.2)),))
    runner = SimulatedRunner(RunnerModel(habitual_spm=170), events)
    return CoachingChain(config, runner, PhraseBook(), runner)


def test_the_writer_writes_only_what_is_new(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    sid = store.begin("free run", SessionMode.RENDER)
    s = session(events=(SimEvent(SimEventKind.STOP, 20.0, 6.0),))
    writer = StoreWriter(store, sid)
    for t in range(0, 31):
        s.advance(float(t))
        writer.update(s)
    assert [row.t for row in store.samples(sid)] == [float(t) for t in range(31)]
    s.advance(61.0)
    writer.update(s)
    writer.update(s)  # nothing new: nothing written twice
    store.finish(sid, s.recorder.summary())
    assert store.samples(sid) == s.recorder.rows  # typed rows, as recorded
    assert store.events(sid) == s.recorder.events
    assert [e.kind for e in store.events(sid)].count(EventKind.PAUSE) == 1
    assert store.cues(sid) == s.recorder.cues
    (info,) = store.sessions()
    assert info.status is SessionStatus.FINISHED
    assert info.mode is SessionMode.RENDER
    assert info.summary == Summary.from_json(s.recorder.summary().to_json())
    assert info.summary is not None
    assert info.summary.duration_s == 60
    store.close()
    with Store(tmp_path / "s.db") as reopened:
        assert len(reopened.samples(sid)) == 60
        assert reopened._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_rows_keep_their_columns_and_the_sensor_state(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    sid = store.begin("free run", SessionMode.LIVE)
    s = session(events=(SimEvent(SimEventKind.DROPOUT, 10.0, 20.0),))
    s.advance(40.0)
    StoreWriter(store, sid).update(s)
    rows = store.samples(sid)
    assert {r.sensor for r in rows} == {SensorState.OK, SensorState.STALE, SensorState.LOST}
    stored = store._db.execute(f"SELECT {', '.join(NAMES)} FROM samples").fetchall()
    assert stored[0][NAMES.index("sensor")] == "ok"  # the state by its name
    assert {row[NAMES.index("in_zone")] for row in stored} <= {0, 1, None}


def test_an_older_database_gains_the_newer_columns(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE samples (session_id INTEGER NOT NULL, t REAL NOT NULL, segment TEXT, "
        "target_spm REAL, zone_lo REAL, zone_hi REAL, cadence_spm REAL, heart_rate_bpm REAL, "
        "speed_mps REAL, moving INTEGER, sensor TEXT, metronome INTEGER, coached INTEGER, "
        "in_zone INTEGER)"
    )
    db.commit()
    db.close()
    with Store(path) as store:
        columns = [row[1] for row in store._db.execute("PRAGMA table_info(samples)")]
        assert columns[1:] == list(NAMES)


def test_a_session_whose_process_died_shows_as_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    code = (
        "import sys; from pathlib import Path; from cadence_coach.history.store import Store\n"
        "from cadence_coach.history.records import SessionMode\n"
        "Store(Path(sys.argv[1])).begin('free run', SessionMode.LIVE)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    (info,) = Store(path).sessions()
    assert info.status is SessionStatus.INTERRUPTED


def test_baseline_is_kept_for_boosts(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    assert store.settings.habitual() is None
    sid = store.begin("Baseline test", SessionMode.LIVE)
    store.finish(sid, session().recorder.summary(), habitual_spm=163.4)
    assert store.settings.habitual() == 163.4


def test_a_file_that_is_not_a_database_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "s.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open the session database"):
        Store(bad)
