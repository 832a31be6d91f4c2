"""The session database's tables, and opening one: someone else's or a damaged file refused
untouched, WAL mode, the schema created, and a database from an earlier version brought up
to it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cadence_coach.errors import CoachError
from cadence_coach.history.samples import COLUMNS

SCHEMA = (
    f"""
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    plan TEXT NOT NULL,
    mode TEXT NOT NULL,
    pid INTEGER,
    status TEXT NOT NULL,
    summary TEXT,
    habitual_spm REAL
);
CREATE TABLE IF NOT EXISTS samples (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    {", ".join(f"{c.name} {c.sql_type}" for c in COLUMNS)}
);
CREATE INDEX IF NOT EXISTS samples_by_session ON samples(session_id, t);
CREATE TABLE IF NOT EXISTS cues (
    session_id INTEGER NOT NULL REFERENCES sessions(id), t REAL, id TEXT, text TEXT
);
CREATE TABLE IF NOT EXISTS events (
    session_id INTEGER NOT NULL REFERENCES sessions(id), t REAL, event TEXT, detail TEXT
);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS journal (
    session_id INTEGER PRIMARY KEY REFERENCES sessions(id),
    effort INTEGER, footstrike TEXT, comfort TEXT, notes TEXT
);
"""
    + """
CREATE TABLE IF NOT EXISTS music_tracks (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    title TEXT NOT NULL,
    artist TEXT NOT NULL,
    analysis TEXT,
    problem TEXT,
    added_at TEXT NOT NULL
);
"""
)
"""The music library (version 3): one row per file, keyed by path and known by size and
modification time; ``analysis`` is the JSON of ``cadence_coach.music.analysis.Analysis``,
``problem`` why the track cannot be played on the beat."""


APPLICATION_ID = 0x43434F41
"""Marks a SQLite file as cadence-coach's (``PRAGMA application_id``)."""
VERSION = 3
"""``PRAGMA user_version``: 2 since sessions are stored by kind (live, simulated, ...); 3
adds the music library's table, created by :data:`SCHEMA` on opening, nothing else."""
OUR_COLUMNS = {"id", "started_at", "plan", "mode", "status", "summary"}
ADVICE = "it was left as it is; move it aside to start a new history, or use --no-history"


class StoreError(CoachError):
    """Raised when the session database cannot be opened, is damaged or is not ours, or
    cannot be written; names the file."""


def open_database(path: Path) -> sqlite3.Connection:
    """Open (or create) the database at ``path``, after checking that an existing one is
    ours and whole. Raises :class:`StoreError` (nothing is written to a file refused)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        existed = path.exists() and path.stat().st_size > 0
        db = sqlite3.connect(path, timeout=10)
        if existed:
            _check(db, path)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(SCHEMA)
        _migrate(db)
    except (sqlite3.Error, OSError) as err:
        raise StoreError(f"cannot open the session database {path}: {err}") from None
    return db


def _check(db: sqlite3.Connection, path: Path) -> None:
    """Refuse a database that is someone else's, or damaged."""
    app = db.execute("PRAGMA application_id").fetchone()[0]
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    columns = {row[1] for row in db.execute("PRAGMA table_info(sessions)")}
    if app not in (0, APPLICATION_ID) or (tables and not columns >= OUR_COLUMNS):
        db.close()
        shown = ", ".join(sorted(tables)[:5]) or "none"
        raise StoreError(
            f"{path} is not a cadence-coach session database (its tables: {shown}); {ADVICE}"
        )
    problems = [str(row[0]) for row in db.execute("PRAGMA quick_check(3)")]
    if problems != ["ok"]:
        db.close()
        lines = [line for p in problems for line in p.splitlines() if not line.startswith("***")]
        said = "; ".join(lines)[:160] or "failed its integrity check"
        raise StoreError(f"the session database {path} is damaged ({said}); {ADVICE}")


def _migrate(db: sqlite3.Connection) -> None:
    """Bring a database from an earlier version up to this one."""
    have = {row[1] for row in db.execute("PRAGMA table_info(samples)")}
    version = db.execute("PRAGMA user_version").fetchone()[0]
    with db:
        for column in COLUMNS:
            if column.name not in have:
                db.execute(f"ALTER TABLE samples ADD COLUMN {column.name} {column.sql_type}")
        if version < 2:
            # Before kinds, "live" meant played live, on sensors or the simulated runner: a
            # session with no sensor event was the simulated runner's.
            db.execute(
                "UPDATE sessions SET mode = 'simulated' WHERE mode = 'live' AND id NOT IN "
                "(SELECT session_id FROM events WHERE event = 'sensor')"
            )
        db.execute(f"PRAGMA user_version = {VERSION}")
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
