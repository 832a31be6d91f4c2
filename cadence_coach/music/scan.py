"""``music add``: a folder scanned, each new or changed track read, tagged and analysed (in
this process, before any audio plays), and stored in the library; the rest from the
library's cache."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cadence_coach.errors import BadValue
from cadence_coach.music import EXTENSIONS, UnusableTrack
from cadence_coach.music.library import Library, Stamp, Track


@dataclass(frozen=True, slots=True)
class Scanned:
    """One file's outcome: its track, and whether it was analysed now or known."""

    track: Track
    analysed: bool


def music_files(folder: Path) -> list[Path]:
    """The audio files under ``folder`` (by extension), sorted; raises ``BadValue`` for a
    folder that is not there."""
    if not folder.is_dir():
        raise BadValue(f"{folder} is not a folder")
    return sorted(
        p.absolute()
        for p in folder.rglob("*")
        if p.suffix.lower() in EXTENSIONS and p.is_file() and not p.name.startswith(".")
    )


def scan(library: Library, files: Iterable[Path]) -> Iterator[Scanned]:
    """Each file's track: from the library when unchanged, else analysed now and stored.
    A file that cannot be used is stored with its reason, so it is not tried again until
    it changes."""
    for path in files:
        try:
            stamp = Stamp.of(path)
        except OSError as err:
            yield Scanned(_unstored(path, f"cannot be read ({err.strerror})"), False)
            continue
        known = library.known(path, stamp)
        if known is not None and (known.analysis is not None or known.problem is not None):
            yield Scanned(known, False)
            continue
        yield Scanned(_analyse(library, path, stamp), True)


def _analyse(library: Library, path: Path, stamp: Stamp) -> Track:
    from cadence_coach.music.analysis import NoSteadyBeat, analyse
    from cadence_coach.music.decode import read_mono
    from cadence_coach.music.tags import read_tags

    tags = read_tags(path)
    try:
        analysis = analyse(*read_mono(path))  # no name kept: analyse frees the full rate
    except (UnusableTrack, NoSteadyBeat) as err:
        reason = err.reason if isinstance(err, UnusableTrack) else str(err)
        return library.put(path, stamp, tags.title, tags.artist, None, reason)
    return library.put(path, stamp, tags.title, tags.artist, analysis, None)


def _unstored(path: Path, reason: str) -> Track:
    return Track(0, path, path.stem, "", None, reason)
