"""The tests' music: real excerpts cut once per test run, and one library analysed once."""

from __future__ import annotations

from collections.abc import Iterator
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
    return tmp_path_factory.mktemp("music-db") / "sessions.sqlite3"


@pytest.fixture(scope="session")
def tracks(music_root: Path, music_db: Path) -> Iterator[dict[str, Track]]:
    """Every excerpt analysed once, by file name."""
    library = Library.open(music_db)
    try:
        found = [s.track for s in scan(library, music_files(music_root))]
        yield {t.path.name: t for t in found}
    finally:
        library.close()
