"""The session database's tables, and opening one: WAL mode, the schema created, and a
database from an earlier version brought up to it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cadence_coach.history.samples import COLUMNS

SCHEMA = f"""
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


def open_database(path: Path) -> sqlite3.Connection:
    """Open (or create) the database at ``path``; raises :class:`sqlite3.Error` or
    :class:`OSError`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, timeout=10)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.executescript(SCHEMA)
    _migrate(db)
    return db


def _migrate(db: sqlite3.Connection) -> None:
    """Add the sample columns an earlier version did not have."""
    have = {row[1] for row in db.execute("PRAGMA table_info(samples)")}
    with db:
        for column in COLUMNS:
            if column.name not in have:
                db.execute(f"ALTER TABLE samples ADD COLUMN {column.name} {column.sql_type}")
