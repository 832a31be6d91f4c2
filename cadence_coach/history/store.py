"""The session store: every session in SQLite, written as it runs. The recorder's shell.

WAL mode and one small transaction per flush (the session's writer flushes every tick), so
killing the process or pulling the plug loses at most the last second. A session still
marked running whose process is gone shows as interrupted, its figures worked out from what
it recorded. A row that cannot be read is skipped and counted, never fatal.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TypeVar

from cadence_coach.coaching.actions import EventKind
from cadence_coach.coaching.recorder import CueRecord, Event, Recorder, Row, Summary
from cadence_coach.history.records import (
    FOOT_STRIKES,
    Journal,
    SessionInfo,
    SessionKind,
    SessionStatus,
)
from cadence_coach.history.samples import NAMES, from_stored, stored
from cadence_coach.history.schema import SCHEMA, StoreError, open_database
from cadence_coach.history.settings import HABITUAL_KEY, Settings

__all__ = ["Store", "StoreError", "default_path", "in_memory"]

log = logging.getLogger(__name__)
T = TypeVar("T")
MEMORY = Path(":memory:")
"""The path of a store kept in memory only (``--no-history``)."""


def default_path() -> Path:
    """The database in the user's data directory (platformdirs)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("cadence-coach")) / "sessions.sqlite3"


def in_memory() -> Store:
    """A store that keeps nothing once the command ends."""
    return Store(MEMORY)


class Store:
    """The session database. One writer per session; readers see finished flushes."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_path()
        if self.path == MEMORY:
            self._db = sqlite3.connect(":memory:")
            self._db.executescript(SCHEMA)
        else:
            self._db = open_database(self.path)
        self.settings = Settings(self._db, self._writing)
        self.skipped = 0
        """Rows read back that were not understood (and left out)."""

    @property
    def kept_in_memory(self) -> bool:
        """Whether this store keeps nothing once the command ends (``--no-history``)."""
        return self.path == MEMORY

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        """One transaction; a failure (the disk full, say) is one line naming the file."""
        try:
            with self._db:
                yield
        except sqlite3.Error as err:
            raise StoreError(f"cannot write the session database {self.path}: {err}") from None

    # -- writing -------------------------------------------------------------------------

    def begin(self, plan: str, kind: SessionKind, started_at: datetime | None = None) -> int:
        """Start a session (at ``started_at``, for a recording: its own time); its id."""
        started = (started_at or datetime.now().astimezone()).isoformat(timespec="seconds")
        with self._writing():
            cur = self._db.execute(
                "INSERT INTO sessions (started_at, plan, mode, pid, status) VALUES (?, ?, ?, ?, ?)",
                (started, plan, kind.value, os.getpid(), SessionStatus.RUNNING.value),
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
        with self._writing():
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
        with self._writing():
            self._db.execute(
                "UPDATE sessions SET status = ?, summary = ?, habitual_spm = ? WHERE id = ?",
                (status.value, json.dumps(summary.to_json()), habitual_spm, session_id),
            )
            if habitual_spm is not None:  # in the transaction of the baseline that measured it
                self._db.execute(
                    "INSERT OR REPLACE INTO settings VALUES (?, ?)",
                    (HABITUAL_KEY, str(habitual_spm)),
                )

    def journal(self, session_id: int, entry: Journal) -> None:
        """How the session felt, in the runner's words."""
        with self._writing():
            self._db.execute(
                "INSERT OR REPLACE INTO journal VALUES (?, ?, ?, ?, ?)",
                (session_id, entry.effort, entry.footstrike, entry.comfort, entry.notes),
            )

    def delete(self, session_id: int) -> None:
        """Remove a session and everything it recorded."""
        self.session(session_id)  # names the ids there are if it is not one
        with self._writing():
            for table in ("samples", "cues", "events", "journal"):
                self._db.execute(f"DELETE FROM {table} WHERE session_id = ?", (session_id,))
            self._db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))

    # -- reading -------------------------------------------------------------------------

    def sessions(self) -> list[SessionInfo]:
        """Every session, oldest first; a running one whose process is gone is interrupted."""
        return self._sessions("ORDER BY s.id", ())

    def _sessions(self, where: str, args: tuple[object, ...]) -> list[SessionInfo]:
        query = (
            "SELECT s.id, started_at, plan, mode, pid, status, summary, habitual_spm, "
            "j.session_id, j.effort, j.footstrike, j.comfort, j.notes "
            f"FROM sessions s LEFT JOIN journal j ON j.session_id = s.id {where}"
        )
        out = []
        for row in self._db.execute(query, args).fetchall():
            info = self._info(row)
            if info is None:
                self.skipped += 1
            else:
                out.append(info)
        return out

    def _info(self, row: tuple[object, ...]) -> SessionInfo | None:
        sid, started, plan, mode, pid, status, summary, habitual, *journal = row
        try:
            if not (isinstance(sid, int) and isinstance(started, str) and isinstance(plan, str)):
                raise TypeError("an id, a start and a plan are needed")
            datetime.fromisoformat(started)
            state = SessionStatus(status)
            if state is SessionStatus.RUNNING and not _alive(pid):
                state = SessionStatus.INTERRUPTED
            parsed = self._summary(sid, summary)
            if parsed is None and state is SessionStatus.INTERRUPTED:
                parsed = self._recorded(sid)
            return SessionInfo(
                sid,
                started,
                plan,
                SessionKind(mode),
                state,
                parsed,
                _journal(journal),
                habitual if isinstance(habitual, float) else None,
            )
        except (ValueError, TypeError, KeyError, IndexError) as err:
            log.warning("session row %r skipped: %s", sid, err)
            return None

    def _summary(self, session_id: int, stored: object) -> Summary | None:
        """The stored summary; one that cannot be read is worked out again from the rows."""
        if not stored:
            return None
        try:
            data = json.loads(str(stored))
            if not isinstance(data, dict):
                raise TypeError("not an object")
            return Summary.from_json(data)
        except (ValueError, TypeError, KeyError, IndexError) as err:
            self.skipped += 1
            log.warning("the summary of session %d could not be read (%s): worked out again",
                        session_id, err)  # fmt: skip
            return self._recorded(session_id)

    def _recorded(self, session_id: int) -> Summary:
        """The figures of a session killed before it could sum itself up."""
        rec = Recorder(
            self.samples(session_id), self.cues(session_id), self.events(session_id), True
        )
        return rec.summary()

    def session(self, session_id: int) -> SessionInfo:
        """One session by id; :class:`StoreError` names the ids there are."""
        for s in self._sessions("WHERE s.id = ?", (session_id,)):
            return s
        low, high = self._db.execute("SELECT min(id), max(id) FROM sessions").fetchone()
        known = f"sessions are {low}-{high}" if low is not None else "no sessions are stored"
        raise StoreError(f"no session {session_id}; {known} (`cadence-coach history --all`)")

    def samples(self, session_id: int) -> list[Row]:
        query = f"SELECT {', '.join(NAMES)} FROM samples WHERE session_id = ? ORDER BY t"
        return self._read(query, session_id, from_stored)

    def cues(self, session_id: int) -> list[CueRecord]:
        query = "SELECT t, id, text FROM cues WHERE session_id = ? ORDER BY t"
        return self._read(query, session_id, _cue)

    def events(self, session_id: int) -> list[Event]:
        query = "SELECT t, event, detail FROM events WHERE session_id = ? ORDER BY t"
        return self._read(query, session_id, _event)

    def _read(self, query: str, session_id: int, make: Callable[[Sequence[object]], T]) -> list[T]:
        """Rows made into records; one that cannot be is skipped and counted."""
        out = []
        for values in self._db.execute(query, (session_id,)).fetchall():
            try:
                out.append(make(values))
            except (ValueError, TypeError, KeyError) as err:
                self.skipped += 1
                log.warning("a stored row of session %d skipped: %s", session_id, err)
        return out


def _number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{value!r} is not a number")
    return float(value)


def _cue(values: Sequence[object]) -> CueRecord:
    t, key, text = values
    return CueRecord(_number(t), str(key), str(text))


def _event(values: Sequence[object]) -> Event:
    t, kind, detail = values
    return Event(_number(t), EventKind(kind), "" if detail is None else str(detail))


def _journal(columns: list[object]) -> Journal | None:
    """The journal's row, read defensively (a value of the wrong type reads as none)."""
    sid, effort, footstrike, comfort, notes = columns
    if sid is None:
        return None
    return Journal(
        effort if isinstance(effort, int) and 1 <= effort <= 10 else None,
        footstrike if footstrike in FOOT_STRIKES else "",
        comfort if isinstance(comfort, str) else "",
        notes if isinstance(notes, str) else "",
    )


def _alive(pid: object) -> bool:
    if not isinstance(pid, int):
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
