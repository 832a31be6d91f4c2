"""The library's table: tracks known by path, size and modification time; removal; an
earlier database brought up to version 3 with its sessions kept."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from cadence_coach.history.schema import VERSION, open_database
from cadence_coach.history.store import Store
from cadence_coach.music.analysis import Analysis
from cadence_coach.music.library import Library, Stamp

ANALYSIS = Analysis(161.5, (0.5, 0.87, 1.24), 0.9, -15.2, 200.0)


def test_a_track_is_known_until_its_file_changes(tmp_path: Path) -> None:
    song = tmp_path / "song.flac"
    song.write_bytes(b"x" * 100)
    library = Library.open(tmp_path / "db.sqlite3")
    stored = library.put(song, Stamp.of(song), "Song", "Band", ANALYSIS, None)
    assert library.known(song, Stamp.of(song)) == stored
    assert stored.analysis == ANALYSIS
    os.utime(song, ns=(1, 1))
    assert library.known(song, Stamp.of(song)) is None


def test_removal_by_id_file_or_folder(tmp_path: Path) -> None:
    library = Library.open(None)
    for name in ("a/1.mp3", "a/2.mp3", "b/3.mp3"):
        library.put(tmp_path / name, Stamp(1, 1), name, "", None, "no beat found")
    first = library.tracks()[0]
    assert [t.id for t in library.remove(str(first.id))] == [first.id]
    assert [t.path.name for t in library.remove(str(tmp_path / "a"))] == ["2.mp3"]
    assert [t.path.name for t in library.tracks()] == ["3.mp3"]
    assert library.remove("nothing-here") == []


def test_a_version_2_database_gains_the_music_table_and_keeps_its_sessions(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sessions.sqlite3"
    with Store(path) as store:
        store.settings.start_programme("couch-to-cadence", __import__("datetime").date(2026, 1, 5))
    db = sqlite3.connect(path)
    db.execute("DROP TABLE music_tracks")
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()
    reopened = open_database(path)
    assert reopened.execute("PRAGMA user_version").fetchone()[0] == VERSION == 3
    tables = {r[0] for r in reopened.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "music_tracks" in tables
    reopened.close()
    with Store(path) as store:
        assert store.settings.programme() is not None


def test_a_stored_analysis_this_version_cannot_read_is_redone(tmp_path: Path) -> None:
    library = Library.open(tmp_path / "db.sqlite3")
    song = tmp_path / "s.mp3"
    song.write_bytes(b"x")
    library.put(song, Stamp.of(song), "S", "", ANALYSIS, None)
    db = sqlite3.connect(tmp_path / "db.sqlite3")
    db.execute("UPDATE music_tracks SET analysis = '{\"tempo\": 1}'")
    db.commit()
    known = library.known(song, Stamp.of(song))
    assert known is not None
    assert known.analysis is None
    assert known.problem is None
