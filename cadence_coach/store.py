"""The session store: every session in SQLite, written as it runs. The recorder's shell.

WAL mode and one small transaction per flush (the session layer flushes every second), so
killing the process or pulling the plug loses at most the last second. A session still
marked running whose process is gone shows as interrupted, not lost.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cadence_coach.errors import CoachError
from cadence_coach.recorder import Recorder

SCHEMA = """
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
    t REAL NOT NULL,
    segment TEXT, target_spm REAL, zone_lo REAL, zone_hi REAL,
    cadence_spm REAL, heart_rate_bpm REAL, speed_mps REAL,
    moving INTEGER, sensor TEXT, metronome INTEGER, coached INTEGER, in_zone INTEGER,
    incline_pct REAL
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


class StoreError(CoachError):
    """Raised when the session database cannot be opened or is not ours; names the file."""


def default_path() -> Path:
    """The database in the user's data directory (platformdirs)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("cadence-coach")) / "sessions.sqlite3"


@dataclass(frozen=True, slots=True)
class SessionInfo:
    id: int
    started_at: str
    plan: str
    mode: str
    status: str
    summary: dict[str, Any] | None
    effort: int | None = None
    """Perceived exertion (1-10) from the journal, if the runner wrote one."""
    habitual_spm: float | None = None
    """The habitual cadence this session measured (a baseline)."""


class Store:
    """The session database. One writer per session; readers see finished flushes."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, timeout=10)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(SCHEMA)
            self._migrate()
        except (sqlite3.Error, OSError) as err:
            raise StoreError(f"cannot open the session database {self.path}: {err}") from None

    def _migrate(self) -> None:
        """Bring a database from an earlier version up to this schema."""
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(samples)")}
        if "incline_pct" not in columns:
            with self._db:
                self._db.execute("ALTER TABLE samples ADD COLUMN incline_pct REAL")

    def close(self) -> None:
        self._db.close()

    def setting(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def settings_starting(self, prefix: str) -> dict[str, str]:
        rows = self._db.execute("SELECT key, value FROM settings WHERE substr(key, 1, ?) = ?",
                                (len(prefix), prefix))  # fmt: skip
        return {str(k): str(v) for k, v in rows}

    def set_setting(self, key: str, value: str) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, value))

    # -- writing -------------------------------------------------------------------------

    def begin(self, plan: str, mode: str) -> int:
        """Start a session; returns its id."""
        started = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
        with self._db:
            cur = self._db.execute(
                "INSERT INTO sessions (started_at, plan, mode, pid, status) "
                "VALUES (?, ?, ?, ?, 'running')",
                (started, plan, mode, os.getpid()),
            )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def flush(self, session_id: int, recorder: Recorder, written: list[int]) -> None:
        """Write what the recorder gained since the last flush, in one transaction.
        ``written`` holds the counts already stored (rows, cues, events) and is updated."""
        rows = recorder.rows[written[0] :]
        cues = recorder.cues[written[1] :]
        events = recorder.events[written[2] :]
        if not (rows or cues or events):
            return
        with self._db:
            self._db.executemany(
                "INSERT INTO samples VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    (session_id, r.t, r.segment, r.target_spm, r.zone_spm[0], r.zone_spm[1],
                     r.cadence_spm, r.heart_rate_bpm, r.speed_mps, r.moving, r.sensor,
                     r.metronome, r.coached, r.in_zone, r.incline_pct)
                    for r in rows
                ],
            )  # fmt: skip
            self._db.executemany(
                "INSERT INTO cues VALUES (?,?,?,?)",
                [(session_id, c.t_s, c.id, c.text) for c in cues],
            )
            self._db.executemany(
                "INSERT INTO events VALUES (?,?,?,?)", [(session_id, *e) for e in events]
            )
        written[:] = [len(recorder.rows), len(recorder.cues), len(recorder.events)]

    def finish(
        self, session_id: int, summary: dict[str, Any], *, habitual_spm: float | None = None
    ) -> None:
        status = "interrupted" if summary.get("interrupted") else "finished"
        with self._db:
            self._db.execute(
                "UPDATE sessions SET status = ?, summary = ?, habitual_spm = ? WHERE id = ?",
                (status, json.dumps(summary), habitual_spm, session_id),
            )
            if habitual_spm is not None:
                self._db.execute(
                    "INSERT OR REPLACE INTO settings VALUES ('habitual_spm', ?)",
                    (str(habitual_spm),),
                )

    def journal(
        self, session_id: int, effort: int | None, footstrike: str, comfort: str, notes: str
    ) -> None:
        """How the session felt, in the runner's words."""
        with self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO journal VALUES (?, ?, ?, ?, ?)",
                (session_id, effort, footstrike, comfort, notes),
            )

    # -- reading -------------------------------------------------------------------------

    def sessions(self) -> list[SessionInfo]:
        """Every session, oldest first; a running one whose process is gone is interrupted."""
        out = []
        for sid, started, plan, mode, pid, status, summary, effort, habitual in self._db.execute(
            "SELECT s.id, started_at, plan, mode, pid, status, summary, j.effort, habitual_spm "
            "FROM sessions s LEFT JOIN journal j ON j.session_id = s.id ORDER BY s.id"
        ):
            if status == "running" and not _alive(pid):
                status = "interrupted"
            parsed = json.loads(summary) if summary else None
            out.append(SessionInfo(sid, started, plan, mode, status, parsed, effort, habitual))
        return out

    def session(self, session_id: int) -> SessionInfo:
        """One session by id; :class:`StoreError` names the ids there are."""
        found = [s for s in self.sessions() if s.id == session_id]
        if not found:
            ids = [s.id for s in self.sessions()]
            known = f"sessions are {ids[0]}-{ids[-1]}" if ids else "no sessions are stored yet"
            raise StoreError(f"no session {session_id}; {known} (`cadence-coach history`)")
        return found[0]

    def samples(self, session_id: int) -> list[tuple[Any, ...]]:
        return list(
            self._db.execute("SELECT * FROM samples WHERE session_id = ? ORDER BY t", (session_id,))
        )

    def cues(self, session_id: int) -> list[tuple[float, str, str]]:
        return list(
            self._db.execute(
                "SELECT t, id, text FROM cues WHERE session_id = ? ORDER BY t", (session_id,)
            )
        )

    def habitual(self) -> float | None:
        """The habitual cadence the last baseline measured."""
        value = self.setting("habitual_spm")
        return None if value is None else float(value)


@dataclass(frozen=True, slots=True)
class Week:
    """One ISO week of sessions: what a runner watches over weeks."""

    week: str
    """``2026-W48``."""
    sessions: int
    cadence_mean_spm: float | None
    """Mean of the sessions' mean cadence, weighted by the time each was moving."""
    time_in_zone_pct: float | None
    """Mean of the sessions' time in zone."""
    habitual_spm: float | None
    """The habitual cadence a baseline measured that week (the last one, if several)."""


def weekly_trend(sessions: list[SessionInfo]) -> list[Week]:
    """Sessions grouped by ISO week, oldest first. Pure."""
    weeks: dict[str, list[SessionInfo]] = {}
    for s in sessions:
        year, week, _ = datetime.fromisoformat(s.started_at).isocalendar()
        weeks.setdefault(f"{year}-W{week:02d}", []).append(s)
    out = []
    for name, group in sorted(weeks.items()):
        summaries = [s.summary or {} for s in group]
        weighted = [
            (m["cadence_mean_spm"], m.get("moving_s") or 0)
            for m in summaries
            if m.get("cadence_mean_spm") is not None
        ]
        moving = sum(w for _, w in weighted)
        cadence = sum(c * w for c, w in weighted) / moving if moving else None
        zones = [m["time_in_zone_pct"] for m in summaries if m.get("time_in_zone_pct") is not None]
        baselines = [s.habitual_spm for s in group if s.habitual_spm is not None]
        out.append(
            Week(
                name,
                len(group),
                None if cadence is None else round(cadence, 1),
                round(sum(zones) / len(zones), 1) if zones else None,
                baselines[-1] if baselines else None,
            )
        )
    return out


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return Path(f"/proc/{pid}").exists() and "zombie" not in _state(pid)


def _state(pid: int) -> str:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return ""
    return next((line for line in status.splitlines() if line.startswith("State:")), "").lower()
