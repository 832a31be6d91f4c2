"""The session store: every session in SQLite, written as it runs. The recorder's shell.

WAL mode and one small transaction per flush (the session's writer flushes every tick), so
killing the process or pulling the plug loses at most the last second. A session still
marked running whose process is gone shows as interrupted, not lost.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from cadence_coach.coaching.actions import EventKind
from cadence_coach.coaching.recorder import CueRecord, Event, Row, Summary
from cadence_coach.errors import CoachError
from cadence_coach.history.records import SessionInfo, SessionMode, SessionStatus
from cadence_coach.history.samples import NAMES, from_stored, stored
from cadence_coach.history.schema import open_database
from cadence_coach.history.settings import HABITUAL_KEY, Settings


class StoreError(CoachError):
    """Raised when the session database cannot be opened or is not ours; names the file."""


def default_path() -> Path:
    """The database in the user's data directory (platformdirs)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("cadence-coach")) / "sessions.sqlite3"


class Store:
    """The session database. One writer per session; readers see finished flushes."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        try:
            self._db = open_database(self.path)
        except (sqlite3.Error, OSError) as err:
            raise StoreError(f"cannot open the session database {self.path}: {err}") from None
        self.settings = Settings(self._db)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- writing -------------------------------------------------------------------------

    def begin(self, plan: str, mode: SessionMode) -> int:
        """Start a session; returns its id."""
        started = datetime.now(UTC).astimezone().isoformat(timespec="seconds")
        with self._db:
            cur = self._db.execute(
                "INSERT INTO sessions (started_at, plan, mode, pid, status) VALUES (?, ?, ?, ?, ?)",
                (started, plan, mode.value, os.getpid(), SessionStatus.RUNNING.value),
            )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def append(
        self,
        session_id: int,
        rows: Sequence[Row],
        cues: Sequence[CueRecord],
        events: Sequence[Event],
    ) -> None:
        """Add what a session gained since the last call, in one transaction."""
        if not (rows or cues or events):
            return
        marks = ",".join("?" * (len(NAMES) + 1))
        with self._db:
            self._db.executemany(
                f"INSERT INTO samples (session_id, {', '.join(NAMES)}) VALUES ({marks})",
                [(session_id, *stored(r)) for r in rows],
            )
            self._db.executemany(
                "INSERT INTO cues VALUES (?,?,?,?)",
                [(session_id, c.t_s, c.id, c.text) for c in cues],
            )
            self._db.executemany(
                "INSERT INTO events VALUES (?,?,?,?)",
                [(session_id, e.t, e.kind.value, e.detail) for e in events],
            )

    def finish(
        self, session_id: int, summary: Summary, *, habitual_spm: float | None = None
    ) -> None:
        status = SessionStatus.INTERRUPTED if summary.interrupted else SessionStatus.FINISHED
        with self._db:
            self._db.execute(
                "UPDATE sessions SET status = ?, summary = ?, habitual_spm = ? WHERE id = ?",
                (status.value, json.dumps(summary.to_json()), habitual_spm, session_id),
            )
            if habitual_spm is not None:
                self._db.execute(
                    "INSERT OR REPLACE INTO settings VALUES (?, ?)",
                    (HABITUAL_KEY, str(habitual_spm)),
                )  # in the same transaction as the baseline that measured it

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
            state = SessionStatus(status)
            if state is SessionStatus.RUNNING and not _alive(pid):
                state = SessionStatus.INTERRUPTED
            parsed = Summary.from_json(json.loads(summary)) if summary else None
            out.append(
                SessionInfo(sid, started, plan, SessionMode(mode), state, parsed, effort, habitual)
            )
        return out

    def session(self, session_id: int) -> SessionInfo:
        """One session by id; :class:`StoreError` names the ids there are."""
        found = [s for s in self.sessions() if s.id == session_id]
        if not found:
            ids = [s.id for s in self.sessions()]
            known = f"sessions are {ids[0]}-{ids[-1]}" if ids else "no sessions are stored yet"
            raise StoreError(f"no session {session_id}; {known} (`cadence-coach history`)")
        return found[0]

    def samples(self, session_id: int) -> list[Row]:
        query = f"SELECT {', '.join(NAMES)} FROM samples WHERE session_id = ? ORDER BY t"
        return [from_stored(values) for values in self._db.execute(query, (session_id,))]

    def cues(self, session_id: int) -> list[CueRecord]:
        query = "SELECT t, id, text FROM cues WHERE session_id = ? ORDER BY t"
        return [CueRecord(*values) for values in self._db.execute(query, (session_id,))]

    def events(self, session_id: int) -> list[Event]:
        query = "SELECT t, event, detail FROM events WHERE session_id = ? ORDER BY t"
        return [
            Event(t, EventKind(kind), detail)
            for t, kind, detail in self._db.execute(query, (session_id,))
        ]


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
