"""The music library: each track's tags and analysis, kept in the session database's
``music_tracks`` table (history/schema.py), known by path, size and modification time, so
a track is analysed once and again only when its file changes."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cadence_coach.history.schema import SCHEMA, open_database
from cadence_coach.music.analysis import Analysis


@dataclass(frozen=True, slots=True)
class Track:
    """A file in the library, playable on the beat (``analysis``) or not (``problem``)."""

    id: int
    path: Path
    title: str
    artist: str
    analysis: Analysis | None
    problem: str | None


@dataclass(frozen=True, slots=True)
class Stamp:
    """What says a file is unchanged since it was analysed."""

    size: int
    mtime_ns: int

    @classmethod
    def of(cls, path: Path) -> Stamp:
        st = path.stat()
        return cls(st.st_size, st.st_mtime_ns)


class Library:
    """The ``music_tracks`` table of a session database."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    @classmethod
    def open(cls, path: Path | None) -> Library:
        """The library in the database at ``path`` (``None``: one in memory that keeps
        nothing, for ``--no-history``). Raises ``StoreError``."""
        if path is None:
            db = sqlite3.connect(":memory:", check_same_thread=False)
            db.executescript(SCHEMA)
            return cls(db)
        return cls(open_database(path))

    def close(self) -> None:
        self._db.close()

    def known(self, path: Path, stamp: Stamp) -> Track | None:
        """The stored track at ``path`` if its file has not changed since."""
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM music_tracks WHERE path = ? AND size = ? AND mtime_ns = ?",
            (str(path), stamp.size, stamp.mtime_ns),
        ).fetchone()
        return None if row is None else _track(row)

    def put(
        self,
        path: Path,
        stamp: Stamp,
        title: str,
        artist: str,
        analysis: Analysis | None,
        problem: str | None,
    ) -> Track:
        """Store (or replace) what is known of ``path``."""
        with self._db:
            self._db.execute(
                "INSERT INTO music_tracks (path, size, mtime_ns, title, artist, analysis, "
                "problem, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(path) DO UPDATE "
                "SET size = excluded.size, mtime_ns = excluded.mtime_ns, title = excluded.title, "
                "artist = excluded.artist, analysis = excluded.analysis, "
                "problem = excluded.problem, added_at = excluded.added_at",
                (
                    str(path),
                    stamp.size,
                    stamp.mtime_ns,
                    title,
                    artist,
                    None if analysis is None else to_json(analysis),
                    problem,
                    datetime.now().isoformat(timespec="seconds"),
                ),
            )
        found = self.known(path, stamp)
        assert found is not None
        return found

    def tracks(self, under: Path | None = None) -> list[Track]:
        """Every track (or those in folder ``under``), by path."""
        rows = self._db.execute(f"SELECT {_COLUMNS} FROM music_tracks ORDER BY path")
        found = [_track(row) for row in rows]
        if under is None:
            return found
        return [t for t in found if t.path.is_relative_to(under)]

    def remove(self, what: str) -> list[Track]:
        """Forget the tracks ``what`` names: an id, a file, or a folder (all in it)."""
        chosen = list(self._named(what))
        with self._db:
            self._db.executemany("DELETE FROM music_tracks WHERE id = ?", [(t.id,) for t in chosen])
        return chosen

    def forget_missing(self, folder: Path, present: list[Path]) -> list[Track]:
        """Forget the tracks kept under ``folder`` whose files are no longer there."""
        keep = set(present)
        gone = [t for t in self.tracks(folder) if t.path not in keep and not t.path.exists()]
        with self._db:
            self._db.executemany("DELETE FROM music_tracks WHERE id = ?", [(t.id,) for t in gone])
        return gone

    def setting(self, key: str) -> str | None:
        """A choice kept in the database's settings table (``music use``)."""
        row = self._db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        with self._db:
            self._db.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, value))

    def forget_setting(self, key: str) -> None:
        with self._db:
            self._db.execute("DELETE FROM settings WHERE key = ?", (key,))

    def _named(self, what: str) -> Iterator[Track]:
        everything = self.tracks()
        if what.isdigit():
            yield from (t for t in everything if t.id == int(what))
            return
        where = Path(what).expanduser().absolute()
        yield from (t for t in everything if t.path == where or t.path.is_relative_to(where))


_COLUMNS = "id, path, title, artist, analysis, problem"


def _track(row: tuple[object, ...]) -> Track:
    id_, path, title, artist, analysis, problem = row
    return Track(
        int(str(id_)),
        Path(str(path)),
        str(title),
        str(artist),
        None if analysis is None else from_json(str(analysis)),
        None if problem is None else str(problem),
    )


ANALYSIS_VERSION = 1
"""Bumped when the analysis changes: a track analysed by another version is analysed again."""


def to_json(analysis: Analysis) -> str:
    return json.dumps(
        {
            "version": ANALYSIS_VERSION,
            "tempo_bpm": analysis.tempo_bpm,
            "beats_s": [round(t, 5) for t in analysis.beats_s],
            "confidence": analysis.confidence,
            "loudness_lufs": analysis.loudness_lufs,
            "duration_s": analysis.duration_s,
        }
    )


def from_json(text: str) -> Analysis | None:
    """The stored analysis; ``None`` for one this version cannot read (it is redone)."""
    try:
        raw = json.loads(text)
        if raw.get("version") != ANALYSIS_VERSION:
            return None
        return Analysis(
            float(raw["tempo_bpm"]),
            tuple(float(t) for t in raw["beats_s"]),
            float(raw["confidence"]),
            float(raw["loudness_lufs"]),
            float(raw["duration_s"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
