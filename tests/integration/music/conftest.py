"""The tests' music: real excerpts cut once per test run, and one library analysed once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cadence_coach.music.library import Library, Track
from cadence_coach.music.scan import music_files, scan
from tests.support.music import make_folder


@pytest.fixture(scope="session")
def music_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("music")
    make_folder(root / "running", ["frontiers.flac", "blupi007.flac"])
    make_folder(root / "walking", ["machine_wars.m4a"])
    junk = root / "junk"
    junk.mkdir()
    (junk / "notes.mp3").write_text("a shopping list, not a song\n")
    (junk / "truncated.flac").write_bytes((root / "running" / "frontiers.flac").read_bytes()[:2000])
    import numpy as np
    import soundfile as sf

    sf.write(str(junk / "silence.wav"), np.zeros(48_000 * 40, dtype=np.float32), 48_000)
    return root


@pytest.fixture(scope="session")
def music_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session database the excerpts are analysed into, where ``XDG_DATA_HOME``
    ``music_db.parents[1]`` puts it."""
    return tmp_path_factory.mktemp("music-data") / "cadence-coach" / "sessions.sqlite3"


@pytest.fixture(scope="session")
def tracks(music_root: Path, music_db: Path) -> dict[str, Track]:
    """Every excerpt analysed once, by file name."""
    library = Library.open(music_db)
    try:
        found = [s.track for s in scan(library, music_files(music_root))]
    finally:
        library.close()
    return {t.path.name: t for t in found}


@pytest.fixture
def data_home(
    tracks: dict[str, Track], music_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A data directory of this test's own, whose database already knows the excerpts."""
    home = tmp_path / "data"
    (home / "cadence-coach").mkdir(parents=True)
    shutil.copy(music_db, home / "cadence-coach" / "sessions.sqlite3")
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home
