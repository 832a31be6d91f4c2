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
from cadence_coach.history.records import SessionKind, SessionStatus
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
    s = session(events=(SimEvent(SimEventKind.STOP, 20.0, 6.0),))
    writer = StoreWriter(store, "free run", SessionKind.RENDERED)
    assert store.sessions() == []  # nothing is stored before the first tick
    for t in range(0, 31):
        s.advance(float(t))
        writer.update(s)
    assert writer.session_id is not None
    sid = writer.session_id
    assert [row.t for row in store.samples(sid)] == [float(t) for t in range(31)]
    s.advance(61.0)
    writer.update(s)
    writer.update(s)  # nothing new: nothing written twice
    assert writer.finish(s, s.recorder.summary()) == sid
    assert store.samples(sid) == s.recorder.rows  # typed rows, as recorded
    assert store.events(sid) == s.recorder.events
    assert [e.kind for e in store.events(sid)].count(EventKind.PAUSE) == 1
    assert store.cues(sid) == s.recorder.cues
    (info,) = store.sessions()
    assert info.status is SessionStatus.FINISHED
    assert info.kind is SessionKind.RENDERED
    assert info.summary == Summary.from_json(s.recorder.summary().to_json())
    assert info.summary is not None
    assert info.summary.duration_s == 60
    store.close()
    with Store(tmp_path / "s.db") as reopened:
        assert len(reopened.samples(sid)) == 60
        assert reopened._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_rows_keep_their_columns_and_the_sensor_state(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    s = session(events=(SimEvent(SimEventKind.DROPOUT, 10.0, 20.0),))
    s.advance(40.0)
    writer = StoreWriter(store, "free run", SessionKind.LIVE)
    writer.update(s)
    assert writer.session_id is not None
    rows = store.samples(writer.session_id)
    assert {r.sensor for r in rows} == {SensorState.OK, SensorState.STALE, SensorState.LOST}
    stored = store._db.execute(f"SELECT {', '.join(NAMES)} FROM samples").fetchall()
    assert stored[0][NAMES.index("sensor")] == "ok"  # the state by its name
    assert {row[NAMES.index("in_zone")] for row in stored} <= {0, 1, None}


def test_an_older_database_is_brought_up_to_date(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    db = sqlite3.connect(path)
    db.executescript(
        "CREATE TABLE sessions (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, plan TEXT "
        "NOT NULL, mode TEXT NOT NULL, pid INTEGER, status TEXT NOT NULL, summary TEXT, "
        "habitual_spm REAL);"
        "CREATE TABLE samples (session_id INTEGER NOT NULL, t REAL NOT NULL, segment TEXT, "
        "target_spm REAL, zone_lo REAL, zone_hi REAL, cadence_spm REAL, heart_rate_bpm REAL, "
        "speed_mps REAL, moving INTEGER, sensor TEXT, metronome INTEGER, coached INTEGER, "
        "in_zone INTEGER);"
        "CREATE TABLE events (session_id INTEGER NOT NULL, t REAL, event TEXT, detail TEXT);"
        "INSERT INTO sessions VALUES (1, '2026-11-01T08:00:00+00:00', 'free run', 'live', 1, "
        "'finished', NULL, NULL);"
        "INSERT INTO sessions VALUES (2, '2026-11-02T08:00:00+00:00', 'free run', 'live', 1, "
        "'finished', NULL, NULL);"
        "INSERT INTO events VALUES (2, 3.0, 'sensor', 'Stride Sensor connected');"
    )
    db.commit()
    db.close()
    with Store(path) as store:
        columns = [row[1] for row in store._db.execute("PRAGMA table_info(samples)")]
        assert columns[1:] == list(NAMES)
        # before kinds, "live" also meant the simulated runner played live
        assert [s.kind for s in store.sessions()] == [SessionKind.SIMULATED, SessionKind.LIVE]
    with Store(path) as again:  # once only: a real session without sensor events stays real
        again._db.execute("UPDATE sessions SET mode = 'live' WHERE id = 1")
        again._db.commit()
    with Store(path) as third:
        assert third.sessions()[0].kind is SessionKind.LIVE


def test_someone_elses_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE contacts (name TEXT)")
    db.commit()
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not a cadence-coach session database") as err:
        Store(path)
    assert "--no-history" in str(err.value)
    assert path.read_bytes() == before


def test_a_damaged_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with Store(path) as store:
        s = session(600)
        s.advance(601.0)
        writer = StoreWriter(store, "free run", SessionKind.LIVE)
        writer.update(s)
        store._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    page = 4096
    data[3 * page : 3 * page + 64] = b"\xff" * 64  # a page in the middle, header intact
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="is damaged") as err:
        Store(path)
    assert "\n" not in str(err.value)
    assert path.read_bytes() == bytes(data)


def test_a_bad_row_is_skipped_and_counted_not_fatal(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    s = session(60)
    s.advance(61.0)
    writer = StoreWriter(store, "free run", SessionKind.LIVE)
    writer.update(s)
    assert writer.finish(s, s.recorder.summary()) is not None
    store._db.execute("UPDATE sessions SET summary = '{not json'")
    store._db.execute("INSERT INTO samples (session_id, t, sensor) VALUES (1, 99, 'sideways')")
    store._db.execute("INSERT INTO sessions (started_at, plan, mode, status) VALUES "
                      "('yesterday', 'x', 'live', 'finished')")  # fmt: skip
    store._db.commit()
    (info,) = store.sessions()  # the session with a bad date is skipped
    assert store.skipped == 3  # that row, the bad summary and the bad sample beneath it
    assert info.summary is not None
    assert info.summary.duration_s == 60  # worked out again from its rows
    assert len(store.samples(info.id)) == 60  # the bad sample is left out


def test_a_full_disk_does_not_stop_the_session(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    told: list[str] = []
    writer = StoreWriter(store, "free run", SessionKind.LIVE, notify=told.append)
    s = session(900)
    s.advance(10.0)
    writer.update(s)
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # full from now on
    for t in range(11, 600):
        s.advance(float(t))
        writer.update(s)  # never raises
    assert len(told) == 1
    assert "database or disk is full" in told[0]
    assert "kept in memory" in told[0]
    store._db.execute("PRAGMA max_page_count = 1000000")  # space again
    s.advance(901.0)
    assert writer.finish(s, s.recorder.summary()) == writer.session_id
    assert len(told) == 2
    assert "written again" in told[-1]
    assert writer.session_id is not None
    rows = store.samples(writer.session_id)
    assert [r.t for r in rows] == [float(t) for t in range(900)]  # nothing lost


def test_a_start_that_never_ticked_stores_nothing(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    writer = StoreWriter(store, "free run", SessionKind.LIVE)
    s = session(60)
    assert writer.finish(s, s.recorder.summary()) is None
    assert store.sessions() == []


def test_delete_removes_a_session_and_what_it_recorded(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    s = session(30)
    s.advance(31.0)
    writer = StoreWriter(store, "free run", SessionKind.LIVE)
    writer.update(s)
    sid = writer.finish(s, s.recorder.summary())
    assert sid is not None
    store.delete(sid)
    assert store.sessions() == []
    assert store.samples(sid) == []
    with pytest.raises(StoreError, match="no session 1"):
        store.delete(sid)


def test_a_session_whose_process_died_shows_as_interrupted(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    code = (
        "import sys; from pathlib import Path; from cadence_coach.history.store import Store\n"
        "from cadence_coach.history.records import SessionKind\n"
        "Store(Path(sys.argv[1])).begin('free run', SessionKind.LIVE)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
    (info,) = Store(path).sessions()
    assert info.status is SessionStatus.INTERRUPTED


def test_baseline_is_kept_for_boosts(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    assert store.settings.habitual() is None
    sid = store.begin("Baseline test", SessionKind.LIVE)
    store.finish(sid, session().recorder.summary(), habitual_spm=163.4)
    assert store.session(sid).habitual_spm == 163.4
    assert store.settings.habitual() == 163.4


def test_a_file_that_is_not_a_database_is_one_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "s.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="cannot open the session database"):
        Store(bad)


def test_a_setting_that_cannot_be_written_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    from cadence_coach.sources.strides import CadenceUnit

    store = Store(tmp_path / "s.db")
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # full from now on

    def fill() -> None:
        for n in range(2000):  # fill what room is left in the last page
            store.settings.remember_units(f"F0:0D:00:00:{n // 256:02X}:{n % 256:02X}",
                                          CadenceUnit.STEPS)  # fmt: skip

    with pytest.raises(StoreError, match="cannot write the session database"):
        fill()
